"""The content model's feature table: every per-line feature of a document, as columns.

:func:`content_table` is the one place these features are computed: the ``content`` filter
scores its output, and the fitting code (:mod:`cleantext.fit`) learns from it. Each column has
one value per live line (a line not removed by an earlier filter), in page order:

======================  ==========================================================================
column                  meaning
======================  ==========================================================================
``words_log``           ``log(1 + words)``
``stop_density``        share of the line's words that are stopwords of the page's language
``comma``               holds a comma or semicolon (clauses: prose)
``colon_end``           ends in ``:`` (announces what follows)
``list_item``           starts with a bullet or an item number
``title_case``          share of words starting with a capital
``digits``              share of characters that are digits
``separators``          ``|``, ``»``, ``·``, ``/`` … between words (up to three)
``url``                 holds a URL or an e-mail address
``repeated``            the same line occurs elsewhere in the page
``date_line``           nothing but a date and/or time
``prev_*``, ``next_*``  ``stop_density`` and ``words_log`` of the live lines before
                        and after (0 at the page's ends)
``window_prose``        share of prose lines (a sentence of 8+ words) among the 3 live lines on
                        each side
``para_prose``          share of prose lines in the line's paragraph (blank-line separated)
``para_short``          share of short lines (under four words) in the line's paragraph
``removed_around``      share of the 3 lines on each side that earlier filters removed
``position``            the line's place among the live lines, 0 (first) to 1 (last)
``words_before``        share of the page's words that come before the line
``rel_length``          the line's words over the page's 90th-percentile line length (up to 2)
``before_headline``     the line stands at or before the headline (the page title repeated)
``after_headline``      one of the three lines right after the headline
``prose_run``           ``log(1 + words)`` of the run of prose lines the line stands in (prose
                        lines with at most two other lines between them; 0 outside a run)
``core_distance``       lines between the line and the page's prose core, over 50, up to 2: the
                        core is the middle of the first window of 21 live lines that holds the
                        most words of prose lines
======================  ==========================================================================
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, chain, compress, islice, pairwise, repeat
from operator import ne, sub, truediv
from typing import Any

from cleantext.document import Document
from cleantext.features import CJK_SAMPLE_CHARS, PageFeatures, first_tokens, guess_language_of, page_features
from cleantext.filters._dates import is_date_line
from cleantext.filters._page import headline_index
from cleantext.lines import int_array
from cleantext.model import steps
from cleantext.textstats import LIST_ITEM

BOUNDARY_RULES = frozenset({"chrome.section", "chrome.comment"})
"""Rules of earlier filters whose lines are section walls: the article does not run across them."""
COMMENT_RULES = frozenset({"chrome.comment"})
"""Walls that open the comments (a comment author line, "harbourwatcher says:"): what follows
them is not the article when body stands before."""
SECTION_WALL, COMMENT_WALL = 1, 2
"""Kinds of wall in :attr:`ContentTable.walls` (0: none)."""

WINDOW = 3
"""Lines on each side that ``window_prose`` and ``removed_around`` look at."""
CORE_WINDOW = 10
"""Lines on each side of a line in the window ``core_distance`` measures prose in."""
CORE_SCALE = 50.0
"""Lines of distance that make ``core_distance`` 1."""
RUN_GAP = 2
"""Most lines other than prose inside a run of prose lines (``prose_run``)."""

FEATURES: tuple[str, ...] = (
    "words_log",
    "stop_density",
    "comma",
    "colon_end",
    "list_item",
    "title_case",
    "digits",
    "separators",
    "url",
    "repeated",
    "date_line",
    "prev_stop_density",
    "next_stop_density",
    "prev_words_log",
    "next_words_log",
    "window_prose",
    "para_prose",
    "para_short",
    "removed_around",
    "position",
    "words_before",
    "rel_length",
    "before_headline",
    "after_headline",
    "prose_run",
    "core_distance",
)
"""The columns of :class:`ContentTable`, in the order a model lists its weights."""


@dataclass(frozen=True)
class ContentTable:
    """The features of a document's live lines: ``columns[name][k]`` is feature ``name`` of
    the ``k``-th live line, block index ``rows[k]``."""

    rows: Sequence[int]
    """Block index of each live line: an array of whole numbers."""
    lang: str
    words: Sequence[int]
    """Each live line's word count (an array)."""
    sentence: Sequence[int]
    """1 where the live line ends like a sentence, 0 where not (``bytes``)."""
    headline: int | None
    walls: Sequence[int]
    """``walls[k]``: :data:`COMMENT_WALL` when a removed comment author line stands between the
    ``k``-th live line and the one before it, :data:`SECTION_WALL` for a section label
    ("Related", "Most read", "3 Comments"), 0 for none."""
    columns: Columns
    """Each feature's column, a list of floats (see :class:`Columns`: built when asked for)."""

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, k: int) -> dict[str, float]:
        """The features of the ``k``-th live line, by name."""
        return {name: self.columns[name][k] for name in FEATURES}


