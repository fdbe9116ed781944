"""The ``cleantext`` command: a thin click layer over :mod:`cleantext.runner`."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cleantext import __version__, rules
from cleantext import filters as _filters
from cleantext import io as _io
from cleantext.errors import EXIT_FAILED, CleantextError
from cleantext.pipeline import Pipeline
from cleantext.progress import Progress
from cleantext.runner import AtomicOutput, Options, Runner


def _stderr_is_terminal() -> bool:
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return sys.stderr.isatty()
    return False


def _say_clearing(meter: Progress | None) -> Callable[[str], None]:
    """``_say`` that first erases the progress line, if there is one."""
    if meter is None:
        return _say

    def say(message: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            meter.clear()
        _say(message)

    return say


def _say(message: str) -> None:
    """A line on stderr; a closed or broken stderr is not worth a crash."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleantext")
def main() -> None:
    """Turn scraped web text into clean article body text."""


def _pipeline_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options that choose and configure the pipeline."""
    for opt in reversed(
        [
            click.option(
                "--preset",
                type=click.Choice(_filters.PRESETS),
                default="balanced",
                show_default=True,
                help="Precision/recall trade-off.",
            ),
            click.option("--disable", multiple=True, metavar="NAME", help="Leave out a filter (repeatable)."),
            click.option("--only", multiple=True, metavar="NAME", help="Run only these filters (repeatable)."),
            click.option(
                "--rules",
                "rule_files",
                multiple=True,
                metavar="FILE",
                help="TOML rule file: extra phrases/patterns, new filters, enable/disable (repeatable).",
            ),
        ]
    ):
        f = opt(f)
    return f


def build_pipeline(
    preset: str, disable: tuple[str, ...], only: tuple[str, ...], rule_files: tuple[str, ...]
) -> Pipeline:
    """The pipeline the options describe; usage errors as :class:`click.UsageError`."""
    pipe = Pipeline.default(preset)  # type: ignore[arg-type]
    try:
        for path in rule_files:
            pipe = rules.apply(pipe, path)
        known = set(pipe.names)
        for name in disable + only:
            if name not in known:
                raise click.UsageError(
                    f"no filter named {name!r}; see `cleantext filters` (have: {', '.join(pipe.names)})"
                )
        if only:
            pipe = pipe.only(*only)
        if disable:
            pipe = pipe.without(*disable)
    except CleantextError as exc:
        raise click.UsageError(str(exc)) from None
    return pipe


@main.command()
@click.argument("files", nargs=-1, metavar="[FILES]...")
@click.option("-o", "--output", metavar="FILE", help="Write all output to FILE (atomically) instead of stdout.")
@click.option("--output-dir", metavar="DIR", help="Write each input's output to DIR/<input name>.")
@click.option("--in-place", is_flag=True, help="Rewrite each input file (atomically, keeping permissions).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "jsonl"]),
    default="auto",
    show_default=True,
    help="Input/output format; auto: JSONL for .jsonl/.ndjson files, text otherwise.",
)
@click.option("--field", default="text", show_default=True, help="JSONL field holding the text.")
@_pipeline_options
@click.option("--explain", is_flag=True, help="Report each removal with its rule and reason on stderr.")
@click.option(
    "--explain-format",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help="Format of --explain output.",
)
@click.option("--encoding", default="utf-8", show_default=True, help="Input encoding (a BOM overrides it).")
@click.option(
    "--errors",
    type=click.Choice(["strict", "replace", "surrogateescape"]),
    default="replace",
    show_default=True,
    help="What to do with undecodable bytes.",
)
@click.option(
    "--on-error",
    type=click.Choice(["fail", "skip", "keep"]),
    default="fail",
    show_default=True,
    help="Bad JSONL record: fail the input, skip the record, or keep it unchanged.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, help="Worker processes (0: one per core)."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show records/s and MB/s on stderr (default: only when stderr is a terminal).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def clean(
    files: tuple[str, ...],
    output: str | None,
    output_dir: str | None,
    in_place: bool,
    fmt: str,
    field: str,
    preset: str,
    disable: tuple[str, ...],
    only: tuple[str, ...],
    rule_files: tuple[str, ...],
    explain: bool,
    explain_format: str,
    encoding: str,
    errors: str,
    on_error: str,
    jobs: int,
    progress: bool | None,
    quiet: bool,
) -> None:
    """Clean FILES (or stdin, also as `-`) and write the article bodies to stdout.

    \b
    Exit codes: 0 all inputs cleaned, 1 some input failed (the others were
    still processed), 2 usage error, 130 interrupted (SIGINT), 143 stopped
    (SIGTERM); an interrupt never leaves an output half-written.
    See docs/errors.md for every error message.
    """
    inputs = list(files) or ["-"]
    if sum(bool(x) for x in (output, output_dir, in_place)) > 1:
        raise click.UsageError("choose one of -o/--output, --output-dir and --in-place")
    if (output_dir or in_place) and "-" in inputs:
        raise click.UsageError("--output-dir and --in-place need file inputs, not stdin")
    try:
        _io.check_encoding(encoding, "--encoding")
    except CleantextError as exc:
        raise click.UsageError(str(exc)) from None
    pipe = build_pipeline(preset, disable, only, rule_files)
    opts = Options(
        fmt=fmt,
        field=field,
        encoding=encoding,
        errors=errors,  # type: ignore[arg-type]
        on_error=on_error,
        explain=explain_format if explain else None,
        jobs=jobs,
    )  # type: ignore[arg-type]
    meter = None
    if not quiet and (progress if progress is not None else _stderr_is_terminal()):
        meter = Progress(sys.stderr)
    runner = Runner(pipe, opts, _say_clearing(meter), meter)
    # Output is UTF-8. Surrogate escapes only exist when input bytes were kept as such
    # (--errors surrogateescape, or a JSONL line kept unchanged by --on-error keep): they
    # are written back as the original bytes.
    out_errors = "surrogateescape"
    previous = _io.install_signal_handlers()
    try:
        if output_dir:
            _to_dir(runner, inputs, Path(output_dir), out_errors)
        elif in_place:
            for name in inputs:
                _to_file(runner, [name], Path(name), out_errors)
        elif output and output != "-":
            _to_file(runner, inputs, Path(output), out_errors)
        else:
            _to_stdout(runner, inputs, out_errors)
        if meter is not None:
            meter.close()
        _report(runner)
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM turned into Interrupted
        signum = getattr(exc, "signum", signal.SIGINT)
        _say(
            f"cleantext: interrupted by {signal.Signals(signum).name}; "
            "no output file was left half-written (finished ones were kept)"
        )
        sys.exit(128 + signum)
    finally:
        _io.restore_signal_handlers(previous)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _to_stdout(runner: Runner, inputs: list[str], out_errors: str) -> None:
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        runner.fail("<stdout>", "<stdout>: standard output is closed; write to a file with -o FILE")
        return
    buffer = getattr(sys.stdout, "buffer", None)
    out = (
        io.TextIOWrapper(buffer, encoding="utf-8", errors=out_errors, newline="") if buffer is not None else sys.stdout
    )
    try:
        for name in inputs:
            runner.process(name, out)
            out.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a traceback.
        _quiet_stdout()
        sys.exit(EXIT_FAILED if runner.summary.failed else 0)
    finally:
        if out is not sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                out.detach()  # leave sys.stdout's buffer open


def _to_file(runner: Runner, inputs: list[str], target: Path, out_errors: str) -> None:
    """Clean ``inputs`` into ``target`` atomically.

    An input that fails leaves no partial output in ``target``; when the only input
    fails, ``target`` is not touched at all.
    """
    try:
        with AtomicOutput(target, out_errors) as out:
            ok = True
            for name in inputs:
                ok = runner.process(name, out, rollback=True) and ok
            if not ok and len(inputs) == 1:
                raise _Abort
    except _Abort:
        pass
    except OSError as exc:
        runner.fail(
            str(target),
            f"{target}: cannot write: {exc.strerror or exc}; check the folder exists, is writable and has space",
        )


def _to_dir(runner: Runner, inputs: list[str], folder: Path, out_errors: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"--output-dir {folder}: cannot create: {exc.strerror}") from None
    seen: dict[str, str] = {}
    for name in inputs:
        base = Path(name).name
        if base in seen:
            runner.fail(name, f"{name}: same file name as {seen[base]}; both would write {folder / base}")
            continue
        seen[base] = name
        _to_file(runner, [name], folder / base, out_errors)


class _Abort(Exception):
    """The single input of an output file failed: leave the target untouched."""


def _report(runner: Runner) -> None:
    summary = runner.summary
    if summary.eventful:
        _say(f"cleantext: summary: {summary.line()}")
    if summary.failed:
        _say(f"cleantext: {len(summary.failed)} input(s) failed: {', '.join(summary.failed)}")
        sys.exit(EXIT_FAILED)


@main.command("filters")
@_pipeline_options
@click.option("-v", "--verbose", is_flag=True, help="Also show each filter's settings for the preset.")
def list_filters(
    preset: str, disable: tuple[str, ...], only: tuple[str, ...], rule_files: tuple[str, ...], verbose: bool
) -> None:
    """List the filters, one line each: * = in the pipeline `clean` would run with these
    options (default pipeline, or as changed by --rules/--disable/--only)."""
    pipe = build_pipeline(preset, disable, only, rule_files)
    listed = {name: description for name, description in _filters.describe()}
    for f in pipe:
        listed.setdefault(f.name, f.description)
    for name, description in listed.items():
        mark = "*" if name in pipe else " "
        click.echo(f"{mark} {name:<14} {description}")
        if verbose and name in pipe:
            config = getattr(pipe[name], "config", None)
            if dataclasses.is_dataclass(config):
                settings = ", ".join(f"{k}={v}" for k, v in dataclasses.asdict(config).items())
                click.echo(f"  {'':<14} {settings}")
