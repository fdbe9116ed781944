"""Start-up: importing cleantext and ``cleantext --help`` compile no pattern; they are built
on first use (:mod:`cleantext.lazy`). Time is measured by ``benchmarks/startup.py``, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from bench_scripts import load_script

from cleantext.lazy import lazy

ROOT = Path(__file__).resolve().parent.parent

# Counts the calls of re.compile and regex.compile made from cleantext's own modules.
HOOK = """
import json, re, sys, regex

calls = []

def counting(compile):
    def wrapper(*args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.split(".")[0] == "cleantext":
            calls.append(caller)
        return compile(*args, **kwargs)
    return wrapper

re.compile, regex.compile = counting(re.compile), counting(regex.compile)
import cleantext
from cleantext.cli import main
main(["--help"], prog_name="cleantext", standalone_mode=False)
at_start = list(calls)
cleantext.clean("Home | News\\n\\nThe council met on Monday and approved the budget.\\n")
print(json.dumps({"start": at_start, "after_clean": calls}))
"""


def test_import_and_help_compile_no_pattern_until_first_use() -> None:
    out = subprocess.run([sys.executable, "-c", HOOK], cwd=ROOT, capture_output=True, text=True, check=True)
    calls = json.loads(out.stdout.splitlines()[-1])
    assert calls["start"] == []
    assert "cleantext.lazy" in calls["after_clean"]  # the hook sees the patterns built on first use


def test_lazy_builds_once_on_first_use_and_keeps_what_it_read() -> None:
    built: list[str] = []

    def build(source: str) -> regex.Pattern[str]:
        built.append(source)
        return regex.compile(source)

    word = lazy(build)(r"\w+")
    assert built == []
    assert word.findall("two words") == ["two", "words"]
    assert word.pattern == r"\w+" and word.findall("three more words") == ["three", "more", "words"]
    assert built == [r"\w+"]
    assert "findall" in vars(word)  # later reads do not go through the lazy lookup again


def test_startup_script_reports_the_best_time_and_the_ratio_to_the_dependencies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    startup = load_script("startup")
    runs = iter([9.0] * 3 + [0.30, 0.50, 0.70, 0.20, 0.45, 0.60])  # one untimed run each, then two turns
    monkeypatch.setattr(startup, "wall_time", lambda command: next(runs))
    assert startup.main(["--runs", "2"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert rows == [
        ["import", "click,", "regex,", "ftfy", "0.200", "1.00"],
        ["import", "cleantext", "0.450", "2.25"],
        ["cleantext", "--help", "0.600", "3.00"],
    ]
