"""Structure of a page for the ``content`` filter: the headline, the title before the
article, and lists the article announces. Pure functions over blocks."""

from __future__ import annotations

from collections.abc import MutableSequence, Sequence

import regex

from cleantext.document import Document
from cleantext.filters._dates import is_date_line
from cleantext.lazy import lazy
from cleantext.textstats import ends_sentence

_TITLE_SEPARATOR = lazy(regex.compile)(r"\s+[-|–—:·»]+\s+")


def headline_index(lines: Sequence[str], live: Sequence[int]) -> int | None:
    """Block index of the article heading when the first line is the page's title
    (``Section | Headline - Site``) and the headline stands again further down
    (``lines[i]`` is block ``i``'s text; ``live`` the indices of the live blocks)."""
    if len(live) < 2:
        return None
    first = lines[live[0]]
    parts = _TITLE_SEPARATOR.split(first)
    cores = {first, *parts}
    if len(parts) > 1:
        cores.add(first[: first.rfind(parts[-1])].rstrip(" -|–—:·»"))
    cores = {c for c in cores if len(c) >= 15}
    for k in range(1, len(live)):  # no slice: that would copy the rows
        if lines[live[k]] in cores:
            return live[k]
    return None


def title_before(doc: Document, start: int, headline: int | None) -> str | None:
    """The article's headline: the repeated page title, else the last short
    non-sentence line in the few live lines before the article starts."""
    if headline is not None:
        return doc.lines[headline]
    looked = 0
    for i in range(start - 1, -1, -1):
        if doc.is_dropped(i):
            continue
        text = doc.lines[i]
        if 2 <= len(text.split()) <= 25 and not ends_sentence(text) and not is_date_line(text):
            return text
        looked += 1
        if looked >= 3:
            break
    return None


def keep_introduced_list(doc: Document, keep: MutableSequence[int], end: int) -> None:
    """Extend a run over a list it announces: a line ending in ``:`` that ends the run, comes
    right after it or is kept with the start of its list, and the rest of its paragraph (tour
    dates, box scores, a price list), or the next paragraph when the line stands alone ("Key
    features include:", then the list)."""
    lines, paras = doc.lines, doc.paras
    i = end
    if not (0 < end <= len(lines) and _announces(lines[end - 1])):
        while i < len(lines) and doc.is_dropped(i):
            i += 1
        if i >= len(lines) or not _announces(lines[i]):
            i = _announcer_before(doc, keep, end - 1)  # or the run ends inside the list
            if i < 0:
                return
    else:
        i = end - 1  # the run ends with the announcing line itself
    j = _paragraph_end(paras, i)
    if j == i + 1 and j < len(lines) and not doc.is_dropped(j):
        j = _paragraph_end(paras, j)
    if j - i >= 3:
        keep[i:j] = [True] * (j - i)


def _announces(line: str) -> bool:
    """Whether ``line`` announces what follows: it ends in ``:``."""
    return line.rstrip().endswith(":")


_MAX_LIST_LOOKBACK = 40
"""Most lines of a list looked back over for the line announcing it."""


def _announcer_before(doc: Document, keep: Sequence[int], last: int) -> int:
    """The kept line ending in ``:`` whose list the run's last line ``last`` is in: a line of
    ``last``'s paragraph before it, or the line standing alone right before that paragraph;
    -1 for none."""
    lines, paras = doc.lines, doc.paras
    if last < 0:
        return -1
    k = last
    while k > 0 and paras[k - 1] == paras[last]:
        if last - k >= _MAX_LIST_LOOKBACK:
            return -1
        k -= 1
        if keep[k] and _announces(lines[k]):
            return k
    a = k - 1  # k starts the paragraph: the line before it, when a paragraph of its own
    if a >= 0 and (a == 0 or paras[a - 1] != paras[a]) and keep[a] and _announces(lines[a]):
        return a
    return -1


def _paragraph_end(paras: Sequence[int], i: int) -> int:
    """The index after the last block of block ``i``'s paragraph (``paras[i]``: block ``i``'s paragraph)."""
    para = paras[i]
    j = i + 1
    while j < len(paras) and paras[j] == para:
        j += 1
    return j
