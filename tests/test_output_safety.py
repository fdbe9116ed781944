"""Safe output and no silent loss (issue 12).

* output targets: devices, FIFOs and ``/dev/std*`` are written directly, never replaced;
  symlinks at output paths are refused unless ``--follow-symlinks``; ``-o ''`` is a usage
  error; ``--in-place`` only rewrites regular files;
* write errors (a full device, ``ulimit -f``) are named and exit 1, never a traceback or a
  cut output with exit 0;
* ``--jobs``: one pool for the whole run, a dead worker ends the run with an error, the
  worker count is capped, and the report is the same for any ``--jobs``;
* JSONL lines come back byte for byte outside the cleaned field; kept lines are the
  original bytes; stdin is sniffed for JSONL;
* smaller crashes: codecs, rule-file size and depth, progress on a terminal.

Devices are private ones made in a temporary folder (``os.mknod``), never the real
``/dev/null`` or ``/dev/full``.
"""

from __future__ import annotations

import json
import os
import pickle
import pty
import resource
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from cli_runner import clean_command, invoke_cli, run_clean
from click.testing import Result

from cleantext import Pipeline, parallel, rules, runner
from cleantext import atomic as _atomic
from cleantext import decoding as _decoding

HERE = Path(__file__).resolve().parent
DEFAULT = Pipeline.default()

B1 = "The council approved the new budget after a long debate on Monday evening."
B2 = "Spending on schools will rise by four percent next year, officials said."
PAGE = f"Latest News\n\n{B1}\n\nAdvertisement\n\n{B2}\n"
PAGE_CLEAN = DEFAULT.clean(PAGE)
LONG = "".join(f"Paragraph {i}: the council debated the harbour plan at length on Monday.\n\n" for i in range(300))


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    return invoke_cli("clean", *args, input=input)


def device(folder: Path, name: str, minor: int) -> Path:
    """A private character device: minor 3 is a null device, 7 a full one (always ENOSPC)."""
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


def page(folder: Path, name: str = "page.txt", text: str = PAGE) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cleantext: error: ")]


# --- output targets ---------------------------------------------------------------------------------------


