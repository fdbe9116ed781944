"""Structure of a page for the ``content`` filter: runs of lines, wrapped paragraphs,
the headline, and lists a run announces. Pure functions over blocks and scores."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import regex

from cleantext.document import Block, Document
from cleantext.filters._dates import is_date_line
from cleantext.textstats import ends_sentence


def max_run(scores: list[float], lo: int, hi: int) -> tuple[int, int, float]:
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
    s, e, top = max_run(scores, 0, len(scores))
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
        s, e, total = max_run(scores, lo, hi)
        if total > 0 and total >= second_run * top:
            runs.append((s, e))
            todo += [(lo, s), (e, hi)]
    return sorted(runs)


def wrapped_groups(live: list[Block]) -> Iterator[list[Block]]:
    """Runs of consecutive lines of one paragraph where each line runs on into the next
    (no sentence end, next line starts in lower case): a hard-wrapped paragraph."""
    group: list[Block] = []
    for prev, cur in itertools.pairwise(live):
        joined = (
            cur.text[:1].islower()
            and cur.index == prev.index + 1
            and cur.para == prev.para
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


def headline_index(live: list[Block]) -> int | None:
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


def title_before(doc: Document, start: int, headline: int | None) -> str | None:
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


def keep_introduced_list(doc: Document, keep: list[bool], end: int) -> None:
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
