"""The ``cleantext`` command: a thin click layer over :mod:`cleantext.runner`."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from cleantext import __version__, rules
from cleantext import atomic as _atomic
from cleantext import compression as _compression
from cleantext import decoding as _decoding
from cleantext import filters as _filters
from cleantext import inputs as _inputs
from cleantext import report as _report_mod
from cleantext import sources as _sources
from cleantext import stats as _stats
from cleantext.errors import EXIT_FAILED, CleantextError
from cleantext.output import OutputError, SideOutput, descriptor_of, file_identity, same_place
from cleantext.parallel import MAX_JOBS, WorkerDied
from cleantext.pipeline import Pipeline
from cleantext.progress import Progress
from cleantext.runner import Options, ReaderGone, Runner, format_of, inputs_identity, quiet_stdout, run_document


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


def _complete_filters(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of filter names, also after a comma (``--disable ads,ch<TAB>``)."""
    done, comma, last = incomplete.rpartition(",")
    prefix = done + comma
    taken = set(done.split(",")) if done else set()
    return [CompletionItem(prefix + n) for n in _filters.names() if n.startswith(last) and n not in taken]


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    """``("ads,chrome", "edges")`` → ``("ads", "chrome", "edges")``: comma lists, spaces ignored."""
    return tuple(n.strip() for v in values for n in v.split(",") if n.strip())


_jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0, max=MAX_JOBS),
    default=1,
    show_default=True,
    help="Worker processes (0: one per CPU); at most the number of CPUs, larger values are capped.",
)
"""``--jobs``, shared by ``clean`` and ``apply``."""


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
            click.option(
                "--disable",
                multiple=True,
                metavar="NAME[,NAME...]",
                shell_complete=_complete_filters,
                help="Leave out filters (comma list, repeatable).",
            ),
            click.option(
                "--only",
                multiple=True,
                metavar="NAME[,NAME...]",
                shell_complete=_complete_filters,
                help="Run only these filters (comma list, repeatable).",
            ),
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
    disable, only = _names(disable), _names(only)
    if "" in rule_files:
        raise click.UsageError("--rules: an empty file name; name a rule file")
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
    if not len(pipe):
        _say("cleantext: warning: the pipeline is empty (--only/--disable left no filter): nothing is removed")
    return pipe


