"""Line labels from a page's gold body or snippets, for fitting and checking the content model.

**Gold bodies** (the expected output as text). The page's lines and the gold are split into
``\\w+`` tokens, the tokens of the benchmark metric. Every run of :data:`SHINGLE` consecutive
page tokens (across line ends) that also occurs in the gold, in the same order, marks its tokens
as *aligned*; a line is **body** when at least :data:`BODY_SHARE` of its tokens are aligned, and
**boilerplate** otherwise. A line without tokens (``***``) has no label. Runs are counted with
their multiplicity: a sentence the gold holds once aligns once, at the place in the page whose
neighbourhood (the tokens around it) fits the gold best, so a headline repeated in the page's
title bar is boilerplate there and body above the article.

**Snippets** (``with``: text a correct output contains; ``without``: boilerplate it must not):
a line whose text holds a ``with`` snippet, or lies inside one that spans lines, is body; one
that holds or lies inside a ``without`` snippet is boilerplate; other lines have no label.
Snippets are compared after :func:`snippet_norm` (the benchmark's normalisation).

>>> label_lines(["Home | News", "The vote passed on Monday after a long debate.", "Share"],
...             "The vote passed on Monday after a long debate.")
[False, True, False]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from cleantext.lazy import lazy

_TOKEN = lazy(re.compile)(r"\w+")
_SPACE = lazy(re.compile)(r"\s+")

SHINGLE = 4
"""Tokens in a run that aligns a page passage with the gold."""
BODY_SHARE = 0.5
"""Share of a line's tokens that must align for the line to be body."""
_CONTEXT = 12
"""Tokens on each side compared when a run occurs in the page more often than in the gold."""


def label_lines(lines: Sequence[str], gold: str) -> list[bool | None]:
    """Body (``True``) / boilerplate (``False``) / no label (``None``) for each line,
    aligned with the ``gold`` body (see the module docstring)."""
    toks: list[str] = []
    line_of: list[int] = []
    for i, line in enumerate(lines):
        words = _TOKEN.findall(line)
        toks += words
        line_of += [i] * len(words)
    gold_toks = _TOKEN.findall(gold)
    aligned = _aligned(toks, gold_toks)
    total = [0] * len(lines)
    hits = [0] * len(lines)
    for pos, i in enumerate(line_of):
        total[i] += 1
        hits[i] += aligned[pos]
    return [None if n == 0 else h >= BODY_SHARE * n for h, n in zip(hits, total, strict=True)]


def _aligned(toks: list[str], gold: list[str]) -> list[bool]:
    """Which page tokens lie in a run of :data:`SHINGLE` tokens shared with the gold."""
    n = SHINGLE
    if len(gold) < n:
        # A tiny gold: its tokens align where they stand together in the page.
        runs = {tuple(gold)} if gold else set()
        n = len(gold)
        budget: Counter[tuple[str, ...]] = Counter({tuple(gold): 1}) if gold else Counter()
    else:
        budget = Counter(tuple(gold[i : i + n]) for i in range(len(gold) - n + 1))
        runs = set(budget)
    places: dict[tuple[str, ...], list[int]] = defaultdict(list)
    if n:
        for i in range(len(toks) - n + 1):
            run = tuple(toks[i : i + n])
            if run in runs:
                places[run].append(i)
    gold_context = _contexts(gold, n) if any(len(p) > budget[r] for r, p in places.items()) else {}
    aligned = [False] * len(toks)
    for run, starts in places.items():
        keep = starts
        if len(starts) > budget[run]:
            ctx = gold_context.get(run, Counter())
            keep = sorted(starts, key=lambda s: (-_fit(toks, s, n, ctx), s))[: budget[run]]
        for s in keep:
            aligned[s : s + n] = [True] * n
    return aligned


def _contexts(gold: list[str], n: int) -> dict[tuple[str, ...], Counter[str]]:
    """For each run of the gold, the tokens around its occurrences."""
    out: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for i in range(len(gold) - n + 1):
        out[tuple(gold[i : i + n])].update(gold[max(0, i - _CONTEXT) : i] + gold[i + n : i + n + _CONTEXT])
    return out


def _fit(toks: list[str], start: int, n: int, context: Counter[str]) -> int:
    """How many tokens around the page run at ``start`` are among the gold run's neighbours."""
    around = toks[max(0, start - _CONTEXT) : start] + toks[start + n : start + n + _CONTEXT]
    return sum(1 for t in around if t in context)


def snippet_norm(text: str) -> str:
    """The snippet metric's normalisation: drop invisible format characters (soft hyphens,
    zero-width spaces), NFC, every run of white space one space, ends stripped.

    >>> snippet_norm("  soft\\u00adhy phen\\n\\ttext ")
    'softhy phen text'
    """
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def label_by_snippets(lines: Sequence[str], with_: Sequence[str], without: Sequence[str]) -> list[bool | None]:
    """Body / boilerplate / no label for each line from ``with`` and ``without`` snippets
    (see the module docstring). A line matched by both kinds keeps no label.

    >>> label_by_snippets(["Menu", "It rained all day in Berlin.", "Leave a comment"],
    ...                   ["rained all day"], ["Leave a comment"])
    [None, True, False]
    """
    normed = [snippet_norm(t) for t in lines]
    joined = " ".join(normed)
    starts: list[int] = []
    pos = 0
    for t in normed:
        starts.append(pos)
        pos += len(t) + 1
    labels: list[bool | None] = [None] * len(lines)
    conflict = [False] * len(lines)
    for snippets, value in ((with_, True), (without, False)):
        for snippet in snippets:
            s = snippet_norm(snippet)
            if not s:
                continue
            at = joined.find(s)
            while at != -1:
                for i in _lines_overlapping(starts, normed, at, at + len(s)):
                    if labels[i] is not None and labels[i] != value:
                        conflict[i] = True
                    labels[i] = value
                at = joined.find(s, at + 1)
    return [None if c else lab for lab, c in zip(labels, conflict, strict=True)]


def _lines_overlapping(starts: list[int], normed: list[str], lo: int, hi: int) -> list[int]:
    """Indices of the lines whose text overlaps ``[lo, hi)`` of the joined text."""
    return [i for i, (s, t) in enumerate(zip(starts, normed, strict=True)) if s < hi and s + len(t) > lo and t]
