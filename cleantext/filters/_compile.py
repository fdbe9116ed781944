"""Compile phrase tables into one pattern per filter (done once, at import)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import regex

# Decoration around a label: dashes, bullets, brackets, arrows, colons, ellipses.
DECOR = r"[\s\-–—•·*|»«›‹<>#\[\]()/:.…!→←↑↓▶►▼+=_~]*"


def alternation(table: Mapping[str, Iterable[str]] | Iterable[str]) -> str:
    """One ``(?:a|b|…)`` group of all entries (all languages), longest first."""
    if isinstance(table, Mapping):
        entries = {e for entries in table.values() for e in entries}
    else:
        entries = set(table)
    return "(?:" + "|".join(sorted(entries, key=lambda e: (-len(e), e))) + ")"


def whole_line(table: Mapping[str, Iterable[str]] | Iterable[str]) -> regex.Pattern[str]:
    """A pattern that matches a whole line made of one entry plus decoration."""
    return regex.compile(rf"{DECOR}{alternation(table)}{DECOR}", regex.IGNORECASE | regex.V1)
