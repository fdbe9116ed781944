"""``chrome``: page furniture that stands on a line of its own.

Line rules (each a stable rule id) look at one line; the weather rule also looks at the
neighbouring lines. All phrase data lives in :mod:`cleantext.phrases`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from typing import Any

import regex

from cleantext.document import Document, LiveLines
from cleantext.filters._compile import (
    DECOR,
    STARTS,
    Contained,
    LinePrefix,
    WholeLine,
    alternation,
    contained_lines,
    fragments,
    line_starts,
    pattern,
    phrase_set,
)
from cleantext.filters._dates import is_date_line
from cleantext.filters.base import Drop, Filter, Rule, rules_by_bits
from cleantext.lazy import lazy
from cleantext.lines import LineIndex, int_array
from cleantext.phrases import table
from cleantext.textstats import ends_sentence, is_prose, lower, word_count

_PHRASE_LINE = lazy(WholeLine)("chrome_lines")
_SECTION_LINE = lazy(WholeLine)("section_labels")
# "harbourwatcher says:", the WordPress comment header; a determiner first means prose
# ("The mayor says:").
_COMMENT_AUTHOR = lazy(pattern)(
    lambda: (
        rf"(?!(?i:{alternation(fragments('comment_determiners'))})\s)"
        rf"\S{{1,40}}(?: \S{{1,20}}){{0,3}} (?i:{alternation(fragments('comment_verbs'))})\s*:"
    ),
    0,
)
_PREFIX = lazy(LinePrefix)("chrome_prefixes")
# Prompts are matched on word edges: "we use cookies" is not found inside "we use cookiesx".
_SENTENCE = lazy(Contained)("chrome_sentences", bounded=True)
_SHARE_SPLIT = lazy(regex.compile)(r"[\s,|·•/]+")
# A copyright line: a © with a year or at the start, "Copyright 2025 …", or a rights
# notice that opens the line or follows a sentence, © or year ("… Ltd. All rights reserved.").
_COPYRIGHT = lazy(pattern)(
    lambda: (
        rf"^\W*©|©\s*\d{{4}}|\d{{4}}\s*©|\(c\)\s*\d{{4}}|^copyright\b\s*(?:©|\(c\)|\d{{4}}|by\b)|^℗"
        rf"|(?:^|[.©|]\s*|\d{{4}}\s+){alternation(fragments('rights_notices'))}"
    )
)
_MENU_MARKS = ("|", "»", "›", ">", "•", "·", "/", "::")
# Only the start of a run of spaces may begin a separator, and runs are taken whole:
# splitting stays linear on long runs of spaces.
_MENU_SEP = lazy(regex.compile)(r"(?<!\s)\s++(?:\||»|›|>|•|·|/|::)\s++|(?<!\s)\s*+[|•·]\s*+")
_TEMPERATURE = lazy(regex.compile)(r"-?\d{1,3}(?:[.,]\d)?\s*°?\s*[CFcf]|-?\d{1,3}°", regex.V1)
_PLACE = lazy(regex.compile)(r"\p{Lu}[\p{L}.'’-]*(?:[ -]\p{Lu}[\p{L}.'’-]*){0,2}")
_BYLINE = lazy(pattern)(
    lambda: (
        rf"(?i:{alternation(fragments('byline_leads'))})\s+\p{{Lu}}[\p{{L}}.'’-]+"
        rf"(?:(?:\s+|\s*,\s*|\s+(?:and|und|et|y|e|en)\s+)"
        rf"(?:(?:van|von|de|der|den|da|di|du|del|la|le|dos|das|ter|ten|bin|al)\s+)*\p{{Lu}}[\p{{L}}.'’-]*){{0,7}}"
        rf"(?:\s*[,|–—-]\s*[\p{{L}} .'’&-]{{1,40}})?"
    )
)
# A byline's lead alone, the name on the next line.
_LONE_BY = lazy(pattern)(lambda: rf"(?i:{alternation(fragments('lone_byline_leads'))})\s*:?", 0)
_STAMP = lazy(pattern)(lambda: alternation(fragments("stamp_leads")) + r"\b\s*:?\s*\S")  # on lower-cased text


# The closing blocks of a press release: "About <Company>" with its boilerplate paragraph,
# the contact block, "SOURCE <Company>".
# An article before the name ("Über die Stadtwerke Leipzig") is allowed when the boilerplate
# names the company first ("Die Stadtwerke Leipzig versorgen…"): "Über die Grenze" may be a
# subheading.
_ABOUT = lazy(pattern)(
    lambda: (
        rf"(?i:{alternation(fragments('about_leads'))})(?:(?<=['’])\s*|\s+)"  # a word: "About Acme", "d'Acme"
        rf"(?P<article>(?i:{alternation(fragments('about_articles'))})\s+)?"
        rf"(?P<name>\p{{Lu}}[\p{{L}}\p{{N}}.&'’-]*)(?:\s+[\p{{L}}\p{{N}}.&'’,()-]+){{0,6}}\s*:?"
    )
)
_NAME_FIRST_WORDS = 3  # the boilerplate names the company within its first words
_CONTACT = lazy(pattern)(lambda: rf"{DECOR}{alternation(fragments('contact_leads'))}\s*:(?:\s.*)?")  # lower-cased
_RELEASE_SOURCE = lazy(pattern)(
    lambda: rf"(?:{'|'.join(table('release_source_leads').phrases)})\s+\p{{Lu}}\S*(?:\s+\S+){{0,6}}"
)
_MAX_HEADING_WORDS = 8
# A clock time: 09:00, 9.30am, 15h12, 3 p.m.
_CLOCK = lazy(regex.compile)(
    r"\d{1,2}(?::|\s?h\s?)\d{2}|\d{1,2}(?:[.:]\d{2})?\s?(?:[ap]m|[ap]\.m\.)|\d{1,2}\.\d{2}\s?uhr\b", regex.V1 | regex.I
)
_MAX_STAMP_CHARS = 40
_MAX_INLINE_STAMP_CHARS = 15  # a time alone, opening an entry: "14.32 Uhr", "2:20 p.m. ET"
_MIN_ENTRY_STAMPS = 3  # a live blog has entries; one or two times alone are a timeline's
# Pull quotes: a quoted paragraph of one line repeating part of a longer body line.
_QUOTE_MARKS = "\"'“”„«»‹›‘’‚「」『』 "
_PULL_QUOTE_WORDS = (8, 40)
# The name in a byline ("By Jane Roe, Reuters" -> "Jane Roe") and a line that opens with
# it followed by a verb of BIO_VERBS ("Jane Roe is a reporter…"): an author bio.
_BYLINE_NAME = lazy(pattern)(
    lambda: (
        rf"(?i:{alternation(fragments('byline_leads'))})\s+"
        rf"(\p{{Lu}}[\p{{L}}.'’-]+(?:\s+\p{{Lu}}[\p{{L}}.'’-]+){{1,3}})"
    )
)
_MAX_BIO_WORDS = 80
_MAX_RELATED_HEADLINE_WORDS = 20
# A specification table: a spec heading, then only "Key: value" rows.
_SPEC_HEADING = lazy(WholeLine)("spec_headings")
_SPEC_ROW = lazy(regex.compile)(r"[\p{L}][\p{L}\p{N} ./&()-]{0,30}:\s*\S.{0,60}", regex.V1)
_MIN_SPEC_ROWS = 2
# A table of contents: a heading, then entries most of which come again later as lines.
_TOC_HEADING = lazy(WholeLine)("toc_headings")
_TOC_ENTRY_MARK = lazy(regex.compile)(r"^(?:[-–—•·*▪►]\s*|\d{1,2}(?:\.\d{1,2})*[.)]?\s+)|[\s.:…]+$")
_MAX_TOC_ENTRY_WORDS = 12
_MIN_TOC_ENTRIES = 2
_MAX_TOC_ENTRIES = 40
_MAX_CONTACT_LINE_WORDS = 10


# The hit bits of the line rules, found for the whole document at once: the tables read from
# the start of a line by its first word (line_starts; lone byline leads such as "By" are byline
# leads too), prompts and rights notices by contained_lines, the marks by str.find scans.

_COMMENT_GATE = lazy(re.compile)(r":$", re.MULTILINE)
_COPYRIGHT_SIGNS = ("©", "℗", "(c)")  # on lower-cased text
# Marks found among the lines holding a shorter mark that the captions gate scans for.
_WITHIN = {"::": ":", "(c)": ")"}
_COPYRIGHT_WORDS = lazy(Contained)("rights_notices", bounded=False, extra=("copyright",))
_TEMPERATURE_START = frozenset("-0123456789")


# The line rules, as bits: which rules may fire on a line.
# (The rules read from the start of a line have the bits of their tables in line_starts.)
SECTION, PHRASE, PREFIX, SHARE, BYLINE, STAMP = (
    STARTS[t]
    for t in ("section_labels", "chrome_lines", "chrome_prefixes", "share_targets", "byline_leads", "stamp_leads")
)
COMMENT, PROMPT, COPYRIGHT, MENU = (1 << k for k in range(len(STARTS), len(STARTS) + 4))
_START_RULES = SECTION | PHRASE | PREFIX | SHARE | BYLINE | STAMP
ALL_RULES = _START_RULES | COMMENT | PROMPT | COPYRIGHT | MENU


def _gated_lines(index: LineIndex) -> dict[int, int]:
    """Lines where some line rule of :class:`Chrome` may fire, with those rules' bits."""
    found = {i: bits & _START_RULES for i, bits in line_starts(index).items() if bits & _START_RULES}
    for lines, rule in (
        (index.lines_matching(_COMMENT_GATE), COMMENT),  # ":" at a line end, in either text
        (contained_lines(index, _SENTENCE), PROMPT),
        (contained_lines(index, _COPYRIGHT_WORDS), COPYRIGHT),
        *((index.lines_containing(sign, within=_WITHIN.get(sign)), COPYRIGHT) for sign in _COPYRIGHT_SIGNS),
        *((index.lines_containing(mark, lower=False, within=_WITHIN.get(mark)), MENU) for mark in _MENU_MARKS),
    ):
        for i in lines:
            found[i] = found.get(i, 0) | rule
    return found