class Columns(Mapping[str, list[float]]):
    """The columns of a :class:`ContentTable` by feature name, each a new list of floats
    built from a few per-line measures when it is asked for.

    A column read once is not kept: the model's scores read each column once, so the table
    of a page of a million lines never holds its 26 columns at once. A column read a second
    time is kept (fitting and explanations read columns many times).
    """

    def __init__(
        self,
        texts: list[str],
        words: Sequence[int],
        sentence: Sequence[int],
        base: PageFeatures,
        paras: Sequence[int],
        removed: array[float],
        headline: int,
    ) -> None:
        self._texts, self._words, self._sentence, self._paras = texts, words, sentence, paras
        self._stop, self._title, self._digits = base.stop_density, base.title_case, base.digits  # arrays
        self._separators = bytes(min(s, 3) for s in base.separators)
        self._url = bytes(base.url)
        self._repeated = bytes(r > 1 for r in base.repeats)
        self._removed = removed
        self._headline = headline  # position of the headline among the live lines, -1 for none
        self._read: set[str] = set()
        self._kept: dict[str, list[float]] = {}

    def __len__(self) -> int:
        return len(FEATURES)

    def __iter__(self) -> Iterator[str]:
        return iter(FEATURES)

    def __contains__(self, name: object) -> bool:
        return name in _BUILDERS

    def __getitem__(self, name: str) -> list[float]:
        kept = self._kept.get(name)
        if kept is not None:
            return kept
        if name not in _BUILDERS:
            raise KeyError(name)
        built = _BUILDERS[name](self)
        column = built if type(built) is list else list(built)
        if name in self._read:
            self._kept[name] = column
        self._read.add(name)
        return column

    def contributions(self, name: str, cuts: Sequence[float], values: Sequence[float]) -> Iterable[float]:
        """Each line's ``values[bisect_right(cuts, x)]`` for feature ``name``'s value ``x``
        (a model's step function of the feature), the same numbers as over ``self[name]``.

        Features read off a few distinct values (word counts, flags) are looked up by value,
        without building their column of floats first.
        """
        step = partial(bisect_right, cuts)
        if name in _BY_WORDS:  # a function of the word count: one lookup per distinct count
            by_count = {w: values[step(math.log1p(w))] for w in set(self._words)}
            part = list(map(by_count.__getitem__, self._words))
            edge = values[step(0.0)]
            if name == "prev_words_log":
                return chain((edge,), islice(part, len(part) - 1)) if part else part
            if name == "next_words_log":
                return chain(islice(part, 1, None), (edge,)) if part else part
            return part
        if name in _FLAGS:  # a small whole number per line (a flag, a count up to 3)
            return map([values[step(float(v))] for v in range(4)].__getitem__, _FLAGS[name](self))
        if name in _MEASURED:
            column = _MEASURED[name](self)
        elif name in _STREAMED and name not in self._kept:  # a float per line, none kept
            column = _STREAMED[name](self)
        elif name in self._read:
            column = self[name]
        else:  # read once: as built (an array of floats, not a float object per line)
            column = _BUILDERS[name](self)
            self._read.add(name)
        return steps(column, cuts, values)

    # -- the columns (module docstring), from the measures --------------------------------
    def _words_log(self) -> list[float]:
        logs = {w: math.log1p(w) for w in set(self._words)}
        return [logs[w] for w in self._words]

    def _prose(self) -> list[float]:
        return [1.0 if w else 0.0 for w in self._prose_words()]

    def _date_line(self) -> list[float]:
        # A date line holds a digit; few lines need the full test.
        return [
            1.0 if d and w <= 12 and is_date_line(t) else 0.0
            for t, w, d in zip(self._texts, self._words, self._digits, strict=True)
        ]

    def _window_prose(self) -> Sequence[float]:
        return _window_mean(self._prose(), WINDOW)

    def _para_prose(self) -> list[float]:
        return _group_means(self._paras, self._prose())[0]

    def _para_short(self) -> list[float]:
        return _group_means(self._paras, [1.0 if w < 4 else 0.0 for w in self._words])[0]

    def _position(self) -> list[float]:
        n = len(self._words)
        return [k / (n - 1) for k in range(n)] if n > 1 else [0.0] * n

    def _words_before(self) -> list[float]:
        words = self._words
        total = sum(words) or 1
        return [(c - w) / total for c, w in zip(accumulate(words), words, strict=True)]

    def _rel_length(self) -> list[float]:
        words, n = self._words, len(self._words)
        p90 = max(sorted(words)[int(0.9 * (n - 1))] if n else 1, 1)
        by_count = {w: min(w / p90, 2.0) for w in set(words)}  # one float object per distinct count
        return list(map(by_count.__getitem__, words))

    def _prose_words(self) -> list[int]:
        return [w if s and w >= 8 else 0 for s, w in zip(self._sentence, self._words, strict=True)]

    def _prose_run(self) -> list[float]:
        prose_words = self._prose_words()
        n = len(prose_words)
        out = [0.0] * n
        k = 0
        while k < n:
            if not prose_words[k]:
                k += 1
                continue
            start = last = k
            total, j = 0, k
            while j < n and j - last - 1 <= RUN_GAP:  # the run goes on over short gaps
                if prose_words[j]:
                    total, last = total + prose_words[j], j
                j += 1
            out[start : last + 1] = [math.log1p(total)] * (last + 1 - start)
            k = last + 1
        return out

    def _core_distance(self) -> Sequence[float]:
        prose_words = self._prose_words()
        n = len(prose_words)
        if n < 2:
            return [0.0] * n
        prefix = array("q", [0])  # the running sums: no int object per line
        prefix.extend(accumulate(prose_words))
        del prose_words
        width = CORE_WINDOW
        sums = array("q", (prefix[min(n, k + width + 1)] - prefix[max(0, k - width)] for k in range(n)))
        core = sums.index(max(sums))  # the first of the densest windows
        return array("d", (min(abs(k - core) / CORE_SCALE, 2.0) for k in range(n)))

    def _before_headline(self) -> list[float]:
        n, k_head = len(self._words), self._headline
        return [1.0] * (k_head + 1) + [0.0] * (n - k_head - 1)

    def _after_headline(self) -> list[float]:
        n, k_head = len(self._words), self._headline
        after = min(3, n - k_head - 1) if k_head >= 0 else 0
        return [0.0] * (k_head + 1) + [1.0] * after + [0.0] * (n - k_head - 1 - after)


