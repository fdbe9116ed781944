"""Block features for main-content detection, and language guessing from stopwords.

Every feature is cheap to compute from the line alone, except ``repeats`` (how often the
same line occurs in the page). :func:`page_features` computes them for all lines of a
page at once from the shared :class:`~cleantext.lines.LineIndex` (one tokenisation, and
whole-document scans for the rare features: digits, separators, URLs).
Stoplists live in ``cleantext/data/stopwords/<lang>.txt``.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice
from operator import itemgetter

import regex

from cleantext.lazy import lazy
from cleantext.lines import LineIndex, int_array
from cleantext.textstats import WORD, ends_sentence

_CJK = lazy(regex.compile)(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_HIRAGANA = lazy(regex.compile)(r"\p{Hiragana}")
# The blocks those scripts live in (a superset, scanned fast by ``re``): a page without a
# character from them needs no count of CJK characters. The blocks beyond U+FFFF are
# looked for only in text that holds such characters (a class of them scans slowly).
_CJK_BLOCKS = lazy(re.compile)("[\u1100-\u11ff\u2e80-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc]")
_CJK_ASTRAL_BLOCKS = lazy(re.compile)("[\U00016fe0-\U0001b16f\U0001f200\U00020000-\U00033479]")
# A URL or e-mail address, on lower-cased text; every match holds one of the literals.
_URL = lazy(re.compile)(r"://|www\.\w|@\w+\.\w|\.(?:com|org|net|html?|php)\b")
# The literals, each with the words one of which a match of it ends with (a match of
# ``\.com\b`` holds the word "com"): a document without them needs no scan for it. A
# literal with a third item is looked for among the lines holding that shorter mark,
# which the captions gate scans for anyway (see LineIndex.lines_containing).
_URL_LITERALS: tuple[tuple[str, frozenset[str] | None, str | None], ...] = (
    ("://", None, ":"),
    ("www.", None, None),
    ("@", None, None),
    (".com", frozenset({"com"}), None),
    (".org", frozenset({"org"}), None),
    (".net", frozenset({"net"}), None),
    (".htm", frozenset({"htm", "html"}), None),
    (".php", frozenset({"php"}), None),
)
_URL_WORDS = frozenset().union(*(words for _, words, _ in _URL_LITERALS if words))
_SEPARATOR_MARKS = ("|", "»", "·", "/", "•", "›", ">")  # every separator holds one
_SEPARATORS = lazy(re.compile)(r"\s[|»·/•›>]\s|\s\|\s?|^\s*[|»·•›>]")  # on one line
_DIGIT = lazy(re.compile)(r"\d")
_ASCII_DIGITS = b"0123456789"
_FIRST = itemgetter(0)
# Frequent function characters of Chinese (a character-based stopword measure for CJK).
_ZH_FUNCTION = frozenset("的了是在我有和就不人都一这中也上他们个到说来为以要与而及着或其之于被把对等所")

LANGUAGES: tuple[str, ...] = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "ru",
    "pl",
    "sv",
    "da",
    "no",
    "fi",
    "cs",
    "tr",
    "ro",
    "hu",
    "id",
)


@cache
def cased_stopwords(lang: str) -> frozenset[str]:
    """The stoplist of ``lang`` as written in text: lower case, capitalised and upper case."""
    sw = stopwords(lang)
    return sw | {w.capitalize() for w in sw} | {w.upper() for w in sw}


@cache
def stopwords(lang: str) -> frozenset[str]:
    """The bundled stoplist of ``lang`` (empty if there is none)."""
    try:
        text = resources.files("cleantext.data.stopwords").joinpath(f"{lang}.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w for w in text.split() if w)


_CHUNK = 1 << 14
"""Lines :func:`page_features` measures at a time."""

SAMPLE_WORDS = 3000
"""Words of a page the language is guessed from (its first ones)."""


CJK_SAMPLE_CHARS = 20000
"""Characters of a page (its first ones) looked at to tell CJK text."""


def guess_language(text: str, sample_words: int = SAMPLE_WORDS) -> str:
    """The language whose stopwords cover most of ``text``'s words; ``cjk`` for CJK text.

    >>> guess_language("Die Regierung hat am Montag beschlossen, dass die Steuern sinken.")
    'de'
    >>> guess_language("The government decided on Monday that taxes will fall.")
    'en'
    """
    return guess_language_of(WORD.findall(text, 0, 200000), text, sample_words)


def guess_language_of(words: Iterable[str], text: str, sample_words: int = SAMPLE_WORDS) -> str:
    """:func:`guess_language` from the page's words (as written) and its text (for CJK)."""
    sample = words[:sample_words] if isinstance(words, list) else list(islice(words, sample_words))
    if _more_cjk_than(text[:CJK_SAMPLE_CHARS], max(50, len(sample))):
        return "cjk"
    group_of, groups = _stopword_languages()
    group_hits = [0] * len(groups)
    for word, count in Counter(filter(group_of.__contains__, sample)).items():
        group_hits[group_of[word]] += count
    hits: dict[str, int] = {}
    for langs, count in zip(groups, group_hits, strict=True):
        if count:
            for lang in langs:
                hits[lang] = hits.get(lang, 0) + count
    best, best_hits = "en", 0
    for lang in LANGUAGES:
        if hits.get(lang, 0) > best_hits:
            best, best_hits = lang, hits[lang]
    return best


