"""Matchers of the phrase tables (:mod:`cleantext.phrases`), built on first use (see :mod:`cleantext.lazy`).

A table's phrases are literal strings, so most matching is string work: a whole-line table
is a set lookup of the line stripped of decoration (:class:`WholeLine`), a line-start table a
``startswith`` of the phrases that begin with the line's first character (:class:`LinePrefix`),
a contained-phrase table one ``str.find`` scan of the document per phrase whose words it holds
(:class:`Contained`). The few patterns of a table are tried only where their literal start
(:func:`literal_head`) is. Every matcher takes lower-cased text
(:func:`cleantext.textstats.lower`), as the tables are folded.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import regex

from cleantext.lazy import lazy
from cleantext.phrases import Table, table
from cleantext.textstats import WORD

if TYPE_CHECKING:
    from cleantext.lines import LineIndex

# Where a phrase matched on word edges may start or end: not inside a word.
WORD_EDGE = r"(?:(?<!\w)|(?!\w))"

# Decoration around a label: dashes, bullets, brackets, arrows, colons, ellipses.
DECOR = r"[\s\-–—•·*|»«›‹<>#\[\]()/:.…!→←↑↓▶►▼+=_~]*"

# The characters ``\s`` matches (Unicode White_Space). The tests check this list.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Every character DECOR matches, for str.strip: white space and the marks DECOR lists.
_DECOR_CHARS = WHITE_SPACE + "".join(sorted(set(DECOR[4:-2]) - {"\\"}))
_WORD_CHAR = lazy(regex.compile)(r"\w")


def _table(t: str | Table) -> Table:
    return table(t) if isinstance(t, str) else t


def fragments(name: str | Table) -> list[str]:
    """The entries of the table ``name`` as regex fragments: each phrase escaped, and the patterns."""
    t = _table(name)
    return [regex.escape(p, special_only=True, literal_spaces=True) for p in t.phrases] + list(t.patterns)


def alternation(entries: Iterable[str]) -> str:
    """One ``(?:a|b|…)`` group of regex fragments, longest first."""
    return "(?:" + "|".join(sorted(set(entries), key=lambda e: (-len(e), e))) + ")"


def pattern(source: Callable[[], str], flags: int = regex.V1) -> regex.Pattern[str]:
    """The pattern whose source ``source()`` gives: ``lazy(pattern)(lambda: …)`` reads the
    phrase tables a pattern is made of on first use, not at import."""
    return regex.compile(source(), flags)


@cache
def phrase_set(*names: str) -> frozenset[str]:
    """The phrases of the tables ``names``, as a set (made once)."""
    return frozenset(p for name in names for p in table(name).phrases)


def first_word(phrase: str) -> str:
    """The first ``\\w+`` word of a phrase (``""`` if none), as :attr:`LineIndex.first_words` reads lines."""
    m = WORD.search(phrase)
    return m.group().lstrip("_") if m else ""


_META = frozenset("\\^$.|?*+()[]{}")


def literal_head(source: str) -> str:
    """The literal text every match of the pattern ``source`` starts with: its characters up
    to the first one that is not literal (an escaped mark counts as itself; a leading ``\\b``
    is skipped), less the last one when a quantifier follows it. Table patterns hold no
    ``|`` outside a group (the tests check it), so this start is every match's.

    >>> literal_head(r"follow us on \\w+"), literal_head(r"comments? on .{1,40}"), literal_head(r"\\d+ comments")
    ('follow us on ', 'comment', '')
    >>> literal_head(r"\\bv\\.\\s?l\\."), literal_head(r"\\((?:l|r)\\)")
    ('v.', '(')
    """
    head: list[str] = []
    i = 2 if source.startswith("\\b") else 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source) and not source[i + 1].isalnum():
            head.append(source[i + 1])
            i += 2
            continue
        if c in _META:
            if c in "?*{" and head:
                head.pop()
            break
        head.append(c)
        i += 1
    return "".join(head)


def _unlettered(source: str) -> bool:
    """Whether every match of a pattern without a literal head starts with a character that
    is neither a letter nor decoration: a digit (``\\d``) or a class of such marks (``[£$€]``),
    not optional.

    >>> _unlettered(r"\\d+ comments"), _unlettered(r"[£$€]\\d+"), _unlettered("[£$]?now"), _unlettered("[a-]x")
    (True, True, False, False)
    """
    if source.startswith("\\d"):
        end = 2
    elif source.startswith("[") and not source.startswith("[^") and "]" in source[1:]:
        end = source.index("]", 1) + 1
        body = source[1 : end - 1]
        if "\\" in body or any(c.isalpha() or c in _DECOR_CHARS for c in body):
            return False
    else:
        return False
    return source[end : end + 1] not in ("?", "*") and not source.startswith("{0", end)


class _ByStart:
    """The patterns of a table, grouped by where a match may start: by the first character of
    their literal head (tried on text whose core starts with a head), patterns starting with
    a digit or mark (tried on text whose core does not start with a letter), and the rest
    (tried on any text). ``wrap`` turns an alternation into the pattern compiled."""

    def __init__(self, sources: Iterable[str], wrap: Callable[[str], str]) -> None:
        by_char: dict[str, list[tuple[str, str]]] = {}
        unlettered: list[str] = []
        anywhere: list[str] = []
        for s in sources:
            head = literal_head(s)
            if head and head[0] not in _DECOR_CHARS:
                by_char.setdefault(head[0], []).append((head, s))
            else:
                (unlettered if not head and _unlettered(s) else anywhere).append(s)

        def compiled(group: list[str]) -> regex.Pattern[str] | None:
            return regex.compile(wrap(alternation(group)), regex.V1) if group else None

        self.by_char = {c: (tuple(h for h, _ in hs), compiled([s for _, s in hs])) for c, hs in by_char.items()}
        self.unlettered = compiled(unlettered)
        self.anywhere = compiled(anywhere)

    def __bool__(self) -> bool:
        return bool(self.by_char) or self.unlettered is not None or self.anywhere is not None

    def candidates(self, core: str) -> list[regex.Pattern[str]]:
        """The compiled groups that may match text whose core (the text without its leading
        decoration) is ``core``."""
        found = []
        hit = self.by_char.get(core[:1])
        if hit is not None and core.startswith(hit[0]):
            found.append(hit[1])
        if self.unlettered is not None and not core[:1].isalpha():
            found.append(self.unlettered)
        if self.anywhere is not None:
            found.append(self.anywhere)
        return found


def _edges(phrase: str) -> tuple[str, str, str]:
    """``phrase`` split into its leading decoration, its core and its trailing decoration."""
    core = phrase.strip(_DECOR_CHARS)
    start = phrase.find(core) if core else len(phrase)
    return phrase[:start], core, phrase[start + len(core) :]


class WholeLine:
    """Matches a whole lower-cased line made of one entry of a table plus decoration
    (:data:`DECOR`: ``» Read more «``, ``READ MORE:``).

    A line is a phrase when, stripped of decoration, it is a phrase stripped alike (a set
    lookup), and its decoration holds the phrase's own (``all rights reserved.`` needs the
    dot). The patterns are tried as ``DECOR pattern DECOR``.
    """

    def __init__(self, name: str | Table) -> None:
        t = _table(name)
        cores: dict[str, set[tuple[str, str]]] = {}
        for p in t.phrases:
            lead, core, trail = _edges(p)
            if not core:
                raise ValueError(f"phrase table {t.name!r}: {p!r} is only decoration; remove it")
            cores.setdefault(core, set()).add((lead, trail))
        # () when the phrase has no decoration of its own: any decoration will do
        self.cores = {c: () if ("", "") in e else tuple(sorted(e)) for c, e in cores.items()}
        self.patterns = _ByStart(t.patterns, lambda alt: f"{DECOR}{alt}{DECOR}") if t.patterns else None

    def fullmatch(self, low: str) -> bool:
        """Whether the lower-cased line ``low`` is one entry plus decoration."""
        core = low.strip(_DECOR_CHARS)
        edges = self.cores.get(core)
        if edges is not None:
            if not edges:
                return True
            lead, _, trail = _edges(low)
            if any(lead.endswith(a) and trail.startswith(b) for a, b in edges):
                return True
        if self.patterns is None:
            return False
        return any(p.fullmatch(low) for p in self.patterns.candidates(core))


class LinePrefix:
    """Matches a lower-cased line that starts, after decoration, with an entry of a table
    (``Tags:``, ``» Read also:``). A phrase ending in a letter or digit ends on a word edge:
    ``share on`` opens ``Share on X`` but not ``Share only…``."""

    def __init__(self, name: str | Table) -> None:
        t = _table(name)
        by_char: dict[str, list[tuple[str, str, bool]]] = {}
        for p in t.phrases:
            lead, core, trail = _edges(p)
            core += trail
            if not core:
                raise ValueError(f"phrase table {t.name!r}: {p!r} is only decoration; remove it")
            by_char.setdefault(core[0], []).append((core, lead, _WORD_CHAR.match(core[-1]) is not None))
        self.by_char = {c: (tuple(e[0] for e in es), es) for c, es in by_char.items()}
        self.patterns = _ByStart(t.patterns, lambda alt: f"{DECOR}{alt}")

    def match(self, low: str) -> bool:
        """Whether the lower-cased line ``low`` starts with an entry."""
        rest = low.lstrip(_DECOR_CHARS)
        hit = self.by_char.get(rest[:1])
        if hit is not None and rest.startswith(hit[0]):
            lead = low[: len(low) - len(rest)]
            for core, need, edge in hit[1]:
                if rest.startswith(core) and lead.endswith(need):
                    if not edge or _WORD_CHAR.match(rest, len(core)) is None:
                        return True
        return any(p.match(low) for p in self.patterns.candidates(rest))


class FirstWords:
    """Which lines of a document may be an entry of tables read from the start of a line
    (whole-line and line-start tables), by a dict lookup of each line's first word
    (:attr:`LineIndex.first_words`). A phrase's first word is plain; a pattern's is the first
    word of its literal head (when the head ends inside that word, the lines whose first word
    starts with it), any word starting with a digit for a pattern starting ``\\d``; a pattern
    with neither is looked for by a scan of the whole document. Each table carries a bit:
    :meth:`tags` says which tables' entries each line may be."""

    def __init__(self, *tables: tuple[str | Table, int]) -> None:
        self.words: dict[str, int] = {}
        self.starts: dict[str, int] = {}
        self.digits = 0
        scans: dict[int, list[str]] = {}
        for name, bit in tables:
            t = _table(name)
            for w in (first_word(p.lower() if t.cased else p) for p in t.phrases):  # lines' first words are lower-cased
                self.words[w] = self.words.get(w, 0) | bit
            for source in t.patterns:
                head = literal_head(source)
                m = WORD.search(head)
                if source.startswith("\\d"):
                    self.digits |= bit
                elif m is None:
                    scans.setdefault(bit, []).append(source)
                else:
                    into = self.words if m.end() < len(head) else self.starts
                    into[m.group().lstrip("_")] = into.get(m.group().lstrip("_"), 0) | bit
        self.scans = [
            (regex.compile(rf"^[\W_]*{alternation(sources)}", regex.V1 | regex.MULTILINE), bit)
            for bit, sources in scans.items()
        ]

    def tags(self, index: LineIndex) -> dict[int, int]:
        """The lines of ``index`` that may be an entry, each with the bits of its tables."""
        words, get = index.first_words, self.words.get
        found = {i: bits for i, w in enumerate(words) if (bits := get(w, 0))}
        add = found.get  # each further bit is OR-ed in as it is found: no list of (line, bit) pairs
        if self.starts:
            heads = tuple(self.starts)
            for i in [i for i, w in enumerate(words) if w.startswith(heads)]:
                for head, bit in self.starts.items():
                    if words[i].startswith(head):
                        found[i] = add(i, 0) | bit
        if self.digits:
            digits = self.digits
            for i, w in enumerate(words):
                if w[:1].isdigit():
                    found[i] = add(i, 0) | digits
        for pattern, bit in self.scans:
            for i in index.lines_matching(pattern):
                found[i] = add(i, 0) | bit
        return found