@main.command()
@click.argument("files", nargs=-1, metavar="[FILES]...")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write all output to FILE instead of stdout: a regular file atomically (.gz/.bz2/.xz/.zst "
    "compressed), a device or FIFO directly.",
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
    help="Input/output format; auto: JSONL for .jsonl/.ndjson files (also .jsonl.gz...) and for stdin "
    "starting with '{', text otherwise.",
)
@click.option("--field", default="text", show_default=True, help="JSONL field holding the text (dotted: meta.body).")
@click.option("--output-field", metavar="FIELD", help="JSONL: write the clean text to FIELD and keep --field as it is.")
@click.option("--id-field", metavar="FIELD", help="JSONL: name records by FIELD in errors and explanations.")
@click.option(
    "--annotate",
    metavar="FIELD",
    help="JSONL: keep the text; write the removals to FIELD as [start, end, filter, rule] spans.",
)
@click.option("-r", "--recursive", is_flag=True, help="Clean the files in directory inputs, and in their subfolders.")
@click.option(
    "--glob",
    "pattern",
    metavar="PATTERN",
    help="With --recursive: only files whose name matches PATTERN (e.g. '*.txt'; default: all but hidden).",
)
@_pipeline_options
@click.option("--explain", is_flag=True, help="Report each removal with its rule and reason on stderr.")
@click.option(
    "--explain-format",
    type=click.Choice(["text", "jsonl"]),
    default=None,
    help="Format of --explain output (text; jsonl for --explain-file); implies --explain.",
)
@click.option(
    "--explain-file", metavar="FILE", help="Write the removals to FILE (JSONL, one a line) instead of stderr."
)
@click.option("--diff", is_flag=True, help="Show each input with its removals marked, as `cleantext show` does.")
@click.option("--stats", is_flag=True, help="Print a one-line run summary at the end (default on a terminal).")
@click.option("--stats-file", metavar="FILE", help="Write the run summary, with per-filter counts, to FILE as JSON.")
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
@_jobs_option
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
    output_field: str | None,
    id_field: str | None,
    annotate: str | None,
    recursive: bool,
    pattern: str | None,
    preset: str,
    disable: tuple[str, ...],
    only: tuple[str, ...],
    rule_files: tuple[str, ...],
    explain: bool,
    explain_format: str | None,
    explain_file: str | None,
    diff: bool,
    stats: bool,
    stats_file: str | None,
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
    _check_output_names(output, output_dir)
    for option, value in (("--explain-file", explain_file), ("--stats-file", stats_file)):
        if value == "":
            raise click.UsageError(f"{option}: an empty file name; name a file")
    if sum(x is not None and x is not False for x in (output, output_dir, in_place or None)) > 1:
        raise click.UsageError("choose one of -o/--output, --output-dir and --in-place")
    if (output_dir or in_place) and "-" in inputs:
        raise click.UsageError("--output-dir and --in-place need file inputs, not stdin")
    if diff and (output or output_dir or in_place or annotate or explain_file or stats_file):
        raise click.UsageError(
            "--diff shows the removals on stdout: it takes no -o, --output-dir, --in-place, --annotate, "
            "--explain-file or --stats-file"
        )
    if pattern and not recursive:
        raise click.UsageError("--glob selects files in directory inputs: add --recursive")
    if annotate and output_field:
        raise click.UsageError("--annotate keeps the text as it is: it cannot be combined with --output-field")
    field_given = ctx.get_parameter_source("field") is not click.core.ParameterSource.DEFAULT
    if field_given and fmt == "text":
        raise click.UsageError("--field applies to JSONL input only; drop it, or pass --format jsonl")
    try:
        _decoding.check_encoding(encoding, "--encoding")
        for target in (output, explain_file, stats_file):
            if target and target != "-":
                _compression.require(target)
    except CleantextError as exc:
        raise click.UsageError(str(exc)) from None
    named = _inputs.expand(inputs, recursive=recursive, pattern=pattern)
    if recursive and not named:
        raise click.UsageError(
            f"no files to clean in {', '.join(inputs)}" + (f" matching {pattern!r}" if pattern else "")
        )
    inputs = [path for path, _ in named]
    _check_side_outputs(inputs, named, output, output_dir, in_place, explain_file, stats_file, follow_symlinks)
    if annotate and any(format_of(n, fmt) != "jsonl" for n in inputs):
        raise click.UsageError("--annotate writes spans into JSONL records: give JSONL input (or --format jsonl)")
    pipe = build_pipeline(preset, disable, only, rule_files)
    if diff:
        _show(pipe, inputs, fmt, field, id_field, encoding, errors, limit=None)
        return
    explain = explain or explain_format is not None or explain_file is not None
    opts = Options(
        fmt=fmt,
        field=field,
        encoding=encoding,
        errors=errors,  # type: ignore[arg-type]
        on_error=on_error,
        explain=(explain_format or ("jsonl" if explain_file else "text")) if explain else None,
        jobs=jobs,
        output_field=output_field,
        id_field=id_field,
        annotate=annotate,
        stats=stats_file is not None,
        field_given=field_given,
    )  # type: ignore[arg-type]
    _warn_waiting_on_terminal(inputs)
    _run(
        opts,
        pipe,
        inputs,
        named,
        output,
        output_dir,
        in_place,
        progress,
        quiet,
        explain_file,
        stats,
        stats_file,
        follow_symlinks,
    )


