"""Annotations: removals as spans over the input, and applying them gives exactly what clean gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import invoke_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import annotate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.txt") if not p.name.endswith(".expected.txt"))
FIXTURES += sorted((ROOT / "seeds").glob("*.txt"))

# Hand-made pages with what normalisation changes: NBSP, CRLF, tabs, zero-width characters,
# soft hyphens, runs of blank lines, mojibake, and an inline placeholder cut out of a line.
TRICKY = [
    "Skip to content\r\n\r\nThe vote\u00a0passed on Monday after a long debate.\r\n\r\nAdvertisement\r\n",
    "  Advertisement  \n\n\n\n\tThe council approved the budget on Tuesday, officials said.  \n",
    "Share this:\u2029The bridge re\u00adopens in May, the city\u200b said in a statement.\u2028More text here.\n",
    "Latest News\n\nThe mayorâ€™s plan passed on Monday after a long debate.spot_img\n\nSource link",
    "Advertisementspot_imgspot_img\n\nSpending will rise spot_img by four percent, officials said.\n",
    "",
    "\n\n   \n",
    "The council approved the budget on Tuesday after a long debate in the hall.",
]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_applying_the_spans_gives_what_clean_gives_on_fixtures(path: Path) -> None:
    text = path.read_text("utf-8")
    assert annotate.apply(text, annotate.spans(text)) == cleantext.clean(text)


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("preset", ["precision", "balanced", "recall"])
def test_applying_the_spans_gives_what_clean_gives_on_tricky_text(text: str, preset: str) -> None:
    pipe = cleantext.Pipeline.default(preset)  # type: ignore[arg-type]
    assert annotate.apply(text, annotate.spans(text, pipe), pipe) == pipe.clean(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Advertisement",
                "Skip to content",
                "Share this:",
                "The vote passed on Monday after a long debate in the city hall.",
                "Spending will rise spot_img by four percent, officials said.",
                "Jane Doe / AP",
                "\u00a0",
                "\r\n",
                "\n",
                "\n\n",
                " ",
                "\u200b",
                "\t",
                "â€™",
                "x",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_round_trip_property(text: str) -> None:
    assert annotate.apply(text, annotate.spans(text)) == cleantext.clean(text)


def test_spans_point_at_the_input_characters() -> None:
    text = (
        "\u00a0\u00a0Skip to content\r\n\r\n"
        "The vote\u00a0passed on Monday after a long debate.\r\n\r\nAdvertisement\r\n"
    )
    marks = annotate.spans(text)
    assert [(text[s:e], f, r) for s, e, f, r in marks] == [
        ("Skip to content", "chrome", "chrome.phrase"),
        ("Advertisement", "ads", "ads.label"),
    ]


def test_inline_cut_spans_cover_the_placeholder_only() -> None:
    text = "Spending will rise by four percent next year, officials said on Monday.spot_img\n"
    marks = annotate.spans(text)
    assert [text[s:e] for s, e, *_ in marks] == ["spot_img"]
    assert annotate.apply(text, marks) == cleantext.clean(text)


def test_apply_refuses_spans_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        annotate.apply("short text", [[0, 99, "ads", "ads.label"]])


def test_align_maps_normalised_characters_back() -> None:
    starts, ends = annotate.align("a\u00a0\u00a0b\r\nc", "a b\nc\n")
    assert starts == [0, 1, 3, 4, 6, 7] and ends == [1, 2, 4, 5, 7, 7]


def _jsonl(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_annotate_then_apply_equals_clean(tmp_path: Path) -> None:
    records = [{"id": i, "meta": {"body": t}} for i, t in enumerate(TRICKY)]
    path = _jsonl(tmp_path, records)
    annotated = invoke_cli("clean", str(path), "--field", "meta.body", "--annotate", "removed")
    assert annotated.exit_code == 0, annotated.stderr
    lines = [json.loads(line) for line in annotated.stdout.splitlines()]
    assert [r["meta"]["body"] for r in lines] == TRICKY  # the text is left as it is
    assert all(isinstance(r["removed"], list) for r in lines)
    ann = tmp_path / "annotated.jsonl"
    ann.write_text(annotated.stdout, encoding="utf-8")
    applied = invoke_cli("apply", str(ann), "--field", "meta.body", "--spans", "removed")
    assert applied.exit_code == 0, applied.stderr
    cleaned = invoke_cli("clean", str(path), "--field", "meta.body")
    assert [json.loads(line)["meta"]["body"] for line in applied.stdout.splitlines()] == [
        json.loads(line)["meta"]["body"] for line in cleaned.stdout.splitlines()
    ]


def test_cli_annotate_needs_jsonl(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TRICKY[0], encoding="utf-8")
    result = invoke_cli("clean", str(page), "--annotate", "spans")
    assert result.exit_code == 2 and "--annotate writes spans into JSONL records" in result.stderr


def test_cli_apply_without_the_spans_field_names_the_record(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "a7", "text": "Advertisement\n\nBody text of the page here.\n"}])
    result = invoke_cli("apply", str(path), "--spans", "removed", "--id-field", "id")
    assert result.exit_code == 1
    assert f"{path}:1 (id a7): no field 'removed'" in result.stderr
    kept = invoke_cli("apply", str(path), "--spans", "removed", "--on-error", "keep")
    assert kept.exit_code == 0 and json.loads(kept.stdout) == {
        "id": "a7",
        "text": "Advertisement\n\nBody text of the page here.\n",
    }


def test_a_repair_before_repeated_sentences_maps_each_cut_to_its_own_sentence() -> None:
    # difflib matched the second and third copies of the sentence with the first and second
    # after the repaired mojibake, and the third ad artifact's cut mapped to no input at all
    sentence = "Spending will rise spot_img by four percent, officials said."
    text = "â€™" + sentence + "\u200b" + sentence + sentence
    marks = annotate.spans(text)
    assert [text[s:e] for s, e, *_ in marks] == ["spot_img"] * 3
    assert annotate.apply(text, marks) == cleantext.clean(text)