def _more_cjk_than(head: str, limit: int) -> bool:
    """Whether ``head`` holds more than ``limit`` CJK characters."""
    # Each CJK character takes three or four bytes in UTF-8: a cheap upper bound first.
    if len(head.encode("utf-8", "surrogatepass")) - len(head) <= 2 * limit:
        return False
    return _may_hold_cjk(head) and len(_CJK.findall(head)) > limit


def _may_hold_cjk(text: str) -> bool:
    """Whether ``text`` may hold a CJK character (a fast superset test)."""
    if _CJK_BLOCKS.search(text):
        return True
    has_astral = len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)
    return has_astral and _CJK_ASTRAL_BLOCKS.search(text) is not None


@cache
def _stopword_languages() -> tuple[dict[str, int], list[tuple[str, ...]]]:
    """Each stopword of any language (as written in text) with the number of its group,
    and the groups: the languages shared by the words of one group."""
    table: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for w in cased_stopwords(lang):
            table.setdefault(w, []).append(lang)
    groups: dict[tuple[str, ...], int] = {}
    group_of = {w: groups.setdefault(tuple(langs), len(groups)) for w, langs in table.items()}
    return group_of, list(groups)


@dataclass(frozen=True, slots=True)
class Features:
    """What the content classifier knows of one line."""

    chars: int
    words: int
    stop_density: float
    sentence: bool
    title_case: float
    digits: float
    separators: int
    url: bool
    repeats: int

    def as_dict(self) -> dict[str, float | int | bool]:
        return {
            "chars": self.chars,
            "words": self.words,
            "stop_density": round(self.stop_density, 3),
            "sentence": self.sentence,
            "title_case": round(self.title_case, 3),
            "digits": round(self.digits, 3),
            "separators": self.separators,
            "url": self.url,
            "repeats": self.repeats,
        }


