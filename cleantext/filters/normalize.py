"""``normalize``: conservative Unicode and whitespace repair before anything else runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy
import regex

from cleantext.filters.base import Filter
from cleantext.lazy import lazy

# UTF-8 decoded as Latin-1/Windows-1252 turns each multi-byte character into a lead
# character (Â…ô) followed by a continuation character (C1 controls, Latin-1 symbols or
# the Windows-1252 punctuation they map to). Text without such a pair skips ftfy.
# (``regex`` finds such a pair several times faster than ``re``; ``re`` is faster for the
# one-class scans below.)
_MOJIBAKE_HINT = lazy(regex.compile)(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_SPACE_CHARS = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = lazy(re.compile)(f"[{_SPACE_CHARS}]")
# Zero-width spaces, word joiner, BOM, soft hyphen; C0/C1 controls except \t and \n.
# ZWJ/ZWNJ (U+200C/D) are kept: emoji sequences and Persian/Indic spelling need them.
_INVISIBLE_CHARS = r"\u200b\u2060\ufeff\u00ad\u180e\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = lazy(re.compile)(f"[{_INVISIBLE_CHARS}]")
# The same without the C1 controls (U+0080-U+009F) and the soft hyphen (U+00AD): removed
# before the mojibake repair, which needs what UTF-8 read as Windows-1252 leaves: C1
# controls (``â€\x9d`` is ``”``) and soft hyphens (``Ã\xad`` is ``í``).
_INVISIBLE_NOT_C1 = lazy(re.compile)(r"[\u200b\u2060\ufeff\u180e\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = lazy(re.compile)(r"\n{3,}")
# Any character of the two classes above, or a Unicode line or paragraph separator: text
# without one (most text) is scanned once instead of once per class.
_SPECIAL = lazy(re.compile)(f"[{_SPACE_CHARS}{_INVISIBLE_CHARS}\u2028\u2029]")

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)


@dataclass(frozen=True)
class Normalize(Filter):
    """Repair mojibake and normalise whitespace without rewriting any word.

    * mojibake repaired by ftfy (quotes stay curly, no width change, no NFKC),
      run only when the text holds characters mojibake is made of;
    * CRLF and lone CR become LF, U+2028/U+2029 become line/paragraph breaks;
    * Unicode spaces (NBSP, thin space, ideographic space…) and tabs become a space;
    * zero-width spaces, BOMs, soft hyphens and control characters are removed; C1
      controls and soft hyphens only after the repair, which needs them (``â€\\x9d`` is
      ``”``, ``Ã\\xad`` is ``í``);
    * runs of spaces collapse, each line is stripped, at most one blank line remains,
      and the text ends with one newline.

    >>> Normalize().format("It\\u2019s\\u00a0 here  \\r\\nok\\u200b\\n\\n\\n\\nend")
    'It’s here\\nok\\n\\nend\\n'
    >>> Normalize().format("donâ€™t")
    'don’t\\n'
    >>> Normalize().format("â€œQuiet,â€\\x9d she said.")
    '“Quiet,” she said.\\n'
    >>> Normalize().format("Es un dÃ\\xada histÃ³rico.")
    'Es un día histórico.\\n'
    """

    name = "normalize"
    description = "Repair mojibake (ftfy, conservative); normalise spaces, line breaks and invisible characters."

    repair_encoding: bool = True
    """Run ftfy's mojibake repair where the text looks like it needs it."""

    def format(self, text: str) -> str:
        special = _SPECIAL.search(text) is not None
        invisible = special and _INVISIBLE.search(text) is not None
        if invisible:
            # First, so they cannot split a mojibake sequence; but C1 controls are part of
            # such sequences (``â€\x9d`` is ``”``): they stay for the repair, and what is
            # left of them after it goes with the whitespace rules.
            text = _INVISIBLE_NOT_C1.sub("", text)
        if self.repair_encoding and not text.isascii() and _MOJIBAKE_HINT.search(text):
            # ftfy's repair can depend on spacing around it: run to a fixed point (at most
            # three rounds) so that normalising normalised text changes nothing.
            for _ in range(3):
                fixed = self._whitespace(ftfy.fix_text(text, _FTFY_CONFIG))
                if fixed == text:
                    break
                text = fixed
            return text
        return self._whitespace(text, invisible_removed=not invisible, special=special)

    @staticmethod
    def _whitespace(text: str, *, invisible_removed: bool = False, special: bool = True) -> str:
        """Whitespace rules; ``invisible_removed`` and ``special=False`` (no character of
        :data:`_SPECIAL`) say which rewrites have nothing to do."""
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        # Each rewrite runs only where a cheap search finds something to do.
        if special and not text.isascii():
            text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
            if _SPACES.search(text):
                text = _SPACES.sub(" ", text)
        elif special and "\t" in text:
            text = text.replace("\t", " ")
        if not invisible_removed and _INVISIBLE.search(text):
            text = _INVISIBLE.sub("", text)
        while "  " in text:  # each pass halves every run of spaces
            text = text.replace("  ", " ")
        # No run of spaces is left: a line starts or ends with one space at most.
        if " \n" in text:
            text = text.replace(" \n", "\n")
        if "\n " in text:
            text = text.replace("\n ", "\n")
        text = text.strip(" ")
        if "\n\n\n" in text:
            text = _BLANK_LINES.sub("\n\n", text)
        if text.endswith("\n") and not text.endswith("\n\n") and not text.startswith("\n"):
            return text  # already ends with one newline: the same string, not a copy of it
        text = text.strip("\n")
        return text + "\n" if text else ""
