"""The Click test runner that the command-line tests share."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from click.testing import CliRunner, Result

from cleantext.cli import main


def cli_runner() -> CliRunner:
    """A runner whose result keeps stderr apart from stdout (click 8.2+ always does)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()


def invoke_cli(*args: str, input: bytes | str | None = None) -> Result:
    """Run ``cleantext ARGS`` in this process; an uncaught exception fails the test."""
    return cli_runner().invoke(main, list(args), input=input, catch_exceptions=False)


def clean_command(*args: str) -> list[str]:
    """The real ``cleantext clean ARGS`` command line, for a subprocess."""
    return [sys.executable, "-m", "cleantext", "clean", *args]


def run_clean(*args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """Run the real command in a subprocess; a hang fails the test after ``timeout`` seconds."""
    kwargs.setdefault("capture_output", "stdout" not in kwargs and "stderr" not in kwargs)
    return subprocess.run(clean_command(*args), timeout=timeout, check=False, **kwargs)