def _check_output_names(output: str | None, output_dir: str | None) -> None:
    """``-o ''`` and ``--output-dir ''`` are usage errors (they would name the current folder)."""
    if output == "":
        raise click.UsageError("-o/--output: an empty file name; name a file, or give -o - for stdout")
    if output_dir == "":
        raise click.UsageError("--output-dir: an empty folder name; name a folder")


def _check_side_outputs(
    inputs: list[str],
    named: list[tuple[str, str]],
    output: str | None,
    output_dir: str | None,
    in_place: bool,
    explain_file: str | None,
    stats_file: str | None,
    follow_symlinks: bool,
) -> None:
    """``--explain-file`` and ``--stats-file`` must not replace an input, the output, or each other."""
    sides = [(o, p) for o, p in (("--explain-file", explain_file), ("--stats-file", stats_file)) if p and p != "-"]
    if not sides:
        return
    ids = inputs_identity(inputs)
    if output_dir:
        written = [("the output", str(Path(output_dir) / rel)) for _, rel in named]
    elif output and output != "-" and descriptor_of(output) is None:
        written = [("the -o output", output)]
    else:
        written = []
    for i, (option, path) in enumerate(sides):
        if not follow_symlinks and os.path.islink(path):
            continue  # refused when opened
        problem = None
        if file_identity(path) in ids - {None} or (in_place and any(same_place(path, n) for n in inputs)):
            problem = "is also an input; cleantext would replace its input"
        else:
            for what, other in written + [(f"the {o} file", p) for o, p in sides[:i]]:
                if same_place(path, other):
                    problem = f"is also {what} ({other}); one would replace the other"
                    break
        if problem is not None:
            raise click.UsageError(f"{option} {path}: {problem}; name another file")


def _warn_waiting_on_terminal(inputs: list[str]) -> None:
    """A one-line hint when cleantext is about to wait for text typed at a terminal."""
    if "-" not in inputs or sys.stdin is None:
        return
    with contextlib.suppress(AttributeError, ValueError, OSError):
        if sys.stdin.isatty():
            _say("cleantext: reading text from the terminal; end it with Ctrl-D (or name files: cleantext clean FILE)")


