"""Cheap line-level measures shared by the filters (word counts, sentence ends, list items)."""

from __future__ import annotations

import re

from cleantext.lazy import lazy

# ``re`` is several times faster than ``regex`` on plain patterns like these.
WORD = lazy(re.compile)(r"\w+")
# A sentence end: terminal punctuation, optionally followed by closing quotes/brackets.
SENTENCE_ENDS = frozenset(".!?…。！？؟")
CLOSERS = "\"'”’»)]"
# Han, Hiragana and Katakana characters, and the full stops of Chinese and Japanese text.
_CJK = lazy(re.compile)(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_STOPS = frozenset("。！？")
LIST_ITEM = lazy(re.compile)(r"^(?:[-–—•·*▪►✓✔◦‣]\s|\d{1,2}[.)]\s|[a-z][.)]\s|\(\d{1,2}\)\s)")


def lower(text: str) -> str:
    """``text`` in lower case, as the phrase tables are matched (they are folded alike).

    ``str.lower`` turns the Turkish dotted capital ``İ`` into ``i`` plus a combining dot
    (U+0307), and the capital ``I`` of a Turkish word written in capitals (``DEVAMINI``)
    is a dotless ``ı`` in lower case, which ``str.lower`` cannot know. Both Turkish i's
    (and ``ı`` itself) are therefore folded to ``i``, here and in the tables, so
    ``İlgili Haberler``, ``DEVAMINI OKU`` and ``Devamını oku`` read as their entries.

    >>> lower("İLGİLİ HABERLER"), lower("DEVAMINI OKU"), lower("Devamını oku")
    ('ilgili haberler', 'devamini oku', 'devamini oku')
    """
    low = text.lower()
    if "\u0307" in low or "ı" in low:
        low = low.replace("i\u0307", "i").replace("ı", "i")
    return low


def word_count(text: str) -> int:
    """Number of ``\\w+`` tokens.

    >>> word_count("It's 26.7 C")
    5
    """
    return len(WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """Whether the line ends like a sentence (``.``, ``!``, ``?``, ``…``, maybe inside quotes).

    >>> ends_sentence("He declined to comment."), ends_sentence("Latest News")
    (True, False)
    >>> ends_sentence("“Please.”")
    True
    """
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_ENDS


def is_list_item(text: str) -> bool:
    """Whether the line starts with a bullet or an item number.

    >>> is_list_item("- 2 cups flour"), is_list_item("3. Stir well"), is_list_item("2 cups flour")
    (True, True, False)
    """
    return LIST_ITEM.match(text) is not None


def is_prose(text: str, *, min_words: int = 6, long_words: int = 15, words: int | None = None) -> bool:
    """Whether a line reads as body prose: a sentence of some length, or simply long.

    >>> is_prose("The meeting lasted roughly five hours and came on the heels of talks.")
    True
    >>> is_prose("Putin aide says"), is_prose("Tuesday, December 2, 2025")
    (False, False)
    >>> is_prose("成都地铁本周五起开通首条夜间线路，周末列车将运行至凌晨两点。"), is_prose("成都开通首条夜间地铁线路")
    (True, False)
    """
    n = word_count(text) if words is None else words
    if n < min_words and text.rstrip(CLOSERS)[-1:] in _CJK_STOPS:
        # Chinese and Japanese write no spaces: count characters, about two per word.
        n = max(n, len(_CJK.findall(text)) // 2)
    return n >= long_words or (n >= min_words and ends_sentence(text))
