"""Pipeline-friendly options of `cleantext clean`: fields, explanations to a file, the run summary,
directories, comma lists, completion, and the small hints."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from cli_runner import invoke_cli

import cleantext
from cleantext import cli
from cleantext.document import Document
from cleantext.progress import Progress
from cleantext.runner import Options, Runner

PAGE = (
    "Skip to content\n\nThe council approved the new budget after a long debate on Monday evening.\n\nAdvertisement\n"
)
CLEAN = cleantext.clean(PAGE)


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- fields ----------------------------------------------------------------------------------------------


def test_dotted_field(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"id": 1, "meta": {"body": PAGE, "lang": "en"}}])
    result = invoke_cli("clean", str(path), "--field", "meta.body")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"id": 1, "meta": {"body": CLEAN, "lang": "en"}}


def test_output_field_keeps_the_input_field(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"id": 1, "text": PAGE}])
    result = invoke_cli("clean", str(path), "--output-field", "clean_text")
    assert json.loads(result.stdout) == {"id": 1, "text": PAGE, "clean_text": CLEAN}
    nested = invoke_cli("clean", str(path), "--output-field", "out.body")
    assert json.loads(nested.stdout) == {"id": 1, "text": PAGE, "out": {"body": CLEAN}}


def test_id_field_names_records_in_errors_and_explanations(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"id": "doc-1", "text": PAGE}, {"id": "doc-2", "body": "x"}])
    result = invoke_cli("clean", str(path), "--id-field", "id", "--explain")
    assert result.exit_code == 1
    assert f"cleantext: error: {path}:2 (id doc-2): no field 'text'" in result.stderr
    assert f"{path}:1 (id doc-1): 2 removal(s)" in result.stderr
    as_jsonl = invoke_cli("clean", str(path), "--id-field", "id", "--on-error", "skip", "--explain-format", "jsonl")
    removals = [json.loads(line) for line in as_jsonl.stderr.splitlines() if line.startswith("{")]
    assert {(r["input"], r["line"], r["id"]) for r in removals} == {(f"{path}:1", 1, "doc-1")}


def test_missing_dotted_field_is_a_bad_record(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"meta": {"title": "x"}}])
    result = invoke_cli("clean", str(path), "--field", "meta.body")
    assert result.exit_code == 1 and "no field 'meta.body'" in result.stderr


# -- explanations ----------------------------------------------------------------------------------------


def test_explain_file_gets_the_removals_and_stderr_only_messages(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"id": 7, "text": PAGE}, {"id": 8, "text": 3}])
    removals = tmp_path / "removals.jsonl"
    result = invoke_cli("clean", str(path), "--explain-file", str(removals), "--id-field", "id")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in removals.read_text("utf-8").splitlines()]
    assert [(r["id"], r["line"], r["rule"], r["text"]) for r in lines] == [
        ("7", 1, "chrome.phrase", "Skip to content"),
        ("7", 1, "ads.label", "Advertisement"),
    ]
    assert "removal" not in result.stderr and "chrome.phrase" not in result.stderr
    assert "(id 8)" in result.stderr  # messages stay on stderr


def test_explain_format_alone_implies_explain(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = invoke_cli("clean", str(page), "--explain-format", "text")
    assert f"{page}: 2 removal(s)" in result.stderr
    assert invoke_cli("clean", str(page)).stderr == ""


# -- run summary -----------------------------------------------------------------------------------------


def test_stats_line_and_stats_file(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"text": PAGE}, {"text": "Advertisement\n"}])
    stats = tmp_path / "stats.json"
    result = invoke_cli("clean", str(path), "--stats", "--stats-file", str(stats))
    assert result.exit_code == 0
    chars_in = len(PAGE) + len("Advertisement\n")
    share = 100 * (1 - len(CLEAN) / chars_in)
    line = [x for x in result.stderr.splitlines() if "records" in x]
    assert line == [
        f"cleantext: 2 records, 0.0 MB in, {share:.1f}% of characters removed, 1 empty output(s), "
        + line[0].rsplit(", ", 1)[1]
    ]
    data = json.loads(stats.read_text("utf-8"))
    assert (data["records"], data["chars_in"], data["chars_out"], data["empty_outputs"]) == (2, chars_in, len(CLEAN), 1)
    assert data["bytes_in"] == len(path.read_bytes())
    assert data["filters"] == {"ads": {"removals": 2, "chars": 26}, "chrome": {"removals": 1, "chars": 15}}
    assert invoke_cli("clean", str(path)).stderr == ""  # not a terminal, no --stats: no line


def test_progress_shows_percentage_and_eta_when_the_size_is_known() -> None:
    out = io.StringIO()
    meter = Progress(out, every=0.0, total=4_000_000)
    meter.add_bytes(1_000_000)
    meter.add_records(5)
    assert ", 25%, ETA " in out.getvalue()
    unknown = io.StringIO()
    Progress(unknown, every=0.0).add_records(1)
    assert "%" not in unknown.getvalue()


class _Recording(Progress):
    def __init__(self) -> None:
        super().__init__(io.StringIO(), every=1e9)
        self.seen: list[tuple[int, int]] = []

    def add_records(self, n: int = 1) -> None:
        super().add_records(n)
        self.seen.append((self.records, self.bytes))


def test_progress_with_jobs_counts_finished_work_not_read_ahead(tmp_path: Path) -> None:
    lines = [json.dumps({"text": PAGE + "x" * i}) for i in range(300)]
    path = tmp_path / "p.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    meter = _Recording()
    runner = Runner(cleantext.Pipeline.default(), Options(jobs=2), lambda m: None, meter)
    assert runner.process(str(path), io.StringIO())
    sizes = [len(line) + 1 for line in lines]
    assert meter.seen == [(n, sum(sizes[:n])) for n in range(1, 301)]


# -- directories -----------------------------------------------------------------------------------------


def _tree(top: Path) -> None:
    for name in ("a.txt", "sub/b.txt", "sub/deeper/c.txt", "sub/notes.md", ".hidden/d.txt"):
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text(PAGE, encoding="utf-8")


def test_recursive_output_dir_keeps_the_tree(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    out = tmp_path / "out"
    result = invoke_cli("clean", str(tmp_path / "in"), "--recursive", "--glob", "*.txt", "--output-dir", str(out))
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    assert (out / "sub/deeper/c.txt").read_text("utf-8") == CLEAN


def test_recursive_without_glob_takes_every_visible_file(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    result = invoke_cli("clean", str(tmp_path / "in"), "-r", "--output-dir", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (tmp_path / "out/sub/notes.md").exists() and not (tmp_path / "out/.hidden").exists()


def test_glob_without_recursive_and_empty_match_are_usage_errors(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    assert invoke_cli("clean", str(tmp_path / "in"), "--glob", "*.txt").exit_code == 2
    none = invoke_cli("clean", str(tmp_path / "in"), "-r", "--glob", "*.jsonl")
    assert none.exit_code == 2 and "no files to clean" in none.stderr


def test_directory_without_recursive_still_says_what_to_do(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    result = invoke_cli("clean", str(tmp_path / "in"))
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_recursive_output_dir_refuses_to_write_through_a_symlinked_folder(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "sub")
    result = invoke_cli("clean", str(tmp_path / "in"), "-r", "--glob", "*.txt", "--output-dir", str(out))
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert (out / "a.txt").read_text("utf-8") == CLEAN


# -- command-line polish ---------------------------------------------------------------------------------


def test_disable_and_only_take_comma_lists(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    comma = invoke_cli("clean", str(page), "--disable", "ads,chrome")
    repeated = invoke_cli("clean", str(page), "--disable", "ads", "--disable", "chrome")
    assert comma.stdout == repeated.stdout and "Advertisement" in comma.stdout
    assert comma.exit_code == 0 and comma.stdout == cleantext.Pipeline.default().without("ads", "chrome").clean(PAGE)
    only = invoke_cli("clean", str(page), "--only", "normalize, ads")
    assert only.stdout == cleantext.Pipeline.default().only("normalize", "ads").clean(PAGE)
    assert "Advertisement" not in only.stdout and "Skip to content" in only.stdout
    bad = invoke_cli("clean", str(page), "--disable", "ads,nope")
    assert bad.exit_code == 2 and "no filter named 'nope'" in bad.stderr


def test_filter_names_complete_after_a_comma() -> None:
    param = next(p for p in cli.clean.params if p.name == "disable")
    assert [c.value for c in param.shell_complete(None, "c")] == ["chrome", "captions", "content"]  # type: ignore[arg-type]
    assert [c.value for c in param.shell_complete(None, "ads,ch")] == ["ads,chrome"]  # type: ignore[arg-type]


def test_shell_completion_script_is_generated() -> None:
    from click.testing import CliRunner

    done = CliRunner(env={"_CLEANTEXT_COMPLETE": "bash_source"}).invoke(cli.main, [], prog_name="cleantext")
    assert "_CLEANTEXT_COMPLETE=bash_complete" in done.output


def test_empty_pipeline_warns(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    names = ",".join(cleantext.Pipeline.default().names)
    result = invoke_cli("clean", str(page), "--disable", names)
    assert result.exit_code == 0
    assert "warning: the pipeline is empty" in result.stderr


def test_waiting_on_a_terminal_prints_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty())
    cli._warn_waiting_on_terminal(["-"])
    assert "reading text from the terminal; end it with Ctrl-D" in capsys.readouterr().err
    cli._warn_waiting_on_terminal(["page.txt"])
    assert capsys.readouterr().err == ""


def test_filters_verbose_shows_rule_file_additions(tmp_path: Path) -> None:
    rules = tmp_path / "my.toml"
    rules.write_text(
        "[chrome]\nphrases = [\"Weiterlesen im Abo\"]\npatterns = ['Episode \\d+']\n\n"
        '[[filter]]\nname = "mysite"\nphrases = ["Listen to this story"]\n',
        encoding="utf-8",
    )
    result = invoke_cli("filters", "-v", "--rules", str(rules))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    chrome = lines.index(next(x for x in lines if x.startswith("* chrome")))
    detail = "\n".join(lines[chrome + 1 : chrome + 4])
    assert "max_stamp_words=" in detail  # the built-in settings are still shown
    assert "phrases ['Weiterlesen im Abo']" in detail and "patterns ['Episode \\\\d+']" in detail
    assert any("phrases ['Listen to this story']" in x for x in lines)


def test_diff_refuses_output_options(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = invoke_cli("clean", str(page), "--diff", "-o", str(tmp_path / "out.txt"))
    assert result.exit_code == 2 and "--diff shows the removals on stdout" in result.stderr
    assert not (tmp_path / "out.txt").exists()


def test_side_outputs_to_a_device_write_to_it_and_never_replace_it(tmp_path: Path) -> None:
    import stat

    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    for args in (["--explain-file", str(null)], ["--stats-file", str(null)]):
        result = invoke_cli("clean", str(page), "-o", str(tmp_path / "out.txt"), *args)
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(null.stat().st_mode)
    assert invoke_cli("report", str(page), "-o", str(null)).exit_code == 0
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "out.txt", "page.txt"]  # no temporary left


def test_filters_verbose_shows_cut_rules(tmp_path: Path) -> None:
    rules = tmp_path / "cut.toml"
    rules.write_text("[[filter]]\nname = \"promo\"\ncut = ['PROMO\\d+']\n", encoding="utf-8")
    lines = invoke_cli("filters", "-v", "--rules", str(rules)).stdout.splitlines()
    at = lines.index(next(x for x in lines if x.startswith("* promo")))
    assert "cut[0] 'PROMO\\\\d+'" in lines[at + 1] and str(rules) in lines[at + 1]


def test_total_size_is_known_only_for_plain_files(tmp_path: Path) -> None:
    from cleantext.inputs import total_size

    a, b = tmp_path / "a.txt", tmp_path / "b.jsonl"
    a.write_text("12345", encoding="utf-8")
    b.write_text("123", encoding="utf-8")
    assert total_size([str(a), str(b)]) == 8
    assert total_size([str(a), "-"]) is None
    assert total_size([str(a), str(tmp_path / "c.jsonl.gz")]) is None
    assert total_size([str(tmp_path / "missing.txt")]) is None


def test_stats_count_the_removals_without_making_a_record_of_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _jsonl(tmp_path / "p.jsonl", [{"text": PAGE}, {"text": "Advertisement\n"}])
    explained, counted = tmp_path / "explained.json", tmp_path / "counted.json"
    invoke_cli("clean", str(path), "--explain-file", str(tmp_path / "x.jsonl"), "--stats-file", str(explained))
    monkeypatch.setattr(Document, "removals", lambda self: pytest.fail("a Removal was made for the counts"))
    result = invoke_cli("clean", str(path), "--stats-file", str(counted))
    assert result.exit_code == 0
    filters = json.loads(counted.read_text("utf-8"))["filters"]
    assert filters == json.loads(explained.read_text("utf-8"))["filters"] and filters["ads"]["removals"] == 2
