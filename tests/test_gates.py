"""Whole-document gates: the shared line index, and gated scans that must find exactly
what testing every line finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import features, phrases
from cleantext.document import Document
from cleantext.features import _lines_with_url, _may_hold_cjk, guess_language_of
from cleantext.filters import AdLabels, Captions, Chrome, captions
from cleantext.filters._compile import (
    _DECOR_CHARS,
    DECOR,
    WHITE_SPACE,
    WORD_EDGE,
    AnchoredSearch,
    FirstWordGate,
    TokenGate,
    WholeLine,
    aligned_words,
    alternation,
    expand,
    first_words,
)
from cleantext.filters.ads import _LABEL, _MAX_LABEL_CHARS, AdArtifacts
from cleantext.filters.base import PRESETS
from cleantext.lines import LineIndex

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# -- the line index ------------------------------------------------------------------------
def test_line_index_names_lines_by_match() -> None:
    idx = LineIndex(["Home | News", "The vote passed.", "Share: Facebook", "Tags: vote"])
    assert idx.lines_matching(re.compile(r"^(?:share|tags):", re.MULTILINE)) == [2, 3]
    assert idx.lines_containing("|", lower=False) == [0]
    assert idx.lines_containing("vote") == [1, 3]
    assert idx.words == [2, 3, 2, 2]
    assert idx.sentence_ends == [False, True, False, False]
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


# -- what a phrase entry tells about its matches -------------------------------------------
@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("read more", {"read"}),
        ("(?:read|see) also", {"read", "see"}),
        ("e-?mail(?: this)?", {"e", "email"}),
        ("more (?:from|on) .{1,40}", {"more"}),
        (r"\d+ comments?", None),
        ("share(?: on \\w+)?", None),
        ("» more", {"more"}),
        ("»", {""}),
    ],
)
def test_first_words(entry: str, words: set[str] | None) -> None:
    assert first_words(entry) == (None if words is None else frozenset(words))


@pytest.mark.parametrize(
    ("entry", "bounded", "expected"),
    [
        ("we use cookies", False, [("we", False, True), ("use", True, True), ("cookies", True, False)]),
        ("we use cookies", True, [("we", True, True), ("use", True, True), ("cookies", True, True)]),
        ("newsletters?", True, [("newsletter", True, False)]),
        ("a|b", False, None),
    ],
)
def test_aligned_words(entry: str, bounded: bool, expected: list[tuple[str, bool, bool]] | None) -> None:
    assert aligned_words(entry, bounded=bounded) == expected


def test_token_gate_finds_lines_with_entries_and_skips_absent_ones() -> None:
    gate = TokenGate(["we use cookies", "sign up (?:for|to) our newsletter"], bounded=True)
    idx = LineIndex(["We use cookies to improve the site.", "Prose about gardens.", "SIGN UP FOR OUR NEWSLETTER"])
    assert gate.lines(idx) == {0, 2}
    assert gate.lines(LineIndex(["Cookies are baked.", "We use flour."])) <= {0, 1}
    assert gate.lines(LineIndex(["Nothing to see here."])) == set()


def test_token_gate_needs_every_literal_word_on_the_line() -> None:
    gate = TokenGate(["you have (?:a|one) new message"], bounded=True)
    idx = LineIndex(["You have read this.", "You have one new message", "A message you have."])
    assert gate.lines(idx) == {1}


@pytest.mark.parametrize(
    ("entry", "strings"),
    [
        ("read more", {"read more"}),
        ("(?:read|see) more!?", {"read more", "see more", "read more!", "see more!"}),
        ("e-?mail", {"email", "e-mail"}),
        ("[»›] next", {"» next", "› next"}),
        (r"\d+ comments", None),
        (r"read\smore", None),
        ("more .{1,40}", None),
    ],
)
def test_expand(entry: str, strings: set[str] | None) -> None:
    assert expand(entry) == strings


def test_first_words_skip_leading_underscores() -> None:
    assert LineIndex(["___ Read more", "_x_ y", "__", "Plain"]).first_words == ["read", "x_", "", "plain"]


def test_first_word_gate_knows_how_free_first_words_start() -> None:
    gate = FirstWordGate([r"share(?: on \w+)?", r"(?:\d+ )?comments? on .{1,40}"], tags=[1])
    idx = LineIndex(["Share on X", "Shared", "12 comments on it", "٣ comments on it", "Comments on it", "The end"])
    assert set(gate.tags(idx)) >= {0, 2, 3, 4}
    assert 5 not in gate.tags(idx) and gate.rest == []


def test_first_word_gate_scans_for_entries_with_no_known_start() -> None:
    gate = FirstWordGate(["read more", r"[^a-z ]+ comments"], tags=[1])
    assert [p.pattern for p, _ in gate.rest] == [r"^[\W_]*(?:[^a-z ]+ comments)"]
    idx = LineIndex(["Ω comments", "» 12 comments", "Read more", "The comments"])
    assert gate.tags(idx) == {0: 1, 1: 1, 2: 1}


def test_first_word_gate() -> None:
    gate = FirstWordGate(["read more", r"\d+ comments"])
    idx = LineIndex(["» Read more", "Reading is fun.", "12 comments", "The end"])
    assert gate.lines(idx) >= {0, 2}
    assert 3 not in gate.lines(idx)


def test_first_word_gate_tags_lines_with_their_tables() -> None:
    gate = FirstWordGate(["read more", "more stories"], ["share", r"\d+ comments"], tags=[1, 2])
    idx = LineIndex(["Read more", "Share this", "More stories", "3 comments", "The end"])
    assert gate.tags(idx) == {0: 1, 1: 2, 2: 1, 3: 2}
    with pytest.raises(ValueError, match="one tag per table"):
        FirstWordGate(["a"], tags=[1, 2])


# -- gated scans equal exhaustive scans ----------------------------------------------------
def _literal_entries(*tables: object) -> list[str]:
    out = []
    for table in tables:
        entries = [e for v in table.values() for e in v] if isinstance(table, dict) else list(table)  # type: ignore[union-attr]
        out += [e for e in entries if not re.search(r"[\\()\[\]?*+|{}.^$]", e)]
    return out


_PHRASES = _literal_entries(
    phrases.CHROME_LINES,
    phrases.SECTION_LABELS,
    phrases.CHROME_PREFIXES,
    phrases.CHROME_SENTENCES,
    phrases.SHARE_TARGETS,
    phrases.STAMP_LEADS,
    phrases.AD_LABELS,
    phrases.RIGHTS_NOTICES,
    phrases.CREDIT_LEADS,
    phrases.PHOTO_AGENCIES,
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


@pytest.mark.parametrize("kind", [Chrome, Captions], ids=["chrome", "captions"])
@settings(max_examples=300, deadline=None)
@given(pages(), st.lists(st.integers(0, 20), max_size=3), st.sampled_from(PRESETS))
def test_gated_scan_equals_testing_every_line(kind: type, text: str, drops: list[int], preset: str) -> None:
    f = kind.from_preset(preset)
    a, b = _docs(text, drops)
    assert list(f.scan(a)) == list(f.scan_every_line(b))


@settings(max_examples=200, deadline=None)
@given(pages())
def test_gated_ad_label_scan_equals_testing_every_line(text: str) -> None:
    doc = Document.from_text(text)
    every = [b.index for b in doc.blocks if len(b.text) <= _MAX_LABEL_CHARS and _LABEL.fullmatch(b.text.lower())]
    assert [d.index for d in AdLabels().scan(doc)] == every


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.txt")), ids=lambda p: p.name)
def test_gated_scans_agree_on_every_fixture(path: Path) -> None:
    text = path.read_text("utf-8")
    for f in (Chrome(), Captions()):
        a, b = _docs(text, [])
        assert list(f.scan(a)) == list(f.scan_every_line(b))


# -- behaviour the gates brought -----------------------------------------------------------
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
_WHOLE_LINE_TABLES = [phrases.SECTION_LABELS, phrases.CHROME_LINES, phrases.AD_LABELS]
_DECORATIONS = ["", " ", "» ", " »", "- ", ":", " ...", "\t", "\u00a0", "\u3000", "(", ")", "_", "x", " 3"]


@st.composite
def decorated_entries(draw: st.DrawFn) -> tuple[int, str]:
    k = draw(st.integers(0, len(_WHOLE_LINE_TABLES) - 1))
    entries = sorted({e for v in _WHOLE_LINE_TABLES[k].values() for e in v})
    entry = draw(st.sampled_from(entries))
    strings = sorted(expand(entry) or {draw(st.sampled_from(_FIXTURE_LINES)).lower()})
    core = draw(st.sampled_from(strings))
    left, right = draw(st.sampled_from(_DECORATIONS)), draw(st.sampled_from(_DECORATIONS))
    return k, left + core + right


@settings(max_examples=400, deadline=None)
@given(decorated_entries())
def test_whole_line_matches_what_one_pattern_matches(case: tuple[int, str]) -> None:
    k, line = case
    table = _WHOLE_LINE_TABLES[k]
    one_pattern = regex.compile(rf"{DECOR}{alternation(table)}{DECOR}", regex.V1)
    assert WholeLine(table).fullmatch(line) == bool(one_pattern.fullmatch(line))


def test_decor_characters_are_all_that_decor_and_white_space_match() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert set(regex.findall(r"\s", every, regex.V1)) == set(WHITE_SPACE)
    assert set(regex.findall(DECOR[:-1], every, regex.V1)) == set(_DECOR_CHARS)


@pytest.mark.parametrize("line", ["read more", "» read more »", "read more!", "- source link -", "reading more"])
def test_whole_line_examples(line: str) -> None:
    table = ["read more", "source link", r"\d+ comments"]
    one_pattern = regex.compile(rf"{DECOR}{alternation(table)}{DECOR}", regex.V1)
    assert WholeLine(table).fullmatch(line) == bool(one_pattern.fullmatch(line))
    assert WholeLine(table).fullmatch("12 comments") and not WholeLine(table).fullmatch("comments")


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
_ONE_TRAILING_PATTERN = regex.compile(r"(?:" + "|".join(captions._TRAILING_SHAPES) + r")\s*\.?$", regex.V1)


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


_CREDIT_WORDS = ["Photo", "photo by", "PHOTO BY", "Image source", "Credit", "Foto", "Jane Roe", "Evan"]
_CREDIT_MARKS = ["(", ")", "[", "]", "©", "/", " / ", ":", "...", "…", ",", ".", " ", "  ", "\t", "\u00a0"]
_CREDIT_PIECES = st.sampled_from([*phrases.PHOTO_AGENCIES, *_CREDIT_WORDS, *_CREDIT_MARKS])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CREDIT_PIECES, min_size=1, max_size=7).map("".join))
def test_credit_precheck_passes_every_credit_line(line: str) -> None:
    if captions._CREDIT_LINE.fullmatch(line):
        assert captions._maybe_credit(line)


@pytest.mark.parametrize(
    ("line", "maybe"),
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
        ("Home, News, World", False),  # a comma alone is the mark of "Image source," only
    ],
)
def test_credit_precheck_examples(line: str, maybe: bool) -> None:
    assert captions._maybe_credit(line) is maybe
    if maybe:
        assert captions._CREDIT_LINE.fullmatch(line)


def test_credit_precheck_tests_every_credit_mark() -> None:
    # _maybe_credit spells the marks out one by one; a mark added to the gate's list must be added there too
    for mark in captions._CREDIT_MARKS:
        line = f"Jane Roe{mark} image source{mark} AP"
        assert captions._maybe_credit(line), mark


def test_credit_precheck_on_fixture_lines() -> None:
    for line in _FIXTURE_LINES:
        if captions._CREDIT_LINE.fullmatch(line):
            assert captions._maybe_credit(line), line


# -- anchored phrase search ----------------------------------------------------------------
_ANCHORED_TABLES = [(phrases.CHROME_SENTENCES, True), (phrases.CAPTION_CUES, False)]


@pytest.mark.parametrize(("table", "bounded"), _ANCHORED_TABLES, ids=["prompts", "cues"])
@settings(max_examples=150, deadline=None)
@given(page=pages())
def test_anchored_search_equals_one_pattern(table: object, bounded: bool, page: str) -> None:
    edge = WORD_EDGE if bounded else ""
    one_pattern = regex.compile(edge + alternation(table) + edge, regex.V1)  # type: ignore[arg-type]
    search = AnchoredSearch(table, bounded=bounded)  # type: ignore[arg-type]
    for line in page.splitlines():
        low = line.lower()
        assert search.search(low) == bool(one_pattern.search(low)), line


@pytest.mark.parametrize(("table", "bounded"), _ANCHORED_TABLES, ids=["prompts", "cues"])
def test_anchored_search_on_fixture_lines(table: object, bounded: bool) -> None:
    edge = WORD_EDGE if bounded else ""
    one_pattern = regex.compile(edge + alternation(table) + edge, regex.V1)  # type: ignore[arg-type]
    search = AnchoredSearch(table, bounded=bounded)  # type: ignore[arg-type]
    found = 0
    for line in _FIXTURE_LINES:
        low = line.lower()
        expected = bool(one_pattern.search(low))
        assert search.search(low) == expected, line
        found += expected
    assert found > 0


def test_credit_leads_must_start_with_a_word() -> None:
    assert captions.lead_words({"en": ["photo(?:graph)?s?", "(?:image|picture) credit"]}) == {
        "photo",
        "photos",
        "photograph",
        "photographs",
        "image",
        "picture",
    }
    with pytest.raises(ValueError, match=re.escape("credit leads ['.{1,5} by']") + ".*starts with a literal word"):
        captions.lead_words({"en": ["photo", ".{1,5} by"]})
