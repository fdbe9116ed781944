"""benchmarks/speed.py runs end to end on a small corpus and prints every row.

Only what the script reports is checked here, not how fast anything is: speed is read
from the script's own output, never asserted in a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from bench_scripts import load_script

speed = load_script("speed")

PAGE = "Home | News | Sport\n\nThe council met on Monday and approved the budget.\n\nShare on Facebook\n"


def test_speed_reports_every_row_and_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps({"text": PAGE}) + "\n" for _ in range(3)), encoding="utf-8")
    assert speed.main(["--data", str(data), "--mb", "0.001", "--rounds", "1", "--profile"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split() == ["system", "MB/s", "docs/s", "cpu", "s", "wall", "s", "x", "base"]
    rows = [line.split()[0] for line in lines[2:] if line and not line.startswith((" ", "ratio", "per-"))]
    filters = ["normalize", "ad_artifacts", "ads", "chrome", "captions", "content", "edges"]
    assert rows == ["baseline", "pipeline", *[f"filter:{name}" for name in filters], "shared:index"]
    assert regex.fullmatch(r"ratio pipeline/baseline: \d+\.\d{3} CPU, \d+\.\d{3} wall", lines[len(rows) + 2])
    stages = {line.split()[0] for line in out.split("per-stage profile")[1].splitlines()[1:] if line.strip()}
    assert {"index", "split", "render", *filters} - {"ad_artifacts"} <= stages


def test_the_baseline_counts_the_words_of_every_line_with_a_precompiled_pattern() -> None:
    assert speed.baseline("one two\n\nthree, four five") == [2, 0, 3]
    assert isinstance(speed.W, regex.Pattern) and speed.W.pattern == r"\w+"


def test_measure_reports_the_median_cpu_and_wall_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # CPU time advances 1 s per document, wall time 2 s: sleeping or waiting shows in wall only.
    clock = {"cpu": 0.0, "wall": 0.0}

    def work(text: str) -> None:
        clock["cpu"] += 1.0
        clock["wall"] += 2.0

    monkeypatch.setattr(speed.time, "process_time", lambda: clock["cpu"])
    monkeypatch.setattr(speed.time, "perf_counter", lambda: clock["wall"])
    assert speed.measure(work, ["a", "b", "c"], rounds=3) == speed.Timing(cpu=3.0, wall=6.0)


def test_every_row_is_compared_with_the_baseline_in_cpu_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "pages.jsonl"
    data.write_text(json.dumps({"text": PAGE}) + "\n", encoding="utf-8")
    timings = iter([speed.Timing(cpu=2.0, wall=3.0), speed.Timing(cpu=8.0, wall=6.0)])
    monkeypatch.setattr(speed, "measure", lambda fn, corpus, rounds: next(timings))
    assert speed.main(["--data", str(data), "--mb", "0.0001", "--no-filters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split()[0] == "baseline" and lines[2].split()[3:] == ["2.00", "3.00", "1.000"]
    assert lines[3].split()[0] == "pipeline" and lines[3].split()[3:] == ["8.00", "6.00", "0.250"]
    assert lines[4] == "ratio pipeline/baseline: 0.250 CPU, 0.500 wall"


def test_the_index_row_builds_what_block_filters_share() -> None:
    normalize = speed.cleantext.Pipeline.default()["normalize"]
    doc = speed.index_only(normalize)("Home  |  News\r\nThe vote passed.\n")
    assert [b.text for b in doc.blocks] == ["Home | News", "The vote passed."]
    assert {"tokens", "words", "first_words", "sentence_ends", "vocabulary"} <= set(vars(doc.index))


def test_missing_data_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no such file"):
        speed.main(["--data", str(tmp_path / "none.jsonl")])