def test_a_character_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    result = invoke(str(page(tmp_path)), "-o", str(null))
    assert result.exit_code == 0, result.stderr
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3), "still the device"
    assert no_temp_files(tmp_path)


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run_clean(str(page(tmp_path)), "-o", str(fifo))
    reader.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert got == [PAGE_CLEAN.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_stdout_appends_to_what_stdout_is(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("earlier line\n", encoding="utf-8")
    with log.open("ab") as fh:  # like `cleantext clean page.txt -o /dev/stdout >> app.log`
        proc = run_clean(str(page(tmp_path)), "-o", "/dev/stdout", stdout=fh, stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr
    assert log.read_text("utf-8") == "earlier line\n" + PAGE_CLEAN
    assert no_temp_files(tmp_path)


def test_a_symlink_at_the_output_path_is_refused_unless_asked(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export SAFE=1\n", encoding="utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    source = page(tmp_path)
    result = invoke(str(source), "-o", str(link))
    assert result.exit_code == 1
    (message,) = error_lines(result.stderr)
    assert f"{link}: is a symbolic link" in message and "--follow-symlinks" in message
    assert victim.read_text("utf-8") == "export SAFE=1\n" and link.is_symlink()
    result = invoke(str(source), "-o", str(link), "--follow-symlinks")
    assert result.exit_code == 0, result.stderr
    assert victim.read_text("utf-8") == PAGE_CLEAN and link.is_symlink(), "the file written, the link kept"
    assert no_temp_files(tmp_path)


def test_a_symlink_planted_in_the_output_dir_is_refused_the_rest_written(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export SAFE=1\n", encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    a, b = page(inputs, "a.txt"), page(inputs, "b.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").symlink_to(victim)
    result = invoke(str(a), str(b), "--output-dir", str(out))
    assert result.exit_code == 1
    (message,) = error_lines(result.stderr)
    assert f"{out / 'a.txt'}: is a symbolic link" in message
    assert victim.read_text("utf-8") == "export SAFE=1\n"
    assert (out / "b.txt").read_text("utf-8") == PAGE_CLEAN
    assert no_temp_files(tmp_path)


@pytest.mark.parametrize("option", ["-o", "--output-dir"])
def test_an_empty_output_name_is_a_usage_error(tmp_path: Path, option: str) -> None:
    result = invoke(str(page(tmp_path)), option, "")
    assert result.exit_code == 2
    assert "empty" in result.stderr


@pytest.mark.parametrize("option", ["-o", "--output-dir"])
def test_an_empty_output_name_is_a_usage_error_for_apply_too(tmp_path: Path, option: str) -> None:
    result = invoke_cli("apply", "--spans", "spans", str(page(tmp_path, "in.jsonl", "{}\n")), option, "")
    assert result.exit_code == 2
    assert "an empty" in result.stderr


def test_a_directory_or_block_device_as_output_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    block = tmp_path / "disk"
    os.mknod(block, stat.S_IFBLK | 0o600, os.makedev(240, 254))  # an unassigned number: never a real disk
    for target, kind in ((folder, "a directory"), (block, "a block device")):
        result = invoke(str(page(tmp_path)), "-o", str(target))
        assert result.exit_code == 1
        assert f"{target}: is {kind}" in result.stderr
    assert stat.S_ISBLK(os.lstat(block).st_mode) and folder.is_dir()


def test_in_place_refuses_fifos_devices_and_stdin_and_rewrites_the_rest(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    null = device(tmp_path, "null", 3)
    good = page(tmp_path)
    proc = run_clean("--in-place", str(fifo), str(null), "/dev/stdin", str(good), input=PAGE.encode())
    assert proc.returncode == 1
    err = proc.stderr.decode()
    for name, kind in ((fifo, "a FIFO"), (null, "a character device"), ("/dev/stdin", "a standard stream")):
        assert f"cleantext: error: {name}: is {kind}; --in-place rewrites regular files only" in err, err
    assert good.read_text("utf-8") == PAGE_CLEAN
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and stat.S_ISCHR(os.lstat(null).st_mode)


def test_in_place_breaks_hard_links_as_documented(tmp_path: Path) -> None:
    source = page(tmp_path)
    other = tmp_path / "other-name.txt"
    os.link(source, other)
    result = invoke("--in-place", str(source))
    assert result.exit_code == 0, result.stderr
    assert source.read_text("utf-8") == PAGE_CLEAN
    assert other.read_text("utf-8") == PAGE, "the other name keeps the old content, as with sed -i"


# --- write errors -----------------------------------------------------------------------------------------


def test_a_full_device_as_output_file_is_an_error(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    result = invoke(str(page(tmp_path)), "-o", str(full))
    assert result.exit_code == 1
    (message,) = error_lines(result.stderr)
    assert message.startswith(f"cleantext: error: {full}: cannot write: No space left on device")
    assert stat.S_ISCHR(os.lstat(full).st_mode)


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_stdout_on_a_full_device_is_an_error_not_a_traceback(tmp_path: Path, suffix: str) -> None:
    full = device(tmp_path, "full", 7)
    text = PAGE if suffix == ".txt" else json.dumps({"text": PAGE}) + "\n"
    with full.open("wb") as fh:  # like `cleantext clean page.txt > /dev/full`
        proc = run_clean(str(page(tmp_path, f"page{suffix}", text)), stdout=fh, stderr=subprocess.PIPE)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "cleantext: error: <stdout>: cannot write: No space left on device" in err
    assert "Traceback" not in err


def _size_limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))  # like `ulimit -f 1`
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails with EFBIG


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_a_file_size_limit_on_stdout_never_exits_0_with_a_cut_output(tmp_path: Path, suffix: str) -> None:
    text = LONG if suffix == ".txt" else "".join(json.dumps({"text": p}) + "\n" for p in LONG.split("\n\n"))
    source = page(tmp_path, f"long{suffix}", text)
    out = tmp_path / "out"
    with out.open("wb") as fh:
        proc = run_clean(str(source), stdout=fh, stderr=subprocess.PIPE, preexec_fn=_size_limited)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "cleantext: error: <stdout>: cannot write: File too large" in err and "Traceback" not in err
    assert out.stat().st_size <= 1024


def test_a_file_size_limit_on_an_output_file_leaves_no_file(tmp_path: Path) -> None:
    source = page(tmp_path, "long.txt", LONG)
    out = tmp_path / "out.txt"
    proc = run_clean(str(source), "-o", str(out), preexec_fn=_size_limited)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert f"cleantext: error: {out}: cannot write: File too large" in err and "Traceback" not in err
    assert not out.exists() and no_temp_files(tmp_path)


# --- worker processes -------------------------------------------------------------------------------------


def _records(count: int, kill_at: int | None = None) -> str:
    return "".join(
        json.dumps({"id": i, "text": f"{B1} Number {i}." + (" KILL THIS WORKER" if i == kill_at else "")}) + "\n"
        for i in range(count)
    )


@pytest.mark.parametrize("output", ["-o", "stdout"])
def test_a_dead_worker_ends_the_run_with_a_named_error(tmp_path: Path, output: str) -> None:
    source = page(tmp_path, "in.jsonl", _records(400, kill_at=250))
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    args = [str(source), "--jobs", "2", *(["-o", str(out)] if output == "-o" else [])]
    proc = subprocess.run(
        [sys.executable, str(HERE / "worker_faults.py"), *args], capture_output=True, timeout=120, check=False
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert f"cleantext: error: {source}:" in err and "a worker process died" in err, err
    assert f"cleantext: 1 input(s) failed: {source}" in err
    assert "Traceback" not in err
    assert out.read_text("utf-8") == "previous\n" and no_temp_files(tmp_path)


def _descendants(pid: int, *, below: int = 1) -> set[int]:
    """The processes at least ``below`` levels under ``pid`` (1: its children and theirs…), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    level = [pid]
    for depth in range(1, 64):
        level = [child for parent in level for child in children.get(parent, [])]
        if not level:
            break
        if depth >= below:
            found.update(level)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_workers_end_when_the_parent_is_killed_outright(tmp_path: Path) -> None:
    # `kill -9` of cleantext itself (or the out-of-memory killer choosing it): its workers must
    # not wait forever for work or to hand back results, keeping the pipes they share open.
    source = page(tmp_path, "in.jsonl", _records(400))
    fifo = tmp_path / "more.jsonl"
    os.mkfifo(fifo)  # the second input: nothing comes, so the run stays up with its workers
    args = [str(source), str(fifo), "--jobs", "2", "-o", str(tmp_path / "out.jsonl")]
    with (tmp_path / "err").open("wb") as err:
        proc = subprocess.Popen([sys.executable, str(HERE / "worker_faults.py"), *args], stderr=err)
    writer = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _descendants(proc.pid, below=2):  # the forkserver's workers
            time.sleep(0.05)
        assert _descendants(proc.pid, below=2), "the pool started no worker"
        while time.monotonic() < deadline and writer is None:  # until the run has opened the FIFO
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader yet
                time.sleep(0.05)
        assert writer is not None, "the run never reached its second input"
        everything = _descendants(proc.pid)
        proc.kill()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_running(p) for p in everything):
            time.sleep(0.05)
        left = [p for p in everything if _running(p)]
        for p in left:
            os.kill(p, signal.SIGKILL)
        assert not left, "processes of the run outlived it"
    finally:
        if writer is not None:
            os.close(writer)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


@pytest.mark.parametrize("pidfd", [True, False])
def test_watch_parent_ends_the_process_when_the_parent_is_gone(pidfd: bool) -> None:
    code = (
        "import os, subprocess, sys, time\n"
        "from cleantext import parallel\n"
        + ("" if pidfd else "del os.pidfd_open  # as where there is none: polling\n")
        + "parent = subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()'], stdin=subprocess.PIPE)\n"
        "parallel.watch_parent(parent.pid, every=0.05)\n"
        "parent.stdin.close()  # it ends now\n"
        "parent.wait()\n"
        "time.sleep(60)\n"
        "sys.exit(5)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, check=False)
    assert (proc.returncode, proc.stderr) == (1, b""), "ended by the watch (exit 1, nothing said)"


def test_one_worker_pool_serves_every_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = parallel.ProcessPoolExecutor

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    names = [str(page(tmp_path, f"p{i}.txt", PAGE.replace("Monday", f"day {i}"))) for i in range(6)]
    names.append(str(page(tmp_path, "r.jsonl", _records(150))))
    one = invoke(*names, "--jobs", "1")
    two = invoke(*names, "--jobs", "2")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert started == [1], "one pool for all seven inputs"
    small = invoke(names[0], "--jobs", "2")
    assert small.exit_code == 0 and small.stdout == DEFAULT.clean(PAGE.replace("Monday", "day 0"))
    assert started == [1], "no workers started for less work than one chunk: done at once in this process"


@pytest.mark.parametrize("jobs", ["99999999999", "-1", "two"])
def test_nonsense_jobs_is_a_usage_error(jobs: str) -> None:
    result = invoke("--jobs", jobs, input=PAGE)
    assert result.exit_code == 2


def test_jobs_is_capped_at_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "available_cpus", lambda: 3)
    assert [parallel.resolve_jobs(n) for n in (0, 1, 2, 3, 4, 4096)] == [3, 1, 2, 3, 3, 3]
    assert "at most the number of CPUs" in " ".join(invoke_cli("clean", "--help").stdout.split())


def test_on_error_fail_reports_the_same_for_any_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    lines = [json.dumps({"text": f"{B1} Number {i}."}).encode() for i in range(300)]
    lines[3] = b"not json"
    lines[120] = lines[120].replace(b"Number", b"Num\xffber")  # a warning jobs 1 never reaches
    lines[200] = b"[1, 2]"
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    one = invoke(str(source), "--jobs", "1")
    two = invoke(str(source), "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert (two.stdout, two.stderr) == (one.stdout, one.stderr)
    assert "warning" not in two.stderr and f"{source}:4: not valid JSON" in two.stderr


# --- JSONL comes back as it went in -----------------------------------------------------------------------

FAITHFUL = [
    '{"n": 1e400, "m": 1e5, "d": 0.1000000000000000055511151231257827, "text": "%s"}',
    '{"big": %s, "text": "%%s"}' % ("7" * 5000),
    '{ "text" : "%s" ,"esc": "caf\\u00e9 \\/ \\ud83d\\ude00", "z":[ 1,2 ] }',
    '{"nan": NaN, "inf": -Infinity, "text": "%s", "nested": {"text": 1}}',
    '{"text": "first, left as it came", "id": 3, "text": "%s"}',
]


@pytest.mark.parametrize("template", FAITHFUL, ids=["numbers", "huge_int", "spacing", "nan", "duplicate_key"])
def test_every_byte_outside_the_cleaned_field_comes_back(tmp_path: Path, template: str) -> None:
    value = json.dumps(PAGE)[1:-1]
    line = template % value
    source = tmp_path / "in.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    result = invoke(str(source))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == line.replace(value, json.dumps(PAGE_CLEAN)[1:-1]) + "\n"


def test_a_kept_bad_line_is_its_original_bytes_with_the_default_errors(tmp_path: Path) -> None:
    bad = b'{"text": "caf\xe9 \xff", oops}'
    good = json.dumps({"text": PAGE, "x": "\xff"}).encode()
    odd = b'{"text": "%s", "raw": "caf\xe9"}' % json.dumps(PAGE)[1:-1].encode()
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([bad, good, odd]) + b"\n")
    result = invoke(str(source), "--on-error", "keep")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout_bytes.split(b"\n")
    assert lines[0] == bad, "kept unchanged: the bytes as they came, not U+FFFD"
    assert json.loads(lines[1]) == {"text": PAGE_CLEAN, "x": "\xff"}
    assert lines[2] == b'{"text": "%s", "raw": "caf\xe9"}' % json.dumps(PAGE_CLEAN)[1:-1].encode()


def test_surrogateescape_bytes_survive_the_mojibake_repair(tmp_path: Path) -> None:
    data = f"{B1}\n\nThe cafÃ© was full \udcff of people who came to hear the debate.\n"
    source = tmp_path / "page.txt"
    source.write_bytes(data.encode("utf-8", "surrogateescape"))
    result = invoke(str(source), "--errors", "surrogateescape")
    assert result.exit_code == 0, result.stderr
    assert b"full \xff of" in result.stdout_bytes and "café" in result.stdout_bytes.decode("utf-8", "replace")


@pytest.mark.parametrize("head", [b"", b"\n\n  ", b"\xef\xbb\xbf"], ids=["plain", "blank_lines", "bom"])
def test_jsonl_on_stdin_is_recognised(head: bytes) -> None:
    data = head + json.dumps({"id": 1, "body": PAGE}).encode() + b"\n"
    result = invoke("--field", "body", input=data)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"id": 1, "body": PAGE_CLEAN}


def test_text_on_stdin_stays_text() -> None:
    result = invoke(input="  \n" + PAGE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PAGE_CLEAN


def test_field_with_text_input_warns_or_is_a_usage_error(tmp_path: Path) -> None:
    source = page(tmp_path)
    result = invoke(str(source), "--field", "body")
    assert result.exit_code == 0 and result.stdout == PAGE_CLEAN
    assert f"cleantext: warning: {source}: --field body is ignored: this input is read as text" in result.stderr
    result = invoke(str(source), "--field", "body", "--format", "text")
    assert result.exit_code == 2 and "--field applies to JSONL input only" in result.stderr


def test_a_nul_byte_in_a_later_line_is_a_bad_line_not_a_binary_file(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"{B1} Number {i}."}).encode() for i in range(400)]  # beyond the sniffed start
    lines[300] = b'{"text": "nul \x00 here"}'
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    kept = invoke(str(source), "--on-error", "keep")
    assert kept.exit_code == 0, kept.stderr
    assert kept.stdout_bytes.split(b"\n")[300] == lines[300]
    assert f"cleantext: warning: {source}:301: holds a NUL byte" in kept.stderr, "the first bad line is named"
    failed = invoke(str(source))
    assert failed.exit_code == 1 and f"{source}:301: holds a NUL byte" in failed.stderr


@pytest.mark.parametrize("policy", ["keep", "skip"])
def test_keep_and_skip_name_the_first_bad_line(tmp_path: Path, policy: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(f"{json.dumps({'text': B1})}\n[1]\noops\n", encoding="utf-8")
    result = invoke(str(source), "--on-error", policy)
    assert result.exit_code == 0
    warned = [line for line in result.stderr.splitlines() if line.startswith("cleantext: warning: ")]
    assert len(warned) == 1 and warned[0].startswith(f"cleantext: warning: {source}:2: a JSON array"), warned


# --- smaller crashes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["idna", "punycode", "undefined"])
def test_codecs_that_cannot_decode_text_are_a_usage_error(codec: str) -> None:
    result = invoke("--encoding", codec, input=PAGE)
    assert result.exit_code == 2
    assert f"'{codec}' cannot decode text files" in result.stderr


@pytest.mark.parametrize("nesting", ["array", "inline_table"])
def test_a_deeply_nested_rule_file_is_a_usage_error(tmp_path: Path, nesting: str) -> None:
    rule_file = tmp_path / "deep.toml"
    opening = "[" if nesting == "array" else "{a = "
    rule_file.write_text("x = " + opening * 100_000, encoding="utf-8")
    result = invoke("--rules", str(rule_file), input=PAGE)
    assert result.exit_code == 2
    assert "too deeply nested" in result.stderr


def test_a_huge_rule_file_is_a_usage_error(tmp_path: Path) -> None:
    rule_file = tmp_path / "huge.toml"
    rule_file.write_text("# padding\n" * (rules.MAX_RULE_FILE_BYTES // 10 + 1), encoding="utf-8")
    result = invoke("--rules", str(rule_file), input=PAGE)
    assert result.exit_code == 2
    assert "rule file too large" in result.stderr


def _on_a_terminal(command: list[str]) -> tuple[int, bytes]:
    """Run ``command`` with stdout and stderr on one new terminal: its exit code and all it showed."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(command, stdout=follower, stderr=follower, close_fds=True)
        os.close(follower)
        seen = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the run is over
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=60)
    finally:
        os.close(leader)
    return proc.returncode, seen


def test_no_progress_line_inside_the_output_on_a_terminal(tmp_path: Path) -> None:
    code, seen = _on_a_terminal(clean_command(str(page(tmp_path, "long.txt", LONG))))
    assert code == 0
    assert b"Paragraph 299" in seen and b"records/s" not in seen and b"\x1b[K" not in seen


@pytest.mark.parametrize("target", ["/dev/stderr", "/dev/fd/2"])
def test_no_progress_line_when_o_names_the_terminal(tmp_path: Path, target: str) -> None:
    # `cleantext clean big.jsonl -o /dev/tty` on a terminal: the output and stderr are one screen.
    lines = "".join(json.dumps({"text": f"Paragraph {i}: {B1}"}) + "\n" for i in range(2000))
    code, seen = _on_a_terminal(clean_command(str(page(tmp_path, "many.jsonl", lines)), "-o", target))
    assert code == 0
    assert b"Paragraph 1999" in seen and b"records/s" not in seen and b"\x1b[K" not in seen


# --- also decided -----------------------------------------------------------------------------------------


def test_a_pipeline_is_immutable() -> None:
    pipe = Pipeline.default()
    with pytest.raises(AttributeError, match="immutable"):
        pipe.preset = "recall"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        pipe._filters = ()  # type: ignore[misc]
    assert pipe.preset == "balanced" and len(pipe) == len(DEFAULT)


def test_a_pickled_pipeline_with_rule_files_is_equal(tmp_path: Path) -> None:
    rule_file = tmp_path / "r.toml"
    rule_file.write_text(
        '[chrome]\nphrases = ["Weiterlesen im Abo"]\n'
        '[[filter]]\nname = "mysite"\nphrases = ["Listen to this story"]\npatterns = [\'^Ref\\. \\d+$\']\n'
        "[[filter]]\nname = \"cutter\"\ncut = ['\\[ad\\]']\n",
        encoding="utf-8",
    )
    pipe = rules.apply(Pipeline.default(), rule_file)
    assert "cutter" in pipe
    copy = pickle.loads(pickle.dumps(pipe))
    assert copy == pipe and hash(copy) == hash(pipe)
    assert copy.clean("Listen to this story\n\nThe vote [ad]passed.\n") == pipe.clean(
        "Listen to this story\n\nThe vote [ad]passed.\n"
    )


def test_sniffing_stdin_gives_back_every_byte() -> None:
    import io

    data = b"\n" * 70_000 + b'{"text": "x"}\n'  # blank beyond the sniffed bytes: read as text
    fmt, stream = _decoding.sniff_jsonl(io.BytesIO(data))
    assert (fmt, stream.read()) == ("text", data)


def test_an_interrupt_ends_the_process_even_if_the_clean_up_hangs() -> None:
    code = (
        "import os, signal, time\n"
        "from cleantext import atomic\n"
        "atomic.EXIT_GRACE = 0.5\n"
        "atomic.install_signal_handlers()\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(30)\n"
        "finally:\n"
        "    time.sleep(60)  # a clean-up that never ends (a pool thread, say)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20, check=False)
    assert proc.returncode == 143


def test_restoring_the_handlers_stops_the_exit_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    timers: list[Any] = []
    real = _atomic.exit_within

    def recorded(seconds: float, code: int) -> Any:
        timers.append(real(3600, code))  # never due within the test
        return timers[-1]

    monkeypatch.setattr(_atomic, "exit_within", recorded)
    previous = _atomic.install_signal_handlers()
    try:
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
    finally:
        _atomic.restore_signal_handlers(previous)
    assert len(timers) == 1 and timers[0].finished.is_set(), "cancelled: the caller decides how to exit"


# --- the battery (helper P): variations of the items above --------------------------------------------------


def test_the_explanations_on_a_full_device_are_an_error_not_a_traceback(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    source = page(tmp_path)
    proc = run_clean(str(source), "--explain-file", str(full))
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert f"cleantext: error: --explain-file {full}: cannot write: No space left on device" in err
    assert "Traceback" not in err
    assert proc.stdout.decode() == PAGE_CLEAN, "the cleaned text itself was still written"
    with full.open("wb") as fh:  # `cleantext clean page.txt --explain 2> /dev/full`: the explanations are lost
        proc = run_clean(str(source), "--explain", stdout=subprocess.PIPE, stderr=fh)
    assert proc.returncode == 1
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_directory_as_explain_file_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_clean(str(page(tmp_path)), "--explain-file", str(tmp_path))
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert f"--explain-file {tmp_path}: is a directory" in err and "Traceback" not in err


def test_the_stats_on_a_full_device_are_named(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    result = invoke(str(page(tmp_path)), "--stats-file", str(full))
    assert result.exit_code == 1
    assert f"cleantext: error: --stats-file {full}: cannot write: No space left on device" in result.stderr


@pytest.mark.parametrize("option", ["--explain-file", "--stats-file", "report"])
def test_side_outputs_refuse_a_planted_symlink_unless_asked(tmp_path: Path, option: str) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export SAFE=1\n", encoding="utf-8")
    link = tmp_path / "side.out"
    link.symlink_to(victim)
    source = str(page(tmp_path))
    args = ["report", source, "-o", str(link)] if option == "report" else ["clean", source, option, str(link)]
    result = invoke_cli(*args)
    assert result.exit_code in (1, 2)
    assert f"{link}: is a symbolic link" in result.stderr and "--follow-symlinks" in result.stderr
    assert victim.read_text("utf-8") == "export SAFE=1\n" and link.is_symlink()
    result = invoke_cli(*args, "--follow-symlinks")
    assert result.exit_code == 0, result.stderr
    assert victim.read_text("utf-8") != "export SAFE=1\n" and link.is_symlink(), "written through, the link kept"
    assert no_temp_files(tmp_path)


@pytest.mark.parametrize(
    "args",
    [["clean", "--explain-file", ""], ["clean", "--stats-file", ""], ["clean", "--rules", ""], ["report", "-o", ""]],
)
def test_an_empty_side_output_or_rule_file_name_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    command, *options = args
    result = invoke_cli(command, str(page(tmp_path)), *options)
    assert result.exit_code == 2
    assert f"{'-o/--output' if options[0] == '-o' else options[0]}: an empty file name" in result.stderr


def test_an_input_that_is_also_the_output_is_never_replaced(tmp_path: Path) -> None:
    source = page(tmp_path)
    other = page(tmp_path, "other.txt")
    result = invoke(str(other), str(source), "-o", str(source))
    assert result.exit_code == 2
    assert f"-o {source}: is also an input" in result.stderr and "--in-place" in result.stderr
    with source.open("rb") as fh:  # `cleantext clean -o page.txt < page.txt`
        proc = run_clean("-o", str(source), stdin=fh, capture_output=True)
    assert proc.returncode == 2
    result = invoke(str(source), str(other), "--output-dir", str(tmp_path))  # into the inputs' own folder
    assert result.exit_code == 1
    assert f"{source}: is also the output {source}" in result.stderr
    assert source.read_text("utf-8") == PAGE and other.read_text("utf-8") == PAGE, "the inputs as they were"


def test_stdout_appended_to_its_own_input_is_refused_not_an_endless_loop(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": i, "text": PAGE}) + "\n" for i in range(200))
    source = page(tmp_path, "pages.jsonl", lines)
    other = page(tmp_path)
    with source.open("ab") as fh:  # `cleantext clean page.txt pages.jsonl >> pages.jsonl`
        proc = run_clean(str(other), str(source), stdout=fh, stderr=subprocess.PIPE, timeout=20)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert f"cleantext: error: {source}: is also standard output" in err
    assert source.read_text("utf-8") == lines + PAGE_CLEAN, "the other input appended, nothing read back"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_read_little_endian(tmp_path: Path, codec: str) -> None:
    text = tmp_path / "page.txt"
    text.write_bytes(PAGE.encode(f"{codec}-le"))
    records = tmp_path / "pages.jsonl"
    records.write_bytes((json.dumps({"text": PAGE}) + "\n").encode(f"{codec}-le"))
    result = invoke("--encoding", codec, str(text), str(records))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PAGE_CLEAN + json.dumps({"text": PAGE_CLEAN}) + "\n"


@pytest.mark.parametrize("command", ["show", "report"])
def test_show_and_report_name_a_rule_timeout(tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "PATTERN_TIMEOUT", 0.01)
    rule_file = tmp_path / "slow.toml"
    rule_file.write_text("[[filter]]\nname = \"slow\"\ncut = ['(x+x+)+y']\n", encoding="utf-8")
    slow = page(tmp_path, "slow.txt", "x" * 5000 + "\n\n" + B1 + "\n")
    good = page(tmp_path)
    out = ["-o", str(tmp_path / "report.html")] if command == "report" else []
    result = invoke_cli(command, str(slow), str(good), "--rules", str(rule_file), *out)
    assert result.exit_code == 1
    assert f"cleantext: error: {slow}: {rule_file}: [[filter]] #1: cut[0]" in result.stderr
    assert "took over" in result.stderr
    shown = (tmp_path / "report.html").read_text("utf-8") if command == "report" else result.stdout
    assert B2 in shown, "the other document is still shown"


@pytest.mark.parametrize("args", [["show"], ["filters", "-v"], ["report", "-o", "-"]])
def test_a_reader_gone_away_ends_show_filters_and_report_quietly(tmp_path: Path, args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # `cleantext show page.txt | head -c 10` after head has gone
    command, *options = args
    inputs = [] if command == "filters" else [str(page(tmp_path, "long.txt", LONG))]
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cleantext", command, *inputs, *options],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_a_long_dotted_key_in_a_rule_file_is_a_usage_error(tmp_path: Path) -> None:
    rule_file = tmp_path / "deep.toml"
    rule_file.write_text("a" + ".a" * 100_000 + " = 1\n", encoding="utf-8")  # quadratic for the TOML parser
    proc = run_clean("--rules", str(rule_file), input=PAGE.encode(), timeout=20)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert (
        f"{rule_file}: rule file too deeply nested (a dotted key of over {rules.MAX_KEY_PARTS} parts at line 1)" in err
    )


def test_apply_refuses_nonsense_jobs_as_clean_does(tmp_path: Path) -> None:
    result = invoke_cli("apply", "--spans", "spans", "--jobs", "99999999999", input="")
    assert result.exit_code == 2
    assert "99999999999 is not in the range 0<=x<=4096" in result.stderr


@pytest.mark.parametrize("space", ["\x0c", "\u00a0", "\u3000"])
def test_stdin_is_jsonl_only_after_json_white_space(space: str) -> None:
    data = space + json.dumps({"text": PAGE}) + "\n"
    result = invoke(input=data.encode())
    assert result.exit_code == 0, result.stderr
    assert '"text"' in result.stdout, "read as text, cleaned as text: not a malformed JSONL line"


def test_a_descriptor_open_for_reading_only_as_output_is_named(tmp_path: Path) -> None:
    source = page(tmp_path)
    other = page(tmp_path, "other.txt")
    with other.open("rb") as fh:  # `cleantext clean page.txt -o /dev/stdin < other.txt`
        proc = run_clean(str(source), "-o", "/dev/stdin", stdin=fh, capture_output=True)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert (
        "cleantext: error: /dev/stdin: cannot write: Bad file descriptor; is that descriptor open for writing?" in err
    )
    assert source.read_text("utf-8") == PAGE


def test_a_refused_rename_names_the_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = page(tmp_path)

    def refused(src: str, dst: str) -> None:  # as renaming over another user's file in a sticky folder
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(_atomic.os, "replace", refused)
    result = invoke("--in-place", str(source))
    assert result.exit_code == 1
    assert (
        f"cleantext: error: {source}: cannot write: Operation not permitted; "
        "check the permissions of the file and of its folder"
    ) in result.stderr
    assert source.read_text("utf-8") == PAGE and no_temp_files(tmp_path)


def test_an_output_folder_that_cannot_be_made_says_what_to_do(tmp_path: Path) -> None:
    blocker = page(tmp_path, "blocker")
    result = invoke(str(page(tmp_path)), "--output-dir", str(blocker / "sub"))
    assert result.exit_code == 2
    assert f"--output-dir {blocker / 'sub'}: cannot create: Not a directory; check the path" in result.stderr


@pytest.mark.parametrize("private", ["\uf880", "\U0010ff80"])
def test_surrogateescape_bytes_survive_the_repair_also_in_text_with_private_use_characters(
    tmp_path: Path, private: str
) -> None:
    # The bytes stand in as private-use characters during cleaning: a text that already holds
    # one of the usual stand-ins (U+F880, or U+10FF80 of the planes' blocks) gets others, and
    # both come back as they were.
    held = private.encode("utf-8")
    raw = (
        b"Advertisement\n\nThe vote don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t " + held + b" passed \xff\xfe on Monday "
        b"after a long debate in the council chamber.\n"
    )
    source = tmp_path / "page.txt"
    source.write_bytes(raw)
    proc = run_clean(str(source), "--errors", "surrogateescape")
    assert proc.returncode == 0, proc.stderr
    assert b" " + held + b" passed \xff\xfe on Monday" in proc.stdout, proc.stdout
    assert b"don\xe2\x80\x99t" in proc.stdout, "the mojibake was repaired"


@pytest.mark.parametrize("option", [["--output-field", "clean"], ["--field", "meta.body"], ["--annotate", "spans"]])
def test_numbers_come_back_as_written_when_the_record_is_rebuilt(tmp_path: Path, option: list[str]) -> None:
    numbers = '"a": 1e5, "b": 1e400, "c": 0.1000000000000000055511151231257827, "d": -0, "e": NaN, "f": ' + "7" * 5000
    line = "{" + numbers + f', "text": {json.dumps(PAGE)}, "meta": {{"body": {json.dumps(PAGE)}}}}}'
    source = page(tmp_path, "in.jsonl", line + "\n")
    result = invoke(str(source), *option)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{" + numbers + ', "text": '), result.stdout[:200]


def test_show_takes_a_record_with_a_huge_integer(tmp_path: Path) -> None:
    source = page(tmp_path, "in.jsonl", '{"n": ' + "7" * 5000 + f', "text": {json.dumps(PAGE)}}}\n')
    result = invoke_cli("show", str(source))
    assert result.exit_code == 0, result.stderr
    assert B2 in result.stdout


def test_a_record_is_named_by_its_id_as_written(tmp_path: Path) -> None:
    source = page(tmp_path, "in.jsonl", '{"id": 1e5, "n": ' + "7" * 5000 + ', "text": 5}\n')
    result = invoke(str(source), "--id-field", "id")
    assert result.exit_code == 1
    assert f"cleantext: error: {source}:1 (id 1e5): field 'text' is a JSON number" in result.stderr


def test_a_descriptor_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    source = page(tmp_path, "pages.jsonl", json.dumps({"text": PAGE}) + "\n")
    before = source.read_bytes()
    with source.open("ab") as fh:  # `cleantext clean pages.jsonl -o /dev/fd/3 3>> pages.jsonl`
        fd = fh.fileno()
        proc = run_clean(str(source), "-o", f"/dev/fd/{fd}", pass_fds=(fd,), timeout=20)
    assert proc.returncode == 2, proc.stderr
    assert f"-o /dev/fd/{fd}: is also an input" in proc.stderr.decode()
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", "{in}", "--explain-file", "{in}"], "--explain-file {in}: is also an input"),
        (["clean", "{in}", "--stats-file", "{dir}/./page.txt"], "--stats-file {dir}/./page.txt: is also an input"),
        (["clean", "{in}", "--in-place", "--stats-file", "{in}"], "--stats-file {in}: is also an input"),
        (["report", "{in}", "-o", "{in}"], "-o {in}: is also an input"),
        (["clean", "{in}", "-o", "{dir}/out.txt", "--explain-file", "{dir}/out.txt"], "is also the -o output"),
        (["clean", "{in}", "--explain-file", "{dir}/x", "--stats-file", "{dir}/x"], "is also the --explain-file file"),
        (["clean", "{in}", "--output-dir", "{dir}/out", "--stats-file", "{dir}/out/page.txt"], "is also the output"),
    ],
)
def test_a_side_output_never_replaces_an_input_or_another_output(tmp_path: Path, args: list[str], message: str) -> None:
    source = page(tmp_path)
    fill = {"in": str(source), "dir": str(tmp_path)}
    result = invoke_cli(*(a.format(**fill) for a in args))
    assert result.exit_code == 2, result.stderr
    assert message.format(**fill) in result.stderr and "name another file" in result.stderr
    assert source.read_text("utf-8") == PAGE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"], "nothing written"


def test_byte_escapes_stand_in_as_characters_that_keep_the_text_two_bytes_a_character() -> None:
    # A text with escaped bytes is two bytes a character; a stand-in beyond U+FFFF would make
    # it four, doubling every copy the pipeline makes of it.
    text = "caf\udce9 and more text"
    hide, show = runner._stand_ins(text)
    assert all(0xE000 <= v <= 0xF8FF for v in hide.values())
    assert text.translate(hide).translate(show) == text
    taken = runner._stand_ins(text + "\uf880")
    assert taken is not None and 0xF880 not in taken[0].values() and max(taken[0].values()) <= 0xF8FF
