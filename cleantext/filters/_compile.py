"""Compile phrase tables into one pattern per filter (done once, at import)."""

from __future__ import annotations

import re
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


def _mandatory_words(entry: str) -> list[str]:
    """Literal words every match of ``entry`` contains (a conservative reading of its source)."""
    s = entry
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
    """``search`` over a lower-case phrase table, skipping lines that cannot match.

    Each entry contributes its longest mandatory literal word as an anchor; one literal
    alternation (fast) finds lines holding any anchor, and only those are searched with
    the full pattern. An entry without an anchor makes every line a candidate.
    """

    def __init__(self, table: Mapping[str, Iterable[str]] | Iterable[str], prefix: str = "") -> None:
        entries = {e for v in table.values() for e in v} if isinstance(table, Mapping) else set(table)
        anchors: set[str] = set()
        self.always = False
        for e in entries:
            words = _mandatory_words(e)
            if words:
                anchors.add(max(words, key=len))
            else:
                self.always = True
        alt = "|".join(sorted((re.escape(a) for a in anchors), key=len, reverse=True))
        self.anchor = re.compile(alt) if alt else None
        self.pattern = regex.compile(prefix + alternation(entries), regex.V1)

    def search(self, low: str) -> bool:
        """Whether some entry occurs in the lower-cased line ``low``."""
        if not self.always and (self.anchor is None or self.anchor.search(low) is None):
            return False
        return self.pattern.search(low) is not None