@dataclass(frozen=True)
class ChromeConfig:
    """Thresholds of the ``chrome`` filter (presets change only these)."""

    max_prefix_words: int = 25
    """A ``Tags:``/``Source:``-style line longer than this is left alone."""
    max_sentence_words: int = 120
    """A line holding a cookie/comment/newsletter sentence longer than this is left alone."""
    max_stamp_words: int = 14
    """Longest byline or update-stamp line."""
    max_menu_item_words: int = 4
    """A menu or breadcrumb segment has at most this many words."""


@dataclass(frozen=True)
class Chrome(Filter):
    """Drop page chrome lines: share rows, read-more links, section labels, cookie and
    newsletter prompts, comment forms, copyright lines, menus and breadcrumbs, bylines and
    update stamps and weather widgets; and a few blocks read from their neighbours:
    related-link boxes inside the body, the closing blocks of a press release, live-blog
    time stamps, pull quotes and author bios. (Date lines before and after the body are the
    ``edges`` filter's: only it runs after captions and knows where the body ends.)

    >>> from cleantext.document import Document
    >>> doc = Document.from_text("26.7 C\\nMiami\\nSource link\\nShe said it was over.\\n")
    >>> [(d.index, d.rule) for d in Chrome().scan(doc)]
    [(0, 'chrome.weather'), (1, 'chrome.weather'), (2, 'chrome.phrase')]
    """

    name = "chrome"
    description = (
        "Drop page chrome lines: share/read-more/section labels, cookie, newsletter, copyright, bylines, weather."
    )

    config: ChromeConfig = ChromeConfig()

    def scan(self, doc: Document) -> Iterator[Drop]:
        index, dropped, line_rule = doc.index, doc.dropped, self.line_rule
        lines, words = index.lines, index.words
        weather: dict[int, tuple[str, str]] = {}
        temperatures = [i for i, t in enumerate(lines) if len(t) <= 24 and t[:1] in _TEMPERATURE_START]
        for i in temperatures:
            if dropped[i] is None:
                neighbours = (_live_neighbour(dropped, i, -1), _live_neighbour(dropped, i, 1))
                weather.update(_weather_rules(lines, i, neighbours))
        # Each line's rule, as its number in ``verdicts`` plus one (0: none): no Drop per line
        # kept while the blocks and panel names are looked for.
        verdicts: list[tuple[str, str]] = [_PANEL]
        number: dict[tuple[str, str], int] = {_PANEL: 1}
        found = int_array(len(lines), [0]) * len(lines)

        def note(i: int, rule: tuple[str, str]) -> None:
            k = number.get(rule)
            if k is None:
                k = number[rule] = len(verdicts) + 1
                verdicts.append(rule)
            found[i] = k

        for i, bits in _gated_lines(index).items():  # the lines chrome on their own, first
            if dropped[i] is None and (rule := line_rule(lines[i], words[i], bits)) is not None:
                note(i, rule)
        live = doc.live_lines()
        boxes = _related_boxes(live, words) | _tables_of_contents(live, words)
        blocks = (
            _release_blocks(live, words, found)
            | _entry_stamps(live, words)
            | _repeats(live, words)
            | _spec_tables(live)
        )
        blocks.update(_comment_headers(live, words))
        for marked in (boxes, weather, blocks):  # a line rule wins over weather and blocks, a box over all
            for i in marked:
                if dropped[i] is None and (marked is boxes or not found[i]):
                    note(i, marked[i])
        for i in _panel_names(live, found):
            found[i] = 1
        for i in compress(range(len(lines)), found):
            yield Drop(i, *verdicts[found[i] - 1])

    def line_rule(self, text: str, words: int | None = None, rules: int = ALL_RULES) -> tuple[str, str] | None:
        """The (rule id, reason) of the first of :data:`RULES` that makes this line chrome on its own, if any,
        among those whose bit ``rules`` has (:meth:`scan` knows them for the whole document)."""
        tried = _tried(rules)
        if tried:
            low, cfg = lower(text), self.config
            n = word_count(text) if words is None else words
            for rule in tried:
                if rule.test(text, low, n, cfg):
                    return rule.id, rule.reason
        return None


