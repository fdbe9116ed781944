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
    """``search`` over a lower-case phrase table, running only entries that can match.

    Each entry contributes its longest mandatory literal word as an anchor; one literal
    alternation (fast) finds the anchors a line holds, and only the entries of those
    anchors are tried. Entries without an anchor are tried on every line.
    """

    def __init__(self, table: Mapping[str, Iterable[str]] | Iterable[str], prefix: str = "") -> None:
        entries = {e for v in table.values() for e in v} if isinstance(table, Mapping) else set(table)
        by_anchor: dict[str, list[str]] = {}
        loose: list[str] = []
        for e in entries:
            words = _mandatory_words(e)
            if words:
                by_anchor.setdefault(max(words, key=len), []).append(e)
            else:
                loose.append(e)
        alt = "|".join(sorted((re.escape(a) for a in by_anchor), key=len, reverse=True))
        self.anchor = re.compile(alt) if alt else None
        self.by_anchor = {a: regex.compile(prefix + alternation(es), regex.V1) for a, es in by_anchor.items()}
        self.loose = regex.compile(prefix + alternation(loose), regex.V1) if loose else None
        # An anchor inside a longer one ("site" in "website") is hidden by it in finditer.
        self.within = {a: [b for b in by_anchor if b != a and b in a] for a in by_anchor}

    def search(self, low: str) -> bool:
        """Whether some entry occurs in the lower-cased line ``low``."""
        if self.loose is not None and self.loose.search(low):
            return True
        if self.anchor is None:
            return False
        seen: set[str] = set()
        for m in self.anchor.finditer(low):
            for a in (m.group(), *self.within[m.group()]):
                if a not in seen:
                    seen.add(a)
                    if self.by_anchor[a].search(low):
                        return True
        return False
