"""One shared analysis of a document's lines, computed once and reused by every filter.

Filters that test each line with a Python call pay that call on every line of every
document. A :class:`LineIndex` joins the block texts with newlines so that a filter can
run one compiled pattern over the whole document and learn which lines hold a match
(:meth:`LineIndex.lines_matching`), and it tokenises each line once for all filters
(:attr:`LineIndex.tokens`, :attr:`LineIndex.words`; a big document keeps no list of words per
line, see :data:`SHARE_WORDS_FROM`). Filters use these scans as *gates*:
a cheap document-wide scan names the few lines that may match, and the exact rule runs
on those lines only.

>>> idx = LineIndex(["Latest News", "The vote passed on Monday.", "Share: Facebook"])
>>> import re
>>> idx.lines_matching(re.compile(r"^(?:latest news|share)", re.MULTILINE))
[0, 2]
>>> list(idx.words)
[2, 5, 2]
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from itertools import accumulate
from typing import Any, overload

from cleantext.textstats import WORD, ends_sentence, lower


class LineIndex:
    """The lines of a document (block texts, in block order) joined for whole-document scans.

    ``text`` is the lines joined by ``\\n`` and ``lower`` the same in lower case, as the
    phrase tables are matched (:func:`cleantext.textstats.lower`: Turkish ``İ`` and ``ı``
    read ``i``); line ``i`` starts at ``starts[i]`` in ``text`` (``lower_starts[i]`` in
    ``lower``, should lower-casing ever change a line's length). ``size`` is the length of
    ``text``.

    ``text`` is one string with ``lower`` when lower-casing changes nothing; otherwise it is
    joined again when first asked for: scans for marks without letters (``|``, ``:``, ``»``)
    read ``lower``, where they stand on the same lines, so most documents never hold both.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines: list[str] = lines if type(lines) is list else list(lines)  # shared, not copied
        self._containing: dict[tuple[str, bool], array[int]] = {}  # no int object per line
        text = "\n".join(self.lines)
        self.size = len(text)
        self.starts: array[int] = _starts(self.lines)
        self._turkish = "İ" in text or "ı" in text or "\u0307" in text
        low = lower(text)
        if low == text:
            self.lower, self.lower_starts = text, self.starts  # one string, not two alike
            self.text = text
            return
        del text  # joined again if asked for (the text property)
        if len(low) == self.size:
            self.lower, self.lower_starts = low, self.starts
        else:
            lows = [lower(t) for t in self.lines]
            self.lower = "\n".join(lows)
            self.lower_starts = _starts(lows)

    @cached_property
    def text(self) -> str:
        """The lines joined by newlines, as written (set at once when it is :attr:`lower`)."""
        return "\n".join(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    # -- whole-document scans ------------------------------------------------------------
    def lines_matching(self, pattern: Any, *, lower: bool = True) -> list[int]:
        """Indices of the lines where ``pattern`` finds a match, in order.

        The pattern runs over the joined text (``lower`` or ``text``), so write it for
        that: ``re.MULTILINE`` for ``^``/``$``, and classes that cannot cross a newline
        where it matters. A match is credited to the line it starts in; the scan then goes
        on at the next line, so a line is reported once however many matches it holds.
        """
        text, starts = (self.lower, self.lower_starts) if lower else (self.text, self.starts)
        found: list[int] = []
        search = pattern.search
        last = len(starts) - 1
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                return found
            i = bisect_right(starts, m.start()) - 1
            found.append(i)
            if i >= last:
                return found
            pos = starts[i + 1]

    def lines_containing(self, needle: str, *, lower: bool = True, within: str | None = None) -> list[int]:
        """Indices of the lines holding the literal string ``needle`` (a fast ``str.find``
        scan, made once per needle: the answer is kept, as an array, and each call gets a
        list of it).

        ``within``, a part of ``needle`` made of ASCII characters other than letters
        (which read the same in lower case), narrows the kept answer for the lines holding
        it instead of scanning the document again: give it when another filter scans for
        it anyway (``":"`` for ``"://"``).
        """
        return self.containing(needle, lower=lower, within=within).tolist()

    def containing(self, needle: str, *, lower: bool = True, within: str | None = None) -> memoryview:
        """What :meth:`lines_containing` lists, as a read-only view of the kept array: no
        list of a million ints when a mark is on every line of a big page (the gates loop
        over it, or mark it in a ``bytearray``).

        >>> idx = LineIndex(["a: b", "c", "d://e"])
        >>> list(idx.containing("://", lower=False, within=":")), idx.containing(":").readonly
        ([2], True)
        """
        lower = lower or _caseless(needle)  # on the same lines in either text: scan the one kept
        key = (needle, lower)
        kept = self._containing.get(key)
        if kept is None:
            if within is None:
                kept = self._scan_for(needle, lower)
            else:
                if within not in needle or not within.isascii() or any(c.isalpha() for c in within):
                    raise ValueError(f"within={within!r} must be a part of {needle!r} without letters, in ASCII")
                line = self.lower_line if lower else self.lines.__getitem__
                marked = self.containing(within, lower=False)
                kept = int_array(len(self.lines), (i for i in marked if needle in line(i)))
            self._containing[key] = kept
        return memoryview(kept).toreadonly()

    def _scan_for(self, needle: str, lower: bool) -> array[int]:
        text, starts = (self.lower, self.lower_starts) if lower else (self.text, self.starts)
        found: array[int] = int_array(len(self.lines))
        add = found.append
        find = text.find
        last = len(starts) - 1
        pos = find(needle)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            add(i)
            if i >= last:
                break
            pos = find(needle, starts[i + 1])
        return found

    def lower_line(self, i: int) -> str:
        """Line ``i`` in lower case (a slice of :attr:`lower`)."""
        starts = self.lower_starts
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(self.lower)
        return self.lower[starts[i] : end]

    # -- per-line measures, computed once ---------------------------------------------
    def measure_all(self) -> None:
        """Compute every per-line measure now (each is otherwise computed on first use):
        :meth:`cleantext.Pipeline.profile` charges them to a stage of their own."""
        for name in ("tokens", "words", "first_words", "sentence_ends"):
            getattr(self, name)
        self.words_in(())  # what the word tests read: the vocabulary, or a big document's words of letters

    @cached_property
    def tokens(self) -> Sequence[list[str]]:
        """The ``\\w+`` words of each line, as written (not lower-cased).

        In a document of :data:`SHARE_WORDS_FROM` characters or more the lists are not kept
        (a :class:`LineTokens`: each line's words are found again when asked): a million
        short lines would hold a million lists. Smaller documents keep them, the faster way.
        """
        if self.size < SHARE_WORDS_FROM:  # a page of usual size: the fast way
            findall = WORD.findall
            return [findall(t) for t in self.lines]
        return LineTokens(self.lines)

    @cached_property
    def words(self) -> Sequence[int]:
        """Number of words of each line (an array)."""
        if self.size >= SHARE_WORDS_FROM:
            return self._measure_words()[0]
        return int_array(self.size, map(len, self.tokens))

    @cached_property
    def sentence_ends(self) -> bytes:
        """Whether each line ends like a sentence (see :func:`cleantext.textstats.ends_sentence`):
        1 or 0, a byte each."""
        return bytes(map(ends_sentence, self.lines))

    @cached_property
    def first_words(self) -> list[str]:
        """The first word of each line, lower-cased, without leading underscores (``""``
        for a line without words): where a pattern starting ``^[\\W_]*`` finds a word."""
        if self.size >= SHARE_WORDS_FROM:
            return self._measure_words()[1]
        fold = self._fold
        return [fold(t[0] if t[0][0] != "_" else _first_word(t)) if t else "" for t in self.tokens]

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The lower-cased words of the whole document (filters ask :meth:`words_in`,
        which a big document answers without this set)."""
        fold = self._fold
        if self.size >= SHARE_WORDS_FROM:
            return frozenset(w for t in self.tokens for w in map(fold, t))
        return frozenset(map(fold, set().union(*self.tokens)))

    def words_in(self, words: Iterable[str]) -> set[str]:
        """Which of ``words`` (lower-cased) the document may hold as words: a gate's test
        (the exact rule decides on the lines the gate lets through).

        A small document answers from :attr:`vocabulary`. A big one (:data:`SHARE_WORDS_FROM`
        characters or more) keeps no set of every distinct word (830 000 numbered lines hold
        830 000 distinct numbers), only of its words made of letters (``str.isalpha``,
        gathered in the pass that counts the words); another word asked for (with a digit,
        an ``_`` or a mark) is looked for in :attr:`lower`, where it may also stand inside a
        longer word.
        """
        if self.size < SHARE_WORDS_FROM:
            return self.vocabulary.intersection(words)
        letters, low = self._measure_words()[2], self.lower
        return {w for w in words if (w in letters if w.isalpha() else w in low)}

    @cached_property
    def _fold(self) -> Callable[[str], str]:
        """How a word is lower-cased as the phrase tables are: ``str.lower``, or
        :func:`~cleantext.textstats.lower` when the text holds a Turkish ``İ`` or ``ı`` (which
        ``str.lower`` reads otherwise)."""
        return lower if self._turkish else str.lower

    def _measure_words(self) -> tuple[Sequence[int], list[str], frozenset[str]]:
        """:attr:`words`, :attr:`first_words` and the distinct lower-cased words made of
        letters (what :meth:`words_in` reads) of a big document in one pass over its lines,
        keeping no line's words: each word is lower-cased as it comes, so only the distinct
        words of letters stay, and each distinct first word is one string object."""
        if "_measures" not in self.__dict__:
            findall = WORD.findall
            share = {"": ""}.setdefault
            fold = self._fold
            seen: set[str] = set()
            counts = int_array(self.size)
            firsts: list[str] = []
            for line in self.lines:
                t = findall(line) if len(line) <= _PIECE else _long_line_tokens(line, {}.setdefault)
                counts.append(len(t))
                first = fold(t[0] if t[0][0] != "_" else _first_word(t)) if t else ""
                firsts.append(share(first, first))
                seen.update(filter(str.isalpha, map(fold, t)))
            letters = frozenset(seen)
            del seen
            self.__dict__["_measures"] = (counts, firsts, letters)
        return self.__dict__["_measures"]  # type: ignore[no-any-return]


class LineTokens(Sequence[list[str]]):
    """The words of each line of a big document, found when asked and not kept:
    ``tokens[i]`` is a new list each time (read each line once where it matters)."""

    __slots__ = ("_lines",)

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, i: int) -> list[str]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[str]]: ...
    def __getitem__(self, i: int | slice) -> list[str] | list[list[str]]:
        if isinstance(i, slice):
            return list(LineTokens(self._lines[i]))
        line = self._lines[i]
        return WORD.findall(line) if len(line) <= _PIECE else _long_line_tokens(line, {}.setdefault)

    def __iter__(self) -> Iterator[list[str]]:
        findall = WORD.findall
        for line in self._lines:
            yield findall(line) if len(line) <= _PIECE else _long_line_tokens(line, {}.setdefault)


def int_array(limit: int, values: Iterable[int] = ()) -> array[int]:
    """An array of whole numbers from 0 to ``limit`` (``values``): 4 bytes each when they
    fit (``'i'``), 8 bytes for the offsets of a text of 2 GiB or more (``'q'``).

    >>> int_array(100, [1, 2]).itemsize, int_array(1 << 40).itemsize
    (4, 8)
    """
    return array("i" if limit < 1 << 31 else "q", values)


def _starts(lines: list[str]) -> array[int]:
    """Where each line starts in the lines joined by newlines (an array: no int object per line)."""
    starts = int_array(sum(map(len, lines)) + len(lines), [0])
    starts.extend(accumulate(map((1).__add__, map(len, lines))))
    del starts[len(lines) :]
    return starts


SHARE_WORDS_FROM = 1 << 20
"""Documents of this many characters or more keep no list of words per line (see
:attr:`LineIndex.tokens`) and no set of every distinct word (see :meth:`LineIndex.words_in`)."""
_PIECE = 1 << 16


def _long_line_tokens(line: str, share: Any) -> list[str]:
    """The words of a huge line, found a piece at a time (cut at spaces, which no word
    crosses) so that each piece's words are shared before the next piece is read: never
    all the line's words as separate strings at once."""
    findall = WORD.findall
    out: list[str] = []
    start, size = 0, len(line)
    while start < size:
        end = min(start + _PIECE, size)
        if end < size:
            cut = line.rfind(" ", start, end)
            if cut <= start:  # no space in the piece: the rest word by word
                out += [share(m.group(), m.group()) for m in WORD.finditer(line, start)]
                return out
            end = cut
        words = findall(line, start, end)
        out += map(share, words, words)
        start = end
    return out


def _caseless(needle: str) -> bool:
    """Whether ``needle`` holds no letter, cased character or combining mark (``|``, ``://``,
    ``»``): it stands on the same lines of a text and of its lower-cased copy.

    >>> _caseless("://"), _caseless("»"), _caseless("(c)"), _caseless("Ⓐ")
    (True, True, False, False)
    """
    return (
        needle.lower() == needle == needle.upper()
        and not any(c.isalpha() for c in needle)
        and not any(map(unicodedata.combining, needle))
    )


def _first_word(tokens: list[str]) -> str:
    """The first of ``tokens`` that is more than underscores, without its leading ones."""
    for token in tokens:
        word = token.lstrip("_")
        if word:
            return word
    return ""