def _short_stamp(text: str, words: int, cfg: ChromeConfig) -> bool:
    """Whether a line is short enough for a byline, stamp or menu row, and no sentence."""
    return words <= cfg.max_stamp_words and not ends_sentence(text)


# The line rules, tried in order on a line's text, lower-cased text, word count and config.
RULES = (
    Rule("chrome.section", "label of a related, most-read or comments section",
         lambda text, low, n, cfg: len(text) <= 160 and _SECTION_LINE.fullmatch(low), SECTION),
    # "Comments (18)": mostly a link next to the headline, so no wall for content
    Rule("chrome.phrase", "link to a comments or related section, with its count",
         lambda text, low, n, cfg: len(text) <= 160 and _counted_section(low), SECTION),
    Rule("chrome.phrase", "navigation label",
         lambda text, low, n, cfg: len(text) <= 120 and _PHRASE_LINE.fullmatch(low), PHRASE),
    Rule("chrome.comment", "comment author line",
         lambda text, low, n, cfg: len(text) <= 80 and text.endswith(":") and _COMMENT_AUTHOR.fullmatch(text), COMMENT),
    Rule("chrome.prefix", "tags, share, source or related line",
         lambda text, low, n, cfg: n <= cfg.max_prefix_words and _PREFIX.match(low) and not text.endswith(("?", "!")),
         PREFIX),
    Rule("chrome.prompt", "cookie, newsletter, comment-form or rights notice",
         lambda text, low, n, cfg: n <= cfg.max_sentence_words and _SENTENCE.search(low), PROMPT),
    Rule("chrome.share", "share or follow row", lambda text, low, n, cfg: n <= 12 and _is_share_row(low), SHARE),
    Rule("chrome.copyright", "copyright line", lambda text, low, n, cfg: n <= 20 and _COPYRIGHT.search(low), COPYRIGHT),
    Rule("chrome.byline", "byline",
         lambda text, low, n, cfg: _short_stamp(text, n, cfg) and (_BYLINE.fullmatch(text) or _LONE_BY.fullmatch(text)),
         BYLINE),
    Rule("chrome.stamp", "update or publication stamp",
         lambda text, low, n, cfg: _short_stamp(text, n, cfg) and _STAMP.match(low) and _has_digit(text), STAMP),
    Rule("chrome.menu", "menu row or breadcrumb",
         lambda text, low, n, cfg: _short_stamp(text, n, cfg) and _is_menu(text, cfg.max_menu_item_words), MENU),
)  # fmt: skip
_tried = rules_by_bits(RULES)


