"""``content``: find the article in full-page text.

Each live line gets a score: positive for prose (long, many stopwords, sentence
punctuation), negative for chrome (short, title-case, separators, URLs, lines repeated
in the page). Lines removed by earlier filters count as chrome in the gaps. The article is
the contiguous run of lines with the largest total score (plus any further run nearly as
strong); lines outside it are dropped. Short lines inside it (subheadings, list items,
one-line quotes, table rows) stay.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from cleantext.document import Block, Document
from cleantext.features import Features, guess_language, line_features
from cleantext.filters._page import (
    best_runs,
    headline_index,
    keep_introduced_list,
    title_before,
    wrapped_groups,
)
from cleantext.filters.base import Drop, Filter

BOUNDARY_RULES = frozenset({"chrome.section", "chrome.comment"})
"""Rules of earlier filters whose lines end the article."""


# Weights of the line score, per unit of each feature. They were set by a coordinate
# search on the tuning pages of the dev benchmark (docs/benchmarks.md); they express
# generic evidence (stopwords, sentence punctuation, length, URLs, separators, repeats,
# title case, digits), nothing of any one site.
WEIGHTS: dict[str, float] = {
    "stop_density": 3.5,
    "sentence": 1.2,
    "length": 1.5,  # per 40 words, capped
    "url": -0.9,
    "separators": -1.2,  # per separator, up to three
    "repeated": -2.5,
    "title_case": -1.75,
    "digits": -1.0,
    "short": -1.0,  # fewer than four words
}


@dataclass(frozen=True)
class ContentConfig:
    """Thresholds of the ``content`` filter (presets change only these)."""

    bias: float = -1.0
    """Base of a line's quality; lower demands more evidence of prose."""
    clamp: float = 0.5
    """A line's quality is clamped to ±clamp before it is weighed by its length."""
    word_cap: int = 25
    """Words beyond this do not add to a line's weight."""
    dropped_penalty: float = 3.0
    """Score of a line already removed by an earlier filter (chrome between runs)."""
    boundary_penalty: float = 30.0
    """Score of a removed section label (related, most read, comments): the article ends there."""
    second_run: float = 0.6
    """Keep another run too when its score reaches this share of the best run's."""
    min_lines: int = 6
    """Documents with fewer live lines are left to the other filters."""
    min_duplicate_words: int = 12
    """A repeated line this long is a duplicated paragraph: kept once."""
    min_chrome_lines: int = 2
    """A full page has at least this many lines that earlier filters recognised as chrome."""
    min_chrome_share: float = 0.3
    """Only pages where at least this share of lines is navigation-like (removed already,
    or negative without sentence end or digits) are full pages; text already reduced to
    its article is left alone."""


_PRESET_CONFIGS = {
    "precision": ContentConfig(bias=-1.25, second_run=0.8, min_chrome_share=0.2),
    "balanced": ContentConfig(),
    "recall": ContentConfig(bias=-0.75, second_run=0.4, dropped_penalty=2.0, min_chrome_share=0.4),
}


def line_score(f: Features, cfg: ContentConfig) -> float:
    """How article-like one line is, in words: positive for prose, negative for chrome."""
    w = f.words
    if w == 0:
        return -1.0
    q = (
        cfg.bias
        + WEIGHTS["stop_density"] * f.stop_density
        + WEIGHTS["sentence"] * f.sentence
        + WEIGHTS["length"] * min(w, 40) / 40
        + WEIGHTS["url"] * f.url
        + WEIGHTS["separators"] * min(f.separators, 3)
        + WEIGHTS["repeated"] * (f.repeats > 1)
        + WEIGHTS["title_case"] * (f.title_case if w >= 3 else 0.0)
        + WEIGHTS["digits"] * f.digits
        + WEIGHTS["short"] * (w < 4)
    )
    return max(-cfg.clamp, min(cfg.clamp, q)) * min(w, cfg.word_cap)