class PageFeatures:
    """The features of some lines of a page, one column per feature (``Features`` fields).

    Computed for all lines at once by :func:`page_features` (and :func:`lines_features`),
    whose columns are compact: arrays of whole numbers (``chars``, ``words``,
    ``separators``, ``repeats``), of floats (``stop_density``, ``title_case``, ``digits``),
    and ``bytes`` of 0 or 1 for the flags (``sentence``, ``url``): no object per line on a
    page of a million lines. :meth:`row` gives one line's features as a :class:`Features`.
    """

    __slots__ = tuple(Features.__dataclass_fields__)

    def __init__(self, **columns: Sequence) -> None:  # type: ignore[type-arg]
        for name, values in columns.items():
            setattr(self, name, values)

    @classmethod
    def compact(
        cls,
        chars: Iterable[int],
        words: Iterable[int],
        stop_density: Iterable[float],
        sentence: Iterable[bool],
        title_case: Iterable[float],
        digits: Iterable[float],
        separators: Iterable[int],
        url: Iterable[bool],
        repeats: Iterable[int],
        limit: int,
    ) -> PageFeatures:
        """The table of these columns in compact form (see the class docstring); ``limit``
        bounds every whole number (the page's length)."""
        return cls(
            chars=int_array(limit, chars),
            words=int_array(limit, words),
            stop_density=array("d", stop_density),
            sentence=bytes(sentence),
            title_case=array("d", title_case),
            digits=array("d", digits),
            separators=int_array(limit, separators),
            url=bytes(url),
            repeats=int_array(limit, repeats),
        )

    def __len__(self) -> int:
        return len(self.words)  # type: ignore[attr-defined]

    def row(self, k: int) -> Features:
        """The features of the ``k``-th line."""
        values = {name: getattr(self, name)[k] for name in Features.__dataclass_fields__}
        values["sentence"], values["url"] = bool(values["sentence"]), bool(values["url"])
        return Features(**values)


def first_tokens(tokens: Sequence[list[str]], rows: Iterable[int], n: int = SAMPLE_WORDS) -> list[str]:
    """The first ``n`` words of the lines ``rows`` (``tokens[i]`` are line ``i``'s words)."""
    sample: list[str] = []
    for i in rows:
        sample += tokens[i]
        if len(sample) >= n:
            del sample[n:]
            break
    return sample


def page_features(index: LineIndex, rows: Sequence[int], lang: str, repeats: Sequence[int]) -> PageFeatures:
    """Features of the lines ``rows`` of a page of language ``lang``; ``repeats[k]`` is how
    often line ``rows[k]`` occurs in the page.

    Words come from the index's one tokenisation; separators and URLs, which few lines
    hold, from literal scans of the whole page (shared with other filters by the index).
    """
    all_lines, all_tokens, ends = index.lines, index.tokens, index.sentence_ends
    limit = index.size
    chars, words = int_array(limit), int_array(limit)
    stop, title, digits = array("d"), array("d"), array("d")
    # A big page is measured a chunk of lines at a time: no list of words for every line at once.
    for at in range(0, len(rows), _CHUNK):
        part = rows[at : at + _CHUNK]
        lines = [all_lines[i] for i in part]
        tokens = [all_tokens[i] for i in part]
        part_chars = [len(t) for t in lines]
        part_words, part_stop = _words_and_stop_density(lines, tokens, lang)
        # _title_share, inline: one function call less per line.
        part_title = [sum(map(str.isupper, map(_FIRST, t))) / len(t) if t else 0.0 for t in tokens]
        # A digit is a word character: the digits of a line are those of its words.
        part_digits = [
            0.0 if w.isalpha() else _digit_count(w) / c for w, c in zip(map("".join, tokens), part_chars, strict=True)
        ]
        del lines, tokens
        chars.extend(part_chars)
        words.extend(part_words)
        stop.extend(part_stop)
        title.extend(part_title)
        digits.extend(part_digits)
    seps: dict[int, int] = {}
    for mark in _SEPARATOR_MARKS:
        for i in index.lines_containing(mark, lower=False):
            if i not in seps:
                seps[i] = len(_SEPARATORS.findall(index.lines[i]))
    urls = _lines_with_url(index)
    return PageFeatures(
        chars=chars,
        words=words,
        stop_density=stop,
        sentence=bytes(map(ends.__getitem__, rows)),
        title_case=title,
        digits=digits,
        separators=int_array(limit, (seps.get(i, 0) for i in rows)) if seps else int_array(limit, [0]) * len(rows),
        url=bytes(map(urls.__contains__, rows)) if urls else bytes(len(rows)),
        repeats=repeats if isinstance(repeats, array) else int_array(limit, repeats),
    )


