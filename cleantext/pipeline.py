"""The pipeline: an ordered list of filters applied to one document at a time."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cleantext import filters as _filters
from cleantext.document import Block, Document, Removal
from cleantext.filters.base import kind_of
from cleantext.presets import PRESETS, Preset, preset_of


@dataclass(frozen=True)
class Result:
    """The outcome of :meth:`Pipeline.run`.

    ``text`` is the clean body; ``removed`` lists every removal in text order with offsets
    into ``source`` (the text after the text filters, i.e. normalised input); ``kept`` are
    the blocks that make up ``text`` (a :class:`~cleantext.document.Blocks` view: each
    :class:`~cleantext.document.Block` is made when read); ``metadata`` holds what filters found on the way
    (``title``: the headline removed from the head of the page).
    """

    text: str
    removed: list[Removal]
    kept: Sequence[Block]
    metadata: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def of(cls, doc: Document) -> Result:
        """The result held by a document the pipeline has run on (:meth:`Pipeline.document`)."""
        return cls(doc.render(), doc.removals(), doc.kept(), doc.metadata, doc.text)


class Pipeline:
    """Filters applied in order: text filters, then inline filters, then block filters.

    A pipeline is immutable: :meth:`without`, :meth:`with_` and :meth:`replace` return new
    pipelines. It pickles, so it can be shipped to worker processes.

    >>> pipe = Pipeline.default()
    >>> pipe.clean("Latest News\\n\\nThe vote passed on Monday after a long debate.\\n\\nAdvertisement\\n")
    'The vote passed on Monday after a long debate.\\n'
    >>> pipe.without("edges").names
    ('normalize', 'ad_artifacts', 'ads', 'chrome', 'captions', 'content')
    """

    __slots__ = ("_asked", "_block", "_filters", "_inline", "_text")

    def __init__(self, filters: Iterable[Any] = (), *, preset: Preset = "balanced") -> None:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; use one of {', '.join(PRESETS)}")
        setattr_ = object.__setattr__
        setattr_(self, "_filters", tuple(filters))
        setattr_(self, "_asked", preset)
        seen: set[str] = set()
        for f in self._filters:
            kind_of(f)
            if not getattr(f, "name", ""):
                raise ValueError(f"filter {f!r} has no name")
            if f.name in seen:
                raise ValueError(f"two filters named {f.name!r} in one pipeline; names must be unique")
            seen.add(f.name)
        setattr_(self, "_text", tuple(f for f in self._filters if kind_of(f) == "text"))
        setattr_(self, "_inline", tuple(f for f in self._filters if kind_of(f) == "inline"))
        setattr_(self, "_block", tuple(f for f in self._filters if kind_of(f) == "block"))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Pipeline is immutable: use without(), with_() or replace(), not setting {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Pipeline is immutable: cannot delete {name!r}")

    # -- construction ------------------------------------------------------------------
    @classmethod
    def default(cls, preset: Preset = "balanced") -> Pipeline:
        """The default pipeline for ``preset`` (``precision``, ``balanced`` or ``recall``)."""
        return cls([_filters.create(n, preset) for n in _filters.DEFAULT_ORDER], preset=preset)

    @classmethod
    def from_names(cls, names: Iterable[str], preset: Preset = "balanced") -> Pipeline:
        """A pipeline of registered filters, by name, in the given order."""
        return cls([_filters.create(n, preset) for n in names], preset=preset)

    @property
    def preset(self) -> str:
        """The preset this pipeline's filters run with (:func:`cleantext.presets.preset_of`):
        the one it was built with, or ``custom`` once a filter's thresholds differ from it."""
        return preset_of(self._filters, self._asked)

    @property
    def filters(self) -> tuple[Any, ...]:
        """The filters, in the order given."""
        return self._filters

    @property
    def names(self) -> tuple[str, ...]:
        """Filter names, in the order given."""
        return tuple(f.name for f in self._filters)

    def __getitem__(self, name: str) -> Any:
        for f in self._filters:
            if f.name == name:
                return f
        raise KeyError(f"no filter named {name!r} in this pipeline; it has: {', '.join(self.names)}")

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[Any]:
        return iter(self._filters)

    def __len__(self) -> int:
        return len(self._filters)

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r}, preset={self.preset!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self._filters == other._filters

    def __hash__(self) -> int:
        return hash(self._filters)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._filters, self._asked))

    # -- composition -------------------------------------------------------------------
    def without(self, *names: str) -> Pipeline:
        """This pipeline minus the named filters."""
        for n in names:
            self[n]
        return Pipeline([f for f in self._filters if f.name not in names], preset=self._asked)

    def only(self, *names: str) -> Pipeline:
        """This pipeline keeping only the named filters (in pipeline order)."""
        for n in names:
            self[n]
        return Pipeline([f for f in self._filters if f.name in names], preset=self._asked)

    def with_(self, *new: Any, before: str | None = None, after: str | None = None) -> Pipeline:
        """This pipeline plus ``new`` filters (or registered names): at the end, or
        ``before``/``after`` the named filter."""
        made = [_filters.create(f, self._asked) if isinstance(f, str) else f for f in new]
        items = list(self._filters)
        if before is not None and after is not None:
            raise ValueError("give `before` or `after`, not both")
        if before is not None:
            at = self.names.index(self[before].name)
        elif after is not None:
            at = self.names.index(self[after].name) + 1
        else:
            at = len(items)
        items[at:at] = made
        return Pipeline(items, preset=self._asked)

    add = with_

    def replace(self, name: str, new: Any) -> Pipeline:
        """This pipeline with the filter ``name`` swapped for ``new``."""
        self[name]
        return Pipeline([new if f.name == name else f for f in self._filters], preset=self._asked)

    # -- running -----------------------------------------------------------------------
    def clean(self, text: str) -> str:
        """The clean body text of ``text`` (a ``str``; anything else is a :class:`TypeError`)."""
        check_text(text, "Pipeline.clean()")
        return self._apply(text, explain=False).render()

    def clean_batch(self, texts: Sequence[str]) -> list[str]:
        """:meth:`clean` over a list (for ``datasets.map(batched=True)`` and the like).

        A bare string is refused (it would be cleaned character by character), and so is
        an item that is not a string (``None``, NaN), naming its position:

        >>> Pipeline.default().clean_batch("one page")
        Traceback (most recent call last):
        TypeError: Pipeline.clean_batch() takes a list of strings, not a str; use Pipeline.clean() for one text
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError(
                f"Pipeline.clean_batch() takes a list of strings, not a {type(texts).__name__}; "
                "use Pipeline.clean() for one text"
            )
        out = []
        for i, t in enumerate(texts):
            check_text(t, f"Pipeline.clean_batch() item {i}")
            out.append(self._apply(t, explain=False).render())
        return out

    def run(self, text: str) -> Result:
        """The clean body plus every removal with its filter, rule, reason and offsets."""
        check_text(text, "Pipeline.run()")
        return Result.of(self._apply(text, explain=True))

    def document(self, text: str, *, explain: bool = False) -> Document:
        """The :class:`~cleantext.document.Document` of ``text`` after every filter: its
        blocks, which of them were removed and by which rule (what :meth:`run` renders)."""
        return self._apply(text, explain=explain)

    def profile(self, texts: Iterable[str]) -> dict[str, float]:
        """Seconds spent in each stage (each filter, ``split``, ``inline``, ``index``,
        ``render``) over ``texts``. ``index`` is building the shared line index and all its
        per-line measures (words, first words, sentence ends, the words gates test), which a plain
        run computes in whichever filter first needs each."""
        spent: dict[str, float] = {}
        for text in texts:
            doc = self._apply(text, explain=False, timings=spent)
            start = time.perf_counter()
            doc.render()
            spent["render"] = spent.get("render", 0.0) + time.perf_counter() - start
        return spent

    def _apply(self, text: str, *, explain: bool, timings: dict[str, float] | None = None) -> Document:
        clock = _Clock(timings)
        for f in self._text:
            text = f.format(text)
            clock.tick(f.name)
        doc = Document.from_text(text, explain=explain)
        clock.tick("split")
        inline = [f for f in self._inline if getattr(f, "may_cut", None) is None or f.may_cut(text)]
        if inline:
            for i in range(len(doc.lines)):
                spans = [(c[0], c[1], f.name, c[2], c[3]) for f in inline for c in f.spans(doc.lines[i])]
                if spans:
                    doc.cut(i, spans)
                    if self._text and not doc.is_dropped(i):
                        self._refit(doc, i)
        if self._inline:
            clock.tick("inline")
        if timings is not None and self._block:
            doc.index.measure_all()
            clock.tick("index")
        for f in self._block:
            doc.drop_all(f.scan(doc), f.name)
            clock.tick(f.name)
        return doc

    def _refit(self, doc: Document, i: int) -> None:
        """Apply the text filters to line ``i``, which an inline cut changed: the cut may
        join two halves into something they would change (mojibake split by a placeholder)."""
        line = doc.lines[i]
        for f in self._text:
            line = f.format(line)
        line = line.strip("\n")
        if line != doc.lines[i] and "\n" not in line:
            doc.set_text(i, line)


def check_text(text: object, where: str) -> None:
    """Raise a :class:`TypeError` naming ``where`` unless ``text`` is a ``str``.

    ``None`` and NaN (what pandas puts in an empty cell) get a hint on filling them in.

    >>> check_text(float("nan"), "cleantext.clean()")
    Traceback (most recent call last):
    TypeError: cleantext.clean() needs a str, got NaN (a missing value); fill missing values first, ...
    """
    if isinstance(text, str):
        return
    if text is None:
        got = "None"
    elif isinstance(text, float) and text != text:
        got = "NaN (a missing value)"
    else:
        got = f"a {type(text).__name__}"
    hint = (
        'fill missing values first, e.g. df["text"].fillna("")'
        if text is None or got.startswith("NaN")
        else "decode bytes first (text.decode('utf-8'))"
        if isinstance(text, (bytes, bytearray))
        else "pass the text as a str"
    )
    raise TypeError(f"{where} needs a str, got {got}; {hint}")


class _Clock:
    """Adds the time since the last tick to ``timings[key]``; does nothing without timings."""

    __slots__ = ("last", "timings")

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter() if timings is not None else 0.0

    def tick(self, key: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[key] = self.timings.get(key, 0.0) + now - self.last
            self.last = now


def _rebuild(filters: tuple[Any, ...], preset: Preset) -> Pipeline:
    return Pipeline(filters, preset=preset)