def _before(column: list[float]) -> list[float]:
    """Each entry's predecessor (0 for the first)."""
    return [0.0, *column[:-1]] if column else []


def _after(column: list[float]) -> list[float]:
    """Each entry's successor (0 for the last)."""
    return [*column[1:], 0.0] if column else []


_FLOATS = (0.0, 1.0, 2.0, 3.0)
# Columns kept as measured (arrays of floats), read without a copy.
_MEASURED: dict[str, Callable[[Columns], Sequence[float]]] = {
    "stop_density": lambda c: c._stop,
    "title_case": lambda c: c._title,
    "digits": lambda c: c._digits,
    "removed_around": lambda c: c._removed,
}
# Columns of a distinct float on each line, read one value at a time (the same values).
_STREAMED: dict[str, Callable[[Columns], Iterable[float]]] = {
    "position": lambda c: (
        map(truediv, range(len(c._words)), repeat(len(c._words) - 1)) if len(c._words) > 1 else [0.0] * len(c._words)
    ),
    "prev_stop_density": lambda c: chain((0.0,), islice(c._stop, len(c._stop) - 1)) if c._stop else [],
    "next_stop_density": lambda c: chain(islice(c._stop, 1, None), (0.0,)) if c._stop else [],
    "words_before": lambda c: map(truediv, map(sub, accumulate(c._words), c._words), repeat(sum(c._words) or 1)),
}
_BY_WORDS = frozenset({"words_log", "prev_words_log", "next_words_log"})
# Features that are a whole number 0..3 per line (flags, counts up to three), as bytes: their
# columns are these as floats, and a model's step function is looked up by value.
_FLAGS: dict[str, Callable[[Columns], bytes]] = {
    "comma": lambda c: bytes("," in t or ";" in t for t in c._texts),
    "colon_end": lambda c: bytes(t.rstrip().endswith(":") for t in c._texts),
    "list_item": lambda c: bytes(m is not None for m in map(LIST_ITEM.match, c._texts)),
    "separators": lambda c: c._separators,
    "url": lambda c: c._url,
    "repeated": lambda c: c._repeated,
}


