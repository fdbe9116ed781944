"""``content``: find the article in full-page text.

Each live line gets a score: positive for prose (long, many stopwords, sentence
punctuation), negative for chrome (short, title-case, separators, URLs, lines repeated
in the page). Lines removed by earlier filters count as chrome in the gaps. The article is
the contiguous run of lines with the largest total score (plus any further run nearly as
strong); lines outside it are dropped. Short lines inside it (subheadings, list items,
one-line quotes, table rows) stay.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from cleantext.document import Block, Document
from cleantext.features import Features, guess_language, line_features
from cleantext.filters._dates import is_date_line
from cleantext.filters.base import Drop, Filter
from cleantext.textstats import ends_sentence

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


def _max_run(scores: list[float], lo: int, hi: int) -> tuple[int, int, float]:
    """Kadane: the contiguous run of ``scores[lo:hi]`` with the largest sum."""
    best = (lo, lo, 0.0)
    start, cur = lo, 0.0
    for i in range(lo, hi):
        if cur <= 0:
            start, cur = i, 0.0
        cur += scores[i]
        if cur > best[2]:
            best = (start, i + 1, cur)
    return best


def best_runs(scores: list[float], second_run: float, walls: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Maximal-sum contiguous runs: the best one, then others reaching ``second_run`` of it.

    Further runs are looked for only between the nearest ``walls`` (indices of section
    boundaries such as a comments header) on either side of the best run.

    >>> best_runs([-1, 5, -1, 4, -9, 1, -2], 0.5)
    [(1, 4)]
    >>> best_runs([-1, 5, -1, 4, -20, 6, -2], 0.5)
    [(1, 4), (5, 6)]
    >>> best_runs([-1, 5, -1, 4, -20, 6, -2], 0.5, walls=[4])
    [(1, 4)]
    """
    s, e, top = _max_run(scores, 0, len(scores))
    if top <= 0:
        return []
    left = max((w + 1 for w in walls if w < s), default=0)
    right = min((w for w in walls if w >= e), default=len(scores))
    runs = [(s, e)]
    todo = [(left, s), (e, right)]
    while todo:
        lo, hi = todo.pop()
        if hi <= lo:
            continue
        s, e, total = _max_run(scores, lo, hi)
        if total > 0 and total >= second_run * top:
            runs.append((s, e))
            todo += [(lo, s), (e, hi)]
    return sorted(runs)


def _wrapped_groups(live: list[Block]) -> Iterator[list[Block]]:
    """Runs of consecutive lines of one paragraph where each line runs on into the next
    (no sentence end, next line starts in lower case): a hard-wrapped paragraph."""
    group: list[Block] = []
    for prev, cur in itertools.pairwise(live):
        joined = (
            cur.index == prev.index + 1
            and cur.para == prev.para
            and cur.text[:1].islower()
            and not ends_sentence(prev.text)
        )
        if joined:
            group = group or [prev]
            group.append(cur)
        elif group:
            yield group
            group = []
    if group:
        yield group


_TITLE_SEPARATOR = regex.compile(r"\s+[-|–—:·»]+\s+")


def _headline_index(live: list[Block]) -> int | None:
    """Block index of the article heading when the first line is the page's title
    (``Section | Headline - Site``) and the headline stands again further down."""
    if len(live) < 2:
        return None
    first = live[0].text
    parts = _TITLE_SEPARATOR.split(first)
    cores = {first, *parts}
    if len(parts) > 1:
        cores.add(first[: first.rfind(parts[-1])].rstrip(" -|–—:·»"))
    cores = {c for c in cores if len(c) >= 15}
    for b in live[1:]:
        if b.text in cores:
            return b.index
    return None


def _title_before(doc: Document, start: int, headline: int | None) -> str | None:
    """The article's headline: the repeated page title, else the last short
    non-sentence line in the few live lines before the article starts."""
    if headline is not None:
        return doc.blocks[headline].text
    looked = 0
    for i in range(start - 1, -1, -1):
        if doc.is_dropped(i):
            continue
        text = doc.blocks[i].text
        if 2 <= len(text.split()) <= 25 and not ends_sentence(text) and not is_date_line(text):
            return text
        looked += 1
        if looked >= 3:
            break
    return None


def _keep_introduced_list(doc: Document, keep: list[bool], end: int) -> None:
    """Extend a run over a list it announces: a line ending in ``:`` right after the run,
    and the rest of its paragraph (tour dates, box scores, a price list)."""
    blocks = doc.blocks
    i = end
    while i < len(blocks) and doc.is_dropped(i):
        i += 1
    if i >= len(blocks) or not blocks[i].text.rstrip().endswith(":"):
        return
    para = blocks[i].para
    j = i + 1
    while j < len(blocks) and blocks[j].para == para:
        j += 1
    if j - i >= 3:
        keep[i:j] = [True] * (j - i)


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
        for group in _wrapped_groups(live):
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
        headline = _headline_index(live)
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
        title = _title_before(doc, runs[0][0], headline)
        if title is not None:
            doc.metadata.setdefault("title", title)
        for s, e in runs:
            keep[s:e] = [True] * (e - s)
            _keep_introduced_list(doc, keep, e)
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
