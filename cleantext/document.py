"""The document model: text split into line blocks that keep their character offsets.

A :class:`Document` is built from (normalised) text. Each non-blank line becomes a
:class:`Block` carrying its offsets and the number of the paragraph it belongs to
(paragraphs are separated by blank lines). Filters never edit text directly: block
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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cleantext.lines import LineIndex
from cleantext.textstats import WORD


@dataclass(slots=True)
class Block:
    """One non-blank line of the document.

    ``start``/``end`` are offsets of the line in :attr:`Document.text`; ``text`` is the
    line's current content (an inline cut may have shortened it); ``para`` counts the
    blank-line-separated paragraphs from 0.
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
    """Blocks of a text plus the verdicts filters have passed on them."""

    text: str
    blocks: list[Block]
    dropped: list[Removal | None]
    cuts: list[Removal] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    explain: bool = False
    _index: LineIndex | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, *, explain: bool = False) -> Document:
        """Split ``text`` into line blocks; blank lines start a new paragraph."""
        blocks: list[Block] = []
        para = 0
        pos = 0
        gap = False
        for line in text.split("\n"):
            end = pos + len(line)
            if line and not line.isspace():
                if gap and blocks:
                    para += 1
                blocks.append(Block(len(blocks), pos, end, line, para))
                gap = False
            else:
                gap = True
            pos = end + 1
        return cls(text, blocks, [None] * len(blocks), explain=explain)

    # -- queries ---------------------------------------------------------------------
    @property
    def index(self) -> LineIndex:
        """The shared line analysis of the blocks' current texts (built on first use;
        an inline cut rebuilds it)."""
        if self._index is None:
            self._index = LineIndex([b.text for b in self.blocks])
        return self._index

    def is_dropped(self, index: int) -> bool:
        """Whether block ``index`` has been removed."""
        return self.dropped[index] is not None

    def live(self) -> list[Block]:
        """The blocks not removed so far, in order."""
        dropped = self.dropped
        return [b for b in self.blocks if dropped[b.index] is None]

    def iter_live(self) -> Iterator[Block]:
        """Iterate over the blocks not removed so far."""
        dropped = self.dropped
        return (b for b in self.blocks if dropped[b.index] is None)

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
        dropped, blocks, text = self.dropped, self.blocks, self.text
        make = tuple.__new__  # a Removal from its fields at C speed (its __new__ is Python code)
        for d in drops:
            i = d[0]
            if dropped[i] is None:
                b = blocks[i]
                features = d[3] if len(d) > 3 else None
                dropped[i] = make(Removal, (b.start, b.end, text[b.start : b.end], filter_name, d[1], d[2], features))

    def cut(self, index: int, spans: list[tuple[int, int, str, str, str]]) -> None:
        """Cut ``(start, end, filter, rule, reason)`` spans (offsets in the block's text).

        Spans refer to the block's text as it is now. Overlapping spans (from different
        inline filters) are merged: each character is cut once, credited to the first span
        that covers it; empty spans are ignored. Spaces left doubled by a cut are collapsed;
        a block left without letters or digits is dropped.
        """
        b = self.blocks[index]
        pieces: list[str] = []
        pos = 0
        last: Removal | None = None
        for s, e, fname, rule, reason in sorted(spans):
            s = max(s, pos)
            if e <= s:
                continue
            pieces.append(b.text[pos:s])
            last = Removal(b.start + s, b.start + e, b.text[s:e], fname, rule, reason)
            self.cuts.append(last)
            pos = e
        if last is None:
            return
        pieces.append(b.text[pos:])
        new = " ".join("".join(pieces).split())
        self.set_text(index, new)
        if not any(ch.isalnum() for ch in new):
            self.drop(index, last.filter, last.rule, last.reason)

    def set_text(self, index: int, text: str) -> None:
        """Replace block ``index``'s current text (its cached word count and the line
        index are rebuilt on next use). Offsets keep pointing into the source."""
        b = self.blocks[index]
        b.text = text
        b._words = -1
        self._index = None

    def _block_at(self, offset: int) -> int:
        lo, hi = 0, len(self.blocks) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.blocks[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # -- output ----------------------------------------------------------------------
    def render(self) -> str:
        """Join kept blocks: lines of a paragraph with one newline, paragraphs with a blank line."""
        out: list[str] = []
        prev_para = -1
        dropped = self.dropped
        for b in self.blocks:
            if dropped[b.index] is not None:
                continue
            if out:
                out.append("\n\n" if b.para != prev_para else "\n")
            out.append(b.text)
            prev_para = b.para
        if not out:
            return ""
        out.append("\n")
        return "".join(out)

    def removals(self) -> list[Removal]:
        """All removals (dropped blocks and inline cuts), in text order."""
        found = [r for r in self.dropped if r is not None]
        dropped = self.dropped
        found.extend(c for c in self.cuts if dropped[self._block_at(c.start)] is None)
        found.sort(key=lambda r: (r.start, r.end))
        return found
