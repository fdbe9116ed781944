"""benchmarks/snapshot.py: a snapshot compares equal to itself and names the runs that differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_scripts import load_script

snapshot = load_script("snapshot")


def _data(path: Path, texts: list[str]) -> str:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    return str(path)


def test_unchanged_code_compares_equal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _data(tmp_path / "pages.jsonl", ["Body sentence one here.\n- Advertisement -\nMore body."])
    assert snapshot.main(["--data", data, "--out", str(tmp_path / "snap.jsonl")]) == 0
    entries = [json.loads(line) for line in (tmp_path / "snap.jsonl").read_text().splitlines()]
    page = [e for e in entries if e["key"] == "pages.jsonl:1"]
    assert [e["preset"] for e in page] == ["precision", "balanced", "recall"]
    assert any(r[1] == "ads.label" for r in page[1]["removed"])
    assert snapshot.main(["--data", data, "--compare", str(tmp_path / "snap.jsonl")]) == 0
    assert "0 differ" in capsys.readouterr().out


def test_a_changed_run_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _data(tmp_path / "pages.jsonl", ["Body sentence one here.\n- Advertisement -\nMore body."])
    snap = tmp_path / "snap.jsonl"
    snapshot.main(["--data", data, "--out", str(snap)])
    entries = [json.loads(line) for line in snap.read_text().splitlines()]
    for entry in entries:
        if entry["key"] == "pages.jsonl:1" and entry["preset"] == "recall":
            entry["text"] = "something else"
    snap.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    assert snapshot.main(["--data", data, "--compare", str(snap)]) == 1
    out = capsys.readouterr().out
    assert "differs: pages.jsonl:1 (recall)" in out
    assert "1 differ" in out