class Contained:
    """Finds the entries of a table inside lower-cased lines; on word edges (``bounded``:
    ``we use cookies`` is not in ``we use cookiesx``) or anywhere.

    :meth:`lines` looks for the phrases in a whole document: only those whose words the
    document holds (:meth:`~cleantext.lines.LineIndex.words_in`) are looked for, each by one
    ``str.find`` scan; patterns are tried on the lines holding their literal head.
    """

    def __init__(self, name: str | Table, *, bounded: bool, extra: Iterable[str] = ()) -> None:
        t = _table(name)
        self.bounded = bounded
        self.phrases: list[tuple[str, frozenset[str]]] = []
        for p in dict.fromkeys([*t.phrases, *extra]):
            # the words of the phrase that are whole words of a line holding it
            words = [m.group() for m in WORD.finditer(p) if bounded or (m.start() > 0 and m.end() < len(p))]
            self.phrases.append((p, frozenset(words)))
        edge = WORD_EDGE if bounded else ""
        self.patterns = [(literal_head(s), regex.compile(edge + s + edge, regex.V1)) for s in t.patterns]
        # the phrases by one of their whole words (the longest): only phrases whose word the
        # document holds are looked at; phrases without one are looked for in every document
        self.by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self.always: list[str] = []
        for p, words in self.phrases:
            if words:
                self.by_word.setdefault(max(sorted(words), key=len), []).append((p, words))
            else:
                self.always.append(p)
        self.keys = frozenset(self.by_word)
        self.words = frozenset().union(*(words for _, words in self.phrases))
        self.texts = [p for p, _ in self.phrases]

    def _found(self, low: str, phrase: str) -> bool:
        """Whether ``phrase`` occurs in ``low`` (on word edges when the table is bounded)."""
        if not self.bounded:
            return phrase in low
        at = low.find(phrase)
        left, right = _WORD_CHAR.match(phrase) is not None, _WORD_CHAR.match(phrase[-1]) is not None
        while at >= 0:
            end = at + len(phrase)
            if not (left and at > 0 and _WORD_CHAR.match(low, at - 1)) and not (right and _WORD_CHAR.match(low, end)):
                return True
            at = low.find(phrase, at + 1)
        return False

    def search(self, low: str) -> bool:
        """Whether some entry occurs in the lower-cased line ``low``."""
        inside = [p for p in self.texts if p in low]  # then on word edges
        return any(self._found(low, p) for p in inside) or any(
            head in low and pat.search(low) for head, pat in self.patterns
        )

    def lines(self, index: LineIndex) -> set[int]:
        """Indices of the lines of ``index`` that hold an entry."""
        present = index.words_in(self.words)  # the phrases' words the document holds
        keys = self.keys.intersection(present)
        possible = [p for key in keys for p, words in self.by_word[key] if words <= present]
        found: set[int] = set()
        for phrase in possible + self.always:
            lines = index.lines_containing(phrase)
            if self.bounded:
                lines = [i for i in lines if self._found(index.lower_line(i), phrase)]
            found.update(lines)
        for head, pat in self.patterns:
            candidates = index.lines_containing(head) if head else range(len(index))
            found.update(i for i in candidates if pat.search(index.lower_line(i)))
        return found


