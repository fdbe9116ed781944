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
from cleantext.features import (
    Features,
    PageFeatures,
    first_tokens,
    guess_language_of,
    lines_features,
    page_features,
)
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
    return line_scores(PageFeatures.of([f]), cfg)[0]


def line_scores(table: PageFeatures, cfg: ContentConfig) -> list[float]:
    """:func:`line_score` of every line of ``table``: a weighted sum of its features
    (:data:`WEIGHTS`) plus the bias, clamped, times its word count (capped).

    A line's title-case share is looked up only when it can change the clamped score.
    """
    w_stop, w_sent, w_len, w_url = WEIGHTS["stop_density"], WEIGHTS["sentence"], WEIGHTS["length"], WEIGHTS["url"]
    w_sep, w_rep, w_title, w_dig, w_short = (
        WEIGHTS["separators"],
        WEIGHTS["repeated"],
        WEIGHTS["title_case"],
        WEIGHTS["digits"],
        WEIGHTS["short"],
    )
    bias, clamp, cap = cfg.bias, cfg.clamp, cfg.word_cap
    title_low, title_high = min(w_title, 0.0), max(w_title, 0.0)  # the title term's range
    out = []
    for k, (w, stop, sent, title, dig, sep, url, rep) in enumerate(
        zip(
            table.words,
            table.stop_density,
            table.sentence,
            table.title_case,
            table.digits,
            table.separators,
            table.url,
            table.repeats,
            strict=True,
        )
    ):
        if w == 0:
            out.append(-1.0)
            continue
        q = (
            bias
            + w_stop * stop
            + w_sent * sent
            + w_len * (w if w < 40 else 40) / 40
            + w_url * url
            + w_sep * (sep if sep < 3 else 3)
            + w_rep * (rep > 1)
        )
        rest_dig, rest_short = w_dig * dig, w_short * (w < 4)
        if w < 3:
            q = q + w_title * 0.0 + rest_dig + rest_short
        elif title is None and q + title_low + rest_dig + rest_short >= clamp:
            q = clamp  # the title term cannot pull this line below the clamp (floats add monotonically)
        elif title is None and q + title_high + rest_dig + rest_short <= -clamp:
            q = -clamp
        else:
            q = q + w_title * table.title_of(k) + rest_dig + rest_short
        q = -clamp if q < -clamp else clamp if q > clamp else q
        out.append(q * (w if w < cap else cap))
    return out


@dataclass(frozen=True)
class Content(Filter):
    """Drop everything outside the article's main run of lines (full-page text)."""

    name = "content"
    description = "Find the article in full-page text: score lines, keep the strongest contiguous run."

    PRESET_CONFIGS: ClassVar[dict[str, Any]] = _PRESET_CONFIGS

    config: ContentConfig = ContentConfig()

    @staticmethod
    def _chrome_share(doc: Document, rows: list[int], table: PageFeatures, scores: list[float]) -> float:
        """Share of lines that are navigation-like: removed already, or negative with no
        sentence end and few digits (lists and tables of an article have digits)."""
        nav = len(doc.blocks) - len(rows)
        for i, sentence, digits in zip(rows, table.sentence, table.digits, strict=True):
            if scores[i] < 0 and not sentence and digits < 0.05:
                nav += 1
        return nav / len(doc.blocks)

    def scan(self, doc: Document) -> Iterator[Drop]:
        cfg = self.config
        live = doc.live()
        if len(live) < cfg.min_lines:
            return
        index = doc.index
        rows = [b.index for b in live]
        texts = [b.text for b in live]
        lang = guess_language_of(first_tokens(index.tokens, rows), "\n".join(texts))
        repeats = Counter(texts)
        table = page_features(index, rows, lang, [repeats[t] for t in texts], lazy_title=not doc.explain)
        dropped, boundary = -cfg.dropped_penalty, -cfg.boundary_penalty
        scores = [0.0 if r is None else boundary if r.rule in BOUNDARY_RULES else dropped for r in doc.dropped]
        for i, score in zip(rows, line_scores(table, cfg), strict=True):
            scores[i] = score
        words_of = dict(zip(rows, table.words, strict=True))
        groups = list(wrapped_groups(live))
        if groups:
            # A hard-wrapped sentence is scored as one line, its score shared by word count.
            joined = [" ".join(b.text for b in group) for group in groups]
            tokens = [[w for b in group for w in index.tokens[b.index]] for group in groups]
            totals = line_scores(lines_features(joined, tokens, lang, [1] * len(groups)), cfg)
            for group, total in zip(groups, totals, strict=True):
                words = sum(words_of[b.index] for b in group) or 1
                for b in group:
                    scores[b.index] = total * words_of[b.index] / words
        known_chrome = len(doc.blocks) - len(rows)
        if known_chrome < cfg.min_chrome_lines or self._chrome_share(doc, rows, table, scores) < cfg.min_chrome_share:
            # Text already reduced to its article: only a body printed twice is cut.
            yield from self._duplicates(live, words_of)
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
            yield from self._duplicates(live, words_of)
            return
        title = title_before(doc, runs[0][0], headline)
        if title is not None:
            doc.metadata.setdefault("title", title)
        for s, e in runs:
            keep[s:e] = [True] * (e - s)
            keep_introduced_list(doc, keep, e)
        outside = "outside the article's main run of lines"
        if doc.explain:
            for k, b in enumerate(live):
                if not keep[b.index]:
                    features = {"score": round(scores[b.index], 2), "lang": lang, **table.row(k).as_dict()}
                    yield Drop(b.index, "content.outside", outside, features)
        else:
            make = tuple.__new__  # a Drop at C speed: a page may have thousands of them
            for b in live:
                if not keep[b.index]:
                    yield make(Drop, (b.index, "content.outside", outside, None))
        yield from self._duplicates([b for b in live if keep[b.index]], words_of)

    def _duplicates(self, blocks: list[Block], words_of: dict[int, int]) -> Iterator[Drop]:
        """Later copies of long paragraphs: the body printed twice is kept once."""
        seen: set[str] = set()
        for b in blocks:
            if words_of[b.index] >= self.config.min_duplicate_words:
                if b.text in seen:
                    yield Drop(b.index, "content.duplicate", "repeats a paragraph seen earlier on the page")
                seen.add(b.text)
