"""Tests of the article-body quality metric in benchmarks/quality.py.

The script is not part of a package, so it is loaded by file path. Everything here
runs on small hand-made texts: no benchmark data is needed.
"""

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
from bench_scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "quality.py"


q = load_script("quality")

ARTICLE = (
    "The council approved the new budget on Tuesday. Spending on schools rises by "
    "four percent, while road repairs are delayed until next spring."
)


# --- tokens and shingles ---------------------------------------------------


def test_tokens_are_unicode_word_runs():
    assert q.tokens("Hello, world! It's 2019 -- naïve café\nnext_line") == [
        "Hello",
        "world",
        "It",
        "s",
        "2019",
        "naïve",
        "café",
        "next_line",
    ]
    assert q.tokens("") == []
    assert q.tokens(None) == []
    assert q.tokens(" ... -- !! ") == []


def test_tokens_keep_case():
    assert q.tokens("The the") == ["The", "the"]


def test_shingles_are_4_token_windows_with_multiplicity():
    assert q.shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert q.shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert q.shingles(["w", "x", "y", "z"]) == {("w", "x", "y", "z"): 1}


def test_short_texts_give_one_shingle_of_all_their_tokens():
    assert q.shingles("one two three") == {("one", "two", "three"): 1}
    assert q.shingles("one") == {("one",): 1}
    assert q.shingles("") == {}
    assert q.shingles("?!") == {}


# --- page scores -----------------------------------------------------------


def test_identical_texts_score_one():
    s = q.page_scores(ARTICLE, ARTICLE)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert (s.tp, s.fp, s.fn) == (1.0, 0.0, 0.0)
    assert s.exact


def test_disjoint_texts_score_zero():
    s = q.page_scores("alpha beta gamma delta epsilon", "one two three four five six")
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert not s.exact


def test_counts_are_normalised_to_sum_one():
    s = q.page_scores("a b c d x y z w", "a b c d e f")
    assert s.tp + s.fp + s.fn == pytest.approx(1.0)
    # output: abcd bcdx cdxy dxyz xyzw; gold: abcd bcde cdef -> tp 1, fp 4, fn 2
    assert (s.tp, s.fp, s.fn) == pytest.approx((1 / 7, 4 / 7, 2 / 7))
    assert s.precision == pytest.approx(1 / 5)
    assert s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(2 * (1 / 5) * (1 / 3) / (1 / 5 + 1 / 3))


def test_punctuation_spacing_and_line_breaks_do_not_matter():
    messy = (
        "The council   approved the new budget\n\non Tuesday;\nSpending on schools rises by "
        "four percent - while road repairs are delayed until next spring!!"
    )
    s = q.page_scores(messy, ARTICLE)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.exact


def test_word_order_matters():
    s = q.page_scores("e f g h a b c d", "a b c d e f g h")
    assert 0 < s.f1 < 1
    assert not s.exact


def test_duplicated_passage_lowers_precision_not_recall():
    s = q.page_scores(ARTICLE + "\n" + ARTICLE, ARTICLE)
    assert s.recall == 1.0
    assert s.precision is not None and 0.4 < s.precision < 0.55
    assert s.fn == 0.0
    assert not s.exact


def test_extra_boilerplate_lowers_precision():
    s = q.page_scores("Sign up for our newsletter today\n" + ARTICLE, ARTICLE)
    assert s.recall == 1.0
    assert s.precision is not None and s.precision < 1.0


def test_missing_text_lowers_recall():
    half = ARTICLE.split(".")[0]
    s = q.page_scores(half, ARTICLE)
    assert s.precision == 1.0
    assert s.recall is not None and s.recall < 0.5


def test_fewer_than_4_tokens():
    assert q.page_scores("Breaking news!", "breaking news").f1 == 0.0  # case matters
    same = q.page_scores("Read more!", "Read  more")
    assert (same.precision, same.recall, same.f1, same.exact) == (1.0, 1.0, 1.0, True)
    # A 3-token shingle never matches a 4-token one, even with a shared prefix.
    s = q.page_scores("one two three", "one two three four")
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_empty_output_has_undefined_precision():
    s = q.page_scores("", ARTICLE)
    assert s.precision is None
    assert s.recall == 0.0
    assert s.f1 == 0.0
    assert q.page_scores(None, ARTICLE).precision is None


def test_empty_gold_has_undefined_recall_unless_output_empty_too():
    s = q.page_scores("some leftover page chrome", "")
    assert s.recall is None
    assert s.precision == 0.0
    both = q.page_scores(" \n", "--")
    assert (both.precision, both.recall, both.f1, both.exact) == (1.0, 1.0, 1.0, True)


# --- aggregation -----------------------------------------------------------


def test_averaging_over_two_pages():
    perfect = q.page_scores("a b c d e", "a b c d e")  # P 1, R 1
    noisy = q.page_scores("a b c d x y z w", "a b c d")  # 5 shingles, 1 right: P 0.2, R 1
    agg = q.aggregate([perfect, noisy])
    assert agg.precision == pytest.approx(0.6)
    assert agg.recall == pytest.approx(1.0)
    assert agg.f1 == pytest.approx(2 * 0.6 * 1.0 / 1.6)
    assert agg.accuracy == pytest.approx(0.5)
    assert (agg.pages, agg.precision_pages, agg.recall_pages) == (2, 2, 2)