def _run(
    opts: Options,
    pipe: Pipeline,
    inputs: list[str],
    named: list[tuple[str, str]],
    output: str | None,
    output_dir: str | None,
    in_place: bool,
    progress: bool | None,
    quiet: bool,
    explain_file: str | None,
    stats: bool,
    stats_file: str | None,
    follow_symlinks: bool = False,
) -> None:
    """Run ``opts`` over ``inputs`` into the chosen output: the body of ``clean`` and ``apply``."""
    to_stdout = output_dir is None and not in_place and (output in (None, "-") or descriptor_of(output or "") == 1)
    meter = None
    if not quiet and (progress if progress is not None else _stderr_is_terminal()):
        if not _output_is_terminal(output, to_stdout):  # never into the middle of the output
            meter = Progress(sys.stderr, total=_inputs.total_size(inputs))
    clock = _stats.Clock()
    # Output is UTF-8. Surrogate escapes only exist when input bytes were kept as such
    # (--errors surrogateescape, or a JSONL line kept unchanged by --on-error keep): they
    # are written back as the original bytes.
    out_errors = "surrogateescape"
    if output and not to_stdout:
        fd = descriptor_of(output)  # `-o /dev/fd/3 3>> pages.jsonl` is that file
        if fd is not None:
            target = file_identity(fd)
        else:
            target = file_identity(output) if follow_symlinks or not os.path.islink(output) else None
        if target is not None and target in inputs_identity(inputs):
            raise click.UsageError(
                f"-o {output}: is also an input; cleantext would replace its input: use --in-place to rewrite it, "
                "or name another output"
            )
    previous = _atomic.install_signal_handlers()
    try:
        with Runner(pipe, opts, _say_clearing(meter), meter) as runner, contextlib.ExitStack() as stack:
            explain_side = None
            stderr_failures: list[str] = []
            if explain_file and explain_file != "-":
                explain_side = _explain_sink(stack, explain_file, follow_symlinks)
                runner.explain_say = _lines_to(explain_side)
            elif opts.explain:
                runner.explain_say = _explain_to_stderr(meter, stderr_failures)
            try:
                if output_dir:
                    folder = Path(output_dir)
                    try:
                        folder.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise click.UsageError(
                            f"--output-dir {folder}: cannot create: {exc.strerror}; check the path and its permissions"
                        ) from None
                    runner.to_dir(inputs, folder, out_errors, follow_symlinks=follow_symlinks, relative=dict(named))
                elif in_place:
                    runner.in_place(inputs, out_errors)
                elif not to_stdout:
                    runner.to_file(inputs, str(output), out_errors, follow_symlinks=follow_symlinks)
                else:
                    runner.to_stdout(inputs, out_errors)
            except WorkerDied as exc:
                runner.fail(exc.source or "<workers>", str(exc))
            except ReaderGone:  # `| head`, or a FIFO whose reader went away: stop quietly
                sys.exit(EXIT_FAILED if runner.summary.failed else 0)
            if explain_side is not None and explain_side.close() is not None:
                runner.fail(str(explain_file), f"--explain-file {explain_side.error}")
            if stderr_failures:
                runner.fail("<stderr>", f"<stderr>: cannot write the explanations: {stderr_failures[0]}")
        if meter is not None:
            meter.close()
        seconds = clock.seconds()
        if stats or (not quiet and _stderr_is_terminal()):
            _say(f"cleantext: {_stats.line(runner.summary, seconds)}")
        if stats_file:
            _write_stats(runner, stats_file, _stats.as_dict(runner.summary, seconds), follow_symlinks)
        _report(runner)
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM turned into Interrupted
        signum = getattr(exc, "signum", signal.SIGINT)
        _say(
            f"cleantext: interrupted by {signal.Signals(signum).name}; "
            "no output file was left half-written (finished ones were kept)"
        )
        _atomic.exit_within(_atomic.EXIT_GRACE, 128 + signum)  # should the exit itself hang (a pool thread)
        sys.exit(128 + signum)
    finally:
        _atomic.restore_signal_handlers(previous)


def _output_is_terminal(output: str | None, to_stdout: bool) -> bool:
    """Whether the output goes to a terminal, where a progress line would land in the middle of it:
    stdout on one, ``-o /dev/fd/N`` or ``/dev/stderr`` on one, or ``-o`` naming stderr's terminal or ``/dev/tty``."""
    if to_stdout:
        return _stdout_is_terminal()
    if not output:  # --output-dir, --in-place: files
        return False
    fd = descriptor_of(output)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if fd is not None:
            return os.isatty(fd)
        st = os.stat(output)
        if not stat.S_ISCHR(st.st_mode):
            return False
        terminals = {os.fstat(sys.stderr.fileno()).st_rdev}
        with contextlib.suppress(OSError):
            terminals.add(os.stat("/dev/tty").st_rdev)
        return st.st_rdev in terminals
    return False


def _stdout_is_terminal() -> bool:
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return sys.stdout.isatty()
    return False


def _side_output(path: str, errors: str = "strict", *, follow_symlinks: bool = False) -> SideOutput:
    """A side output (explanations, the stats, a report), opened as ``-o`` would be: a regular
    (or new) file atomically, a device or FIFO directly, a symlink only with ``follow_symlinks``."""
    return SideOutput(path, errors, follow_symlinks=follow_symlinks)


def _explain_sink(stack: contextlib.ExitStack, path: str, follow_symlinks: bool) -> SideOutput:
    """The ``--explain-file`` output (a regular file appears when the run ends); usage error if it cannot be opened."""
    try:
        side = _side_output(path, "surrogateescape", follow_symlinks=follow_symlinks)
    except OutputError as exc:
        raise click.UsageError(f"--explain-file {exc}") from None
    stack.push(lambda kind, exc, tb: side.close(exc) and None)  # discarded if the run stops
    return side


