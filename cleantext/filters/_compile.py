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
    """A pattern that matches a whole *lower-cased* line made of one entry plus decoration.

    Tables are written in lower case and matched against ``line.lower()``: cheaper than
    case-insensitive matching, and the same for every script the tables use.
    """
    return regex.compile(rf"{DECOR}{alternation(table)}{DECOR}", regex.V1)


def lower_search(table: Mapping[str, Iterable[str]] | Iterable[str], prefix: str = "") -> regex.Pattern[str]:
    """A pattern over the entries of a lower-case table, for ``search``/``match`` on lower-cased lines."""
    return regex.compile(prefix + alternation(table), regex.V1)