@dataclass(frozen=True)
class Content(Filter):
    """Drop everything outside the article's main run of lines (full-page text)."""

    name = "content"
    description = "Find the article in full-page text: score lines, keep the strongest contiguous run."

    PRESET_CONFIGS: ClassVar[dict[str, Any]] = _PRESET_CONFIGS

    config: ContentConfig = ContentConfig()

    def _dropped_penalty(self, doc: Document, index: int) -> float:
        removal = doc.dropped[index]
        if removal is not None and removal.rule in BOUNDARY_RULES:
            return self.config.boundary_penalty
        return self.config.dropped_penalty

    @staticmethod
    def _chrome_share(doc: Document, feats: dict[int, Features], scores: list[float]) -> float:
        """Share of lines that are navigation-like: removed already, or negative with no
        sentence end and few digits (lists and tables of an article have digits)."""
        nav = 0
        for b in doc.blocks:
            f = feats.get(b.index)
            if f is None or (scores[b.index] < 0 and not f.sentence and f.digits < 0.05):
                nav += 1
        return nav / len(doc.blocks)

    def scan(self, doc: Document) -> Iterator[Drop]:
        cfg = self.config
        live = doc.live()
        if len(live) < cfg.min_lines:
            return
        lang = guess_language("\n".join(b.text for b in live))
        repeats = Counter(b.text for b in live)
        feats = {b.index: line_features(b.text, lang, repeats[b.text]) for b in live}
        scores = [
            line_score(feats[b.index], cfg) if b.index in feats else -self._dropped_penalty(doc, b.index)
            for b in doc.blocks
        ]
        for group in wrapped_groups(live):
            # A hard-wrapped sentence is scored as one line, its score shared by word count.
            f = line_features(" ".join(b.text for b in group), lang)
            total, words = line_score(f, cfg), sum(feats[b.index].words for b in group) or 1
            for b in group:
                scores[b.index] = total * feats[b.index].words / words
        known_chrome = sum(1 for r in doc.dropped if r is not None)
        if known_chrome < cfg.min_chrome_lines or self._chrome_share(doc, feats, scores) < cfg.min_chrome_share:
            # Text already reduced to its article: only a body printed twice is cut.
            yield from self._duplicates(live, feats)
            return
        headline = headline_index(live)
        if headline is not None:
            # The page's <title> repeated as the article's heading: the body starts after it.
            for i in range(headline + 1):
                scores[i] = min(scores[i], 0.0) - (cfg.dropped_penalty if i == headline else 0.0)
        keep = [False] * len(doc.blocks)
        walls = [i for i, r in enumerate(doc.dropped) if r is not None and r.rule in BOUNDARY_RULES]
        runs = best_runs(scores, cfg.second_run, walls)
        if not runs:
            # Nothing reads like an article: better to cut nothing than everything.
            yield from self._duplicates(live, feats)
            return
        title = title_before(doc, runs[0][0], headline)
        if title is not None:
            doc.metadata.setdefault("title", title)
        for s, e in runs:
            keep[s:e] = [True] * (e - s)
            keep_introduced_list(doc, keep, e)
        for b in live:
            if not keep[b.index]:
                f = feats[b.index]
                yield Drop(
                    b.index,
                    "content.outside",
                    "outside the article's main run of lines",
                    {"score": round(scores[b.index], 2), "lang": lang, **f.as_dict()} if doc.explain else None,
                )
        yield from self._duplicates([b for b in live if keep[b.index]], feats)

    def _duplicates(self, blocks: list[Block], feats: dict[int, Features]) -> Iterator[Drop]:
        """Later copies of long paragraphs: the body printed twice is kept once."""
        seen: set[str] = set()
        for b in blocks:
            if feats[b.index].words >= self.config.min_duplicate_words:
                if b.text in seen:
                    yield Drop(b.index, "content.duplicate", "repeats a paragraph seen earlier on the page")
                seen.add(b.text)
