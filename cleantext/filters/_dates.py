"""Recognise lines that are only a date, a time, or both, in the supported languages."""

from __future__ import annotations

import regex

from cleantext.filters._compile import phrase_set
from cleantext.lazy import lazy

_NAMES = ("months", "weekdays", "date_glue")  # the tables of the words a date line may hold
_TOKEN = lazy(regex.compile)(r"[^\s,/|·•–—()\[\]]+")
_NUMERIC = lazy(regex.compile)(
    r"""(?x)
    \d{1,4}(?:st|nd|rd|th|er|e|º|°|\.)?            # day, year, ordinal
    | \d{1,2}[:h.]\d{2}(?::\d{2})?(?:am|pm|h)?     # time
    | \d{1,4}[-./]\d{1,2}[-./]\d{1,4}               # numeric date
    | \d{4}-\d{2}-\d{2}t[\d:.]+(?:z|[+-][\d:]+)?    # ISO timestamp
    | [+-]\d{2}:?\d{2}                              # zone offset
    | (?:\d{2,4}年)?\d{1,2}月\d{1,2}日             # CJK date (2025年4月1日)
    """
)
_MAX_TOKENS = 12


def is_date_line(text: str) -> bool:
    """Whether the line holds nothing but a date and/or time.

    >>> is_date_line("Tuesday, December 2, 2025"), is_date_line("2 de diciembre de 2025, 14:05")
    (True, True)
    >>> is_date_line("Dec. 2, 2025 10:30 a.m. ET"), is_date_line("2025-12-02T10:30:00Z")
    (True, True)
    >>> is_date_line("2025年4月1日 10:30"), is_date_line("2025年6月18日")
    (True, True)
    >>> is_date_line("May the best team win"), is_date_line("2 cups flour"), is_date_line("December")
    (False, False, False)
    """
    tokens = _TOKEN.findall(text.lower())
    if not tokens or len(tokens) > _MAX_TOKENS:
        return False
    has_digit = False
    names = phrase_set(*_NAMES)
    for tok in tokens:
        tok = tok.rstrip(".:")
        if not tok:
            continue
        if tok in names:
            continue
        if _NUMERIC.fullmatch(tok):
            has_digit = True
            continue
        return False
    return has_digit
