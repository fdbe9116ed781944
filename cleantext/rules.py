"""Rule files: TOML that adds phrases and patterns to filters, defines new phrase
filters, and turns filters on and off.

.. code-block:: toml

    disable = ["captions"]          # filters to leave out
    enable = []                     # registered filters to add (at the end)

    [chrome]                        # extend a built-in block filter
    phrases = ["Weiterlesen im Abo"]  # whole lines, case-insensitive, decoration allowed
    patterns = ['Episode \\d+ of \\d+']  # regexes that must match the whole line

    [chrome.config]                 # thresholds, over the preset's
    max_stamp_words = 12

    [[filter]]                      # a new filter
    name = "mysite"
    description = "Chrome of mysite.example"
    phrases = ["Listen to this story"]
    patterns = ['^Ref\\. \\d+$']
    cut = []                        # regexes cut out of a line (an inline filter instead)

User patterns run with a time limit (``regex`` timeouts); one that trips raises
:class:`~cleantext.errors.RuleTimeoutError` naming the rule.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

import regex

from cleantext import filters as _filters
from cleantext.document import Document
from cleantext.errors import RuleFileError, RuleTimeoutError
from cleantext.filters._compile import DECOR
from cleantext.filters.base import Cut, Drop, kind_of
from cleantext.lazy import lazy
from cleantext.pipeline import Pipeline

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PATTERN_TIMEOUT = 0.5
"""Seconds a user pattern may spend on one line."""
MAX_RULE_FILE_BYTES = 4 << 20
"""The largest rule file read (4 MiB): ``--rules /dev/zero`` is refused, not read until memory runs out."""

MAX_KEY_PARTS = 64
"""The most parts a dotted key (``a.b.c = 1``) may have: the TOML parser needs time and memory
that grow with the square of it (100,000 parts would take tens of gigabytes)."""
_LONG_KEY = lazy(regex.compile)(
    r"""^[ \t]*\[{0,2}[ \t]*(?:(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*\.[ \t]*)"""
    + f"{{{MAX_KEY_PARTS}}}",
    regex.MULTILINE,
)

_TOP_KEYS = {"disable", "enable", "filter"}
_FILTER_KEYS = {"name", "description", "phrases", "patterns", "cut", "reason"}
_EXTEND_KEYS = {"phrases", "patterns", "config"}


@dataclass(frozen=True)
class PhraseRules:
    """Compiled user phrases and whole-line patterns, attributed to ``source``."""

    source: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    _compiled: tuple[tuple[str, regex.Pattern[str]], ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def build(cls, source: str, phrases: list[str], patterns: list[str]) -> PhraseRules:
        compiled: list[tuple[str, regex.Pattern[str]]] = []
        for i, p in enumerate(phrases):
            if not p.strip():
                # An empty phrase would match every line made only of decoration ("***", "-").
                raise RuleFileError(f"{source}: phrases[{i}] is empty; remove it")
        if phrases:
            alt = "|".join(regex.escape(p.strip()) for p in sorted(phrases, key=len, reverse=True))
            compiled.append(("phrases", regex.compile(rf"{DECOR}(?:{alt}){DECOR}", regex.IGNORECASE | regex.V1)))
        for i, p in enumerate(patterns):
            try:
                compiled.append((f"patterns[{i}] {p!r}", regex.compile(p, regex.V1)))
            except regex.error as exc:
                raise RuleFileError(
                    f"{source}: patterns[{i}] {p!r} is not a valid regex ({exc}); fix or remove it"
                ) from None
        return cls(source, tuple(phrases), tuple(patterns), tuple(compiled))

    def match(self, text: str) -> str | None:
        """The label of the first rule matching the whole line, or None."""
        for label, pat in self._compiled:
            try:
                hit = pat.fullmatch(text, timeout=PATTERN_TIMEOUT)
            except TimeoutError:
                raise RuleTimeoutError(
                    f"{self.source}: {label} took over {PATTERN_TIMEOUT}s on a {len(text)}-character line; "
                    "simplify the pattern (avoid nested repeats such as (a+)+)"
                ) from None
            if hit:
                return label
        return None


@dataclass(frozen=True)
class ExtendedFilter:
    """A block filter plus user phrase rules, reported under the same filter name."""

    base: Any
    rules: PhraseRules

    @property
    def name(self) -> str:
        return self.base.name

    @property
    def description(self) -> str:
        return self.base.description + " (+ rule file)"

    @property
    def config(self) -> Any:
        """The thresholds of the wrapped filter (``None`` if it has none)."""
        return getattr(self.base, "config", None)

    def scan(self, doc: Document) -> Iterator[Drop]:
        yield from self.base.scan(doc)
        lines, match = doc.lines, self.rules.match
        for i, d in enumerate(doc.dropped):  # read as it goes: a line dropped above is skipped
            if d is None and (label := match(lines[i])) is not None:
                yield Drop(i, f"{self.name}.user", f"rule file {self.rules.source}: {label}")


@dataclass(frozen=True)
class PhraseFilter:
    """A user-defined block filter: drop lines matching phrases or whole-line patterns."""

    name: str
    description: str
    rules: PhraseRules
    reason: str = "matched a user rule"

    def scan(self, doc: Document) -> Iterator[Drop]:
        lines, match = doc.lines, self.rules.match
        for i, d in enumerate(doc.dropped):
            if d is None and (label := match(lines[i])) is not None:
                yield Drop(i, f"{self.name}.{label.split(' ')[0]}", self.reason)


@dataclass(frozen=True)
class CutFilter:
    """A user-defined inline filter: cut spans matching patterns out of lines."""

    name: str
    description: str
    source: str
    patterns: tuple[tuple[str, regex.Pattern[str]], ...] = field(compare=False)
    reason: str = "matched a user rule"
    _labels: tuple[str, ...] = field(init=False, repr=False)  # what is compared: labels name each pattern

    def __post_init__(self) -> None:
        # Compiled patterns do not compare equal once pickled (as for --jobs): their labels,
        # which quote the pattern, do.
        object.__setattr__(self, "_labels", tuple(label for label, _ in self.patterns))

    def spans(self, line: str) -> Iterator[Cut]:
        for label, pat in self.patterns:
            try:
                found = list(pat.finditer(line, timeout=PATTERN_TIMEOUT))
            except TimeoutError:
                raise RuleTimeoutError(
                    f"{self.source}: {label} took over {PATTERN_TIMEOUT}s on a {len(line)}-character line; "
                    "simplify the pattern (avoid nested repeats such as (a+)+)"
                ) from None
            for m in found:
                if m.end() > m.start():
                    yield Cut(m.start(), m.end(), f"{self.name}.cut", self.reason)


def strings(value: Any, where: str) -> list[str]:
    """``value``, a list of strings read from a rule file at ``where``."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleFileError(f'{where} must be a list of strings, e.g. ["Read more"]')
    return value


def load(path: str | Path) -> dict[str, Any]:
    """Parse a rule file into a plain dict, with errors that name the file."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_RULE_FILE_BYTES + 1)
        if len(raw) > MAX_RULE_FILE_BYTES:
            raise RuleFileError(
                f"{path}: rule file too large (over {MAX_RULE_FILE_BYTES // (1 << 20)} MiB); "
                "split it into several --rules files, or check the path"
            )
        text = raw.decode("utf-8")
        long_key = _LONG_KEY.search(text)
        if long_key is not None:
            raise RuleFileError(
                f"{path}: rule file too deeply nested (a dotted key of over {MAX_KEY_PARTS} parts at line "
                f"{text.count(chr(10), 0, long_key.start()) + 1}); a rule file needs only a few levels"
            )
        data = tomllib.loads(text)
    except (RecursionError, MemoryError):
        raise RuleFileError(
            f"{path}: rule file too deeply nested (arrays or tables inside one another); "
            "a rule file needs only a few levels"
        ) from None
    except FileNotFoundError:
        raise RuleFileError(f"{path}: no such rule file; check the --rules path") from None
    except IsADirectoryError:
        raise RuleFileError(f"{path}: is a directory, not a rule file; check the --rules path") from None
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read the rule file: {exc.strerror}; check its permissions") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{path}: not valid TOML: {exc}; fix the syntax at that line") from None
    except UnicodeDecodeError:
        raise RuleFileError(f"{path}: not UTF-8; save the rule file as UTF-8") from None
    return data


def apply(pipeline: Pipeline, path: str | Path) -> Pipeline:
    """``pipeline`` changed as the rule file at ``path`` says."""
    data = load(path)
    src = str(path)
    known = set(_filters.REGISTRY) | set(pipeline.names)
    new_filters: list[Any] = []
    specs = data.get("filter", [])
    if not isinstance(specs, list):
        raise RuleFileError(f"{src}: write each new filter as a [[filter]] table (double brackets), not [filter]")
    for i, spec in enumerate(specs):
        where = f"{src}: [[filter]] #{i + 1}"
        made = _user_filter(spec, where)
        if made.name in pipeline.names or made.name in {f.name for f in new_filters}:
            raise RuleFileError(
                f"{where}: a filter named {made.name!r} is already defined (in this file or an earlier rule file); "
                "give each [[filter]] its own name"
            )
        new_filters.append(made)
    known |= {f.name for f in new_filters}
    for key, value in data.items():
        if key in _TOP_KEYS:
            continue
        if not isinstance(value, dict):
            raise RuleFileError(
                f"{src}: unknown key {key!r}; top-level keys are disable, enable, [[filter]] "
                "and one [table] per filter to extend"
            )
        if key not in pipeline.names:
            hint = "it is not in this pipeline" if key in known else f"known filters: {', '.join(sorted(known))}"
            raise RuleFileError(f"{src}: [{key}] names no filter of the pipeline ({hint})")
        extra = set(value) - _EXTEND_KEYS
        if extra:
            raise RuleFileError(
                f"{src}: [{key}] has unknown key(s) {', '.join(sorted(extra))}; use phrases, patterns, config"
            )
        base = pipeline[key]
        if "config" in value:
            base = _with_config(base, value["config"], f"{src}: [{key}.config]")
        if value.keys() != {"config"}:
            if kind_of(base) != "block":
                article = "an" if kind_of(base) == "inline" else "a"
                raise RuleFileError(
                    f"{src}: [{key}] is {article} {kind_of(base)} filter; only block filters take phrases"
                )
            rules = PhraseRules.build(
                f"{src} [{key}]",
                strings(value.get("phrases", []), f"{src}: [{key}].phrases"),
                strings(value.get("patterns", []), f"{src}: [{key}].patterns"),
            )
            base = ExtendedFilter(base, rules)
        pipeline = pipeline.replace(key, base)
    if new_filters:
        pipeline = pipeline.with_(*new_filters)
    lists = {key: strings(data.get(key, []), f"{src}: {key}") for key in ("disable", "enable")}
    both = sorted(set(lists["disable"]) & set(lists["enable"]))
    if both:
        raise RuleFileError(f"{src}: {', '.join(both)} named in both disable and enable; keep one of them")
    for key, names in lists.items():
        for n in names:
            if n not in known:
                raise RuleFileError(
                    f"{src}: {key} names unknown filter {n!r}; known filters: {', '.join(sorted(known))}"
                )
            if key == "enable" and n not in pipeline and n not in _filters.REGISTRY:
                raise RuleFileError(
                    f"{src}: enable names {n!r}, a rule-file filter that is not in the pipeline; "
                    "define it with [[filter]] in this file instead"
                )
        if key == "disable":
            pipeline = pipeline.without(*[n for n in names if n in pipeline])
        else:
            pipeline = pipeline.with_(*[n for n in names if n not in pipeline])
    return pipeline


def _with_config(f: Any, table: Any, where: str) -> Any:
    """``f`` with the thresholds a ``[NAME.config]`` table sets over its own."""
    if isinstance(f, ExtendedFilter):  # extended by an earlier rule file: set the wrapped filter's
        return dataclasses.replace(f, base=_with_config(f.base, table, where))
    config = getattr(f, "config", None)
    if not (dataclasses.is_dataclass(f) and dataclasses.is_dataclass(config)):
        raise RuleFileError(f"{where}: the {f.name} filter has no thresholds to set; remove the table")
    kinds = get_type_hints(type(config))
    if not isinstance(table, dict):
        raise RuleFileError(f"{where} must be a table of thresholds, e.g. {next(iter(kinds))} = ...")
    for name, value in table.items():
        if name not in kinds:
            raise RuleFileError(f"{where}: unknown key {name!r}; {f.name} has {', '.join(kinds)}")
        wanted = _misfit(value, kinds[name])
        if wanted is not None:
            raise RuleFileError(f"{where}: {name} must be {wanted}, not {value!r}")
    return dataclasses.replace(f, config=dataclasses.replace(config, **table))


_KIND_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


def _misfit(value: Any, kind: Any) -> str | None:
    """What a TOML value for a config field of type ``kind`` must be, or None if it fits."""
    if get_origin(kind) is Literal:
        return None if value in get_args(kind) else "one of " + ", ".join(map(repr, get_args(kind)))
    kinds = [k for k in get_args(kind) or (kind,) if k is not type(None)]  # float | None: TOML has no None
    for k in kinds:
        if isinstance(value, (int, float) if k is float else k) and (k is bool or not isinstance(value, bool)):
            return None
    return " or ".join(_KIND_NAMES.get(k, str(k)) for k in kinds)


def _user_filter(spec: Any, where: str) -> Any:
    if not isinstance(spec, dict):
        raise RuleFileError(f"{where} must be a table with name, phrases and/or patterns")
    extra = set(spec) - _FILTER_KEYS
    if extra:
        raise RuleFileError(
            f"{where}: unknown key(s) {', '.join(sorted(extra))}; use {', '.join(sorted(_FILTER_KEYS))}"
        )
    name = spec.get("name")
    if not isinstance(name, str) or not regex.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise RuleFileError(f'{where}: name must be a lowercase identifier such as "mysite"')
    if name in _filters.REGISTRY:
        raise RuleFileError(f"{where}: name {name!r} is a built-in filter; extend it with a [{name}] table instead")
    desc = spec.get("description", f"user filter from {where.split(':')[0]}")
    reason = spec.get("reason", "matched a user rule")
    for key, val in (("description", desc), ("reason", reason)):
        if not isinstance(val, str):
            raise RuleFileError(f"{where}: {key} must be a string")
    phrases = strings(spec.get("phrases", []), f"{where}: phrases")
    patterns = strings(spec.get("patterns", []), f"{where}: patterns")
    cuts = strings(spec.get("cut", []), f"{where}: cut")
    if cuts and (phrases or patterns):
        raise RuleFileError(
            f"{where}: a filter either drops lines (phrases/patterns) or cuts spans (cut); "
            "split it into two [[filter]] tables"
        )
    if cuts:
        compiled = []
        for i, p in enumerate(cuts):
            try:
                compiled.append((f"cut[{i}] {p!r}", regex.compile(p, regex.V1)))
            except regex.error as exc:
                raise RuleFileError(f"{where}: cut[{i}] {p!r} is not a valid regex ({exc}); fix or remove it") from None
        return CutFilter(name, desc, f"{where}", tuple(compiled), reason)
    if not (phrases or patterns):
        raise RuleFileError(f"{where}: give phrases, patterns or cut")
    return PhraseFilter(name, desc, PhraseRules.build(f"{where} ({name})", phrases, patterns), reason)