# A count after a section label: "Comments (14)", "Kommentare (3)", "Reacties [2]".
_SECTION_COUNT = lazy(regex.compile)(r"\s*[(\[]\d{1,6}[)\]]\s*$")


def _counted_section(low: str) -> bool:
    """Whether the lower-cased line is a section label followed by a count in brackets."""
    if not low.endswith((")", "]")):
        return False
    m = _SECTION_COUNT.search(low)
    return m is not None and m.start() > 0 and _SECTION_LINE.fullmatch(low[: m.start()])


_MAX_PANEL_NAME_WORDS = 3
_MAX_PANEL_NAME_CHARS = 30
_MIN_PANEL_LINES = 2


_PANEL = ("chrome.panel", "name heading a block of chrome (a forum user panel)")


def _panel_names(live: LiveLines, removed: Sequence[int]) -> list[int]:
    """The names heading a block of chrome (``removed[i]``: whether block ``i`` is chrome): a
    short line that is not a sentence (``Radler78``, ``Jane Roe``), first in its paragraph or
    under a line that is chrome, when the lines under it in its paragraph, at least
    ``_MIN_PANEL_LINES`` of them, are all chrome (a forum user panel: ``Moderator``,
    ``Joined: Aug 2025``, ``Messages: 214``)."""
    rows, texts, paras = live
    names = []
    for pos, i in enumerate(rows):
        para = paras[pos]
        if removed[i] or (pos > 0 and paras[pos - 1] == para and not removed[rows[pos - 1]]):
            continue
        rest = 0
        for k in range(pos + 1, len(rows)):  # no slice: that would copy the rest of the page
            if paras[k] != para:
                break
            if not removed[rows[k]]:
                rest = 0  # a line of the paragraph stays: no panel (and the scan stays linear)
                break
            rest += 1
        text = texts[pos]
        if (
            rest >= _MIN_PANEL_LINES
            and len(text) <= _MAX_PANEL_NAME_CHARS
            and 0 < word_count(text) <= _MAX_PANEL_NAME_WORDS
            and not ends_sentence(text)
        ):
            names.append(i)
    return names


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _is_share_row(low: str) -> bool:
    first = low.split(None, 1)
    share = phrase_set("share_targets")
    if not first or first[0].strip(":.!,|·•/") not in share:
        return False
    tokens = [t for t in _SHARE_SPLIT.split(low) if t]
    return bool(tokens) and all(t.strip(":.!") in share for t in tokens)