def word_counts(index: LineIndex, rows: Iterable[int], lang: str) -> Iterator[int]:
    """The ``words`` feature of the lines ``rows`` (what :func:`page_features` counts),
    without the other features: the index's word counts, or for CJK at least half the
    line's CJK characters."""
    if lang != "cjk":
        return map(index.words.__getitem__, rows)
    lines, words = index.lines, index.words
    return (_cjk_stop_density(lines[i], words[i])[1] for i in rows)


def _words_and_stop_density(
    lines: Sequence[str], tokens: Sequence[list[str]], lang: str
) -> tuple[list[int], list[float]]:
    """The word count and stopword share of each line (a character measure for CJK)."""
    if lang == "cjk":
        stop_words = [_cjk_stop_density(t, len(w)) for t, w in zip(lines, tokens, strict=True)]
        return [n for _, n in stop_words], [s for s, _ in stop_words]
    sw = cased_stopwords(lang).__contains__
    words = [len(t) for t in tokens]
    return words, [sum(map(sw, t)) / n if n else 0.0 for t, n in zip(tokens, words, strict=True)]


def _digit_count(text: str) -> int:
    """Number of ``\\d`` characters in ``text`` (bytes are counted at C speed when it is ASCII)."""
    if text.isascii():
        return len(text) - len(text.encode("ascii").translate(None, _ASCII_DIGITS))
    return len(_DIGIT.findall(text))


def _title_share(tokens: list[str]) -> float:
    """Share of ``tokens`` that start with a capital letter."""
    return sum(map(str.isupper, map(_FIRST, tokens))) / len(tokens) if tokens else 0.0


def _lines_with_url(index: LineIndex) -> set[int]:
    """Lines holding a URL or e-mail address: those with one of its literals, checked."""
    candidates: set[int] = set()
    vocabulary = index.words_in(_URL_WORDS)
    for literal, words, within in _URL_LITERALS:
        if words is None or not words.isdisjoint(vocabulary):
            candidates.update(index.lines_containing(literal, within=within))
    lines = index.lines
    return {i for i in candidates if _URL.search(lines[i].lower())}


def line_features(text: str, lang: str, repeats: int = 1) -> Features:
    """Features of one line in a page of language ``lang``.

    >>> f = line_features("Weather | Traffic | Obituaries", "en")
    >>> f.words, f.separators, f.title_case, f.sentence
    (3, 2, 1.0, False)
    """
    return lines_features([text], [WORD.findall(text)], lang, [repeats]).row(0)


def lines_features(
    lines: Sequence[str], tokens: Sequence[list[str]], lang: str, repeats: Sequence[int]
) -> PageFeatures:
    """What :func:`page_features` gives for ``lines`` (``tokens[k]`` are the words of
    ``lines[k]``), measured line by line: for a few lines (the joined lines of wrapped
    paragraphs), cheaper than building an index and scanning it."""
    chars = [len(t) for t in lines]
    words, stop = _words_and_stop_density(lines, tokens, lang)
    return PageFeatures.compact(
        chars=chars,
        words=words,
        stop_density=stop,
        sentence=[ends_sentence(t) for t in lines],
        title_case=[_title_share(t) for t in tokens],
        digits=[len(_DIGIT.findall(t)) / c if c else 0.0 for t, c in zip(lines, chars, strict=True)],
        separators=[len(_SEPARATORS.findall(t)) for t in lines],
        url=[_URL.search(t.lower()) is not None for t in lines],
        repeats=repeats,
        limit=sum(chars) + len(chars),
    )


def _cjk_stop_density(text: str, words: int) -> tuple[float, int]:
    """A character-based stopword measure for CJK lines, and their word count."""
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.0, words
    hira = len(_HIRAGANA.findall(text))
    func = sum(1 for ch in cjk if ch in _ZH_FUNCTION)
    return max(hira, func * 2) / len(cjk), max(words, len(cjk) // 2)
