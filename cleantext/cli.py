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
from cleantext.output import Output, OutputError, descriptor_of, input_kind, open_output
from cleantext.parallel import MAX_JOBS, WorkerDied
from cleantext.pipeline import Pipeline
from cleantext.progress import Progress
from cleantext.runner import Options, Runner


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
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write all output to FILE instead of stdout: a regular file atomically, a device or FIFO directly.",
)
@click.option("--output-dir", metavar="DIR", help="Write each input's output to DIR/<input name>.")
@click.option("--in-place", is_flag=True, help="Rewrite each input file (atomically, keeping permissions).")
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Write through a symlink found at an -o/--output-dir path (refused by default).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "jsonl"]),
    default="auto",
    show_default=True,
    help="Input/output format; auto: JSONL for .jsonl/.ndjson files and for stdin starting with '{', text otherwise.",
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
    "-j",
    "--jobs",
    type=click.IntRange(min=0, max=MAX_JOBS),
    default=1,
    show_default=True,
    help="Worker processes (0: one per CPU); at most the number of CPUs, larger values are capped.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show records/s and MB/s on stderr (default: only when stderr is a terminal and stdout is not).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.pass_context
def clean(
    ctx: click.Context,
    files: tuple[str, ...],
    output: str | None,
    output_dir: str | None,
    in_place: bool,
    follow_symlinks: bool,
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
    still processed) or an output could not be written, 2 usage error,
    130 interrupted (SIGINT), 143 stopped (SIGTERM); an interrupt never
    leaves an output half-written.
    See docs/errors.md for every error message.
    """
    inputs = list(files) or ["-"]
    if output == "":
        raise click.UsageError("-o/--output: an empty file name; name a file, or give -o - for stdout")
    if output_dir == "":
        raise click.UsageError("--output-dir: an empty folder name; name a folder")
    if sum(x is not None and x is not False for x in (output, output_dir, in_place or None)) > 1:
        raise click.UsageError("choose one of -o/--output, --output-dir and --in-place")
    if (output_dir or in_place) and "-" in inputs:
        raise click.UsageError("--output-dir and --in-place need file inputs, not stdin")
    field_given = ctx.get_parameter_source("field") is not click.core.ParameterSource.DEFAULT
    if field_given and fmt == "text":
        raise click.UsageError("--field applies to JSONL input only; drop it, or pass --format jsonl")
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
        field_given=field_given,
    )  # type: ignore[arg-type]
    to_stdout = output_dir is None and not in_place and (output in (None, "-") or descriptor_of(output or "") == 1)
    meter = None
    if not quiet and (progress if progress is not None else _stderr_is_terminal()):
        if not (to_stdout and _stdout_is_terminal()):  # never into the middle of the output
            meter = Progress(sys.stderr)
    # Output is UTF-8. Surrogate escapes only exist when input bytes were kept as such
    # (--errors surrogateescape, or a JSONL line kept unchanged by --on-error keep): they
    # are written back as the original bytes.
    out_errors = "surrogateescape"
    previous = _io.install_signal_handlers()
    try:
        with Runner(pipe, opts, _say_clearing(meter), meter) as runner:
            try:
                if output_dir:
                    _to_dir(runner, inputs, Path(output_dir), out_errors, follow_symlinks)
                elif in_place:
                    _in_place(runner, inputs, out_errors)
                elif not to_stdout:
                    _to_file(runner, inputs, str(output), out_errors, follow_symlinks)
                else:
                    _to_stdout(runner, inputs, out_errors)
            except WorkerDied as exc:
                runner.fail(exc.source or "<workers>", str(exc))
            if meter is not None:
                meter.close()
            _report(runner)
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM turned into Interrupted
        signum = getattr(exc, "signum", signal.SIGINT)
        _say(
            f"cleantext: interrupted by {signal.Signals(signum).name}; "
            "no output file was left half-written (finished ones were kept)"
        )
        _io.exit_within(_io.EXIT_GRACE, 128 + signum)  # should the exit itself hang (a pool thread)
        sys.exit(128 + signum)
    finally:
        _io.restore_signal_handlers(previous)


def _stdout_is_terminal() -> bool:
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return sys.stdout.isatty()
    return False


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _shared(out: Output) -> Callable[[int, str], Any]:
    """The target of a run whose inputs all go to ``out``."""
    out.shared = True
    return lambda index, name: contextlib.nullcontext(out)


def _to_stdout(runner: Runner, inputs: list[str], out_errors: str) -> None:
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        runner.fail("<stdout>", "<stdout>: standard output is closed; write to a file with -o FILE")
        return
    try:
        sys.stdout.flush()
        stream = _io.text_writer(sys.stdout.fileno(), out_errors, closefd=False)
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):  # not a real descriptor (tests)
        buffer = getattr(sys.stdout, "buffer", None)
        stream = (
            io.TextIOWrapper(buffer, encoding="utf-8", errors=out_errors, newline="")
            if buffer is not None
            else sys.stdout
        )
    out = Output(stream, "<stdout>")
    try:
        runner.run(inputs, _shared(out))
        out.flush()  # a full disk or a size limit shows here at the latest: never exit 0 on a cut output
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a traceback.
        _quiet_stdout()
        sys.exit(EXIT_FAILED if runner.summary.failed else 0)
    except OutputError as exc:
        _quiet_stdout()
        runner.fail("<stdout>", str(exc))
    finally:
        if stream is not sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                stream.detach()  # leave sys.stdout (and its descriptor) open


def _to_file(runner: Runner, inputs: list[str], target: str, out_errors: str, follow: bool) -> None:
    """Clean ``inputs`` into ``target``: a regular file atomically, a device or FIFO directly.

    An input that fails leaves no partial output in a regular ``target``; when the only
    input fails, ``target`` is not touched at all.
    """
    try:
        with open_output(target, out_errors, follow_symlinks=follow) as out:
            runner.run(inputs, _shared(out))
            if runner.summary.failed and len(inputs) == 1:
                raise _Abort
    except _Abort:
        pass
    except BrokenPipeError:  # a FIFO whose reader went away
        sys.exit(EXIT_FAILED if runner.summary.failed else 0)
    except OutputError as exc:
        runner.fail(target, str(exc))


def _in_place(runner: Runner, inputs: list[str], out_errors: str) -> None:
    """Rewrite each regular input file atomically (through symlinks, as documented)."""
    files = []
    for name in inputs:
        kind = input_kind(name)
        if kind is not None:
            runner.fail(name, f"{name}: is {kind}; --in-place rewrites regular files only; use -o or --output-dir")
        else:
            files.append(name)
    runner.run(files, lambda index, name: open_output(name, out_errors, follow_symlinks=True))


def _to_dir(runner: Runner, inputs: list[str], folder: Path, out_errors: str, follow: bool) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"--output-dir {folder}: cannot create: {exc.strerror}") from None
    seen: dict[str, str] = {}
    names = []
    for name in inputs:
        base = Path(name).name
        if base in seen:
            runner.fail(name, f"{name}: same file name as {seen[base]}; both would write {folder / base}")
            continue
        seen[base] = name
        names.append(name)
    runner.run(names, lambda index, name: open_output(folder / Path(name).name, out_errors, follow_symlinks=follow))


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
