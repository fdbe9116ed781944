"""The document model: text split into line blocks that keep their character offsets.

A :class:`Document` is built from (normalised) text. Each non-blank line becomes a block:
an entry of the document's columns (its text, its offsets and the number of the paragraph
it belongs to; paragraphs are separated by blank lines), kept as one list and three arrays
so that a document of a million lines holds no object per line but its text. A :class:`Block` is one
block as a record, made when asked for. Filters never edit text directly: block
filters *drop* whole blocks and inline filters *cut* spans inside a block. The kept
blocks are joined back with the input's paragraph structure by :meth:`Document.render`.

>>> doc = Document.from_text("Title\\n\\nFirst line.\\nSecond line.\\n")
>>> [(b.index, b.para, b.text) for b in doc.blocks]
[(0, 0, 'Title'), (1, 1, 'First line.'), (2, 1, 'Second line.')]
>>> doc.drop(0, "edges", "edges.head", "short line before the body")
>>> doc.render()
'First line.\\nSecond line.\\n'
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_
from typing import Any, NamedTuple, overload

from cleantext.lines import LineIndex, int_array
from cleantext.textstats import WORD


@dataclass(slots=True)
class Block:
    """One non-blank line of the document, as a record of its own.

    ``start``/``end`` are offsets of the line in :attr:`Document.text`; ``text`` is the
    line's content (after inline cuts) when the block was asked for; ``para`` counts the
    blank-line-separated paragraphs from 0. A document keeps its lines as columns
    (:attr:`Document.lines`, :attr:`Document.starts`…) and makes a ``Block`` only when one is
    asked for (:meth:`Document.block`, :attr:`Document.blocks`, :meth:`Document.live`).
    """

    index: int
    start: int
    end: int
    text: str
    para: int
    _words: int = field(default=-1, repr=False, compare=False)

    @property
    def words(self) -> int:
        """Number of ``\\w+`` words in the line (computed once)."""
        if self._words < 0:
            self._words = len(WORD.findall(self.text))
        return self._words


class _Columns(NamedTuple):
    """The columns a :class:`Blocks` view reads: what :attr:`Pipeline.run`'s ``kept`` holds
    (not the whole document: not its line index)."""

    lines: list[str]
    starts: array[int]
    ends: array[int]
    paras: array[int]


class LiveLines(NamedTuple):
    """The live blocks of a document by position ``k`` among them (:meth:`Document.live_lines`)."""

    rows: Sequence[int]
    """Block index of the ``k``-th live block (what a ``Drop`` names)."""
    lines: Sequence[str]
    """Its current text."""
    paras: Sequence[int]
    """Its paragraph number."""


class Blocks(Sequence[Block]):
    """Blocks of a document made on demand from its columns: ``doc.blocks``, and
    ``Result.kept`` (the live blocks only). Each item asked for is a new :class:`Block`;
    a view compares equal to a list of the same blocks.
    """

    __slots__ = ("_of", "_rows")

    def __init__(self, of: Any, rows: Sequence[int] | None = None) -> None:
        self._of = of  # a Document (read as it is now) or the _Columns of one
        self._rows = rows  # the block indices shown, in order; None for every block

    def __len__(self) -> int:
        return len(self._of.lines) if self._rows is None else len(self._rows)

    @overload
    def __getitem__(self, k: int) -> Block: ...
    @overload
    def __getitem__(self, k: slice) -> list[Block]: ...
    def __getitem__(self, k: int | slice) -> Block | list[Block]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        rows = range(len(self._of.lines)) if self._rows is None else self._rows
        i = rows[k]
        of = self._of
        return Block(i, of.starts[i], of.ends[i], of.lines[i], of.paras[i])

    def __iter__(self) -> Iterator[Block]:
        of = self._of
        lines, starts, ends, paras = of.lines, of.starts, of.ends, of.paras
        rows = range(len(lines)) if self._rows is None else self._rows
        for i in rows:
            yield Block(i, starts[i], ends[i], lines[i], paras[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Blocks, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


class Verdict(NamedTuple):
    """Why a block was removed: ``doc.dropped[i]`` of a removed block ``i``.

    ``filter`` is the filter's name, ``rule`` the rule id, ``reason`` the explanation and
    ``features`` the numbers that decided (or ``None``). Blocks removed by one filter under
    the same rule and reason, without features, share one verdict: a page of a million
    removed lines holds a few verdicts, not a million records. Their :class:`Removal`\\ s,
    with offsets and text, are made when asked for (:meth:`Document.removal`,
    :meth:`Document.removals`).
    """

    filter: str
    rule: str
    reason: str
    features: Mapping[str, Any] | None = None


class Removal(NamedTuple):
    """What a filter removed and why (immutable; a named tuple, cheap to make by the million).

    ``start``/``end`` are offsets into the normalised text (``Result.source``), ``text`` is
    the removed text, ``filter`` the filter's name, ``rule`` a stable rule id such as
    ``captions.photo_credit``, ``reason`` a short human explanation and ``features`` the
    numbers that decided, for score-based filters.
    """

    start: int
    end: int
    text: str
    filter: str
    rule: str
    reason: str
    features: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of this removal."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "filter": self.filter,
            "rule": self.rule,
            "reason": self.reason,
        }
        if self.features:
            out["features"] = dict(self.features)
        return out


@dataclass(slots=True)
class Document:
    """The lines of a text as columns, plus the verdicts filters have passed on them.

    Block ``i`` (a non-blank line) is ``lines[i]`` (its current text: an inline cut may
    have shortened it), at ``starts[i]``:``ends[i]`` in :attr:`text`, in paragraph
    ``paras[i]``; ``dropped[i]`` is its :class:`Verdict` once a filter removed it. No
    object is made per line: a :class:`Block` is made when asked for (:meth:`block`,
    :attr:`blocks`, :meth:`live`), and built-in filters read the columns by index
    (:meth:`live_rows`).
    """

    text: str
    lines: list[str]
    starts: array[int]
    ends: array[int]
    paras: array[int]
    dropped: list[Verdict | None]
    cuts: list[Removal] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    explain: bool = False
    _index: LineIndex | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, *, explain: bool = False) -> Document:
        """Split ``text`` into line blocks; blank lines start a new paragraph."""
        lines: list[str] = []
        starts, ends, paras = int_array(len(text)), int_array(len(text)), int_array(len(text))
        para = 0
        pos = 0
        gap = False
        for line in text.split("\n"):
            end = pos + len(line)
            if line and not line.isspace():
                if gap and lines:
                    para += 1
                lines.append(line)
                starts.append(pos)
                ends.append(end)
                paras.append(para)
                gap = False
            else:
                gap = True
            pos = end + 1
        return cls(text, lines, starts, ends, paras, [None] * len(lines), explain=explain)

    # -- queries ---------------------------------------------------------------------
    @property
    def index(self) -> LineIndex:
        """The shared line analysis of the blocks' current texts (built on first use,
        over :attr:`lines` itself, not a copy; an inline cut rebuilds it)."""
        if self._index is None:
            self._index = LineIndex(self.lines)
        return self._index

    @property
    def blocks(self) -> Blocks:
        """Every block, made on demand (``doc.blocks[i]``, ``for b in doc.blocks``)."""
        return Blocks(self)

    def block(self, index: int) -> Block:
        """Block ``index`` as a :class:`Block` (a new record, with its current text)."""
        return Block(index, self.starts[index], self.ends[index], self.lines[index], self.paras[index])

    def is_dropped(self, index: int) -> bool:
        """Whether block ``index`` has been removed."""
        return self.dropped[index] is not None

    def live_rows(self) -> array[int]:
        """The indices of the blocks not removed so far, in order (an array: no object per line)."""
        dropped = self.dropped
        return int_array(len(dropped), compress(range(len(dropped)), map(is_, dropped, repeat(None))))

    def live_lines(self) -> LiveLines:
        """The blocks not removed so far as three columns by position among them: their
        block indices, texts and paragraph numbers (the document's own columns when no block
        was removed: nothing is copied)."""
        rows = self.live_rows()
        if len(rows) == len(self.lines):
            return LiveLines(range(len(rows)), self.lines, self.paras)
        lines = self.lines
        return LiveLines(rows, [lines[i] for i in rows], int_array(len(lines), map(self.paras.__getitem__, rows)))

    def live(self) -> list[Block]:
        """The blocks not removed so far, in order."""
        return list(self.iter_live())

    def iter_live(self) -> Iterator[Block]:
        """Iterate over the blocks not removed so far."""
        lines, starts, ends, paras = self.lines, self.starts, self.ends, self.paras
        for i, d in enumerate(self.dropped):
            if d is None:
                yield Block(i, starts[i], ends[i], lines[i], paras[i])

    def kept(self) -> Blocks:
        """The blocks not removed so far, as a view made on demand (``Result.kept``): it
        holds the columns, not the document."""
        return Blocks(_Columns(self.lines, self.starts, self.ends, self.paras), self.live_rows())

    # -- verdicts --------------------------------------------------------------------
    def drop(
        self,
        index: int,
        filter_name: str,
        rule: str,
        reason: str,
        features: Mapping[str, Any] | None = None,
    ) -> None:
        """Remove block ``index`` (the first verdict on a block wins)."""
        self.drop_all([(index, rule, reason, features)], filter_name)

    def drop_all(self, drops: Iterable[Sequence[Any]], filter_name: str) -> None:
        """Remove each ``(index, rule, reason[, features])`` block of ``drops`` (a filter's
        :class:`~cleantext.filters.base.Drop` verdicts), taking each as it comes; the first
        verdict on a block wins."""
        dropped = self.dropped
        make = tuple.__new__  # a Verdict from its fields at C speed (its __new__ is Python code)
        shared: dict[tuple[str, str], Verdict] = {}  # one verdict per rule and reason
        for d in drops:
            i = d[0]
            if dropped[i] is None:
                if len(d) > 3 and d[3] is not None:
                    dropped[i] = make(Verdict, (filter_name, d[1], d[2], d[3]))
                    continue
                verdict = shared.get((d[1], d[2]))
                if verdict is None:
                    verdict = shared[d[1], d[2]] = make(Verdict, (filter_name, d[1], d[2], None))
                dropped[i] = verdict

    def cut(self, index: int, spans: list[tuple[int, int, str, str, str]]) -> None:
        """Cut ``(start, end, filter, rule, reason)`` spans (offsets in the block's text).

        Spans refer to the block's text as it is now. Overlapping spans (from different
        inline filters) are merged: each character is cut once, credited to the first span
        that covers it; empty spans are ignored. Spaces left doubled by a cut are collapsed;
        a block left without letters or digits is dropped.
        """
        line, start = self.lines[index], self.starts[index]
        pieces: list[str] = []
        pos = 0
        last: Removal | None = None
        for s, e, fname, rule, reason in sorted(spans):
            s = max(s, pos)
            if e <= s:
                continue
            pieces.append(line[pos:s])
            last = Removal(start + s, start + e, line[s:e], fname, rule, reason)
            self.cuts.append(last)
            pos = e
        if last is None:
            return
        pieces.append(line[pos:])
        new = " ".join("".join(pieces).split())
        self.set_text(index, new)
        if not any(ch.isalnum() for ch in new):
            self.drop(index, last.filter, last.rule, last.reason)

    def set_text(self, index: int, text: str) -> None:
        """Replace block ``index``'s current text (the line index is rebuilt on next use).
        Offsets keep pointing into the source."""
        if self._index is not None:
            # the index reads this list: give it a list of its own, left as it was
            self.lines = list(self.lines)
            self._index = None
        self.lines[index] = text

    def _block_at(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    # -- output ----------------------------------------------------------------------
    def render(self) -> str:
        """Join kept blocks: lines of a paragraph with one newline, paragraphs with a blank line."""
        out: list[str] = []
        prev_para = -1
        for line, para, d in zip(self.lines, self.paras, self.dropped, strict=True):
            if d is not None:
                continue
            if out:
                out.append("\n\n" if para != prev_para else "\n")
            out.append(line)
            prev_para = para
        if not out:
            return ""
        out.append("\n")
        return "".join(out)

    def removal(self, index: int) -> Removal | None:
        """The :class:`Removal` of block ``index`` (its offsets, its text in the source and
        its :class:`Verdict`), ``None`` if it is kept."""
        verdict = self.dropped[index]
        if verdict is None:
            return None
        s, e = self.starts[index], self.ends[index]
        return Removal(s, e, self.text[s:e], *verdict)

    def removal_counts(self) -> dict[str, tuple[int, int]]:
        """For each filter that removed something, how many removals (dropped blocks and
        inline cuts, as :meth:`removals` lists them) and how many characters of the source
        they span: the counts of :meth:`removals` without making a record of each."""
        tally: dict[str, list[int]] = {}
        dropped, starts, ends = self.dropped, self.starts, self.ends
        for i, v in enumerate(dropped):
            if v is not None:
                entry = tally.setdefault(v.filter, [0, 0])
                entry[0] += 1
                entry[1] += ends[i] - starts[i]
        for c in self.cuts:
            if dropped[self._block_at(c.start)] is None:
                entry = tally.setdefault(c.filter, [0, 0])
                entry[0] += 1
                entry[1] += c.end - c.start
        return {name: (n, chars) for name, (n, chars) in tally.items()}

    def removals(self) -> list[Removal]:
        """All removals (dropped blocks and inline cuts), in text order."""
        dropped, starts, ends, text = self.dropped, self.starts, self.ends, self.text
        make = tuple.__new__  # a Removal from its fields at C speed
        found = [
            make(Removal, (starts[i], ends[i], text[starts[i] : ends[i]], *v))
            for i, v in enumerate(dropped)
            if v is not None
        ]
        found.extend(c for c in self.cuts if dropped[self._block_at(c.start)] is None)
        found.sort(key=lambda r: (r.start, r.end))
        return found
