"""The dev report of benchmarks/quality.py (several files, the snippet metric, folds) and
benchmarks/fit_content.py, on small hand-made pages: no benchmark data is needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_scripts import load_script

from cleantext import fit
from cleantext.model import ContentModel

q = load_script("quality")
fit_script = load_script("fit_content")

MENU = "Home\nNews\nSport\nWeather\nContact\nLogin\n\n"
FOOTER = "\n\nRelated Articles\nPrivacy policy\nTerms of use\nAbout us\n"


def _body(topic: str, n: int) -> str:
    return "\n\n".join(
        f"The {topic} committee met on day {k} and agreed that the new rules should apply to every member of the club."
        for k in range(n)
    )


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def dev_files(tmp_path: Path) -> tuple[Path, Path]:
    gold = []
    for k, site in enumerate(["a.example", "b.example", "c.example", "d.example"] * 2):
        body = _body(f"topic{k}", 3 + k % 3)
        gold.append(
            {
                "id": f"g{k}",
                "url": f"https://www.{site}/story/{k}",
                "source": "hand" if k % 2 else "made",
                "text": MENU + body + FOOTER,
                "gold": body,
                "html_trafilatura": body,
            }
        )
    snippets = [
        {
            "id": f"s{k}",
            "url": f"https://e{k % 2}.example/p/{k}",
            "text": MENU + _body(f"garden{k}", 4) + FOOTER,
            "with": [f"The garden{k} committee met on day 1"],
            "without": ["Privacy policy", "Login"],
            "html_trafilatura": _body(f"garden{k}", 4),
        }
        for k in range(4)
    ]
    return _write(tmp_path / "gold.jsonl", gold), _write(tmp_path / "snip.jsonl", snippets)


def test_snippet_counts_follow_the_bench_readme() -> None:
    assert q.snippet_counts("It rained  all\u00ad day. Menu", ["rained all day"], ["Menu", "Login"]) == (1, 1, 0)
    assert q.snippet_counts("", ["x y"], ["z"]) == (0, 0, 1)
    assert q.snippet_aggregate([(1, 1, 0), (1, 0, 2)]) == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 4, "f1": 4 / 7}
    )


def test_dev_report_rows_per_file_source_and_system(dev_files, capsys) -> None:
    gold, snip = dev_files
    assert q.main(["--data", str(gold), "--data", str(snip), "--json", "--worst", "2"]) == 0
    summary = json.loads(capsys.readouterr().out)
    rows = {(r["file"], r["source"], r["system"]): r for r in summary["rows"]}
    systems = {"identity", "reference", "cleantext:precision", "cleantext:balanced", "cleantext:recall"}
    assert {s for f, _, s in rows if f == "gold.jsonl"} == systems
    assert {src for f, src, _ in rows if f == "gold.jsonl"} == {"(all)", "hand", "made"}
    assert {src for f, src, _ in rows if f == "snip.jsonl"} == {"(all)"}
    # the reference is the stored body itself; the input as is keeps the menu and footer
    assert rows[("gold.jsonl", "(all)", "reference")]["f1"] == pytest.approx(1.0)
    assert rows[("gold.jsonl", "(all)", "identity")]["precision"] < 0.95
    # snippet metric: the menu's "Login" is found in the input as is, not in the reference
    assert rows[("snip.jsonl", "(all)", "identity")]["precision"] < 1.0
    assert rows[("snip.jsonl", "(all)", "reference")]["precision"] == pytest.approx(1.0)
    assert rows[("snip.jsonl", "(all)", "cleantext:balanced")]["recall"] == pytest.approx(1.0)
    assert len(summary["worst"]["gold.jsonl"]) == 2


def test_dev_report_held_out_folds(dev_files, capsys, monkeypatch) -> None:
    monkeypatch.setattr(fit, "ROUNDS", 20)
    gold, snip = dev_files
    assert q.main(["--data", str(gold), "--data", str(snip), "--folds", "2", "--json", "--worst", "0"]) == 0
    summary = json.loads(capsys.readouterr().out)
    held = [r for r in summary["rows"] if r["system"].startswith("held-out:")]
    assert {r["system"] for r in held} == {"held-out:precision", "held-out:balanced", "held-out:recall"}
    assert {r["pages"] for r in held if r["source"] == "(all)"} == {8, 4}
    assert summary["folds"] == 2


def test_folds_are_refused_below_two(dev_files) -> None:
    gold, _ = dev_files
    with pytest.raises(SystemExit):
        q.main(["--data", str(gold), "--folds", "1"])


def test_fit_script_writes_the_same_model_twice(dev_files, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(fit, "ROUNDS", 20)
    gold, snip = dev_files
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    one, two = tmp_path / "1" / "model.json", tmp_path / "2" / "model.json"
    for out in (one, two):
        assert fit_script.main(["--data", str(gold), "--data", str(snip), "--out", str(out)]) == 0
    assert one.read_bytes() == two.read_bytes()
    model = ContentModel.load(one)
    assert model.provenance["command"].endswith("--data gold.jsonl --data snip.jsonl --out model.json")
    assert [d["file"] for d in model.provenance["data"]] == ["gold.jsonl", "snip.jsonl"]
    assert model.provenance["settings"]["rounds"] == 20
    assert model.thresholds["precision"] > model.thresholds["balanced"] > model.thresholds["recall"]


def test_fit_script_names_a_missing_file(tmp_path, capsys) -> None:
    assert fit_script.main(["--data", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "m.json")]) == 2
    assert "no such file" in capsys.readouterr().err