def _as_floats(flags: Callable[[Columns], bytes], columns: Columns) -> list[float]:
    """A flag feature's column: its whole numbers as floats."""
    return list(map(_FLOATS.__getitem__, flags(columns)))


_BUILDERS: dict[str, Callable[[Columns], list[float]]] = {
    **{name: partial(_as_floats, flags) for name, flags in _FLAGS.items()},
    "words_log": Columns._words_log,
    "stop_density": lambda c: list(c._stop),
    "title_case": lambda c: list(c._title),
    "digits": lambda c: list(c._digits),
    "date_line": Columns._date_line,
    "prev_stop_density": lambda c: _before(list(c._stop)),
    "next_stop_density": lambda c: _after(list(c._stop)),
    "prev_words_log": lambda c: _before(c._words_log()),
    "next_words_log": lambda c: _after(c._words_log()),
    "window_prose": Columns._window_prose,
    "para_prose": Columns._para_prose,
    "para_short": Columns._para_short,
    "removed_around": lambda c: c._removed,
    "position": Columns._position,
    "words_before": Columns._words_before,
    "rel_length": Columns._rel_length,
    "before_headline": Columns._before_headline,
    "after_headline": Columns._after_headline,
    "prose_run": Columns._prose_run,
    "core_distance": Columns._core_distance,
}


def content_table(doc: Document) -> ContentTable:
    """Measure every content feature of ``doc``'s live lines (see the module docstring)."""
    index, lines = doc.index, doc.lines
    rows = doc.live_rows()  # an array: no int object per line
    texts = lines if len(rows) == len(lines) else [lines[i] for i in rows]  # nothing removed: no copy
    lang = page_language(doc, rows)
    counts = _repeats(texts)
    base = page_features(index, rows, lang, counts)
    del counts
    words, sentence = base.words, base.sentence
    headline = headline_index(lines, rows)
    k_head = rows.index(headline) if headline is not None else -1
    removed = _removed_around(doc.dropped, rows, WINDOW)
    paras = int_array(len(rows), map(doc.paras.__getitem__, rows))
    columns = Columns(texts, words, sentence, base, paras, removed, k_head)
    return ContentTable(rows, lang, words, sentence, headline, _walls(doc.dropped, rows), columns)


def page_language(doc: Document, rows: Sequence[int]) -> str:
    """The language of the live lines ``rows``, as the content model reads it: guessed from
    their first words and the start of their text."""
    return guess_language_of(first_tokens(doc.index.tokens, rows), _head(doc.lines, rows, CJK_SAMPLE_CHARS))


COUNT_BY_HASH_FROM = 1 << 16
"""Pages of this many live lines or more count their repeated lines by hash first (:func:`_repeats`)."""


def _repeats(texts: Sequence[str]) -> array[int]:
    """How often each of ``texts`` occurs among them (an array).

    A big page (:data:`COUNT_BY_HASH_FROM` lines or more) marks the texts' hashes in a table
    of at least two buckets per line, a byte each, and counts in a ``Counter`` only the texts
    that share a bucket with another (equal texts do, and a few others by chance): a page of
    a million distinct lines makes no dict of them all.
    """
    n = len(texts)
    if n < COUNT_BY_HASH_FROM:
        repeats = Counter(texts)
        return int_array(n, map(repeats.__getitem__, texts))
    mask = (1 << (2 * n).bit_length()) - 1
    buckets = bytearray(mask + 1)  # 0, 1 or 2 (two or more) texts in each
    for h in map(hash, texts):
        b = h & mask
        if buckets[b] < 2:
            buckets[b] += 1
    shared = [k for k, h in enumerate(map(hash, texts)) if buckets[h & mask] == 2]
    del buckets
    counts = int_array(n, [1]) * n
    repeats = Counter(texts[k] for k in shared)
    for k in shared:
        counts[k] = repeats[texts[k]]
    return counts


