"""The Click test runner that the command-line tests share."""

from __future__ import annotations

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