# -- one pass per document ------------------------------------------------------------------
STARTS = {
    name: 1 << k
    for k, name in enumerate(
        (
            "ad_labels",
            "section_labels",
            "chrome_lines",
            "chrome_prefixes",
            "share_targets",
            "byline_leads",
            "stamp_leads",
            "photo_agencies",
            "credit_by",
        )
    )
}
"""The tables read from the start of a line, each with its bit in :func:`line_starts`."""
_STARTS = lazy(FirstWords)(*STARTS.items())
_KEPT: weakref.WeakKeyDictionary[LineIndex, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _kept(index: LineIndex, key: Any, compute: Callable[[LineIndex], Any]) -> Any:
    """``compute(index)``, computed once per document's index (the filters share the index)."""
    kept = _KEPT.get(index)
    if kept is None:
        kept = _KEPT[index] = {}
    if key not in kept:
        kept[key] = compute(index)
    return kept[key]


def line_starts(index: LineIndex) -> dict[int, int]:
    """For each line of ``index`` whose first word may open an entry of a table of
    :data:`STARTS`, the bits of those tables: one dict lookup per line, once per document,
    read by ``ads``, ``chrome`` and ``captions``."""
    return _kept(index, "starts", _STARTS.tags)  # type: ignore[no-any-return]


def contained_lines(index: LineIndex, matcher: Contained) -> set[int]:
    """The lines of ``index`` holding an entry of ``matcher`` (:meth:`Contained.lines`), once per document."""
    return _kept(index, matcher, matcher.lines)  # type: ignore[no-any-return]
