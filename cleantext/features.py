"""Block features for main-content detection, and language guessing from stopwords.

Every feature is cheap to compute from the line alone, except ``repeats`` (how often the
same line occurs in the page). Stoplists live in ``cleantext/data/stopwords/<lang>.txt``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from cleantext.textstats import ends_sentence

_WORD = regex.compile(r"\w+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_HIRAGANA = regex.compile(r"\p{Hiragana}")
_URL = regex.compile(r"https?://|www\.\w|\w@\w+\.\w|\.(?:com|org|net|html?|php)\b")  # on lower-cased text
_SEPARATORS = regex.compile(r"\s[|»·/•›>]\s|\s\|\s?|^\s*[|»·•›>]")
_DIGIT = regex.compile(r"\d")
_UPPER_START = regex.compile(r"\b\p{Lu}")
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
def stopwords(lang: str) -> frozenset[str]:
    """The bundled stoplist of ``lang`` (empty if there is none)."""
    try:
        text = resources.files("cleantext.data.stopwords").joinpath(f"{lang}.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w for w in text.split() if w)


def guess_language(text: str, sample_words: int = 3000) -> str:
    """The language whose stopwords cover most of ``text``'s words; ``cjk`` for CJK text.

    >>> guess_language("Die Regierung hat am Montag beschlossen, dass die Steuern sinken.")
    'de'
    >>> guess_language("The government decided on Monday that taxes will fall.")
    'en'
    """
    cjk = len(_CJK.findall(text, endpos=20000))
    words = [w.lower() for w in _WORD.findall(text, endpos=200000)[:sample_words]]
    if cjk > max(50, len(words)):
        return "cjk"
    counts = Counter(words)
    best, best_hits = "en", 0
    for lang in LANGUAGES:
        sw = stopwords(lang)
        hits = sum(c for w, c in counts.items() if w in sw)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


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


def line_features(text: str, lang: str, repeats: int = 1) -> Features:
    """Features of one line in a page of language ``lang``."""
    low = text.lower()
    words = _WORD.findall(low)
    n = len(words)
    if lang == "cjk":
        cjk = _CJK.findall(text)
        if cjk:
            hira = len(_HIRAGANA.findall(text))
            func = sum(1 for ch in cjk if ch in _ZH_FUNCTION)
            stop = max(hira, func * 2) / len(cjk)
            n = max(n, len(cjk) // 2)
        else:
            stop = 0.0
    else:
        sw = stopwords(lang)
        stop = sum(map(sw.__contains__, words)) / n if n else 0.0
    caps = len(_UPPER_START.findall(text))
    digits = len(_DIGIT.findall(text))
    return Features(
        chars=len(text),
        words=n,
        stop_density=stop,
        sentence=ends_sentence(text),
        title_case=caps / len(words) if words else 0.0,
        digits=digits / len(text) if text else 0.0,
        separators=len(_SEPARATORS.findall(text)),
        url=("@" in text or "." in text) and _URL.search(low) is not None,
        repeats=repeats,
    )