def _lines_to(side: SideOutput) -> Callable[[str], None]:
    def write(line: str) -> None:
        side.write(line + "\n")

    return write


def _explain_to_stderr(meter: Progress | None, failures: list[str]) -> Callable[[str], None]:
    """Explanations on stderr: unlike messages, their loss (a full disk) is an error (noted in ``failures``)."""

    def say(line: str) -> None:
        try:
            if meter is not None:
                meter.clear()
            click.echo(line, err=True)
        except BrokenPipeError:  # the reader went away: quiet, as on stdout
            pass
        except (OSError, ValueError) as exc:
            if not failures:
                failures.append(getattr(exc, "strerror", None) or str(exc))

    return say


def _write_stats(runner: Runner, path: str, data: dict[str, Any], follow_symlinks: bool = False) -> None:
    import json

    try:
        side = _side_output(path, follow_symlinks=follow_symlinks)
    except OutputError as exc:
        runner.fail(path, f"--stats-file {exc}")
        return
    side.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    error = side.close()
    if error is not None:
        runner.fail(path, f"--stats-file {error}")


def _report(runner: Runner) -> None:
    summary = runner.summary
    if summary.eventful:
        _say(f"cleantext: summary: {summary.line()}")
    if summary.failed:
        _say(f"cleantext: {len(summary.failed)} input(s) failed: {', '.join(summary.failed)}")
        sys.exit(EXIT_FAILED)


