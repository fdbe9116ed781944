"""What a big document keeps while it is cleaned: structures, not memory amounts (those are
measured by ``benchmarks/memory.py``). Each big-document way of measuring must give what the
small-document way gives."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter

import pytest

import cleantext
import cleantext.model
from cleantext import document, features, lines
from cleantext.document import Block, Document, Verdict
from cleantext.features import guess_language, page_features
from cleantext.filters import content as content_module
from cleantext.filters import content_features
from cleantext.filters.content_features import FEATURES, WINDOW, content_table
from cleantext.filters.normalize import Normalize
from cleantext.lines import _PIECE, SHARE_WORDS_FROM, LineIndex, LineTokens
from cleantext.textstats import WORD

STREAMED = ("position", "words_before", "prev_stop_density", "next_stop_density")
BEFORE_CONTENT = cleantext.Pipeline.default().without("content", "edges")

LONG_LINE = " ".join(f"word{i % 50} Wörter_{i % 7}\tx" for i in range(3 * _PIECE // 10))
GLUED = "ab" * _PIECE  # a piece without a space: its words are found one by one
LINES = [
    "The vote passed.",
    "the vote failed",
    LONG_LINE,
    GLUED,
    "__init__ and _private names",
    "İstanbul İZMİR straße STRASSE",
    "12:30 — 14:45",
    "***",
    "The end",
]
PADDING = ["pad line " * 100] * (SHARE_WORDS_FROM // 800)  # enough for a big document


def _small(lines_: list[str], monkeypatch: pytest.MonkeyPatch) -> LineIndex:
    """The index of ``lines_`` measured the small-document way, whatever their size."""
    monkeypatch.setattr(lines, "SHARE_WORDS_FROM", 1 << 62)
    index = LineIndex(lines_)
    index.measure_all()
    monkeypatch.undo()
    return index


def test_a_big_document_keeps_no_list_of_words_per_line() -> None:
    index = LineIndex(LINES + PADDING)
    index.measure_all()
    assert isinstance(index.tokens, LineTokens)
    assert not any(isinstance(v, list) and v and isinstance(v[0], list) for v in vars(index).values())
    assert list(index.tokens) == [WORD.findall(line) for line in LINES + PADDING]
    assert index.tokens[2] == WORD.findall(LONG_LINE) and index.tokens[-1] == ["pad", "line"] * 100
    assert len({id(w) for w in index.tokens[2]}) == 50 + 7 + 1, "a huge line's words are shared as it is read"


def test_a_small_document_keeps_its_lists_of_words() -> None:
    index = LineIndex(LINES)
    assert isinstance(index.tokens, list) and index.tokens[0] is index.tokens[0]


def test_big_and_small_documents_are_measured_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    big = LineIndex(LINES + PADDING)
    small = _small(LINES + PADDING, monkeypatch)
    assert isinstance(small.tokens, list)
    assert big.words == small.words
    assert big.first_words == small.first_words
    # Turkish İ reads i (textstats.lower), in the big document's one pass as in the small one's
    assert big.first_words[:9] == ["the", "the", "word0", GLUED, "init__", "istanbul", "12", "", "the"]
    assert big.vocabulary == small.vocabulary and "izmir" in big.vocabulary
    assert big.sentence_ends == small.sentence_ends


def test_each_distinct_first_word_of_a_big_document_is_one_string() -> None:
    index = LineIndex(LINES + PADDING)
    assert len({id(w) for w in index.first_words[len(LINES) :]}) == 1


def test_line_starts_are_an_array() -> None:
    index = LineIndex(["Straße", "i\u0307stanbul", "x"])  # i + combining dot lower-cases to i
    assert isinstance(index.starts, array) and isinstance(index.lower_starts, array)
    assert list(index.starts) == [0, 7, 17] and list(index.lower_starts) == [0, 7, 16]
    assert index.lower_line(1) == "istanbul"


def _page(n: int) -> str:
    rows = []
    for i in range(n):
        if i % 5 == 0:
            rows.append(f"Home | News | Sport {i}")
        elif i % 7 == 0:
            rows.append("")
        else:
            rows.append(f"The council met on day {i} and voted, {i % 3} times, on www.example.org/{i}.")
    return "\n".join(rows)


def test_page_features_measured_a_chunk_at_a_time_equal_those_of_one_go(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document.from_text(_page(60))
    rows = [b.index for b in doc.blocks]
    whole = page_features(doc.index, rows, "en", [1] * len(rows))
    monkeypatch.setattr(features, "_CHUNK", 7)
    chunked = page_features(doc.index, rows, "en", [1] * len(rows))
    for name in type(whole).__slots__:
        assert getattr(chunked, name) == getattr(whole, name), name
    # no object per line: arrays of floats and of whole numbers, bytes of flags
    for name in ("stop_density", "title_case", "digits"):
        assert isinstance(getattr(chunked, name), array) and getattr(chunked, name).typecode == "d", name
    for name in ("chars", "words", "separators", "repeats"):
        assert isinstance(getattr(chunked, name), array) and getattr(chunked, name).itemsize == 4, name
    assert type(chunked.sentence) is bytes and type(chunked.url) is bytes


def test_a_feature_column_read_once_is_not_kept() -> None:
    table = content_table(BEFORE_CONTENT.document(_page(40)))
    columns = table.columns
    first, second, third = columns["words_log"], columns["words_log"], columns["words_log"]
    assert first == second and first is not second, "a column read once is built again"
    assert third is second, "a column read twice is kept"
    assert list(columns) == list(FEATURES) and len(columns) == len(FEATURES)
    assert "position" in columns and "nothing" not in columns
    with pytest.raises(KeyError):
        columns["nothing"]


def test_feature_columns_are_lists_of_floats() -> None:
    table = content_table(BEFORE_CONTENT.document(_page(40)))
    for name in FEATURES:
        column = table.columns[name]
        assert type(column) is list and len(column) == len(table), name
        assert all(type(v) is float for v in column), name


def test_the_language_is_guessed_from_the_page_head() -> None:
    body = "Die Regierung hat am Montag beschlossen, dass die Steuern sinken und die Renten steigen."
    doc = BEFORE_CONTENT.document("\n".join([body] * 400 + ["The vote was held on Monday and it passed."] * 4000))
    assert content_table(doc).lang == guess_language(doc.text) == "de"


def test_the_lines_holding_a_mark_are_kept_as_an_array() -> None:
    index = LineIndex(["a: b", "c", "d: e", "f://g"])
    first = index.lines_containing(":", lower=False)
    first.append(99)  # each call gets a list of its own
    assert index.lines_containing(":", lower=False) == [0, 2, 3]
    assert index.lines_containing("://", lower=False, within=":") == [3]
    assert all(isinstance(v, array) for v in vars(index)["_containing"].values())


def test_the_words_of_a_big_document_read_like_a_list() -> None:
    index = LineIndex(LINES + PADDING)
    tokens = index.tokens
    assert len(tokens) == len(LINES + PADDING)
    assert tokens[-1] == tokens[len(tokens) - 1] == ["pad", "line"] * 100
    assert tokens[:2] == [["The", "vote", "passed"], ["the", "vote", "failed"]]
    assert tokens[4:8:3] == [WORD.findall(LINES[4]), WORD.findall(LINES[7])]


# -- the document as columns -----------------------------------------------------------------
_CHROME_PAGE = "\n".join(
    [
        "Home | News | Sport | Weather",
        "Skip to content",
        "",
        "Council Approves Budget",
        "By Jane Roe",
        "",
        "The council approved the new budget after a long debate on Monday evening.",
        "Members said the plan would fund schools and roads for the next five years.",
        "",
        "Mayor Ann Lee, second from left, at the vote in Springfield, March 3, 2025",
        "Photo: Jane Roe / AP",
        "",
        "The vote passed by seven to two, and the budget takes effect in July.",
        "",
        "Related",
        "Council to vote on parking fees",
        "",
        "Opponents said the plan raised fees too fast for small shops in the town.",
        "",
        "Share: Facebook | Twitter | Email",
        "Advertisement",
        "Comments (3)",
        "© 2025 Example News",
    ]
)


def _big_page(copies: int) -> str:
    """A page of chrome, captions and prose, ``copies`` times, with numbered lines between."""
    return "\n\n".join(f"{_CHROME_PAGE}\n\nLine {k}: short text." for k in range(copies))


def test_a_document_keeps_its_lines_as_columns_shared_with_the_index() -> None:
    doc = Document.from_text("Title\n\nFirst line.\nSecond line.\n\n\nEnd\n")
    assert doc.lines == ["Title", "First line.", "Second line.", "End"]
    for column, values in ((doc.starts, [0, 7, 19, 34]), (doc.ends, [5, 18, 31, 37]), (doc.paras, [0, 1, 1, 2])):
        assert isinstance(column, array) and list(column) == values
    assert doc.index.lines is doc.lines, "the index reads the document's list of lines, not a copy"
    assert "_index" in Document.__slots__ and not hasattr(doc, "__dict__")


def test_blocks_are_made_when_asked_for() -> None:
    doc = Document.from_text("Title\n\nFirst line.\nSecond line.\n")
    doc.drop(1, "test", "test.line", "a test")
    assert doc.block(2) == Block(2, 19, 31, "Second line.", 1)
    assert doc.blocks[0] == Block(0, 0, 5, "Title", 0) and doc.blocks[-1] == doc.block(2)
    assert len(doc.blocks) == 3 and doc.blocks[1:] == [doc.block(1), doc.block(2)]
    assert doc.blocks == [doc.block(i) for i in range(3)] and doc.blocks[0] is not doc.blocks[0]
    assert list(doc.live_rows()) == [0, 2] and isinstance(doc.live_rows(), array)
    assert doc.live() == list(doc.iter_live()) == [doc.block(0), doc.block(2)]
    rows, lines, paras = doc.live_lines()
    assert (list(rows), list(lines), list(paras)) == ([0, 2], ["Title", "Second line."], [0, 1])
    whole = Document.from_text("a\nb\n").live_lines()
    assert whole.lines is not None and whole.rows == range(2), "nothing removed: the columns themselves"


def test_run_makes_no_block_per_line_and_kept_is_a_view(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _big_page(20)
    expected = cleantext.Pipeline.default().run(text)
    made: list[int] = []
    real = document.Block

    def counting(*args: object) -> Block:
        made.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "Block", counting)
    monkeypatch.setattr(lines, "SHARE_WORDS_FROM", 1000)  # the big-document ways, on a small page
    result = cleantext.Pipeline.default().run(text)
    assert not made, "no Block is made while a document is cleaned"
    assert result.text == expected.text and result.removed == expected.removed
    kept = result.kept
    assert isinstance(kept, document.Blocks) and not made
    assert len(kept) == len(expected.kept) == len(result.text.replace("\n\n", "\n").splitlines())
    first = kept[0]
    assert len(made) == 1 and first == expected.kept[0], "reading one kept block makes one"
    assert kept == expected.kept and list(kept) == list(expected.kept)
    assert "\n".join(b.text for b in kept) == result.text.replace("\n\n", "\n").rstrip("\n")
    assert not any(isinstance(v, (Document, LineIndex)) for v in (kept._of, *kept._of)), "kept holds columns only"


def test_setting_a_line_after_the_index_was_built_leaves_that_index_as_it_was() -> None:
    doc = Document.from_text("Advertisement\nThe vote passed on Monday.\n")
    old = doc.index
    doc.set_text(0, "Two words")
    assert old.lines == ["Advertisement", "The vote passed on Monday."] and old.lines[0] in old.text
    assert doc.lines[0] == "Two words" and doc.index is not old and doc.index.lines is doc.lines


# -- the line index without needless copies ----------------------------------------------------
def test_a_cased_text_is_not_joined_twice_for_the_marks_scanned_in_its_lower_case() -> None:
    lines_ = ["Home | News » World", "The vote passed: 12 to 3.", "Photo: AP/Jane Doe (c) 2024"]
    index = LineIndex(lines_)
    assert index.lower == "\n".join(lines_).lower() and index.size == len(index.lower)
    for mark in ("|", "»", ":", "/", ")"):
        assert index.lines_containing(mark, lower=False) == [i for i, t in enumerate(lines_) if mark in t], mark
    assert "text" not in vars(index), "only the lower-cased text was scanned"
    assert index.lines_containing("AP", lower=False) == [2] and index.lines_containing("ap") == [2]
    assert index.text == "\n".join(lines_), "the text as written, joined when asked for"


def test_a_big_cased_page_is_cleaned_with_one_joined_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "SHARE_WORDS_FROM", 1000)
    doc = cleantext.Pipeline.default().document(_big_page(5))
    assert doc.removals() and "text" not in vars(doc.index), "no copy of the lines joined as written"


def test_a_lower_case_text_is_not_copied() -> None:
    same = LineIndex(["the vote passed.", "12:30 — 14:45"])
    assert same.lower is same.text and same.lower_starts is same.starts
    cased = LineIndex(["The vote passed."])
    assert cased.lower == "the vote passed." and cased.lower is not cased.text


def test_a_big_document_keeps_no_vocabulary_but_answers_word_tests_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    numbered = [f"Line {k}: item_{k} short text." for k in range(SHARE_WORDS_FROM // 20)]
    big = LineIndex(LINES + numbered)
    big.measure_all()
    letters = vars(big)["_measures"][2]
    assert "vocabulary" not in vars(big), "measuring a big document builds no vocabulary"
    assert letters == {"the", "vote", "passed", "failed", "x", GLUED, "and", "names", "istanbul", "izmir", "straße"} | {
        "strasse",
        "end",
        "line",
        "short",
        "text",
    }, "only the words made of letters"
    small = _small(LINES + numbered, monkeypatch)
    asked = {
        "vote",
        "izmir",
        "line",
        "text",
        "ine",
        "nothing",
        "word0",
        "wörter_3",
        "item_7",
        "12",
        "_private",
        "99999999",
    }
    assert small.words_in(asked) == {"vote", "izmir", "line", "text", "word0", "wörter_3", "item_7", "12", "_private"}
    # words of letters alike; the others looked for in the lower-cased text (a superset: "12" stands in "12:30")
    assert big.words_in(asked) == small.words_in(asked)
    assert big.words_in({"tem_7", "99999999"}) == {"tem_7"}, "inside a longer word: let through, the rule decides"
    assert "vocabulary" not in vars(big)
    assert big.vocabulary == small.vocabulary, "the vocabulary is still there when asked for"


def test_cleaning_a_big_document_builds_no_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "SHARE_WORDS_FROM", 1000)
    doc = cleantext.Pipeline.default().document(_big_page(5))
    assert doc.removals() and "_measures" in vars(doc.index) and "vocabulary" not in vars(doc.index)


def test_the_kept_lines_holding_a_mark_are_read_without_a_copy() -> None:
    index = LineIndex(["a: b", "c", "d: e", "f://g"])
    view = index.containing(":", lower=False)
    assert isinstance(view, memoryview) and view.readonly and list(view) == [0, 2, 3]
    assert view.obj is vars(index)["_containing"][(":", True)], "the kept array itself, not a copy"
    with pytest.raises(TypeError):
        view[0] = 5
    assert list(index.containing("://", lower=False, within=":")) == [3]
    assert index.lines_containing(":", lower=False) == [0, 2, 3]


def test_the_captions_gate_makes_no_list_of_the_lines_holding_a_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    # every line holds ":" (a credit mark): the gate marks them in a bytearray, lists none
    text = "\n".join(f"Line {i}: short text." for i in range(50)) + "\n\nPhoto: Jane Roe / AP\n"
    doc = Document.from_text(text)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a list of line numbers made")

    monkeypatch.setattr(LineIndex, "lines_containing", refused)
    drops = list(cleantext.filters.create("captions", "balanced").scan(doc))
    assert [(d.index, d.rule) for d in drops] == [(50, "captions.photo_credit")]


def test_the_repeats_of_a_big_page_are_counted_by_hash_as_a_counter_counts_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [f"line {i % 300}" if i % 7 == 0 else f"line {i}" for i in range(3000)] + ["line 0"] * 3
    small = content_features._repeats(texts)
    made: list[int] = []

    class Counting(Counter):  # type: ignore[type-arg]
        def __init__(self, items: object = ()) -> None:
            super().__init__(items)  # type: ignore[arg-type]
            made.append(len(self))

    monkeypatch.setattr(content_features, "COUNT_BY_HASH_FROM", 100)
    monkeypatch.setattr(content_features, "Counter", Counting)
    big = content_features._repeats(texts)
    assert list(big) == list(small) == [Counter(texts)[t] for t in texts]
    assert max(big) == 3 + 1 + 1 and made and max(made) < len(set(texts)) // 2, "no Counter of every text"


def test_the_content_table_keeps_its_rows_and_the_scores_as_arrays() -> None:
    doc = BEFORE_CONTENT.document(_page(60))
    table = content_table(doc)
    assert isinstance(table.rows, array) and table.rows.itemsize == 4, "4 bytes a row"
    assert list(table.rows) == [b.index for b in doc.live()]
    scores = cleantext.model.default_model().scores(table.columns, len(table))
    assert isinstance(scores, array) and scores.typecode == "d" and len(scores) == len(table)


def test_the_scores_read_the_columns_of_a_float_per_line_without_building_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = content_table(BEFORE_CONTENT.document(_page(60)))
    cuts, values = (0.1, 0.5, 0.9), (-1.0, 0.25, 0.5, 2.0)
    wanted = {
        name: [values[bisect_right(cuts, x)] for x in content_table(BEFORE_CONTENT.document(_page(60))).columns[name]]
        for name in STREAMED
    }
    for name in STREAMED:
        monkeypatch.setitem(content_features._BUILDERS, name, None)  # a column built would fail
    for name in STREAMED:
        assert list(table.columns.contributions(name, cuts, values)) == wanted[name], name


def test_window_shares_are_an_array_of_the_means_around_each_line() -> None:
    values = [float(i % 3 == 0) for i in range(200)]
    shares = content_features._window_mean(values, WINDOW)
    assert isinstance(shares, array) and shares.typecode == "d", "8 bytes a line, no float object each"

    def around(k: int) -> float:
        near = [values[j] for j in range(max(0, k - WINDOW), min(len(values), k + WINDOW + 1)) if j != k]
        return sum(near) / len(near)

    assert list(shares) == pytest.approx([around(k) for k in range(len(values))])


# -- no object per line kept: verdicts shared, columns compact, nothing measured twice -------
def test_normalised_text_is_handed_back_itself_not_copied() -> None:
    text = "A line.\nAnother line.\n\nA paragraph.\n"
    assert Normalize().format(text) is text
    assert Normalize().format(text.rstrip("\n")) == text and Normalize().format("\n" + text) == text


def test_blocks_removed_under_one_rule_share_one_verdict() -> None:
    doc = cleantext.Pipeline.default().document(_big_page(40))
    verdicts = [v for v in doc.dropped if v is not None]
    assert len(verdicts) > 200 and len({id(v) for v in verdicts}) < 40, "a verdict per rule, not per line"
    assert all(isinstance(v, Verdict) and v.features is None for v in verdicts)
    removals = {r.start: r for r in doc.removals()}
    for i, v in enumerate(doc.dropped):
        if v is not None:
            r = doc.removal(i)
            assert r == removals[doc.starts[i]] and r.text == doc.text[doc.starts[i] : doc.ends[i]]
            assert (r.filter, r.rule, r.reason, r.features) == v
        else:
            assert doc.removal(i) is None


def test_explained_verdicts_keep_each_lines_features() -> None:
    doc = cleantext.Pipeline.default().document(_big_page(3), explain=True)
    outside = [v for v in doc.dropped if v is not None and v.rule == "content.outside"]
    assert outside and all(v.features and "score" in v.features for v in outside)
    assert len({id(v) for v in outside}) == len(outside)


def test_the_line_index_keeps_its_counts_and_flags_compact() -> None:
    index = LineIndex(LINES + PADDING)
    small = LineIndex(LINES)
    for idx in (index, small):
        assert isinstance(idx.words, array) and idx.words.itemsize == 4
        assert type(idx.sentence_ends) is bytes
    assert list(small.words) == [len(WORD.findall(t)) for t in LINES]


def test_text_reduced_to_its_article_is_checked_for_duplicates_without_the_model_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_table(doc: Document) -> None:
        raise AssertionError("the content table was built")

    monkeypatch.setattr(content_module, "content_table", no_table)
    para = "The council approved the new budget after a long debate that went on until late on Monday evening."
    report = [f"Line {k} of the report." for k in range(6)]
    text = "\n\n".join([para, "Other news of the day was quiet.", *report, para])
    result = cleantext.Pipeline.default().run(text)
    assert [r.rule for r in result.removed] == ["content.duplicate"] and result.text.count(para) == 1
    cjk = "東京都は月曜日の夜に長い議論の末、新しい予算案を承認したと発表しました。"  # one word, many characters
    text = "\n\n".join([cjk, *[f"報告の第{k}行です。" for k in range(6)], cjk])
    assert [r.rule for r in cleantext.Pipeline.default().run(text).removed] == ["content.duplicate"]
