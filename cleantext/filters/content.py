"""``content``: find the article in full-page text.

Every live line is measured (:func:`~cleantext.filters.content_features.content_table`) and
scored by the fitted content model (:mod:`cleantext.model`): a sum of named contributions,
positive for prose and negative for chrome. A two-state Viterbi pass over the scores decides
which lines are the article; section walls ("Related", comment headers) bound it. Lines
outside it are dropped. Text already reduced to its article is recognised and left to the
line filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress

from cleantext.document import Document
from cleantext.features import word_counts
from cleantext.filters._page import keep_introduced_list, title_before
from cleantext.filters.base import Drop, Filter, Preset
from cleantext.filters.content_features import BOUNDARY_RULES, ContentTable, content_table, page_language
from cleantext.lines import int_array
from cleantext.model import ContentModel, default_model

__all__ = ["BOUNDARY_RULES", "Content", "ContentConfig"]


@dataclass(frozen=True)
class ContentConfig:
    """Settings of the ``content`` filter (presets change only ``preset``: the model's threshold)."""

    preset: Preset = "balanced"
    """Which of the model's decision thresholds to use: precision, balanced or recall."""
    threshold: float | None = None
    """A decision threshold of your own (log-odds), instead of the preset's."""
    min_lines: int = 6
    """Documents with fewer live lines are left to the other filters."""
    min_duplicate_words: int = 12
    """A repeated line this long is a duplicated paragraph: kept once."""
    min_chrome_lines: int = 2
    """A full page has at least this many lines that earlier filters recognised as chrome."""
    min_chrome_share: float = 0.3
    """Only pages where at least this share of lines is navigation-like (removed already,
    or scored as chrome without sentence end or digits) are full pages; text already reduced
    to its article is left alone."""


@dataclass(frozen=True)
class Content(Filter):
    """Drop everything outside the article (full-page text), as the content model decides."""

    name = "content"
    description = "Find the article in full-page text: a fitted line model and a Viterbi pass over the lines."

    config: ContentConfig = ContentConfig()
    model: ContentModel | None = field(default=None, compare=True)
    """The fitted model; ``None`` for the bundled one (``cleantext/data/content_model.json``)."""

    @property
    def fitted(self) -> ContentModel:
        """The model this filter scores with."""
        return self.model if self.model is not None else default_model()

    @staticmethod
    def _chrome_share(doc: Document, table: ContentTable, scores: Sequence[float], threshold: float) -> float:
        """Share of lines that are navigation-like: removed already, or scored as chrome
        with no sentence end."""
        nav = len(doc.blocks) - len(table)
        for score, sentence in zip(scores, table.sentence, strict=True):
            if score < threshold and not sentence:
                nav += 1
        return nav / len(doc.blocks)

    def scan(self, doc: Document) -> Iterator[Drop]:
        cfg = self.config
        live = doc.live_rows()
        if len(live) < cfg.min_lines:
            return
        if len(doc.lines) - len(live) < cfg.min_chrome_lines:
            # Too few lines recognised as chrome for a full page: text already reduced to its
            # article, where only a body printed twice is cut (no table, no scores needed).
            words = word_counts(doc.index, live, page_language(doc, live))
            yield from self._duplicates(live, doc.lines, self._by_block(len(doc.lines), live, words))
            return
        model = self.fitted
        table = content_table(doc)
        words_of = self._by_block(len(doc.lines), table.rows, table.words)
        scores = model.scores(table.columns, len(table))
        threshold = model.threshold(cfg.preset) if cfg.threshold is None else cfg.threshold
        if self._chrome_share(doc, table, scores, threshold) < cfg.min_chrome_share:
            # Text already reduced to its article: only a body printed twice is cut.
            yield from self._duplicates(live, doc.lines, words_of)
            return
        body = model.decide(scores, table.walls, threshold)
        if not any(body):
            # Nothing clears the threshold: the article is the strongest stretch all the same.
            threshold = max(scores) - model.enter - model.leave - 1.0
            body = model.decide(scores, table.walls, threshold)
        keep = bytearray(len(doc.lines))  # by block index: 1 for a line of the article
        for i, b in zip(table.rows, body, strict=True):
            keep[i] = b
        first = next(i for i, b in zip(table.rows, body, strict=True) if b)
        title = title_before(doc, first, table.headline)
        if title is not None:
            doc.metadata.setdefault("title", title)
        ends = [i + 1 for k, i in enumerate(table.rows) if body[k] and (k + 1 == len(body) or not body[k + 1])]
        for e in ends:
            keep_introduced_list(doc, keep, e)
        outside = "outside the article's main run of lines"
        for k, i in enumerate(live):
            if not keep[i]:
                features = None
                if doc.explain:
                    terms = model.contributions(table.row(k))[:3]
                    features = {
                        "score": round(scores[k], 2),
                        "threshold": round(threshold, 2),
                        "lang": table.lang,
                        "top": {name: round(v, 2) for name, v in terms},
                    }
                yield Drop(i, "content.outside", outside, features)
        yield from self._duplicates(compress(live, map(keep.__getitem__, live)), doc.lines, words_of)

    @staticmethod
    def _by_block(n: int, rows: Iterable[int], words: Iterable[int]) -> Sequence[int]:
        """The word counts ``words`` of the blocks ``rows``, by block index (0 for the others)."""
        words_of = int_array(n, [0]) * n  # an array: no dict or object per line
        for i, w in zip(rows, words, strict=True):
            words_of[i] = w
        return words_of

    def _duplicates(self, rows: Iterable[int], lines: list[str], words_of: Sequence[int]) -> Iterator[Drop]:
        """Later copies of long paragraphs among blocks ``rows``: the body printed twice is kept once."""
        seen: set[str] = set()
        for i in rows:
            if words_of[i] >= self.config.min_duplicate_words:
                text = lines[i]
                if text in seen:
                    yield Drop(i, "content.duplicate", "repeats a paragraph seen earlier on the page")
                seen.add(text)
