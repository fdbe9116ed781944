"""benchmarks/speed.py runs end to end on a small corpus and prints every row.

Only what the script reports is checked here, not how fast anything is: speed is read
from the script's own output, never asserted in a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_scripts import load_script

speed = load_script("speed")

PAGE = "Home | News | Sport\n\nThe council met on Monday and approved the budget.\n\nShare on Facebook\n"


def test_speed_reports_every_row_and_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps({"text": PAGE}) + "\n" for _ in range(3)), encoding="utf-8")
    assert speed.main(["--data", str(data), "--mb", "0.001", "--rounds", "1", "--profile"]) == 0
    out = capsys.readouterr().out
    rows = [line.split()[0] for line in out.splitlines()[2:] if line and not line.startswith((" ", "ratio", "per-"))]
    filters = ["normalize", "ad_artifacts", "ads", "chrome", "captions", "content", "edges"]
    assert rows == ["baseline", "pipeline", *[f"filter:{name}" for name in filters], "shared:index"]
    assert "ratio pipeline/baseline (MB/s):" in out
    stages = {line.split()[0] for line in out.split("per-stage profile")[1].splitlines()[1:] if line.strip()}
    assert {"index", "split", "render", *filters} - {"ad_artifacts"} <= stages


def test_the_index_row_builds_what_block_filters_share() -> None:
    normalize = speed.cleantext.Pipeline.default()["normalize"]
    doc = speed.index_only(normalize)("Home  |  News\r\nThe vote passed.\n")
    assert [b.text for b in doc.blocks] == ["Home | News", "The vote passed."]
    assert {"tokens", "words", "first_words", "sentence_ends", "vocabulary"} <= set(vars(doc.index))


def test_missing_data_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no such file"):
        speed.main(["--data", str(tmp_path / "none.jsonl")])