def _is_menu(text: str, max_item_words: int) -> bool:
    parts = [p for p in _MENU_SEP.split(text) if p]  # three parts: two separators at least
    return len(parts) >= 3 and all(word_count(p) <= max_item_words for p in parts)


def _live_neighbour(dropped: list[Any], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(dropped) and dropped[j] is not None:
        j += step
    return j if 0 <= j < len(dropped) else None


def _is_temperature(text: str) -> bool:
    return len(text) <= 24 and _TEMPERATURE.fullmatch(text) is not None


def _weather_rules(lines: list[str], i: int, neighbours: tuple[int | None, ...]) -> Iterator[tuple[int, Any]]:
    """Line ``i`` may be a weather temperature: it and its place-name neighbours."""
    if _is_temperature(lines[i]):
        yield i, ("chrome.weather", "weather widget temperature")
        for j in neighbours:
            if j is not None and len(lines[j]) <= 40 and not _is_temperature(lines[j]) and _PLACE.fullmatch(lines[j]):
                yield j, ("chrome.weather", "place name of a weather widget")


def _release_blocks(live: LiveLines, words: Sequence[int], chrome: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The closing blocks of a press release, by block index: walking back from the end of
    the page, "About <Company>" headings with the boilerplate paragraph after them (or
    under them), contact blocks and "SOURCE <Company>" lines, up to the last body
    paragraph that is not such a boilerplate. A paragraph whose lines are all chrome on
    their own (``chrome[i]``: a cookie prompt, a copyright line) is passed over: it is not
    the body that ends the walk."""
    rows, texts, paras_of = live
    paras: list[range] = []  # the positions of the live lines of each paragraph (no int object per line)
    start = 0
    while start < len(rows):
        paras.append(range(start, end := bisect_right(paras_of, paras_of[start])))  # paras ascend
        start = end
    found: dict[int, tuple[str, str]] = {}
    pending: range | None = None  # a prose paragraph after the ones looked at, maybe a boilerplate
    for para in reversed(paras):
        if all(chrome[rows[p]] for p in para):
            continue
        head = para[0]
        about = words[rows[head]] <= _MAX_HEADING_WORDS and _ABOUT.fullmatch(texts[head])
        boilerplate = para[1] if len(para) > 1 else (pending or [None])[0]
        if about and about["article"] and boilerplate is not None:
            if about["name"] not in texts[boilerplate].split()[:_NAME_FIRST_WORDS]:
                about = None
        if about and (pending is not None or len(para) > 1):
            for pos in chain(para, pending or ()):
                found[rows[pos]] = ("chrome.about", "About-the-company heading and boilerplate of a press release")
            pending = None
            continue
        if pending is not None:
            break  # a body paragraph: the closing blocks end here
        if _CONTACT.fullmatch(lower(texts[head])) and all(words[rows[p]] <= _MAX_CONTACT_LINE_WORDS for p in para):
            for pos in para:
                found[rows[pos]] = ("chrome.contact", "contact block of a press release")
            continue
        for pos in para:
            if words[rows[pos]] <= _MAX_HEADING_WORDS and _RELEASE_SOURCE.fullmatch(texts[pos]):
                found[rows[pos]] = ("chrome.contact", "issuer line closing a press release")
        if any(is_prose(texts[p], words=words[rows[p]]) for p in para):
            pending = para
    return found


def _entry_stamps(live: LiveLines, words: list[int]) -> dict[int, tuple[str, str]]:
    """Bare time stamps between the entries of a live blog, by block index: lines that are
    only a date and/or time with a clock time in it, each a paragraph of its own, or a
    bare time (``14.32 Uhr``, ``15:12 GMT``: no date, which comments carry) opening its
    entry's paragraph, after the body has begun and before more of it, at least
    ``_MIN_ENTRY_STAMPS`` of them. (Before and after the body, ``edges`` drops date lines.)"""
    rows, texts, paras = live
    found: dict[int, tuple[str, str]] = {}
    begun = False
    for pos, i in enumerate(rows):
        text = texts[pos]
        if not begun:
            begun = is_prose(text, words=words[i])
            continue
        if (
            len(text) <= _MAX_STAMP_CHARS
            and 0 < pos < len(rows) - 1
            and paras[pos - 1] != paras[pos]
            and (paras[pos + 1] != paras[pos] or len(text) <= _MAX_INLINE_STAMP_CHARS)
            and _CLOCK.search(text)
            and is_date_line(text)
        ):
            found[i] = ("chrome.timestamp", "time stamp between live-blog entries")
    return found if len(found) >= _MIN_ENTRY_STAMPS else {}


_MAX_AUTHOR_WORDS = 4
_MAX_AUTHOR_CHARS = 40
_MAX_COMMENT_STAMP_CHARS = 60
_MAX_COMMENT_LINES = 8
_INITIAL_END = lazy(regex.compile)(r"(?:^|\s)\p{Lu}\.$")  # "Thomas K.": a name, not a sentence


def _comment_headers(live: LiveLines, words: list[int]) -> dict[int, tuple[str, str]]:
    """The headers of reader comments after the body, by block index: a short line that is
    not a sentence (the author: ``Maria``, ``Jean-Marc``, ``radler_78``) right above, in one
    paragraph, a date line with a clock time (``March 3, 2025 at 6:14 pm``, ``15 septembre
    2025 à 9 h 12``), then the comment, then a navigation label (``Reply``, ``Antworten``,
    ``Like``) within ``_MAX_COMMENT_LINES`` lines, all in one paragraph: the lines up to
    the label go (the label is ``chrome.phrase``). Reported as ``chrome.comment_entry``,
    which is no wall for ``content`` (unlike ``chrome.comment``): on a forum page every post
    has such a header, and the first is the body. A byline (``By Jane Roe``) is no comment
    author; before the body such a pair is a byline and a date, ``edges``' to take."""
    rows, texts, paras = live
    found: dict[int, tuple[str, str]] = {}
    begun = False
    for pos in range(len(rows) - 2):
        author, stamp = rows[pos], rows[pos + 1]
        if author in found:
            continue
        author_text, stamp_text = texts[pos], texts[pos + 1]
        if (
            begun
            and 0 < words[author] <= _MAX_AUTHOR_WORDS
            and len(author_text) <= _MAX_AUTHOR_CHARS
            and paras[pos] == paras[pos + 1] == paras[pos + 2]
            and (not ends_sentence(author_text) or _INITIAL_END.search(author_text) is not None)
            and not _has_digit(author_text[:1])
            and len(stamp_text) <= _MAX_COMMENT_STAMP_CHARS
            and _CLOCK.search(stamp_text)
            and not is_date_line(author_text)
            and is_date_line(stamp_text)
            and not _BYLINE.fullmatch(author_text)
        ):
            text: list[int] = []
            for k in range(pos + 2, min(pos + 3 + _MAX_COMMENT_LINES, len(rows))):
                if paras[k] != paras[pos]:
                    break
                if text and len(texts[k]) <= 40 and _PHRASE_LINE.fullmatch(lower(texts[k])):
                    found[author] = found[stamp] = (
                        "chrome.comment_entry",
                        "author and time stamp of a comment",
                    )
                    for t in text:
                        found[t] = ("chrome.comment_entry", "text of a comment")
                    break
                text.append(rows[k])
        begun = begun or (ends_sentence(author_text) and is_prose(author_text, words=words[author]))
    return found


def _repeats(live: LiveLines, words: list[int]) -> dict[int, tuple[str, str]]:
    """Lines that repeat the page's own text, by block index: pull quotes (a paragraph of
    one line whose words stand inside a longer body line) and author bios (a line after
    the body's first sentence opening with the name of the page's byline)."""
    rows, texts, paras = live
    found: dict[int, tuple[str, str]] = {}
    lo, hi = _PULL_QUOTE_WORDS
    joined: str | None = None  # the live lines joined, made when a quote needs it
    names = {m.group(1) for t in texts if len(t) <= 80 and (m := _BYLINE_NAME.fullmatch(t.rstrip(" ,")))}
    begun = False
    bio_verbs = phrase_set("bio_verbs")
    for pos, i in enumerate(rows):
        n = words[i]
        text = texts[pos]
        if begun and names and n <= _MAX_BIO_WORDS:
            for name in names:
                rest = text[len(name) + 1 :].split(None, 1)
                if text.startswith(name + " ") and rest and rest[0] in bio_verbs:
                    found[i] = ("chrome.author_bio", "author bio naming the byline's author")
                    break
        if (
            lo <= n <= hi
            and (pos == 0 or paras[pos - 1] != paras[pos])
            and (pos + 1 == len(rows) or paras[pos + 1] != paras[pos])
        ):
            core = text.strip(_QUOTE_MARKS)
            quoted = text[:1] in _QUOTE_MARKS and text[-1:] in _QUOTE_MARKS
            if quoted and len(core) >= 30:
                joined = "\n".join(texts) if joined is None else joined
                if joined.count(core) >= 2 and any(core in t and len(t) > len(text) for t in texts):
                    found[i] = ("chrome.pull_quote", "pull quote repeating a body line")
        begun = begun or is_prose(text, words=n)
    return found


def _related_boxes(live: LiveLines, words: list[int]) -> dict[int, tuple[str, str]]:
    """Related-link boxes inside the body, by block index: a paragraph of a section label
    (``Related``, ``See also``, ``Lesen Sie auch``) and one headline
    line under it, with body prose before and after. Reported as ``chrome.related``, not
    as a section label: the article goes on after it."""
    rows, texts, paras = live
    found: dict[int, tuple[str, str]] = {}
    prose = [is_prose(t, words=words[i]) for i, t in zip(rows, texts, strict=True)]
    last = max((pos for pos, p in enumerate(prose) if p), default=-1)  # the last prose line
    begun = False
    for pos in range(len(rows) - 1):
        para = paras[pos]
        if (
            begun
            and para == paras[pos + 1]
            and (pos == 0 or paras[pos - 1] != para)
            and (pos + 2 == len(rows) or paras[pos + 2] != para)
            and pos + 2 <= last
            and words[rows[pos + 1]] <= _MAX_RELATED_HEADLINE_WORDS
            and not ends_sentence(texts[pos + 1])
            and len(texts[pos]) <= 80
        ):
            low = lower(texts[pos])
            if _SECTION_LINE.fullmatch(low):
                found[rows[pos]] = found[rows[pos + 1]] = ("chrome.related", "related-link box inside the body")
        begun = begun or prose[pos]
    return found


def _toc_key(text: str) -> str:
    """A table-of-contents entry or a subheading, without numbering or end marks, in lower case."""
    return lower(_TOC_ENTRY_MARK.sub("", text))


def _tables_of_contents(live: LiveLines, words: list[int]) -> dict[int, tuple[str, str]]:
    """Tables of contents, by block index: a heading such as ``Contents``,
    ``Inhaltsverzeichnis`` or ``Sommaire`` and its entries (the rest of its paragraph, or
    the next paragraph when the heading stands alone), when at least two thirds of the
    entries come again further down as lines of their own (the subheadings they link to)."""
    rows, texts, paras = live
    found: dict[int, tuple[str, str]] = {}
    last: dict[str, int] | None = None  # where each line's key is seen last, made on first need
    for pos, text in enumerate(texts):
        if len(text) > 40 or not _TOC_HEADING.fullmatch(lower(text)):
            continue
        start = pos + 1
        if start < len(rows) and paras[start] != paras[pos] and (pos == 0 or paras[pos - 1] != paras[pos]):
            para = paras[start]  # the heading stands alone: its entries are the next paragraph
        else:
            para = paras[pos]
        entries = range(start, min(start + _MAX_TOC_ENTRIES + 1, bisect_right(paras, para)))  # paras ascend
        if not _MIN_TOC_ENTRIES <= len(entries) <= _MAX_TOC_ENTRIES or any(
            words[rows[k]] > _MAX_TOC_ENTRY_WORDS for k in entries
        ):
            continue
        if last is None:
            last = {_toc_key(x): k for k, x in enumerate(texts)}
        end = start + len(entries)
        if 3 * sum(last.get(_toc_key(texts[k]), -1) >= end for k in entries) >= 2 * len(entries):
            for k in (pos, *entries):
                found[rows[k]] = ("chrome.toc", "table of contents")
    return found


def _spec_tables(live: LiveLines) -> dict[int, tuple[str, str]]:
    """A shop's specification table, by block index: a heading such as ``Specifications``
    or ``Technische Daten`` and the rest of its paragraph when that is at least
    ``_MIN_SPEC_ROWS`` ``Key: value`` rows and nothing else."""
    rows, texts, paras = live
    found: dict[int, tuple[str, str]] = {}
    for pos, text in enumerate(texts):
        if len(text) > 40 or not _SPEC_HEADING.fullmatch(lower(text)):
            continue
        spec = range(pos + 1, bisect_right(paras, paras[pos]))  # the rest of its paragraph (paras ascend)
        if len(spec) >= _MIN_SPEC_ROWS and all(_SPEC_ROW.fullmatch(texts[k]) for k in spec):
            for k in (pos, *spec):
                found[rows[k]] = ("chrome.specs", "specification table of a shop widget")
    return found
