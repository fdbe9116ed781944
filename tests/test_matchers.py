"""The shared line index, the matchers of the literal phrase tables (each must find what the
table's entries read as one regex find), and the cheap tests that pick the lines the rules run on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import features
from cleantext.document import Document
from cleantext.features import _lines_with_url, _may_hold_cjk, guess_language_of
from cleantext.filters import AdLabels, Captions, Chrome, captions
from cleantext.filters import chrome as chrome_filter
from cleantext.filters._compile import (
    _DECOR_CHARS,
    DECOR,
    STARTS,
    WHITE_SPACE,
    WORD_EDGE,
    Contained,
    LinePrefix,
    WholeLine,
    alternation,
    first_word,
    fragments,
    line_starts,
    literal_head,
)
from cleantext.filters.ads import AdArtifacts
from cleantext.filters.base import PRESETS
from cleantext.lines import LineIndex
from cleantext.phrases import Table, table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# -- the line index ------------------------------------------------------------------------
def test_line_index_names_lines_by_match() -> None:
    idx = LineIndex(["Home | News", "The vote passed.", "Share: Facebook", "Tags: vote"])
    assert idx.lines_matching(re.compile(r"^(?:share|tags):", re.MULTILINE)) == [2, 3]
    assert idx.lines_containing("|", lower=False) == [0]
    assert idx.lines_containing("vote") == [1, 3]
    assert list(idx.words) == [2, 3, 2, 2]
    assert list(idx.sentence_ends) == [False, True, False, False]
    assert idx.first_words == ["home", "the", "share", "tags"]
    assert {"vote", "facebook", "the"} <= idx.vocabulary


def test_a_match_is_credited_to_its_line_once() -> None:
    idx = LineIndex(["aaa", "b", "aa"])
    assert idx.lines_matching(re.compile("a")) == [0, 2]
    assert idx.lines_containing("a") == [0, 2]


def test_lower_case_that_changes_length_keeps_lines_apart() -> None:
    idx = LineIndex(["i\u0307stanbul İzmir", "Tags: travel"])  # "i" + U+0307 reads "i": one character
    assert len(idx.lower) != len(idx.text)
    assert idx.lines_matching(re.compile(r"^tags:", re.MULTILINE)) == [1]
    assert idx.lines_containing("tags") == [1]


def test_lower_line_is_the_line_in_lower_case() -> None:
    idx = LineIndex(["İstanbul Guide", "Tags: Travel", "END"])
    assert [idx.lower_line(i) for i in range(3)] == ["istanbul guide", "tags: travel", "end"]


def test_turkish_capital_i_reads_as_the_tables_write_it() -> None:
    # str.lower() gives "i" + U+0307 for "İ", and "i" for the I of "DEVAMINI" (a dotless ı).
    idx = LineIndex(["İLGİLİ HABERLER", "Devamını oku", "DEVAMINI OKU"])
    assert [idx.lower_line(i) for i in range(3)] == ["ilgili haberler", "devamini oku", "devamini oku"]
    assert idx.first_words == ["ilgili", "devamini", "devamini"]
    assert {"ilgili", "devamini", "oku"} <= idx.vocabulary


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="İ:/(c)Cx ", max_size=12), max_size=8), st.booleans())
def test_a_scan_narrowed_from_a_shorter_mark_equals_a_scan(lines: list[str], lower: bool) -> None:
    narrowed, scanned = LineIndex(lines), LineIndex(lines)
    for needle, within in (("://", ":"), ("(c)", ")"), ("::", ":")):
        assert narrowed.lines_containing(needle, lower=lower, within=within) == scanned.lines_containing(
            needle, lower=lower
        )


@pytest.mark.parametrize("within", ["x", "://x", "C", "é"])
def test_a_narrowing_mark_must_be_a_part_without_letters(within: str) -> None:
    with pytest.raises(ValueError, match="without letters"):
        LineIndex(["x"]).lines_containing("://x" if within != "://x" else "://", within=within)


def test_empty_index() -> None:
    idx = LineIndex([])
    assert idx.lines_matching(re.compile("a")) == [] and idx.lines_containing("a") == []


def test_first_words_skip_leading_underscores() -> None:
    assert LineIndex(["___ Read more", "_x_ y", "__", "Plain"]).first_words == ["read", "x_", "", "plain"]


# -- the lines the rules run on: every line a rule fires on -------------------------------
_PHRASES = sorted(
    {
        p
        for name in (
            "chrome_lines",
            "section_labels",
            "chrome_prefixes",
            "chrome_sentences",
            "share_targets",
            "stamp_leads",
            "byline_leads",
            "ad_labels",
            "rights_notices",
            "credit_leads",
            "credit_by",
            "photo_agencies",
            "caption_cues",
        )
        for p in table(name).phrases
    }
)
_FIXTURE_LINES = sorted(
    {line for p in sorted(FIXTURES.rglob("*.txt")) for line in p.read_text("utf-8").splitlines() if line.strip()}
)
_SHAPES = [
    "{p}",
    "{P}",
    "{U}",
    "» {P} »",
    "{P}:",
    "{P}: Politics, Budget",
    "Home | {P} | World",
    "© 2025 {P}",
    "{P} 2 hours ago",
    "___ {P}",
    "12 {p}",
    "{P}share",
    "By {P}",
    "Kristina Kormilitsyna / {P}",
    "The mayor, second from left, at {P} in Berlin, Tuesday.",
    "O prefeito (à esquerda) e {P} em Lisboa, segunda-feira.",
    "We said that {p} today, and the council agreed after a long debate.",
    "{p}xyz and more",
    "21°C",
    "Miami",
    "(AP Photo/{P})",
]


@st.composite
def pages(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(_FIXTURE_LINES)))
        else:
            p = draw(st.sampled_from(_PHRASES)).lower()
            shape = draw(st.sampled_from(_SHAPES))
            lines.append(shape.format(p=p, P=p.title(), U=p.upper()))
        if draw(st.integers(0, 4)) == 0:
            lines.append("")
    return "\n".join(lines) + "\n"


def _docs(text: str, drops: list[int]) -> tuple[Document, Document]:
    a, b = Document.from_text(text), Document.from_text(text)
    for d in (a, b):
        for i in drops:
            if i < len(d.blocks):
                d.drop(i, "test", "test.drop", "dropped before the scan")
    return a, b


def _line_rules_everywhere(f: Chrome, doc: Document) -> None:
    """Every live line gets from the rules ``Chrome.scan`` tries on it what all the rules give."""
    gated = chrome_filter._gated_lines(doc.index)
    for b in doc.live():
        assert f.line_rule(b.text, b.words, gated.get(b.index, 0)) == f.line_rule(b.text, b.words), b.text


def _captions_everywhere(f: Captions, doc: Document) -> None:
    """``Captions.scan`` finds what trying every rule on every live line finds."""
    live = doc.live_rows()
    every = [(pos, captions.ALL_RULES) for pos in range(len(live))]
    assert list(f.scan(doc)) == list(f._scan(doc, live, every, doc.index.words))


@settings(max_examples=300, deadline=None)
@given(pages(), st.lists(st.integers(0, 20), max_size=3), st.sampled_from(PRESETS))
def test_rules_are_tried_on_every_line_they_fire_on(text: str, drops: list[int], preset: str) -> None:
    a, b = _docs(text, drops)
    _line_rules_everywhere(Chrome.from_preset(preset), a)
    _captions_everywhere(Captions.from_preset(preset), b)


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.txt")), ids=lambda p: p.name)
def test_rules_are_tried_on_every_line_they_fire_on_in_every_fixture(path: Path) -> None:
    text = path.read_text("utf-8")
    a, b = _docs(text, [])
    _line_rules_everywhere(Chrome(), a)
    _captions_everywhere(Captions(), b)


# -- behaviour ---------------------------------------------------------------------------
def test_a_lone_byline_lead_is_the_first_word_of_a_byline_lead() -> None:
    # chrome looks for lone leads ("By", "Von:") among the lines opening like a byline
    assert set(table("lone_byline_leads").phrases) <= {first_word(p) for p in table("byline_leads").phrases}
    doc = Document.from_text("The vote passed on Monday after a long debate in the council.\n\nVon:\nJane Roe\n")
    assert [(d.index, d.rule) for d in Chrome().scan(doc)] == [(1, "chrome.byline")]


def test_one_pass_per_document_is_shared_by_the_filters() -> None:
    doc = Document.from_text("Advertisement\n\nPhoto by Jane Roe\n\nTags: vote\n")
    starts = line_starts(doc.index)
    assert line_starts(doc.index) is starts
    assert starts[0] & STARTS["ad_labels"] and starts[1] & STARTS["credit_by"] and starts[2] & STARTS["chrome_prefixes"]
    assert [d.rule for d in AdLabels().scan(doc)] == ["ads.label"]


def test_prompts_match_on_word_edges() -> None:
    chrome = Chrome()
    assert chrome.line_rule("We use cookies to improve your experience.") == (
        "chrome.prompt",
        "cookie, newsletter, comment-form or rights notice",
    )
    assert chrome.line_rule("Reports say we use cookiescutter templates in the lab.") is None


def test_ad_artifacts_skip_documents_without_one() -> None:
    f = AdArtifacts()
    assert f.may_cut("Ad\n- Advertisement -spot_imgspot_img\n")
    assert not f.may_cut("The council met.\n")


def test_changing_a_block_rebuilds_the_line_index() -> None:
    doc = Document.from_text("Advertisement\nThe vote passed on Monday.\n")
    assert doc.index.lines[0] == "Advertisement" and doc.blocks[0].words == 1
    doc.set_text(0, "Two words")
    assert doc.index.lines[0] == "Two words" and doc.index.words[0] == 2 and doc.blocks[0].words == 2
    doc.cut(1, [(0, 4, "test", "test.cut", "cut")])
    assert doc.index.lines[1] == "vote passed on Monday."


# -- whole-line tables ---------------------------------------------------------------------
_WHOLE_LINE_TABLES = ["section_labels", "chrome_lines", "ad_labels", "toc_headings", "spec_headings"]
_DECORATIONS = ["", " ", "» ", " »", "- ", ":", " ...", ".", "\t", "\u00a0", "\u3000", "(", ")", "_", "x", " 3", "s"]


@st.composite
def decorated_entries(draw: st.DrawFn, names: list[str]) -> tuple[str, str]:
    """A table's name and a line: one of its phrases (or a fixture line or number for its
    patterns) with decoration, or something else, on either side."""
    name = draw(st.sampled_from(names))
    t = table(name)
    others = [
        draw(st.sampled_from(_FIXTURE_LINES)).lower(),
        f"{draw(st.integers(0, 999))} {draw(st.sampled_from(_PHRASES))}",
    ]
    core = draw(st.sampled_from([*t.phrases, *others]))
    left, right = draw(st.sampled_from(_DECORATIONS)), draw(st.sampled_from(_DECORATIONS))
    return name, left + core + right


@settings(max_examples=500, deadline=None)
@given(decorated_entries(_WHOLE_LINE_TABLES))
def test_whole_line_finds_what_its_entries_as_one_pattern_find(case: tuple[str, str]) -> None:
    name, line = case
    one_pattern = regex.compile(rf"{DECOR}{alternation(fragments(name))}{DECOR}", regex.V1)
    assert WholeLine(name).fullmatch(line) == bool(one_pattern.fullmatch(line))


def _prefix_pattern(name: str) -> regex.Pattern[str]:
    """A line-start table as one pattern: a phrase ending in a letter or digit ends on a word edge."""
    t = table(name)
    entries = [regex.escape(p) + (r"\b" if p[-1].isalnum() else "") for p in t.phrases] + list(t.patterns)
    return regex.compile(rf"{DECOR}{alternation(entries)}", regex.V1)


@settings(max_examples=500, deadline=None)
@given(decorated_entries(["chrome_prefixes"]))
def test_line_prefix_finds_what_its_entries_as_one_pattern_find(case: tuple[str, str]) -> None:
    name, line = case
    assert LinePrefix(name).match(line) == bool(_prefix_pattern(name).match(line))


@pytest.mark.parametrize(
    ("line", "found"),
    [("tags: vote", True), ("» tags:vote", True), ("share on x", True), ("share only this", False), ("tagging", False)],
)
def test_line_prefix_examples(line: str, found: bool) -> None:
    assert LinePrefix("chrome_prefixes").match(line) is found
    assert bool(_prefix_pattern("chrome_prefixes").match(line)) is found


def test_decor_characters_are_all_that_decor_and_white_space_match() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert set(regex.findall(r"\s", every, regex.V1)) == set(WHITE_SPACE)
    assert set(regex.findall(DECOR[:-1], every, regex.V1)) == set(_DECOR_CHARS)


_EXAMPLE = Table("example", ("read more", "source link", "all rights reserved."), (r"\d+ comments", r"more on \w+"))


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("read more", True),
        ("» read more »", True),
        ("read more!", True),
        ("- source link -", True),
        ("reading more", False),
        ("all rights reserved", False),  # the phrase's own dot is needed
        ("(all rights reserved.)", True),
        ("12 comments", True),
        ("» 12 comments:", True),
        ("comments", False),
        ("more on sports", True),
        ("more on", False),
    ],
)
def test_whole_line_examples(line: str, found: bool) -> None:
    one_pattern = regex.compile(rf"{DECOR}{alternation(fragments(_EXAMPLE))}{DECOR}", regex.V1)
    assert WholeLine(_EXAMPLE).fullmatch(line) is found
    assert bool(one_pattern.fullmatch(line)) is found


@pytest.mark.parametrize(
    ("source", "head"),
    [
        ("read more", "read more"),
        ("comments?", "comment"),
        (r"e\-?mail", "e"),
        (r"\bfrom left\b", "from left"),
        (r"(?:a|b) c", ""),
        (r"x{2}", ""),
        (r"ab+", "ab"),
    ],
)
def test_literal_head(source: str, head: str) -> None:
    assert literal_head(source) == head
    assert all(
        m.startswith(head)
        for m in ("read more", "comment", "comments", "email", "e-mail", "from left", "ab", "abb")
        if regex.fullmatch(source, m)
    )


def test_a_phrase_of_decoration_only_is_refused() -> None:
    with pytest.raises(ValueError, match="only decoration"):
        WholeLine(Table("bad", ("»",)))


# -- content features ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain English text", False),
        ("Curly “quotes” — and dashes", False),
        ("中文文本", True),
        ("한국어", True),
        ("emoji 😀 only", False),
        ("rare Han \U00020000", True),
    ],
)
def test_may_hold_cjk(text: str, expected: bool) -> None:
    assert _may_hold_cjk(text) is expected


@pytest.mark.parametrize(
    "head",
    [
        "中文文本" * 30,
        "日本語のテキストです。" * 10,
        "한국어 텍스트" * 20,
        "Русский текст " * 200,
        "“Curly” — quotes, dashes… " * 100,
        "mixed 中文 and English words " * 40,
        "\U00020000" * 60,
        "",
    ],
)
@pytest.mark.parametrize("limit", [50, 120, 400])
def test_cjk_bound_agrees_with_counting(head: str, limit: int) -> None:
    cjk = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
    assert features._more_cjk_than(head, limit) == (len(cjk.findall(head)) > limit)


def test_language_guess_counts_stopwords_per_language() -> None:
    assert guess_language_of("the cat and the dog are in the house".split(), "") == "en"
    assert guess_language_of("der Hund und die Katze sind im Haus".split(), "") == "de"
    assert guess_language_of("le chien et le chat sont dans la maison".split(), "") == "fr"
    assert guess_language_of([], "") == "en"


def test_url_lines_equal_one_scan_of_every_line() -> None:
    url = re.compile(r"://|www\.\w|@\w+\.\w|\.(?:com|org|net|html?|php)\b")
    idx = LineIndex([*_FIXTURE_LINES, "mail me@example.org", "see www.x.com", "a.com.b", "x://y", "a.comb"])
    found = _lines_with_url(idx)
    assert found == {i for i, t in enumerate(idx.lines) if url.search(t.lower())}
    assert len(found) >= 4


_URL_PIECES = [
    "://",
    "www.",
    "WWW.",
    "@",
    ".",
    ".com",
    ".COM",
    ".Org",
    "net",
    ".html",
    ".htmx",
    ".php",
    "İ",
    "x",
    " ",
    "_",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_URL_PIECES), max_size=8).map("".join), min_size=1, max_size=6))
def test_url_lines_skip_literals_only_when_no_line_can_match(lines: list[str]) -> None:
    url = re.compile(r"://|www\.\w|@\w+\.\w|\.(?:com|org|net|html?|php)\b")
    idx = LineIndex(lines)
    assert _lines_with_url(idx) == {i for i, t in enumerate(lines) if url.search(t.lower())}


# -- captions: trailing credits -------------------------------------------------------------
_ONE_TRAILING_PATTERN = regex.compile(captions._trailing(slice(None)), regex.V1)


def _trailing_by_one_pattern(text: str) -> bool:
    return _ONE_TRAILING_PATTERN.search(text, max(0, len(text) - 160)) is not None


@settings(max_examples=300, deadline=None)
@given(pages(), st.sampled_from(["", " .", ".", "  ", "\t"]))
def test_trailing_credit_shapes_tried_alone_equal_one_pattern(text: str, end: str) -> None:
    for line in text.splitlines():
        assert captions._maybe_trailing_credit(line + end) == _trailing_by_one_pattern(line + end)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("The mayor speaks. (AP Photo/Evan Vucci)", True),
        ("The mayor speaks (Jane Roe/Getty Images).", True),
        ("The mayor speaks. Photo: Jane Roe", True),
        ("The mayor speaks. ſource: Jane Roe", True),  # case folding: ſ is s
        ("The mayor speaks. PHOTO... Jane Roe", True),
        ("The mayor speaks REUTERS/Jane Roe", True),
        ("The mayor speaks (in Berlin).", False),
        ("The mayor speaks: he said so.", False),
    ],
)
def test_trailing_credit_examples(line: str, credit: bool) -> None:
    assert captions._maybe_trailing_credit(line) is credit
    assert _trailing_by_one_pattern(line) is credit


def test_trailing_credit_on_fixture_lines_equals_one_pattern() -> None:
    for line in _FIXTURE_LINES:
        assert captions._maybe_trailing_credit(line) == _trailing_by_one_pattern(line), line


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("(Photo by John Smith)", True),
        ("[ Photo by John Smith ]", True),
        ("AP  Photo", True),
        ("(© AP Photo)", True),
        ("Image source, Getty Images", True),
        ("Jane Roe / AP", True),
        ("IMAGE SOURCE, Getty Images", True),
        ("image \u017fource, AP", True),  # case folding: ſ is s
        ("Photographs of the vote", False),
        ("AP reporters were there", False),
        ("Home, News, World", False),
    ],
)
def test_credit_line_examples(line: str, credit: bool) -> None:
    assert bool(captions.PHOTO_CREDIT.test(line, Document.from_text(line).index.words[0], Captions().config)) is credit


# -- contained phrases ------------------------------------------------------------------------
_CONTAINED = [("chrome_sentences", True), ("caption_cues", True), ("rights_notices", False)]


def _contained_pattern(name: str, bounded: bool) -> regex.Pattern[str]:
    edge = WORD_EDGE if bounded else ""
    return regex.compile(edge + alternation(fragments(name)) + edge, regex.V1)


@pytest.mark.parametrize(("name", "bounded"), _CONTAINED, ids=[n for n, _ in _CONTAINED])
@settings(max_examples=150, deadline=None)
@given(page=pages())
def test_contained_finds_what_its_entries_as_one_pattern_find(name: str, bounded: bool, page: str) -> None:
    one_pattern, contained = _contained_pattern(name, bounded), Contained(name, bounded=bounded)
    index = LineIndex(page.splitlines())
    expected = {i for i in range(len(index)) if one_pattern.search(index.lower_line(i))}
    assert {i for i in range(len(index)) if contained.search(index.lower_line(i))} == expected
    assert contained.lines(index) == expected


@pytest.mark.parametrize(("name", "bounded"), _CONTAINED, ids=[n for n, _ in _CONTAINED])
def test_contained_on_fixture_lines(name: str, bounded: bool) -> None:
    one_pattern, contained = _contained_pattern(name, bounded), Contained(name, bounded=bounded)
    index = LineIndex(_FIXTURE_LINES)
    expected = {i for i in range(len(index)) if one_pattern.search(index.lower_line(i))}
    assert contained.lines(index) == expected and expected


def test_contained_on_word_edges() -> None:
    prompts = Contained(Table("t", ("we use cookies", ", left,"), (r"sign up for \w+ news",)), bounded=True)
    index = LineIndex(
        ["We use cookies.", "we use cookiesx", "Jane, left, and Joe", "Sign up for our news", "xsign up for x news"]
    )
    assert prompts.lines(index) == {0, 2, 3}
    anywhere = Contained(Table("t", ("rights reserved",)), bounded=False, extra=("copyright",))
    assert anywhere.lines(LineIndex(["Copyrighted 2025", "All rights reservedx", "None"])) == {0, 1}


def test_credit_leads_must_be_phrases() -> None:
    assert captions.lead_words(Table("leads", ("photo", "photographs", "image credit"))) == {
        "photo",
        "photographs",
        "image",
    }
    with pytest.raises(ValueError, match=r"'leads': patterns \['.\{1,5\} by'\] have no first word"):
        captions.lead_words(Table("leads", ("photo",), (".{1,5} by",)))
