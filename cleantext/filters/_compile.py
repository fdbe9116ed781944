"""Compile phrase tables into one pattern per filter (done once, on first use: see :mod:`cleantext.lazy`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from cleantext.lines import LineIndex

# Where a phrase matched on word edges may start or end: not inside a word.
WORD_EDGE = r"(?:(?<!\w)|(?!\w))"

# Decoration around a label: dashes, bullets, brackets, arrows, colons, ellipses.
DECOR = r"[\s\-–—•·*|»«›‹<>#\[\]()/:.…!→←↑↓▶►▼+=_~]*"


def table_entries(table: Mapping[str, Iterable[str]] | Iterable[str]) -> set[str]:
    """The entries of a phrase table: all languages of a per-language mapping, or a plain
    list; each read as :func:`fold_entry` reads it."""
    entries = {e for v in table.values() for e in v} if isinstance(table, Mapping) else set(table)
    return {fold_entry(e) for e in entries}


def fold_entry(entry: str) -> str:
    """A lower-case table entry as it is matched: Turkish ``ı`` becomes ``i``, as in the
    lower-cased text (:func:`cleantext.textstats.lower`), so ``devamını oku`` matches both
    ``Devamını oku`` and ``DEVAMINI OKU``.

    >>> fold_entry("tüm hakları saklıdır")
    'tüm haklari saklidir'
    """
    return entry.replace("ı", "i")


def alternation(table: Mapping[str, Iterable[str]] | Iterable[str]) -> str:
    """One ``(?:a|b|…)`` group of all entries (all languages), longest first."""
    entries = table_entries(table)
    return "(?:" + "|".join(sorted(entries, key=lambda e: (-len(e), e))) + ")"


# The characters ``\s`` matches (Unicode White_Space). The tests check this list.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Every character DECOR matches, for str.strip: white space and the marks DECOR lists (its
# own source holds them all; the class keeps just those it matches).
_DECOR_CHARS = "".join(sorted(set(regex.findall(DECOR[:-1], WHITE_SPACE + DECOR, regex.V1))))


class WholeLine:
    """Matches a whole *lower-cased* line made of one entry of a table plus decoration.

    Tables are written in lower case and matched against ``line.lower()``: cheaper than
    case-insensitive matching, and the same for every script the tables use. Most entries
    match a few fixed strings (:func:`expand`): a line can be one of them only if, stripped
    of decoration, it equals one of those strings stripped alike, a set lookup that spares
    most lines the pattern. The other entries are tried as a pattern.
    """

    def __init__(self, table: Mapping[str, Iterable[str]] | Iterable[str]) -> None:
        fixed: list[str] = []
        free: list[str] = []
        cores: set[str] = set()
        for entry in table_entries(table):
            strings = expand(entry)
            if strings is None:
                free.append(entry)
            else:
                fixed.append(entry)
                cores.update(x.strip(_DECOR_CHARS) for x in strings)
        self.cores = frozenset(cores)
        self.fixed = regex.compile(rf"{DECOR}{alternation(fixed)}{DECOR}", regex.V1) if fixed else None
        self.free = regex.compile(rf"{DECOR}{alternation(free)}{DECOR}", regex.V1) if free else None

    def fullmatch(self, low: str) -> bool:
        """Whether the lower-cased line ``low`` is one entry plus decoration."""
        if self.fixed is not None and low.strip(_DECOR_CHARS) in self.cores and self.fixed.fullmatch(low):
            return True
        return self.free is not None and self.free.fullmatch(low) is not None


def whole_line(table: Mapping[str, Iterable[str]] | Iterable[str]) -> WholeLine:
    """A :class:`WholeLine` matcher of ``table``."""
    return WholeLine(table)


def lower_search(table: Mapping[str, Iterable[str]] | Iterable[str], prefix: str = "") -> regex.Pattern[str]:
    """A pattern over the entries of a lower-case table, for ``search``/``match`` on lower-cased lines."""
    return regex.compile(prefix + alternation(table), regex.V1)


def _mandatory_words(entry: str) -> list[str]:
    """Literal words every match of ``entry`` contains (a conservative reading of its source),
    as the lower-cased text holds them (:func:`fold_entry`)."""
    s = fold_entry(entry)
    while True:  # drop groups, innermost first, with any quantifier after them
        t = re.sub(r"\((?:\?[:i]+)?[^()]*\)[?*+]?(?:\{[^}]*\})?", " ", s)
        if t == s:
            break
        s = t
    s = re.sub(r"\[[^\]]*\][?*+]?(?:\{[^}]*\})?", " ", s)  # character classes
    s = re.sub(r"\\.", " ", s)  # escapes (\b, \d, \.)
    s = re.sub(r".[?*](?:\{[^}]*\})?|.\{0,[^}]*\}", " ", s)  # optional characters
    return [w for w in re.split(r"[^\w]+", s) if len(w) >= 3]


class AnchoredSearch:
    """``search`` over a lower-case phrase table, running only entries that can match.

    Each entry contributes its longest mandatory literal word as an anchor; a line is
    tried against an anchor's entries only when it holds the anchor (a fast ``in`` test
    per anchor). Entries without an anchor are tried on every line.
    """

    def __init__(
        self, table: Mapping[str, Iterable[str]] | Iterable[str], prefix: str = "", *, bounded: bool = False
    ) -> None:
        entries = table_entries(table)
        if bounded:
            prefix += WORD_EDGE
        by_anchor: dict[str, list[str]] = {}
        loose: list[str] = []
        for e in entries:
            words = _mandatory_words(e)
            if words:
                by_anchor.setdefault(max(words, key=len), []).append(e)
            else:
                loose.append(e)
        suffix = WORD_EDGE if bounded else ""
        self.by_anchor = {
            a: regex.compile(prefix + alternation(es) + suffix, regex.V1) for a, es in sorted(by_anchor.items())
        }
        self.loose = regex.compile(prefix + alternation(loose) + suffix, regex.V1) if loose else None

    def search(self, low: str) -> bool:
        """Whether some entry occurs in the lower-cased line ``low``."""
        if self.loose is not None and self.loose.search(low):
            return True
        for pattern in [pattern for anchor, pattern in self.by_anchor.items() if anchor in low]:
            if pattern.search(low):
                return True
        return False


def _finite_prefix(entry: str, limit: int = 512) -> tuple[set[str], bool] | None:
    """The strings the start of ``entry`` matches, read atom by atom up to the first atom
    that is not finite (or repeats freely), and whether that read the whole entry;
    ``None`` when there are more than ``limit`` strings."""
    strings = {""}
    pos = 0
    while pos < len(entry):
        atom, end = _finite_atom(entry, pos)
        if atom is None or entry[end : end + 1] in ("*", "+", "{"):
            return strings, False
        if entry[end : end + 1] == "?":
            atom, end = atom | {""}, end + 1
        strings = {p + a for p in strings for a in atom}
        if len(strings) > limit:
            return None
        pos = end
    return strings, True


def expand(entry: str, limit: int = 512) -> set[str] | None:
    """All the strings ``entry`` matches when they are few (at most ``limit``), else ``None``.

    >>> sorted(expand("(?:read|see) more!?"))
    ['read more', 'read more!', 'see more', 'see more!']
    >>> expand(r"\\d+ comments?") is None
    True
    """
    if "\\s" in entry:  # any whitespace character: too many strings
        return None
    read = _finite_prefix(entry, limit)
    return read[0] if read is not None and read[1] else None


def first_words(entry: str) -> frozenset[str] | None:
    """The possible first words (lower case, ``\\w+``) of the strings ``entry`` matches,
    read from the start of the pattern up to where the first word is known; ``None``
    when the pattern is too free to say (``\\d+``, ``.``, an open repeat before the
    first word ends). ``""`` stands for a match without any word.

    >>> sorted(first_words("(?:read|see) also"))
    ['read', 'see']
    >>> sorted(first_words("more (?:from|on) .{1,40}")), first_words(r"\\d+ comments?")
    (['more'], None)
    """
    read = _finite_prefix(entry)
    if read is None:
        return None
    strings, complete = read
    words = {_first_word(p, complete=complete) for p in strings}
    return None if None in words else frozenset(w for w in words if w is not None)


_OPTIONAL_NUMBER = r"(?:\d+ )?"


def word_starts(entry: str) -> tuple[frozenset[str], bool] | None:
    """For an entry whose first word :func:`first_words` cannot tell: strings the first
    word of every match starts with, and whether it may start with a digit instead
    (``\\d+ …``, ``(?:\\d+ )?…``); ``None`` when not even that is known.

    >>> word_starts(r"share(?: on \\w+)?")
    (frozenset({'share'}), False)
    >>> sorted(word_starts(r"(?:\\d+ )?comments? on .{1,40}")[0])
    ['comment', 'comments']
    >>> word_starts(r"\\d+ comments"), word_starts(r"[^a]+ comments")
    ((frozenset(), True), None)
    """
    digit = False
    if entry.startswith(_OPTIONAL_NUMBER):
        digit, entry = True, entry[len(_OPTIONAL_NUMBER) :]
    elif entry.startswith("\\d"):
        return frozenset(), True
    read = _finite_prefix(entry)
    if read is None:
        return None
    starts = set()
    for p in read[0]:
        m = re.match(r"[\W_]*(\w+)", p)
        if m is None:
            return None  # no word yet: the first word may be anything
        starts.add(m.group(1).lstrip("_"))
    return frozenset(starts), digit


def _first_word(s: str, *, complete: bool) -> str | None:
    m = re.match(r"[\W_]*(\w+)(\W|$)", s)
    if m is None:
        return "" if complete and not re.search(r"\w", s) else None
    if not m.group(2) and not complete:
        return None  # the word may go on
    return m.group(1).lstrip("_")


def _finite_atom(src: str, pos: int) -> tuple[set[str] | None, int]:
    """The strings the atom at ``src[pos]`` matches and where it ends (``None``: not finite)."""
    c = src[pos]
    if c == "(":
        inner_start = pos + 3 if src.startswith("(?:", pos) else pos + 1
        if src[inner_start - 1 : inner_start] == "?" or (src[pos + 1 : pos + 2] == "?" and inner_start == pos + 1):
            return None, pos
        end = _skip_group(src, pos)
        options: set[str] = set()
        for branch in _split_top(src[inner_start : end - 1]):
            read = _finite_prefix(branch, limit=sys.maxsize)
            if read is None or not read[1]:
                return None, pos
            options |= read[0]
        return options, end
    if c == "[":
        end = _skip_group(src, pos)
        body = src[pos + 1 : end - 1]
        if not body or body[0] == "^" or "\\" in body or "-" in body[1:-1]:
            return None, pos
        return set(body), end
    if c == "\\":
        nxt = src[pos + 1]
        if nxt == "s":
            return {" "}, pos + 2
        if nxt == "b":
            return {""}, pos + 2
        if nxt.isalnum():
            return None, pos
        return {nxt}, pos + 2
    if c in ".^$|)":
        return None, pos
    return {c}, pos + 1


def _split_top(source: str) -> list[str]:
    """``source`` split at its top-level ``|``."""
    parts, start = [], 0
    for i, ch, depth in _walk(source):
        if ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


def aligned_words(entry: str, *, bounded: bool = False) -> list[tuple[str, bool, bool]] | None:
    """The literal words every match of ``entry`` holds, each with whether it is bounded
    by a non-word character on its left and on its right in every match.

    A bounded word is a whole token of the matched text, a word bounded on the left only
    is the start of one, and so on. Groups, classes and optional characters count as
    unknown neighbours; the entry's own edges are bounded when the table is matched on
    word edges (``bounded``). ``None`` when the entry is an alternation at its top level.

    >>> aligned_words("we use cookies")
    [('we', False, True), ('use', True, True), ('cookies', True, False)]
    >>> aligned_words("sign up (?:for|to) newsletters?")
    [('sign', False, True), ('up', True, True), ('newsletter', True, False)]
    >>> aligned_words("we use cookies", bounded=True)[-1]
    ('cookies', True, True)
    >>> aligned_words("e-?mail(?: address)?")
    [('e', False, False), ('mail', False, False)]
    """
    items: list[list[str]] = []  # ["w", word] | ["b"] (a non-word character) | ["o"] (unknown)
    i, n = 0, len(entry)
    while i < n:
        c = entry[i]
        if c == "\\":
            nxt = entry[i + 1 : i + 2]
            items.append(["b"] if nxt in ("b", "s", "W") or not (nxt.isalnum() or nxt == "_") else ["o"])
            i += 2
        elif c in "([":
            i = _skip_group(entry, i)
            items.append(["o"])
        elif c in "?*+{":
            if c == "{":
                i = entry.index("}", i)
            i += 1
            if items and items[-1][0] == "w" and len(items[-1][1]) > 1:  # only its last character repeats
                items[-1][1] = items[-1][1][:-1]
                items.append(["o"])
            elif items:
                items[-1] = ["o"]
        elif c == "|":
            return None
        elif c in "^$":
            items.append(["b"])
            i += 1
        elif c == ".":
            items.append(["o"])
            i += 1
        elif c.isalnum() or c == "_":
            if items and items[-1][0] == "w":
                items[-1][1] += c
            else:
                items.append(["w", c])
            i += 1
        else:
            items.append(["b"])
            i += 1
    out = []
    for k, item in enumerate(items):
        if item[0] == "w":
            left = items[k - 1][0] == "b" if k > 0 else bounded
            right = items[k + 1][0] == "b" if k + 1 < len(items) else bounded
            out.append((item[1], left, right))
    return out


def _skip_group(source: str, i: int) -> int:
    """Index just past the group or character class opening at ``source[i]``."""
    if source[i] == "[":
        j = i + 1
        if source[j : j + 1] == "^":
            j += 1
        if source[j : j + 1] == "]":
            j += 1
        while source[j] != "]":
            j += 2 if source[j] == "\\" else 1
        return j + 1
    for j, ch, depth in _walk(source, i):
        if ch == ")" and depth == 0:
            return j + 1
    raise ValueError(f"unbalanced group in {source!r}")


def _walk(source: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character of ``source`` from ``start`` outside escapes and character classes,
    with the depth of open groups after it."""
    depth, j = 0, start
    while j < len(source):
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _skip_group(source, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        yield j, ch, depth
        j += 1


class TokenGate:
    """Which lines of a document may hold an entry of a lower-case phrase table.

    Every match of an entry holds its literal words (:func:`aligned_words`); those bounded
    by non-word characters on both sides are whole words of the document. An entry is
    possible only when all its whole words are in the document's vocabulary (set tests,
    made only for entries one of whose whole words the document has), and then only lines
    holding its longest literal word (one fast literal scan) *and* all its other literal
    words may match. A table matched on word edges (``bounded``) has whole words at its
    entries' edges too, so most entries are told apart by set lookups alone. Entries
    without a literal word are scanned for as they are. The lines returned include every
    line holding a match (the exact rule decides).
    """

    def __init__(self, table: Mapping[str, Iterable[str]] | Iterable[str], *, bounded: bool = False) -> None:
        entries = table_entries(table)
        # key word (a whole word of the entry) -> (scan word, whole words, other literal words)
        by_key: dict[str | None, set[tuple[str, frozenset[str], tuple[str, ...]]]] = {}
        loose: list[str] = []
        for entry in sorted(entries):
            words = aligned_words(entry, bounded=bounded) or []
            literal = [w for w, _, _ in words if len(w) >= 3]
            if not literal:
                loose.append(entry)
                continue
            whole = frozenset(w for w, left, right in words if left and right)
            scan = max(literal, key=lambda w: len(w) + 2 * (w in whole))
            others = tuple(sorted({w for w, _, _ in words} - {scan}, key=len, reverse=True))
            key = scan if scan in whole else max(whole, key=lambda w: (len(w), w), default=None)
            by_key.setdefault(key, set()).add((scan, whole, others))
        self.always = sorted(by_key.pop(None, ()))
        self.by_key = {k: sorted(v) for k, v in by_key.items()}
        self.keys = frozenset(self.by_key)
        self.words = self.keys.union(*(whole for v in self.by_key.values() for _, whole, _ in v))
        self.loose = re.compile(alternation(loose), re.MULTILINE) if loose else None

    def lines(self, index: LineIndex) -> set[int]:
        """Indices of the lines of ``index`` that may hold an entry."""
        vocabulary = index.words_in(self.words)  # those of the entries' words the document holds
        possible: dict[str, list[tuple[str, ...]]] = {}
        for scan, _, others in self.always:
            possible.setdefault(scan, []).append(others)
        for key in self.keys.intersection(vocabulary):
            for scan, whole, others in self.by_key[key]:
                if whole <= vocabulary:
                    possible.setdefault(scan, []).append(others)
        found: set[int] = set()
        for scan, groups in possible.items():
            if () in groups:  # an entry with no other literal word: every line holding the scan word
                found.update(index.lines_containing(scan))
                continue
            for i in index.lines_containing(scan):
                low = index.lower_line(i)
                if any(all(w in low for w in others) for others in groups):
                    found.add(i)
        if self.loose is not None:
            found.update(index.lines_matching(self.loose))
        return found


class FirstWordGate:
    """Which lines may be one entry of line-start tables (a label, a ``Tags:`` prefix…).

    Such a line's first word must be a possible first word of some entry
    (:func:`first_words`): one dict lookup per line. For entries whose first word cannot
    be told, it must start with what :func:`word_starts` says (``share…``, a digit). The
    few entries where even that is unknown are looked for by a scan of the whole
    document. Each table may carry a tag (a bit): :meth:`tags` says which tables'
    entries each line may be.
    """

    def __init__(self, *tables: Mapping[str, Iterable[str]] | Iterable[str], tags: Iterable[int] | None = None) -> None:
        tag_list = [1] * len(tables) if tags is None else list(tags)
        if len(tag_list) != len(tables):
            raise ValueError("give one tag per table")
        firsts: dict[str, int] = {}
        prefixes: dict[str, int] = {}
        self.digit_tags = 0
        rest: dict[int, list[str]] = {}
        for table, tag in zip(tables, tag_list, strict=True):
            for entry in table_entries(table):
                words = first_words(entry)
                starts = word_starts(entry) if words is None else None
                if words is not None:
                    for w in words:
                        firsts[w] = firsts.get(w, 0) | tag
                elif starts is not None:
                    for p in starts[0]:
                        prefixes[p] = prefixes.get(p, 0) | tag
                    self.digit_tags |= tag if starts[1] else 0
                else:
                    rest.setdefault(tag, []).append(entry)
        self.first_words = firsts
        self.prefixes = prefixes
        # Every prefix starts with one of these heads (all as long as the shortest prefix).
        self._head = min(map(len, prefixes), default=0)
        self._heads = frozenset(p[: self._head] for p in prefixes)
        self.rest = [(re.compile(rf"^[\W_]*{alternation(es)}", re.MULTILINE), tag) for tag, es in rest.items()]

    def tags(self, index: LineIndex) -> dict[int, int]:
        """The lines of ``index`` that may be an entry, each with the tags of its tables."""
        firsts, words = self.first_words, index.first_words
        found = {i: firsts[w] for i, w in enumerate(words) if w in firsts}
        k, heads, digits = self._head, self._heads, self.digit_tags
        hits = [i for i, w in enumerate(words) if w[:k] in heads] if heads else []
        if digits:
            hits += [i for i, w in enumerate(words) if w[:1].isdigit()]
        for i in hits:
            w = words[i]
            tag = digits if w[0].isdigit() else 0
            for p, t in self.prefixes.items():
                if w.startswith(p):
                    tag |= t
            if tag:
                found[i] = found.get(i, 0) | tag
        for pattern, tag in self.rest:
            for i in index.lines_matching(pattern):
                found[i] = found.get(i, 0) | tag
        return found

    def lines(self, index: LineIndex) -> set[int]:
        """Indices of the lines of ``index`` that may be an entry."""
        return set(self.tags(index))