def _head(lines: Sequence[str], rows: Sequence[int], size: int) -> str:
    """The first ``size`` characters (or all) of the lines ``rows`` joined by newlines,
    joining only the lines they need."""
    total, k = 0, 0
    while k < len(rows) and total < size:
        total += len(lines[rows[k]]) + 1
        k += 1
    return "\n".join(lines[i] for i in rows[:k])[:size]


def _window_mean(values: Sequence[float], width: int) -> Sequence[float]:
    """Mean of ``values`` over the ``width`` entries on each side of each entry (itself excluded)."""
    n = len(values)
    if n < 2:
        return [0.0] * n
    prefix = array("d", [0.0])  # the running sums: no float object per line
    prefix.extend(accumulate(values))
    if n <= 2 * width:
        return [_edge_mean(prefix, k, v, n, width) for k, v in enumerate(values)]
    # Inside the page a window is full (2 * width entries): no clipping at the ends.
    full = 2 * width
    ends, starts, middle = islice(prefix, full + 1, None), islice(prefix, n - full), islice(values, width, n - width)
    out = array("d", (_edge_mean(prefix, k, values[k], n, width) for k in range(width)))
    out.extend((hi - lo - v) / full for hi, lo, v in zip(ends, starts, middle, strict=True))
    out.extend(_edge_mean(prefix, k, values[k], n, width) for k in range(n - width, n))
    return out


def _edge_mean(prefix: Sequence[float], k: int, v: float, n: int, width: int) -> float:
    """``(sum - v) / count`` over the entries within ``width`` of entry ``k`` of ``n``
    (``prefix``: their running sums), ``count`` leaving entry ``k`` out."""
    lo, hi = max(0, k - width), min(n, k + width + 1)
    return (prefix[hi] - prefix[lo] - v) / (hi - lo - 1)


def _group_means(groups: Sequence[int], *flags: Sequence[float]) -> list[list[float]]:
    """For each column of ``flags`` (0 or 1 per entry), and each entry, the share of the
    entries of its group whose flag is 1."""
    n = len(groups)
    # Where each run of equal groups starts and ends (C-speed scans).
    starts = [0, *compress(range(1, n), map(ne, groups, islice(groups, 1, None))), n] if n else [0]
    if len(starts) - 1 == len(set(groups)):  # each group in one run (paragraphs): counted by sums
        bounds = list(pairwise(starts))
        out = []
        for values in flags:
            prefix = array("d", [0.0])  # the running sums: no float object per entry
            prefix.extend(accumulate(values))
            column: list[float] = []
            for start, end in bounds:
                column += [(prefix[end] - prefix[start]) / (end - start)] * (end - start)
            out.append(column)
        return out
    counts = Counter(groups)
    out = []
    for values in flags:
        sums: dict[int, float] = defaultdict(float)
        for g, v in zip(groups, values, strict=True):
            sums[g] += v
        means = {g: sums[g] / c for g, c in counts.items()}
        out.append([means[g] for g in groups])
    return out


def _removed_around(dropped: Sequence[object], rows: Sequence[int], width: int) -> array[float]:
    """Share of the ``width`` blocks on each side of each row that are removed (an array:
    no float object per line)."""
    n = len(dropped)
    if n == len(rows) or n < 2:
        return array("d", [0.0]) * len(rows)
    prefix = int_array(n, [0])  # the running counts: no int object per line
    prefix.extend(accumulate(r is not None for r in dropped))
    full, last = 2 * width, n - width  # rows in [width, last) have a full window
    shares = (
        (prefix[i + width + 1] - prefix[i - width]) / full if width <= i < last else _edge_mean(prefix, i, 0, n, width)
        for i in rows
    )
    return array("d", shares)


def _walls(dropped: Sequence[Any], rows: Sequence[int]) -> bytearray:
    """For each row, the kind of wall among the removed blocks between it and the row before
    (a byte each)."""
    walls = bytearray(len(rows))
    kinds = {
        i: COMMENT_WALL if r.rule in COMMENT_RULES else SECTION_WALL
        for i, r in enumerate(dropped)
        if r is not None and r.rule in BOUNDARY_RULES
    }
    if not kinds:
        return walls
    k = 0
    for i in sorted(kinds):  # the first row after each wall block
        while k < len(rows) and rows[k] < i:
            k += 1
        if k < len(rows):
            walls[k] = max(walls[k], kinds[i])
    return walls
