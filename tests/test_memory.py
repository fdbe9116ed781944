"""What a big document keeps while it is cleaned: structures, not memory amounts (those are
measured by ``benchmarks/memory.py``). Each big-document way of measuring must give what the
small-document way gives."""

from __future__ import annotations

from array import array

import pytest

import cleantext
from cleantext import features, lines
from cleantext.document import Document
from cleantext.features import guess_language, page_features
from cleantext.filters.content_features import FEATURES, content_table
from cleantext.lines import _PIECE, SHARE_WORDS_FROM, LineIndex, LineTokens
from cleantext.textstats import WORD

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
    # a page of more than one chunk: one float object per distinct value
    assert len({id(v) for v in chunked.stop_density}) == len(set(chunked.stop_density))


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