def _reading_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that look at documents (``report``, ``show``)."""
    for opt in reversed(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["auto", "text", "jsonl"]),
                default="auto",
                show_default=True,
                help="Input format; auto: JSONL for .jsonl/.ndjson files (also compressed), text otherwise.",
            ),
            click.option("--field", default="text", show_default=True, help="JSONL field holding the text (dotted)."),
            click.option("--id-field", metavar="FIELD", help="JSONL: name records by FIELD."),
            click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Show the first N documents only."),
            click.option("--encoding", default="utf-8", show_default=True, help="Input encoding."),
            click.option(
                "--errors",
                type=click.Choice(["strict", "replace", "surrogateescape"]),
                default="replace",
                show_default=True,
                help="What to do with undecodable bytes.",
            ),
        ]
    ):
        f = opt(f)
    return f


def _documents(
    inputs: list[str], fmt: str, field: str, id_field: str | None, encoding: str, errors: str, limit: int | None
) -> tuple[list[tuple[str, str]], list[str]]:
    """The documents of ``inputs`` and the inputs that failed (each named on stderr)."""
    try:
        _decoding.check_encoding(encoding, "--encoding")
    except CleantextError as exc:
        raise click.UsageError(str(exc)) from None
    failed: list[str] = []

    def fail(label: str, message: str) -> None:
        _say(f"cleantext: error: {message}")
        if label not in failed:
            failed.append(label)

    opts = Options(fmt=fmt, field=field, encoding=encoding, errors=errors, id_field=id_field)  # type: ignore[arg-type]
    found = list(_sources.documents(inputs, opts, say=_say, fail=fail, limit=limit))
    return found, failed


def _results(pipe: Pipeline, docs: list[tuple[str, str]], failed: list[str]) -> Iterator[tuple[str, Any]]:
    """``(name, pipe.run(text))`` for each document; one whose rule times out (or that hits a
    bug in a filter) is named on stderr and added to ``failed``, and the others still run."""
    for name, text in docs:
        result, error = run_document(pipe, name, text)
        if result is None:
            _say(f"cleantext: error: {error}")
            if name not in failed:
                failed.append(name)
            continue
        yield name, result


def _echo(text: str, **kwargs: Any) -> None:
    """``click.echo`` onto stdout; a reader that went away (``| head``) ends the command quietly, exit 0."""
    try:
        click.echo(text, **kwargs)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(0)


def _show(
    pipe: Pipeline,
    inputs: list[str],
    fmt: str,
    field: str,
    id_field: str | None,
    encoding: str,
    errors: str,
    limit: int | None,
    color: bool | None = None,
) -> None:
    _warn_waiting_on_terminal(inputs)
    docs, failed = _documents(inputs, fmt, field, id_field, encoding, errors, limit)
    if color is None:  # https://no-color.org: any NO_COLOR value turns colours off
        color = not os.environ.get("NO_COLOR") and _stdout_is_terminal()
    for i, (name, result) in enumerate(_results(pipe, docs, failed)):
        kept = f"{len(result.text):,} of {len(result.source):,} characters kept"
        header = f"== {name}: {len(result.removed)} removal(s), {kept}"
        _echo(("\n" if i else "") + (click.style(header, bold=True) if color else header), color=color)
        _echo(_report_mod.terminal_view(result, color=color), nl=False, color=color)
    if failed:
        _say(f"cleantext: {len(failed)} input(s) failed: {', '.join(failed)}")
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("files", nargs=-1, metavar="[FILES]...")
@_pipeline_options
@_reading_options
@click.option("--color/--no-color", default=None, help="Colours (default: on a terminal, unless NO_COLOR is set).")
def show(
    files: tuple[str, ...],
    preset: str,
    disable: tuple[str, ...],
    only: tuple[str, ...],
    rule_files: tuple[str, ...],
    fmt: str,
    field: str,
    id_field: str | None,
    limit: int | None,
    encoding: str,
    errors: str,
    color: bool | None,
) -> None:
    """Show FILES (or stdin) in the terminal with the removed lines marked.

    \b
    Kept lines are indented; removed lines read `- [filter] text`, inline cuts
    `[-text-](filter)`. Colours on a terminal, unless NO_COLOR is set.
    Same as `cleantext clean --diff`.
    """
    pipe = build_pipeline(preset, disable, only, rule_files)
    _show(pipe, list(files) or ["-"], fmt, field, id_field, encoding, errors, limit, color)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILES...")
@click.option("-o", "--output", metavar="FILE", default="report.html", show_default=True, help="The HTML file.")
@click.option(
    "--follow-symlinks", is_flag=True, help="Write through a symlink found at the -o path (refused by default)."
)
@_pipeline_options
@_reading_options
def report(
    files: tuple[str, ...],
    output: str,
    preset: str,
    disable: tuple[str, ...],
    only: tuple[str, ...],
    rule_files: tuple[str, ...],
    fmt: str,
    field: str,
    id_field: str | None,
    limit: int | None,
    encoding: str,
    errors: str,
    follow_symlinks: bool,
) -> None:
    """Write an HTML report of what cleaning FILES removes (`-` is stdin).

    \b
    One self-contained page: each document with removed lines struck through
    and coloured by filter (rule and reason on hover), and a table of lines
    and characters removed per filter. Use --limit N for big JSONL files.
    """
    if output == "":
        raise click.UsageError("-o/--output: an empty file name; name a file, or give -o - for stdout")
    if output != "-" and any(same_place(output, name) for name in files if name != "-"):
        raise click.UsageError(f"-o {output}: is also an input; cleantext would replace its input; name another file")
    pipe = build_pipeline(preset, disable, only, rule_files)
    docs, failed = _documents(list(files), fmt, field, id_field, encoding, errors, limit)
    shown = [_report_mod.ReportDoc(name, result) for name, result in _results(pipe, docs, failed)]
    page = _report_mod.html_report(shown, note=f"Pipeline: {', '.join(pipe.names)} (preset {pipe.preset}).")
    if output == "-":
        _echo(page, nl=False)
    else:
        try:
            side = _side_output(output, follow_symlinks=follow_symlinks)
        except OutputError as exc:
            _say(f"cleantext: error: {exc}")
            sys.exit(EXIT_FAILED)
        side.write(page)
        if side.close() is not None:
            _say(f"cleantext: error: {side.error}")
            sys.exit(EXIT_FAILED)
    if output != "-":
        _say(f"cleantext: wrote {output} ({len(shown)} document(s))")
    if failed:
        _say(f"cleantext: {len(failed)} input(s) failed: {', '.join(failed)}")
        sys.exit(EXIT_FAILED)


@main.command("apply")
@click.argument("files", nargs=-1, metavar="[FILES]...")
@click.option("-o", "--output", metavar="FILE", help="Write all output to FILE (atomically) instead of stdout.")
@click.option("--output-dir", metavar="DIR", help="Write each input's output to DIR/<input name>.")
@click.option("--field", default="text", show_default=True, help="JSONL field holding the text (dotted).")
@click.option("--spans", "spans_field", required=True, metavar="FIELD", help="The field `clean --annotate` wrote.")
@click.option("--output-field", metavar="FIELD", help="Write the result to FIELD and keep --field as it is.")
@click.option("--id-field", metavar="FIELD", help="Name records by FIELD in errors.")
@_pipeline_options
@click.option(
    "--on-error",
    type=click.Choice(["fail", "skip", "keep"]),
    default="fail",
    show_default=True,
    help="Bad record: fail the input, skip the record, or keep it unchanged.",
)
@_jobs_option
@click.option("-q", "--quiet", is_flag=True, help="No progress display or summary.")
def apply_spans(
    files: tuple[str, ...],
    output: str | None,
    output_dir: str | None,
    field: str,
    spans_field: str,
    output_field: str | None,
    id_field: str | None,
    preset: str,
    disable: tuple[str, ...],
    only: tuple[str, ...],
    rule_files: tuple[str, ...],
    on_error: str,
    jobs: int,
    quiet: bool,
) -> None:
    """Apply the spans of `clean --annotate` to JSONL FILES: the same text `clean` gives.

    \b
    The pipeline options must give the same text filters (normalize) as the
    run that made the spans; the other filters do not run.
    """
    inputs = list(files) or ["-"]
    _check_output_names(output, output_dir)
    if output and output_dir:
        raise click.UsageError("choose one of -o/--output and --output-dir")
    pipe = build_pipeline(preset, disable, only, rule_files)
    opts = Options(
        fmt="jsonl",
        field=field,
        on_error=on_error,  # type: ignore[arg-type]
        jobs=jobs,
        output_field=output_field,
        id_field=id_field,
        apply_spans=spans_field,
    )
    _warn_waiting_on_terminal(inputs)
    named = [(n, Path(n).name) for n in inputs]
    _run(opts, pipe, inputs, named, output, output_dir, False, None, quiet, None, False, None)


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
        _echo(f"{mark} {name:<14} {description}")
        if verbose and name in pipe:
            for detail in _filter_details(pipe[name]):
                _echo(f"  {'':<14} {detail}")


def _filter_details(f: Any) -> list[str]:
    """Lines for ``filters -v``: a filter's settings, and the rules a rule file gave it."""
    out = []
    config = getattr(f, "config", None)
    if dataclasses.is_dataclass(config) and not isinstance(config, type):
        out.append(", ".join(f"{k}={v}" for k, v in dataclasses.asdict(config).items()))
    user = getattr(f, "rules", None)
    if user is not None:
        source = getattr(user, "source", "rule file")
        if getattr(user, "phrases", ()):
            out.append(f"{source}: phrases {list(user.phrases)!r}")
        if getattr(user, "patterns", ()):
            out.append(f"{source}: patterns {list(user.patterns)!r}")
    if getattr(f, "patterns", None) and getattr(f, "source", None):  # a cut filter of a rule file
        out.append(f"{f.source}: " + ", ".join(label for label, _ in f.patterns))
    return out
