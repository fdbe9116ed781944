"""``edges``: runs of short non-sentence lines before and after the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from cleantext.document import Block, Document
from cleantext.filters.base import Drop, Filter
from cleantext.textstats import ends_sentence, is_list_item, is_prose, word_count


@dataclass(frozen=True)
class EdgesConfig:
    """Thresholds of the ``edges`` filter."""

    max_words: int = 20
    """An edge line longer than this is kept even without terminal punctuation."""
    min_prose_words: int = 6
    """A sentence of at least this many words marks where the body starts or ends."""


_PRESET_CONFIGS = {
    "precision": EdgesConfig(max_words=12),
    "balanced": EdgesConfig(),
    "recall": EdgesConfig(max_words=30, min_prose_words=8),
}


@dataclass(frozen=True)
class Edges(Filter):
    """Drop short non-sentence lines before the first and after the last body paragraph.

    The head of a page (weather, date, section, headline) and its tail (source link,
    section labels, tag lists) are runs of short lines with no sentence punctuation.
    The headline, the longest such line before the body, is kept in
    ``Result.metadata["title"]``. Lines inside the body are never touched, nor are list
    items that continue a list of the body.

    >>> from cleantext.document import Document
    >>> doc = Document.from_text("Putin aide says\\n\\nThe talks lasted five hours and ended late.\\n\\nHighlights\\n")
    >>> [(d.index, d.rule) for d in Edges().scan(doc)], doc.metadata
    ([(0, 'edges.head'), (2, 'edges.tail')], {'title': 'Putin aide says'})
    """

    name = "edges"
    description = "Drop runs of short non-sentence lines before and after the body; keep the headline as metadata."

    PRESET_CONFIGS: ClassVar[dict[str, Any]] = _PRESET_CONFIGS

    config: EdgesConfig = EdgesConfig()

    def scan(self, doc: Document) -> Iterator[Drop]:
        live = doc.live()
        prose = [i for i, b in enumerate(live) if is_prose(b.text, min_words=self.config.min_prose_words)]
        if not prose:
            return
        first, last = prose[0], prose[-1]
        title = self._title(live[:first])
        if title is not None:
            doc.metadata.setdefault("title", title)
        for b in live[:first]:
            if self._is_edge_line(b):
                yield Drop(b.index, "edges.head", "short non-sentence line before the body")
        for pos in range(last + 1, len(live)):
            b = live[pos]
            if is_list_item(b.text) and b.index > 0 and not doc.is_dropped(b.index - 1):
                continue
            if self._is_edge_line(b):
                yield Drop(b.index, "edges.tail", "short non-sentence line after the body")

    def _is_edge_line(self, b: Block) -> bool:
        return word_count(b.text) <= self.config.max_words and not ends_sentence(b.text)

    def _title(self, head: list[Block]) -> str | None:
        candidates = [b.text for b in head if 2 <= word_count(b.text) <= 25 and self._is_edge_line(b)]
        return max(candidates, key=word_count, default=None)
