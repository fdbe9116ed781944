"""``captions``: photo-credit lines and the caption paragraphs they belong to."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import compress, repeat

import regex

from cleantext.document import Document
from cleantext.filters._compile import (
    STARTS,
    Contained,
    alternation,
    first_word,
    fragments,
    line_starts,
    pattern,
    phrase_set,
)
from cleantext.filters.base import Drop, Filter, Rule, rules_by_bits
from cleantext.lazy import lazy
from cleantext.lines import LineIndex
from cleantext.phrases import Table, table
from cleantext.textstats import CLOSERS, WORD, ends_sentence, is_list_item, is_prose, lower

# One name word: capitalised, hyphenated parts each start with a letter ("Jean-Pierre").
# Hyphens only inside words and plain spaces between them keep the patterns unambiguous
# (no catastrophic backtracking on long runs of dashes).
_NAME_WORD = r"\p{Lu}[\p{L}.'’]*+(?:-\p{L}[\p{L}.'’]*+)*+"
_PARTICLE = r"(?:de|da|van|von|der|del|di|la|le|du|dos|das|bin|al)"
_NAME = rf"{_NAME_WORD}(?: +(?:{_NAME_WORD}|{_PARTICLE})){{0,4}}"
_ORG = (
    r"(?:The |the |via |for )?\p{Lu}[\p{L}\p{N}.'’&-]*(?: (?:\p{Lu}[\p{L}\p{N}.'’&-]*|of|for|the|via|and|de|du)){0,5}"
)
# An organisation named after a photographer: an agency, an all-caps name, or 2+ words
# ("The New York Times"); a lone title-case word ("Editor", "President") is not one.
_ORG_MULTI = (
    r"(?:\p{Lu}{2,}[\p{L}\p{N}&-]*|(?:The |the |via |for )?\p{Lu}[\p{L}\p{N}.'’&-]*"
    r"(?: (?:\p{Lu}[\p{L}\p{N}.'’&-]*|of|for|the|via|and|de|du)){1,5})"
)
_NAME2 = rf"{_NAME_WORD}(?: +(?:{_NAME_WORD}|{_PARTICLE})){{1,4}}"
_PHOTO_WORD = r"(?i:photo|foto|pool|images?|pictures?)"


def _credit_words() -> tuple[str, str, str]:
    """The photo agencies (as written), the credit leads and the credit prepositions, each one group."""
    agency = alternation(regex.escape(a) for a in table("photo_agencies").phrases)
    return agency, alternation(fragments("credit_leads")), alternation(fragments("credit_by"))


def _credit_line() -> str:
    """A line that is only a credit; one alternative per credit shape."""
    _AGENCY, _LEAD, _BY = _credit_words()
    shapes = (
        rf"(?:{_AGENCY})(?:\s+{_PHOTO_WORD})?\s*/\s*{_ORG}(?:\s*/\s*{_ORG})?",  # REUTERS/Name, AP Photo/Name
        rf"{_NAME2}\s*/\s*(?:{_AGENCY}|{_ORG_MULTI})(?:\s*/\s*{_ORG})?",  # Kristina Kormilitsyna / AP
        rf"(?:(?i:{_LEAD})\s*(?:[:：]|\.{{2,}}|…)|(?i:image source),)\s*\S.{{0,80}}",  # Photo: X, Credit... X
        rf"(?i:{_BY})\s+{_NAME}(?:\s*(?:/|,|for|via|–|-)\s*{_ORG})?",  # Photo by X / Agency
        rf"(?:©\s*)?(?:{_AGENCY})(?:\s+{_PHOTO_WORD})?",  # Getty Images
    )
    return r"[\[(]?\s*(?:" + "|".join(shapes) + r")\s*[\])]?\.?"


_CREDIT_LINE = lazy(pattern)(_credit_line)


def _trailing(which: slice) -> str:
    """Shapes of a caption line that ends with its credit, those ``which`` picks."""
    _AGENCY, _LEAD, _BY = _credit_words()
    shapes = (
        # (AP Photo/X)
        rf"[(（]\s*(?:(?:{_AGENCY})\s+{_PHOTO_WORD}|(?i:{_LEAD})\s*[:：]|(?i:{_BY}))[^()（）]{{1,80}}[)）]",
        rf"\[\s*(?:(?:{_AGENCY})\s+{_PHOTO_WORD}|(?i:{_LEAD})\s*:|(?i:{_BY}))[^\[\]]{{1,80}}\]",  # [Photo: X]
        rf"\(\s*{_NAME}\s*/\s*{_ORG}\s*\)",  # (Name/Getty Images)
        rf"[\s.](?i:{_LEAD})\s*(?:\.{{2,}}|…|:)\s*[^.]{{1,60}}",  # Credit... X, Photo: X
        rf"\s(?:{_AGENCY})\s*/\s*{_NAME}",  # REUTERS/Name
    )
    return rf"(?:{'|'.join(shapes[which])})\s*\.?$"


# Each shape is tried alone, and only when the line holds what it needs: the bracketed
# shapes close the line with ")", "]" or "）", the lead shape holds a lead word (case-folded) before
# a mark, the agency shape a "/".
_TRAILING_PAREN, _TRAILING_LEAD, _TRAILING_AGENCY = (
    lazy(pattern)(lambda which=which: _trailing(which)) for which in (slice(0, 3), slice(3, 4), slice(4, 5))
)
_CUE = lazy(Contained)("caption_cues", bounded=True)  # matched on lower-cased text, on word edges


def _place_date_end() -> str:
    """ "… at the Kremlin in Moscow, Russia, Dec. 2, 2025.": a place and a date ending a caption."""
    _MONTH, _DAY = alternation(table("months").phrases), alternation(table("weekdays").phrases)
    _DATE_SHAPES = (
        rf"(?i:{_MONTH})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?",  # Dec. 2, 2025
        rf"\d{{1,2}}\.?\s+(?:de\s+)?(?i:{_MONTH})\.?(?:\s+(?:de\s+)?\d{{4}})?",  # 2 de diciembre de 2025
        rf"(?i:{_DAY})",  # Tuesday
        r"\d{4}",
    )
    _DATE = "(?:" + "|".join(_DATE_SHAPES) + ")"
    return (
        rf"\b(?i:{alternation(fragments('place_prepositions'))})\s+\p{{Lu}}[\p{{L}}.'’-]*"
        rf"(?:[ ,]+\p{{Lu}}[\p{{L}}.'’-]*){{0,4}},\s*(?:(?i:{alternation(fragments('date_articles'))})\s+)?{_DATE}\.?$"
    )


_PLACE_DATE_END = lazy(pattern)(_place_date_end)


_CREDIT_MARKS = ("/", ":", "：", "…", "..", ",")
_TRAILING_LEAD_MARKS = (":", "…", "..")  # what follows the lead of a credit ending a caption


@cache
def _day_last_words() -> frozenset[str]:
    return frozenset(regex.findall(r"\w+", d)[-1] for d in phrase_set("weekdays"))  # "feira" of "segunda-feira"


# Which rules may fire on which lines: a credit line holds a credit mark or starts with an
# agency or a "Photo by" (its first word, line_starts), a caption ending in its credit holds
# a mark in its tail, an uncredited caption ends with a date.
_CREDIT_STARTS = STARTS["photo_agencies"] | STARTS["credit_by"]


@cache
def lead_words(leads: str | Table = "credit_leads") -> frozenset[str]:
    """The first words of the credit leads (``photo``, ``credit``…), which the gates look for:
    the table must be phrases (a pattern has no first word to look for)."""
    t = table(leads) if isinstance(leads, str) else leads
    if t.patterns:
        raise ValueError(
            f"phrase table {t.name!r}: patterns {list(t.patterns)} have no first word the caption gates "
            "can look for; write each credit lead as a phrase"
        )
    return frozenset(map(first_word, t.phrases))


@cache
def _lead_cores() -> tuple[str, ...]:
    """Case-folded cores of the lead words, none inside another: every lead holds one."""
    folded = {w.casefold() for w in lead_words()}
    return tuple(sorted(w for w in folded if not any(v != w and v in w for v in folded)))


# The rules, as bits: a gate names the rules that may fire on a line.
CREDIT, TRAILING, CUES = 1, 2, 4
ALL_RULES = CREDIT | TRAILING | CUES


def _gated_lines(index: LineIndex, cfg: CaptionConfig) -> bytearray:
    """The bits of the rules of :class:`Captions` that may fire on each line (0: none); one
    byte per line, not a dict entry per gated line (a page of a million short lines), and
    the candidates of each rule are marked in a ``bytearray`` too, not gathered in a set of
    ints (on a page where every line holds a ``:``, a set of a million ints)."""
    words, lines = index.words, index.lines
    found = bytearray(len(lines))

    def add(candidates: bytearray, rule: int, max_words: int) -> None:
        for i in compress(range(len(candidates)), candidates):
            if words[i] <= max_words:
                found[i] |= rule

    credit = bytearray(len(lines))
    for i, bits in line_starts(index).items():
        if bits & _CREDIT_STARTS:
            credit[i] = 1
    for mark in _CREDIT_MARKS:
        _mark(credit, index.containing(mark, lower=False))
    add(credit, CREDIT, cfg.max_credit_words)
    del credit
    # A trailing credit: "(AP Photo/…)", "[Photo: …]" or "(Name/Agency)" closing the line, "AGENCY/Name",
    # or a lead word ("Photo", "Credit") before ":", "…" or "..".
    trailing = bytearray(len(lines))
    for mark in ("/", ")", "]", "）"):
        _mark(trailing, index.containing(mark, lower=False))
    for word in index.words_in(lead_words()):
        _mark(trailing, (i for i in index.containing(word) if any(m in lines[i] for m in _TRAILING_LEAD_MARKS)))
    add(trailing, TRAILING, cfg.max_caption_words)
    del trailing
    if cfg.uncredited_captions:
        # An uncredited caption ends with ", <date>" (a place and a date, after a comma):
        # among the lines holding a comma, those whose last word ends with a digit or is a day.
        days, tokens = _day_last_words(), index.tokens
        dated = bytearray(len(lines))
        _mark(
            dated,
            (
                i
                for i in index.containing(",", lower=False)
                if tokens[i] and (tokens[i][-1][-1].isdigit() or tokens[i][-1].lower() in days)
            ),
        )
        add(dated, CUES, cfg.max_caption_words)
    return found


def _mark(flags: bytearray, rows: Iterable[int]) -> None:
    """Set ``flags[i]`` to 1 for each ``i`` of ``rows`` (at C speed: no Python loop)."""
    deque(map(flags.__setitem__, rows, repeat(1)), maxlen=0)


def _maybe_trailing_credit(text: str) -> bool:
    start = max(0, len(text) - 160)
    tail = text[start:]
    closed = text.rstrip(".").rstrip().endswith((")", "]", "）"))
    if closed and ("(" in tail or "[" in tail or "（" in tail) and _TRAILING_PAREN.search(text, start):
        return True
    if "/" in tail and _TRAILING_AGENCY.search(text, start):
        return True
    if any(mark in tail for mark in _TRAILING_LEAD_MARKS):
        folded = tail.casefold()
        return any(w in folded for w in _lead_cores()) and _TRAILING_LEAD.search(text, start) is not None
    return False


def _same_paragraph(paras: Sequence[int], upper: int, lower: int) -> bool:
    """Whether block ``upper`` is printed right above block ``lower`` in one paragraph
    (``paras[i]``: block ``i``'s paragraph)."""
    return paras[upper] == paras[lower] and upper == lower - 1


# Quote marks: a paragraph that holds one is a quote from the story, not a caption.
_QUOTES = frozenset('"“”„«»「」')


# A sentence that ends inside the line and another that begins.
_INNER_SENTENCE_END = lazy(regex.compile)(r"[.!?…]\s+\p{Lu}", regex.V1)


def _caption_like(text: str) -> bool:
    """Whether a line may be (part of) a caption: one sentence that ends like one, no
    quote, not a heading or list shape."""
    return (
        ends_sentence(text)
        and not _QUOTES.intersection(text)
        and not text.endswith(":")
        and not is_list_item(text)
        and _INNER_SENTENCE_END.search(text) is None
    )


_RUNS_ON = tuple(",;:–—-")


def _lone_caption(text: str, words: int, cfg: CaptionConfig) -> bool:
    """Whether a one-line paragraph right above a credit that stands alone reads as its
    caption: ``min_lone_caption_words`` to ``max_lone_caption_words`` words, one sentence
    (or none: no sentence end, but not a heading in title case and not running on), no
    quote, no list shape, and not in the article's own voice (first or second person, a
    verb of saying, a pronoun or conjunction first: the tables ``body_voice_words`` and
    ``body_linking_starts``)."""
    if not cfg.min_lone_caption_words <= words <= cfg.max_lone_caption_words:
        return False
    tokens = WORD.findall(text)
    if ":" in text:
        return False  # a label or a headline's kicker ("Exclusive: …"), a time
    if ends_sentence(text):
        if not _caption_like(text) or text.rstrip(CLOSERS).endswith(("?", "!")):
            return False  # more than a sentence, a quote, or a question or exclamation
    elif text.endswith(_RUNS_ON) or is_list_item(text) or _QUOTES.intersection(text):
        return False
    elif 2 * sum(t[:1].isupper() for t in tokens[1:]) > len(tokens) - 1:
        return False  # a heading in title case ("Flood Defences Hold in the Old Town")
    low = [lower(t) for t in tokens]
    return low[0] not in phrase_set("body_linking_starts") and phrase_set("body_voice_words").isdisjoint(low)


def _inside_text(above: str, words: int) -> bool:
    """Whether the line above a lone caption shows it inside the text: body prose, or the
    credit of the photo before (photos one after another)."""
    return is_prose(above, words=words) or _CREDIT_LINE.fullmatch(above) is not None


def _ends_with_date(text: str) -> bool:
    end = text.rstrip(" .")
    last = end.rsplit(None, 1)[-1:]
    return end[-1:].isdigit() or (last != [] and last[0].lower() in phrase_set("weekdays"))


@dataclass(frozen=True)
class CaptionConfig:
    """Thresholds of the ``captions`` filter."""

    max_credit_words: int = 14
    """Longest line that can be a credit on its own."""
    max_caption_words: int = 90
    """Longest paragraph that can be taken for a caption."""
    uncredited_captions: bool = True
    """Drop captions with no credit next to them when they have a cue *and* end with place + date."""
    max_caption_lines: int = 3
    """Most lines a caption above its credit may have (a caption wrapped over lines)."""
    max_short_caption_words: int = 20
    """A paragraph of two or more lines above a credit that stands alone is its caption even
    without a cue when each line is one sentence of at most this many words, with no quote
    and no list or heading shape."""
    min_lone_caption_words: int = 7
    """A paragraph of one line above a credit that stands alone is its caption when it has
    at least this many words (and at most ``max_lone_caption_words``) and reads as a
    caption (see ``captions.credited_caption``); shorter lines are taken for body."""
    max_lone_caption_words: int = 16
    """Longest one-line paragraph taken for the caption of a lone credit below it."""


# The line rules, tried in order on a line's text, word count and config (a caption's place +
# date ending is looked for before its cue: cheaper, and rarer).
PHOTO_CREDIT = Rule("captions.photo_credit", "photo credit line",
    lambda text, n, cfg: n <= cfg.max_credit_words and _CREDIT_LINE.fullmatch(text), CREDIT)  # fmt: skip
CAPTIONED_CREDIT = Rule("captions.captioned_credit", "caption ending with a photo credit",
    lambda text, n, cfg: n <= cfg.max_caption_words and _maybe_trailing_credit(text), TRAILING)  # fmt: skip
CAPTION_CUES = Rule("captions.caption_cues", "caption: positional cue and place + date ending",
    lambda text, n, cfg: cfg.uncredited_captions and n <= cfg.max_caption_words and _ends_with_date(text)
    and _PLACE_DATE_END.search(text) and _CUE.search(lower(text)), CUES)  # fmt: skip
RULES = (PHOTO_CREDIT, CAPTIONED_CREDIT, CAPTION_CUES)
_tried = rules_by_bits(RULES)


@dataclass(frozen=True)
class Captions(Filter):
    """Drop photo credits and captions.

    A credit line (``Kristina Kormilitsyna / AP``, ``(AP Photo/Evan Vucci)``,
    ``Photo: Getty Images``, ``Foto: dpa``…) is dropped, and so is the paragraph right
    before it when it reads like a caption: a positional cue (``third from right``,
    ``(L-R)``, ``pictured``) or an ending in place + date. A line that ends with its own
    credit is a caption. Sentences that merely mention photos or credits stay.

    >>> from cleantext.document import Document
    >>> doc = Document.from_text("Talks went on.\\n\\nPutin, third from right, meets envoys.\\n\\nJane Roe / AP\\n")
    >>> [(d.index, d.rule) for d in Captions().scan(doc)]
    [(2, 'captions.photo_credit'), (1, 'captions.credited_caption')]
    """

    name = "captions"
    description = "Drop photo credit lines (Name / AP, Photo: Getty Images, Foto: dpa) and the captions they belong to."

    config: CaptionConfig = CaptionConfig()

    def scan(self, doc: Document) -> Iterator[Drop]:
        live = doc.live_rows()
        gated = _gated_lines(doc.index, self.config)
        rules = ((pos, gated[i]) for pos, i in enumerate(live) if gated[i])  # read once: no list
        return self._scan(doc, live, rules, doc.index.words)

    def _scan(
        self, doc: Document, live: Sequence[int], rules: Iterable[tuple[int, int]], words_of: list[int]
    ) -> Iterator[Drop]:
        """The rules each pair ``(pos, bits)`` of ``rules`` allows, on the line ``live[pos]``
        (block indices of the live lines); ``words_of[i]`` is the word count of block ``i``.
        Rules are tried in one order."""
        cfg = self.config
        lines, paras = doc.lines, doc.paras
        taken: set[int] = set()
        for pos, bits in rules:
            i = live[pos]
            text, words = lines[i], words_of[i]
            for rule in _tried(bits):
                if rule.test(text, words, cfg):
                    taken.add(pos)
                    yield Drop(i, rule.id, rule.reason)
                    if rule is PHOTO_CREDIT:
                        for prev in self._caption_before(doc, live, pos, words_of):
                            if prev in taken:
                                break
                            taken.add(prev)
                            yield Drop(live[prev], "captions.credited_caption", "caption next to a photo credit")
                    elif rule is CAPTIONED_CREDIT and text[:1].islower() and pos > 0 and pos - 1 not in taken:
                        # A caption wrapped over two lines: this one runs on from the line above.
                        prev = live[pos - 1]
                        if (
                            _same_paragraph(paras, prev, i)
                            and words_of[prev] + words <= cfg.max_caption_words
                            and not ends_sentence(lines[prev])
                        ):
                            taken.add(pos - 1)
                            yield Drop(prev, rule.id, rule.reason)
                    break

    def _caption_before(self, doc: Document, live: Sequence[int], pos: int, words_of: list[int]) -> list[int]:
        """Positions of the caption lines just before the credit line ``live[pos]``, nearest
        first: the lines printed above it in its own paragraph (at most
        ``max_caption_lines``), or else the paragraph before it when that reads as a caption."""
        cfg = self.config
        lines, paras = doc.lines, doc.paras
        credit = live[pos]
        above: list[int] = []
        j = pos - 1
        while j >= 0 and _same_paragraph(paras, live[j], live[j + 1]) and len(above) < cfg.max_caption_lines:
            above.append(j)
            j -= 1
        if above:
            # Caption and credit printed as one block: the whole caption when it is short,
            # else the line right above the credit.
            total = sum(words_of[live[k]] for k in above)
            starts_para = j < 0 or paras[live[j]] != paras[live[above[-1]]]
            more = above[1:]
            if (
                starts_para
                and total <= cfg.max_caption_words
                and all(words_of[live[k]] <= cfg.max_short_caption_words for k in more)
                and all(_caption_like(lines[live[k]]) for k in more)
            ):
                return above
            return above[:1]
        if pos == 0:
            return []
        # The paragraph before the credit: its last line when that has a cue or a place +
        # date ending, or all of it when it is a caption of short sentences (below).
        last = live[pos - 1]
        last_text = lines[last]
        if words_of[last] <= cfg.max_caption_words and (
            _CUE.search(lower(last_text)) or (_ends_with_date(last_text) and _PLACE_DATE_END.search(last_text))
        ):
            return [pos - 1]
        para = [pos - 1]
        while (
            para[-1] > 0
            and _same_paragraph(paras, live[para[-1] - 1], live[para[-1]])
            and len(para) <= cfg.max_caption_lines
        ):
            para.append(para[-1] - 1)
        credit_alone = pos + 1 >= len(live) or paras[live[pos + 1]] != paras[credit]
        # A caption of two or more short sentences, one per line, alone above a credit that
        # stands alone too (set off by blank lines).
        if (
            credit_alone
            and 2 <= len(para) <= cfg.max_caption_lines
            and all(words_of[live[k]] <= cfg.max_short_caption_words and _caption_like(lines[live[k]]) for k in para)
        ):
            return para
        # A caption of one line above a lone credit, inside the text (body prose above it),
        # when it reads as one and not as the article's own voice (a body paragraph of one
        # short sentence looks much the same).
        if (
            credit_alone
            and len(para) == 1
            and pos >= 2
            and _inside_text(lines[live[pos - 2]], words_of[live[pos - 2]])
            and _lone_caption(last_text, words_of[last], cfg)
        ):
            return para
        return []