def test_pages_weigh_the_same_whatever_their_length():
    long_ok = q.page_scores(ARTICLE * 20, ARTICLE * 20)
    short_bad = q.page_scores("x y z w", "a b c d")
    agg = q.aggregate([long_ok, short_bad])
    assert agg.precision == pytest.approx(0.5)
    assert agg.recall == pytest.approx(0.5)


def test_page_with_empty_output_is_left_out_of_precision():
    good = q.page_scores(ARTICLE, ARTICLE)
    empty = q.page_scores("", ARTICLE)
    agg = q.aggregate([good, empty])
    assert agg.precision == 1.0  # only the first page counts
    assert agg.recall == pytest.approx(0.5)  # both pages count
    assert agg.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert (agg.pages, agg.precision_pages, agg.recall_pages) == (2, 1, 2)


def test_aggregate_of_nothing():
    agg = q.aggregate([])
    assert (agg.precision, agg.recall, agg.f1, agg.accuracy, agg.pages) == (0.0, 0.0, 0.0, 0.0, 0)


# --- the script ------------------------------------------------------------

PAGES = [
    {
        "id": "p0" * 32,
        "url": "https://example.com/0",
        "text": "Menu Home News\n" + ARTICLE + "\nShare this article on social media",
        "gold": ARTICLE,
        "extracted": {"good": ARTICLE, "bad": "Cookie notice: we use cookies on this site"},
    },
    {
        "id": "p1" * 32,
        "url": "https://example.com/1",
        "text": "one two three four five six",
        "gold": "one two three four five six",
        "extracted": {"good": "one two three four five six", "bad": None},
    },
    {
        "id": "p2" * 32,
        "url": "https://example.com/2",
        "text": "alpha beta gamma delta",
        "gold": "epsilon zeta eta theta",
        "extracted": {"good": "epsilon zeta eta theta"},
    },
]


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAGES), encoding="utf-8")
    return path


def _rows(summary: dict, **match: str) -> list[dict]:
    return [r for r in summary["rows"] if all(r[k] == v for k, v in match.items())]


def test_script_identity_json(data_file: Path):
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(data_file), "--systems", "identity", "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    summary = json.loads(out)
    (row,) = _rows(summary, field="text", system="identity")
    assert row["pages"] == 3
    assert row["accuracy"] == pytest.approx(1 / 3)
    assert row["recall"] == pytest.approx(2 / 3)
    assert summary["worst"]["text"][0]["id"] == "p2" * 32


def test_script_all_fields_and_holdout(data_file: Path, capsys: pytest.CaptureFixture[str]):
    args = ["--data", str(data_file), "--field", "all", "--systems", "identity"]
    assert q.main([*args, "--json", "--holdout-every", "2"]) == 0
    summary = json.loads(capsys.readouterr().out)
    fields = {r["field"] for r in summary["rows"]}
    assert fields == {"text", "extracted.good", "extracted.bad"}
    (good,) = _rows(summary, field="extracted.good", split="all")
    assert (good["precision"], good["recall"], good["f1"], good["accuracy"]) == (1.0, 1.0, 1.0, 1.0)
    (bad,) = _rows(summary, field="extracted.bad", split="all")
    assert bad["precision_pages"] == 1  # None and missing values are empty outputs
    assert bad["recall"] == 0.0
    (holdout,) = _rows(summary, field="extracted.good", split="holdout")
    (tuning,) = _rows(summary, field="extracted.good", split="tuning")
    assert (holdout["pages"], tuning["pages"]) == (2, 1)  # indexes 0 and 2 are holdout


def test_script_text_report(data_file: Path, capsys: pytest.CaptureFixture[str]):
    assert q.main(["--data", str(data_file), "--systems", "identity", "--worst", "2"]) == 0
    out = capsys.readouterr().out
    assert "identity" in out and "0.667" in out
    assert ("p2" * 32)[:12] in out and "https://example.com/2" in out


def test_script_with_a_stand_in_cleantext(
    data_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    """The cleantext system calls Pipeline.default(preset=...).clean; a stand-in plays it here."""
    seen = {}

    class Pipeline:
        @classmethod
        def default(cls, preset: str) -> "Pipeline":
            seen["preset"] = preset
            return cls()

        def clean(self, text: str) -> str:
            return "\n".join(line for line in text.splitlines() if len(line.split()) > 6)

    fake = types.ModuleType("cleantext")
    fake.Pipeline = Pipeline  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cleantext", fake)
    assert q.main(["--data", str(data_file), "--preset", "precision", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert seen["preset"] == "precision"
    (ident,) = _rows(summary, field="text", system="identity")
    (clean,) = _rows(summary, field="text", system="cleantext")
    assert clean["precision"] > ident["precision"]
    (delta,) = summary["deltas"]
    assert delta["delta_f1"] == pytest.approx(clean["f1"] - ident["f1"])
    assert summary["worst_ranked_by"] == "cleantext"
