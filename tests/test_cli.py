"""The `cleantext` command line, through click's CliRunner (and one real subprocess)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import cli_runner
from cli_runner import invoke_cli as invoke

from cleantext import Pipeline, filters
from cleantext.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1496444ec58d350f.txt"
SEED_EXPECTED = ROOT / "seeds" / "000_1496444ec58d350f.expected.txt"

B1 = "The council approved the new budget after a long debate on Monday."
B2 = "Spending on schools will rise by four percent next year, officials said."
CREDIT = "Kristina Kormilitsyna / AP"
PAGE = f"Latest News\n\n{B1}\n\n{CREDIT}\n\n{B2}\n\nAdvertisement\n"
PAGE_CLEAN = f"{B1}\n\n{B2}\n"


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


# --- text inputs and outputs --------------------------------------------------------------------------


def test_clean_seed_file() -> None:
    result = invoke("clean", str(SEED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _read(SEED_EXPECTED)
    assert result.stderr == ""


def test_clean_stdin() -> None:
    result = invoke("clean", input=SEED.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _read(SEED_EXPECTED)


def test_clean_stdin_as_dash() -> None:
    result = invoke("clean", "-", input=PAGE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PAGE_CLEAN


def test_output_file(tmp_path: Path, page: Path) -> None:
    out = tmp_path / "out.txt"
    result = invoke("clean", str(page), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert _read(out) == PAGE_CLEAN
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file left"


def test_output_file_with_several_inputs(tmp_path: Path, page: Path) -> None:
    out = tmp_path / "out.txt"
    result = invoke("clean", str(page), str(SEED), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert _read(out) == PAGE_CLEAN + _read(SEED_EXPECTED)


def test_output_dir(tmp_path: Path, page: Path) -> None:
    folder = tmp_path / "clean" / "nested"
    result = invoke("clean", str(page), str(SEED), "--output-dir", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in folder.iterdir()) == sorted([page.name, SEED.name])
    assert _read(folder / page.name) == PAGE_CLEAN
    assert _read(folder / SEED.name) == _read(SEED_EXPECTED)
    assert _read(page) == PAGE, "inputs are not touched"


def test_in_place_keeps_permissions(tmp_path: Path, page: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(f"Source link\n\n{B2}\n", encoding="utf-8")
    os.chmod(page, 0o640)
    os.chmod(other, 0o604)
    result = invoke("clean", str(page), str(other), "--in-place")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert _read(page) == PAGE_CLEAN
    assert _read(other) == f"{B2}\n"
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert stat.S_IMODE(other.stat().st_mode) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt", "page.txt"]


# --- JSONL ----------------------------------------------------------------------------------------------

RECORDS = [
    {"id": 1, "text": PAGE, "url": "https://example.com/a", "tags": ["x", "y"]},
    {"url": "https://example.com/b", "text": f"Share this:\n\n{B2}\n", "id": 2, "nested": {"k": "Advertisement"}},
    {"text": "", "id": 3},
    {"z": None, "text": "Ünïcödé « Publicité »\n\nLe conseil a approuvé le budget lundi après un long débat.\n"},
]


def _jsonl(records: list[dict], field: str = "text") -> str:
    lines = []
    for rec in records:
        rec = {(field if k == "text" else k): v for k, v in rec.items()}
        lines.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _check_jsonl(out: str, records: list[dict], field: str = "text") -> None:
    lines = out.split("\n")
    assert lines[-1] == ""
    assert len(lines) - 1 == len(records), "one output line per input line"
    pipe = Pipeline.default()
    for line, rec in zip(lines, records, strict=False):
        got = json.loads(line)
        assert list(got) == [field if k == "text" else k for k in rec], "field order kept"
        for key, value in rec.items():
            if key == "text":
                assert got[field] == pipe.clean(value)
            else:
                assert got[key] == value


def test_jsonl_detected_from_extension(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(_jsonl(RECORDS), encoding="utf-8")
    result = invoke("clean", str(path))
    assert result.exit_code == 0, result.stderr
    _check_jsonl(result.stdout, RECORDS)
    assert json.loads(result.stdout.split("\n")[0])["text"] == PAGE_CLEAN


def test_jsonl_field(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(_jsonl(RECORDS, field="body"), encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    result = invoke("clean", str(path), "--field", "body", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    _check_jsonl(_read(out), RECORDS, field="body")


def test_jsonl_blank_lines_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "pages.ndjson"
    path.write_text(_jsonl(RECORDS[:1]) + "\n" + _jsonl(RECORDS[1:2]), encoding="utf-8")
    result = invoke("clean", str(path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert len(lines) == 4 and lines[1] == "" and lines[3] == ""
    assert json.loads(lines[2])["id"] == 2


def test_jsonl_format_option_on_stdin() -> None:
    result = invoke("clean", "--format", "jsonl", input=_jsonl(RECORDS))
    assert result.exit_code == 0, result.stderr
    _check_jsonl(result.stdout, RECORDS)


def test_txt_file_is_text_even_if_it_holds_json(tmp_path: Path) -> None:
    path = tmp_path / "pages.txt"
    line = json.dumps({"text": PAGE})
    path.write_text(line + "\n", encoding="utf-8")
    result = invoke("clean", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == line + "\n"


# --- pipeline options ------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", filters.PRESETS)
def test_preset(preset: str) -> None:
    result = invoke("clean", str(SEED), "--preset", preset)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == Pipeline.default(preset).clean(_read(SEED))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--disable", "captions"], f"{B1}\n\n{CREDIT}\n\n{B2}\n"),
        (["--disable", "captions", "--disable", "ads"], f"{B1}\n\n{CREDIT}\n\n{B2}\n\nAdvertisement\n"),
        (["--only", "ads"], f"Latest News\n\n{B1}\n\n{CREDIT}\n\n{B2}\n"),
        (["--only", "normalize", "--only", "captions"], f"Latest News\n\n{B1}\n\n{B2}\n\nAdvertisement\n"),
    ],
    ids=["disable", "disable_two", "only", "only_two"],
)
def test_disable_and_only(page: Path, options: list[str], expected: str) -> None:
    result = invoke("clean", str(page), *options)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_rules(tmp_path: Path) -> None:
    rules = tmp_path / "my-rules.toml"
    rules.write_text(
        'disable = ["captions"]\n[chrome]\nphrases = ["Hear this story"]\n'
        '[[filter]]\nname = "mysite"\nphrases = ["Hear the audio version"]\n',
        encoding="utf-8",
    )
    text = f"{B1}\n\nHear this story\n\n{CREDIT}\n\nHear the audio version\n\n{B2}\n"
    result = invoke("clean", "--rules", str(rules), input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{B1}\n\n{CREDIT}\n\n{B2}\n"
    result = invoke("clean", "--rules", str(rules), "--disable", "mysite", input=text)
    assert result.stdout == f"{B1}\n\n{CREDIT}\n\nHear the audio version\n\n{B2}\n"


# --- explain ------------------------------------------------------------------------------------------


def test_explain_text(page: Path) -> None:
    result = invoke("clean", str(page), "--explain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PAGE_CLEAN
    err = result.stderr
    assert f"{page}: 3 removal(s)" in err
    for rule, text in [
        ("chrome.section", "Latest News"),
        ("captions.photo_credit", CREDIT),
        ("ads.label", "Advertisement"),
    ]:
        line = next(x for x in err.splitlines() if f"[{rule}]" in x)
        assert repr(text) in line
    assert "photo credit line" in err
    assert "ad-slot label" in err


def test_explain_seed_lists_rules_and_reasons() -> None:
    result = invoke("clean", str(SEED), "--explain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _read(SEED_EXPECTED)
    run = Pipeline.default().run(_read(SEED))
    for r in run.removed:
        assert f"{r.start}-{r.end} [{r.rule}] {r.reason}" in result.stderr
    assert "[captions.photo_credit] photo credit line: 'Kristina Kormilitsyna / AP'" in result.stderr


def test_explain_jsonl(page: Path) -> None:
    result = invoke("clean", str(page), "--explain", "--explain-format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PAGE_CLEAN
    source = Pipeline.default().run(PAGE).source
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [r["rule"] for r in records] == ["chrome.section", "captions.photo_credit", "ads.label"]
    for rec in records:
        assert {"filter", "rule", "reason", "start", "end", "text"} <= set(rec)
        assert rec["rule"].startswith(rec["filter"] + ".")
        assert source[rec["start"] : rec["end"]] == rec["text"]
        assert rec["input"] == str(page)


def test_explain_jsonl_for_jsonl_input_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(_jsonl(RECORDS[:2]), encoding="utf-8")
    result = invoke("clean", str(path), "--explain", "--explain-format", "jsonl")
    assert result.exit_code == 0, result.stderr
    _check_jsonl(result.stdout, RECORDS[:2])
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert {r["line"] for r in records} == {1, 2}
    assert ("chrome.phrase", "Share this:", 2) in {(r["rule"], r["text"], r["line"]) for r in records}


# --- filters command --------------------------------------------------------------------------------------


def test_filters_lists_every_filter() -> None:
    result = invoke("filters")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(filters.names())
    for line, (name, description) in zip(lines, filters.describe(), strict=True):
        mark, rest = line[:2], line[2:]
        assert mark == ("* " if name in filters.DEFAULT_ORDER else "  ")
        assert rest.split()[0] == name
        assert rest.endswith(description)


# --- errors and exit codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--disable", "nosuch"], "no filter named 'nosuch'"),
        (["--only", "nosuch"], "no filter named 'nosuch'"),
        (["-o", "{tmp}/out.txt", "--in-place", "{tmp}/page.txt"], "choose one of"),
        (["-o", "{tmp}/out.txt", "--output-dir", "{tmp}/out"], "choose one of"),
        (["--in-place"], "need file inputs"),
        (["--output-dir", "{tmp}/out"], "need file inputs"),
        (["--preset", "fast"], "fast"),
        (["--format", "xml"], "xml"),
        (["--rules", "{tmp}/no-such-rules.toml"], "no such rule file"),
        (["--rules", "{tmp}"], "is a directory"),
    ],
    ids=[
        "disable",
        "only",
        "o_in_place",
        "o_output_dir",
        "in_place_stdin",
        "output_dir_stdin",
        "preset",
        "format",
        "rules",
        "rules_dir",
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path, page: Path) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    result = cli_runner().invoke(main, ["clean", *args], input=PAGE)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [page.name], "nothing written"
    assert _read(page) == PAGE


def test_bad_rule_file_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text("[chrome]\npatterns = ['(unclosed']\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["clean", "--rules", str(rules)], input=PAGE)
    assert result.exit_code == 2
    assert str(rules) in result.stderr
    assert "(unclosed" in result.stderr


def test_bad_threshold_in_a_rule_file_is_a_usage_error_naming_file_and_key(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[edges.config]\nmax_words = "many"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["clean", "--rules", str(rules)], input=PAGE)
    assert result.exit_code == 2
    assert f"{rules}: [edges.config]: max_words must be a whole number, not 'many'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_input_exits_1_and_the_others_are_processed(tmp_path: Path, page: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke("clean", str(page), str(missing), str(SEED))
    assert result.exit_code == 1
    assert result.stdout == PAGE_CLEAN + _read(SEED_EXPECTED)
    assert f"{missing}: no such file" in result.stderr
    assert "1 input(s) failed" in result.stderr


def test_missing_input_with_output_dir(tmp_path: Path, page: Path) -> None:
    folder = tmp_path / "out"
    missing = tmp_path / "missing.txt"
    result = invoke("clean", str(missing), str(page), "--output-dir", str(folder))
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [page.name]
    assert _read(folder / page.name) == PAGE_CLEAN


def test_failed_single_input_leaves_output_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous\n", encoding="utf-8")
    result = invoke("clean", str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert _read(out) == "previous\n"


# --- a real process ----------------------------------------------------------------------------------------


def test_python_m_cleantext_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleantext", "clean"],
        input=SEED.read_bytes(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stdout.decode("utf-8") == _read(SEED_EXPECTED)
    assert proc.stderr == b""


def test_explain_shows_the_features_that_decided_a_content_removal(tmp_path: Path) -> None:
    nav = ["Home", "World", "Politics", "Business", "Sport", "Log in", "Subscribe", "Weather | Traffic | Puzzles"]
    body = [
        "The city council voted on Tuesday to close the old bridge to cars from next spring, after engineers "
        "warned that its steel supports had corroded faster than expected.",
        "Cyclists and pedestrians will still be able to cross the bridge while repairs are carried out over the "
        "next two years, and a ferry will run during the busiest weeks.",
    ]
    footer = ["Most Popular", "Harbour Festival Returns In June", "About Us", "Contact Us", "Privacy Policy"]
    page = tmp_path / "page.txt"
    page.write_text("\n".join(nav) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(footer) + "\n", "utf-8")
    result = cli_runner().invoke(main, ["clean", str(page), "--explain"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "\n\n".join(body) + "\n"
    lines = result.stderr.splitlines()
    idx = next(i for i, line in enumerate(lines) if "[content.outside]" in line)
    shown = lines[idx + 1]
    assert "score=" in shown and "threshold=" in shown and "lang=en" in shown and "top=" in shown


@pytest.mark.parametrize(("flags", "shown"), [((), False), (("--progress",), True), (("--progress", "--quiet"), False)])
def test_progress_display(tmp_path: Path, flags: tuple[str, ...], shown: bool) -> None:
    path = tmp_path / "pages.jsonl"
    record = {"text": "Advertisement\n\nThe council approved the budget on Monday after a long debate.\n"}
    path.write_text("".join(json.dumps({"id": i, **record}) + "\n" for i in range(50)), encoding="utf-8")
    result = cli_runner().invoke(main, ["clean", str(path), *flags])  # stderr is not a terminal here
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 50
    assert ("50 records" in result.stderr and "records/s" in result.stderr and "MB/s" in result.stderr) == shown


def test_filters_lists_the_pipeline_the_options_build(tmp_path: Path) -> None:
    rule_file = tmp_path / "r.toml"
    rule_file.write_text('[[filter]]\nname = "mysite"\nphrases = ["Listen"]\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["filters", "--rules", str(rule_file), "--disable", "captions", "-v"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("* mysite") for line in lines)
    assert any(line.startswith("  captions") for line in lines)  # listed, not in the pipeline
    content = next(i for i, line in enumerate(lines) if line.startswith("* content"))
    assert "min_chrome_share=0.3" in lines[content + 1]  # balanced settings shown with -v
