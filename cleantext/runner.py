"""Batch processing of files and streams: the work the CLI delegates to.

The unit of work is one document (a text file) or one JSONL line; :func:`clean_unit`
turns it into an :class:`Outcome`, in this process or a worker's. Whatever a unit holds,
:func:`clean_unit` returns an outcome (an error outcome for a bad record, a rule that
timed out or a bug in a filter); it never raises.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from cleantext import annotate as _annotate
from cleantext import compression as _compression
from cleantext import decoding as _decoding
from cleantext import fields
from cleantext import records as _records
from cleantext.atomic import AtomicOutput, text_writer
from cleantext.errors import CleantextError, InputError, RuleTimeoutError
from cleantext.inputs import make_folders
from cleantext.lazy import lazy
from cleantext.output import Output, OutputError, file_identity, input_kind, open_output
from cleantext.parallel import WorkerPool
from cleantext.pipeline import Pipeline, Result
from cleantext.progress import Progress

__all__ = [
    "BAD_RECORD_KINDS",
    "SUMMARY_KEYS",
    "AtomicOutput",
    "Options",
    "Outcome",
    "ReaderGone",
    "Runner",
    "Summary",
    "clean_unit",
    "format_of",
    "inputs_identity",
    "quiet_stdout",
    "run_document",
]

Format = Literal["text", "jsonl"]
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

BAD_RECORD_KINDS = (
    "malformed",
    "not_object",
    "missing_field",
    "not_string",
    "encoding",
    "rule_timeout",
    "internal_error",
)
"""What can be wrong with one unit (a JSONL line, or a document for the last two)."""

SUMMARY_KEYS = (
    "records",
    "documents",
    "blank",
    *BAD_RECORD_KINDS,
    "kept_unchanged",
    "skipped",
    "decode_repaired",
    "inputs_failed",
)
"""The counts of the summary line, in order."""


@dataclass(frozen=True)
class Options:
    """How to read, clean and report (everything but where inputs and outputs are)."""

    fmt: Literal["auto", "text", "jsonl"] = "auto"
    field: str = "text"
    encoding: str = "utf-8"
    errors: _decoding.Errors = "replace"
    on_error: _records.OnError = "fail"
    explain: Literal["text", "jsonl"] | None = None
    jobs: int = 1
    output_field: str | None = None
    """JSONL: write the result to this (dotted) field and keep ``field`` as it is."""
    id_field: str | None = None
    """JSONL: the (dotted) field that names a record in errors and explanations."""
    annotate: str | None = None
    """JSONL: keep the text, write the removals as ``[start, end, filter, rule]`` spans here."""
    apply_spans: str | None = None
    """JSONL: instead of cleaning, apply the spans of this field (``cleantext apply``)."""
    stats: bool = False
    """Count removals and characters per filter for the run summary (runs the explaining path)."""
    field_given: bool = False
    """Whether ``field`` was chosen by the user: then a text input gets a warning that it is ignored."""


@dataclass
class Outcome:
    """What became of one unit: its output (None: nothing to write) and any error."""

    where: str
    lineno: int | None
    out: str | None
    error: str | None = None
    kind: str | None = None
    removed: list[dict[str, Any]] | None = None
    record_id: str | None = None
    filters: dict[str, tuple[int, int]] | None = None
    chars_in: int = 0
    chars_out: int = 0
    size: int = 0
    """UTF-8 bytes of the unit read (a JSONL line with its line end)."""


Unit = tuple[str, str, "int | None", "str | None", "str | None"]
"""``(where, text, lineno, decode error, original)``: one document (lineno None) or one JSONL
line; ``original`` is the line with its undecodable bytes as surrogate escapes (when it had
any and they were replaced), so that a kept line comes back as it came."""


@dataclass
class Summary:
    """Counts for a whole run; ``failed`` lists the inputs that failed."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)
    filter_removals: Counter[str] = field(default_factory=Counter)
    """Removals per filter (counted only with :attr:`Options.stats`: ``--stats-file``)."""
    filter_chars: Counter[str] = field(default_factory=Counter)
    """Characters removed per filter (counted likewise)."""

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def eventful(self) -> bool:
        """Whether a record or document was anything but clean (worth a summary line).

        Failed inputs alone are not: the CLI names them on a line of their own.
        """
        quiet = ("records", "documents", "blank", "inputs_failed")
        return any(self.counts[k] for k in SUMMARY_KEYS if k not in quiet)

    def line(self) -> str:
        """``records=3 documents=0 blank=0 malformed=1 … inputs_failed=0``: every count, in a fixed order."""
        return " ".join(f"{k}={self.counts[k]}" for k in SUMMARY_KEYS)


def format_of(name: str, fmt: str) -> Format:
    """The format of input ``name``: ``fmt`` unless ``auto``, then by extension (``x.jsonl.gz`` is JSONL)."""
    if fmt != "auto":
        return fmt  # type: ignore[return-value]
    return "jsonl" if _compression.inner_name(name).lower().endswith(JSONL_SUFFIXES) else "text"


def _replaced(text: str, encoding: str) -> str:
    """``text`` with its surrogate escapes turned into U+FFFD, as ``--errors replace`` does."""
    try:
        return text.encode(encoding, "surrogateescape").decode(encoding, "replace")
    except (UnicodeError, LookupError):
        return _records.SURROGATE.sub("\ufffd", text)


def utf8_size(text: str) -> int:
    """The length of ``text`` in UTF-8 (lone surrogates as 3 bytes each), without encoding a
    big text whole: a piece at a time.

    >>> utf8_size("café"), utf8_size("a" * 100_000), utf8_size("\\udc80")
    (5, 100000, 3)
    """
    if text.isascii():
        return len(text)
    step = 1 << 16
    return sum(len(text[k : k + step].encode("utf-8", "surrogatepass")) for k in range(0, len(text), step))


def clean_unit(context: tuple[Pipeline, Options], unit: Unit) -> Outcome:
    """:func:`_clean_unit`, with the unit's size in bytes noted (progress and the summary count it)."""
    outcome = _clean_unit(context, unit)
    outcome.size = utf8_size(unit[1]) + (unit[2] is not None)
    return outcome


def _clean_unit(context: tuple[Pipeline, Options], unit: Unit) -> Outcome:
    """Clean one document or one JSONL line; problems become error outcomes, never exceptions.

    In a JSONL line only the value of the field is replaced: every other byte of the line
    comes back as it came.
    """
    pipeline, opts = context
    where, raw, lineno, decode_error, original = unit
    kept = original if original is not None else raw
    if decode_error is not None:
        return Outcome(where, lineno, kept, decode_error, "encoding")
    if lineno is None:
        return _guarded(pipeline, opts, where, lineno, raw, raw, lambda text: text)
    if not raw.strip():
        return Outcome(where, lineno, kept, kind="blank")
    if opts.output_field or opts.annotate or opts.apply_spans or "." in opts.field:
        return _rebuilt_unit(pipeline, opts, where, lineno, kept)
    record_id = _record_id(None, kept, opts.id_field) if opts.id_field else None
    found, error, kind = _records.locate_field(kept, opts.field, where)
    if found is None:
        if error is not None and record_id is not None:
            error = error.replace(where, f"{where} (id {record_id})", 1)
        return Outcome(where, lineno, kept, error, kind, record_id=record_id)
    value, start, end = found
    if original is not None:  # the line had bad bytes, replaced with U+FFFD in the field
        value = _replaced(value, opts.encoding)

    def splice(text: str) -> str:
        return kept[:start] + _records.dump_string(text) + kept[end:]

    outcome = _guarded(pipeline, opts, where, lineno, value, kept, splice)
    outcome.record_id = record_id
    if outcome.error is not None and record_id is not None:
        outcome.error = outcome.error.replace(where, f"{where} (id {record_id})", 1)
    return outcome


def _rebuilt_unit(pipeline: Pipeline, opts: Options, where: str, lineno: int, raw: str) -> Outcome:
    """A JSONL line cleaned into another field, annotated, given its spans applied, or with a
    dotted field: the record is parsed and written again (numbers as they were written;
    escapes and spacing may change; see docs/cli.md)."""
    literals = _records.Literals()  # numbers come back as they were written
    obj, error, kind = _records.parse_record(raw, opts.field, where, literals)
    record_id = _record_id(obj, raw, opts.id_field, literals) if opts.id_field else None
    if obj is None:
        if error is not None and record_id is not None:
            error = error.replace(where, f"{where} (id {record_id})", 1)
        return Outcome(where, lineno, raw, error, kind, record_id=record_id)
    target = opts.annotate or opts.output_field or opts.field

    def rebuild(value: Any) -> str:
        fields.assign(obj, target, value)
        return _records.dump_record(obj, literals)

    if opts.apply_spans:
        marks, found = fields.lookup(obj, opts.apply_spans)
        problem = _span_problem(marks, found, opts.apply_spans)
        if problem is not None:
            named = f"{where} (id {record_id})" if record_id is not None else where
            return Outcome(where, lineno, raw, f"{named}: {problem}", "missing_field", record_id=record_id)
        text = fields.lookup(obj, opts.field)[0]
        try:
            body = _annotate.apply(text, marks, pipeline)
        except ValueError as exc:
            return Outcome(where, lineno, raw, f"{where}: {exc}; pass --on-error keep|skip", "malformed")
        return Outcome(where, lineno, rebuild(body), record_id=record_id, chars_in=len(text), chars_out=len(body))
    outcome = _guarded(pipeline, opts, where, lineno, fields.lookup(obj, opts.field)[0], raw, rebuild)
    outcome.record_id = record_id
    if outcome.error is not None and record_id is not None:
        outcome.error = outcome.error.replace(where, f"{where} (id {record_id})", 1)
    return outcome


def _span_problem(marks: Any, found: bool, name: str) -> str | None:
    """What is wrong with a record's spans field for ``cleantext apply``, or None."""
    if not found:
        return f"no field {name!r}; name the field `clean --annotate` wrote with --spans"
    ok = isinstance(marks, list) and all(
        isinstance(m, list) and len(m) >= 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in m[:2])
        for m in marks
    )
    if not ok:
        return f"field {name!r} is not a list of [start, end, filter, rule] spans; pass --on-error keep|skip"
    return None


def _record_id(
    obj: dict[str, Any] | None, raw: str, id_field: str, literals: _records.Literals | None = None
) -> str | None:
    """The ``id_field`` value of a record, as text (None when missing or the line is not an object)."""
    if obj is None:
        literals = _records.Literals()
        try:
            obj = json.loads(raw, parse_int=literals.parse_int, parse_float=literals.parse_float)
        except (ValueError, RecursionError):
            return None
        if not isinstance(obj, dict):
            return None
    value, found = fields.lookup(obj, id_field)
    if not found:
        return None
    if isinstance(value, _records.Number):
        text = value.text
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
        text = literals.restore(text) if literals is not None else text
    return text if len(text) <= 80 else text[:77] + "..."


def _guarded(
    pipeline: Pipeline,
    opts: Options,
    where: str,
    lineno: int | None,
    text: str,
    raw: str,
    wrap: Callable[[str], str],
) -> Outcome:
    try:
        return _finish(pipeline, opts, where, lineno, text, wrap)
    except Exception as exc:  # a rule timeout, or a bug in a filter: report it, keep the other units going
        return Outcome(where, lineno, raw, *_failure(where, exc))


def _failure(where: str, exc: Exception) -> tuple[str, str]:
    """The message and the error kind of cleaning ``where`` that raised ``exc``."""
    if isinstance(exc, RuleTimeoutError):
        return f"{where}: {exc}", "rule_timeout"
    return _internal_error(where, exc), "internal_error"


def run_document(pipeline: Pipeline, where: str, text: str) -> tuple[Any, str | None]:
    """``(pipeline.run(text), None)`` for document ``where``, or ``(None, message)`` when a rule
    file's pattern timed out or a filter failed (named as :func:`clean_unit` names them)."""
    try:
        return pipeline.run(text), None
    except Exception as exc:  # a rule timeout, or a bug in a filter
        return None, _failure(where, exc)[0]


def _internal_error(where: str, exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    at = frames[-1] if frames else None  # where it was raised: in a filter, usually
    place = f" at {Path(at.filename).name}:{at.lineno} in {at.name}" if at is not None else ""
    message = str(exc)
    if len(message) > 200:
        message = message[:197] + "..."
    return (
        f"{where}: internal error {type(exc).__name__}: {message}{place}; this is a bug in cleantext, "
        "please report it with this input (or pass --on-error keep|skip for JSONL)"
    )


# Undecodable bytes kept by --errors surrogateescape (U+DC80..U+DCFF) go through the pipeline
# as private-use characters, which the mojibake repair leaves alone, and come back as the same
# bytes: 128 private-use code points that the text does not hold, from the Basic Multilingual
# Plane first (U+F880..U+F8FF unless the text has one of those; then the next 128 down to
# U+E000), so that a text of two bytes a character (which its escapes make it) stays so; then
# from the planes 15 and 16 (U+10FF80..U+10FFFF, and down).
_BYTE_ESCAPES = lazy(re.compile)("[\udc80-\udcff]")
_PRIVATE_USE = lazy(re.compile)("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_STAND_IN_BLOCKS = (*range(0xF880 >> 7, (0xE000 >> 7) - 1, -1), *range(0x10FF80 >> 7, (0xF0000 >> 7) - 1, -1))


def _stand_ins(text: str) -> tuple[dict[int, int], dict[int, int]] | None:
    """Tables hiding the byte escapes of ``text`` as private-use characters it does not hold, and
    showing them again; None if it holds none (or, improbably, some of every block of 128)."""
    if not _BYTE_ESCAPES.search(text):
        return None
    used = {ord(ch) >> 7 for ch in _PRIVATE_USE.findall(text)}
    for block in _STAND_IN_BLOCKS:
        if block not in used:
            return _tables(block << 7)
    return None  # pragma: no cover - a text holding characters of all 8,242 blocks


@functools.lru_cache(maxsize=8)
def _tables(base: int) -> tuple[dict[int, int], dict[int, int]]:
    hide = {0xDC80 + i: base + i for i in range(128)}
    return hide, {v: k for k, v in hide.items()}


def _finish(
    pipeline: Pipeline, opts: Options, where: str, lineno: int | None, text: str, wrap: Callable[[Any], str]
) -> Outcome:
    show: Callable[[str], str] = lambda t: t  # noqa: E731
    tables = _stand_ins(text)
    if tables is not None:
        hide, shown = tables
        text = text.translate(hide)
        show = lambda t: t.translate(shown)  # noqa: E731
    if opts.explain or opts.annotate:
        doc = pipeline.document(text, explain=True)
        result = Result.of(doc)
        removed = [r.to_dict() for r in result.removed] if opts.explain else None
        for r in removed or ():
            r["text"] = show(r["text"])
        body = show(result.text)
        # The hidden bytes are one character each: the spans' offsets are those of the input.
        out = wrap(_annotate.spans_of(text, result) if opts.annotate and lineno is not None else body)
        outcome = Outcome(where, lineno, out, removed=removed, chars_in=len(text), chars_out=len(body))
        if opts.stats:
            outcome.filters = doc.removal_counts()
        return outcome
    if opts.stats:  # counts only: no record or explanation made per removal
        doc = pipeline.document(text)
        body = show(doc.render())
        counts = doc.removal_counts()
        del doc
        outcome = Outcome(where, lineno, wrap(body), chars_in=len(text), chars_out=len(body))
        outcome.filters = counts
        return outcome
    body = show(pipeline.clean(text))
    return Outcome(where, lineno, wrap(body), chars_in=len(text), chars_out=len(body))


@dataclass(frozen=True)
class _Start:
    """Input ``index`` (``name``) begins."""

    index: int
    name: str


@dataclass(frozen=True)
class _Note:
    """A warning from reading (``message``), and whether a line's bytes were repaired."""

    message: str | None
    repaired: bool = False


@dataclass(frozen=True)
class _Failed:
    """The input could not be read (any further)."""

    message: str


@dataclass(frozen=True)
class _End:
    """The input is over."""


_END = _End()


def _is_unit(item: Any) -> bool:
    return isinstance(item, tuple)


def _where(item: Any) -> str:
    return item[0] if isinstance(item, tuple) else "?"


def _source(item: Any) -> str:
    """The input a unit comes from: its ``where`` without the ``:LINE`` of a JSONL line."""
    return item[0] if item[2] is None else item[0].rsplit(":", 1)[0]


class _Notes:
    """Warnings and repairs met while reading, held until the consumer reaches their place."""

    def __init__(self) -> None:
        self.items: list[_Note] = []

    def warn(self, message: str) -> None:
        self.items.append(_Note(message))

    def repaired(self) -> None:
        self.items.append(_Note(None, repaired=True))

    def take(self) -> list[_Note]:
        items, self.items = self.items, []
        return items


Target = Callable[[int, str], Any]
"""``target(index, name)``: a context manager giving the :class:`~cleantext.output.Output`
(or text stream) for input ``name``. Left with an exception, it must discard the output."""


class Runner:
    """Clean inputs into outputs, reporting through ``say`` (stderr in the CLI).

    One pool of workers (``Options.jobs``) serves every input of every :meth:`run`; call
    :meth:`close` (or use the runner as a context manager) to stop it. Reading runs ahead
    of writing, but what is reported (warnings, errors, counts) is what ``--jobs 1``
    reports: nothing past a record that fails its input.
    """

    def __init__(
        self, pipeline: Pipeline, opts: Options, say: Callable[[str], None], progress: Progress | None = None
    ) -> None:
        self.pipeline = pipeline
        self.opts = opts
        self.say = say
        self.summary = Summary()
        self.progress = progress
        self.explain_say: Callable[[str], None] | None = None
        """Where explanations go (``say`` when None): the CLI's ``--explain-file``."""
        self.pool = WorkerPool(clean_unit, (pipeline, opts), jobs=opts.jobs)
        self._abandoned: set[int] = set()
        self._count = 0

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.close(kill=exc_type is not None)

    def close(self, *, kill: bool = False) -> None:
        """Stop the worker processes (at once with ``kill``)."""
        self.pool.close(kill=kill)

    # -- inputs ------------------------------------------------------------------------
    def _open(self, name: str) -> IO[bytes]:
        if name == "-":
            if sys.stdin is None:  # started with stdin closed (`<&-`)
                raise InputError("<stdin>: standard input is closed; name input files, or pipe text in")
            return sys.stdin.buffer
        try:
            if _compression.compression_of(name) is None:
                return open(name, "rb")
            return _compression.open_input(name)  # .gz, .bz2, .xz, .zst
        except OSError as exc:
            raise _decoding.open_error(name, exc) from None

    def _warn(self, message: str) -> None:
        self.say(f"cleantext: warning: {message}")

    def _repaired(self) -> None:
        self.summary.counts["decode_repaired"] += 1

    def units(self, name: str, stream: IO[bytes], fmt: Format, notes: _Notes | None = None) -> Iterator[Unit]:
        """The units of work of one input, decoded; read errors as :class:`InputError`.

        Warnings go to ``notes`` when given (to be reported in order), else are said at once.
        """
        label = "<stdin>" if name == "-" else name
        opts = self.opts
        warn, repaired = (notes.warn, notes.repaired) if notes is not None else (self._warn, self._repaired)
        try:
            if fmt == "text":
                data = stream.read()
                text = _decoding.decode(
                    data, label, encoding=opts.encoding, errors=opts.errors, warn=warn, on_repair=repaired
                )
                del data  # not held while the text is cleaned
                yield label, text, None, None, None
                return
            lines = _decoding.decode_lines(
                stream,
                label,
                encoding=opts.encoding,
                errors=opts.errors,
                warn=warn,
                on_repair=repaired,
                keep_original=True,
            )
            for lineno, raw, error, original in lines:
                yield f"{label}:{lineno}", raw, lineno, error, original
        except OSError as exc:
            raise _decoding.open_error(label, exc) from None

    def _detect(self, name: str, stream: IO[bytes]) -> tuple[Format, IO[bytes]]:
        """The format of input ``name`` (stdin under ``auto``: JSONL if it starts with ``{``)."""
        if name != "-" or self.opts.fmt != "auto":
            return format_of(name, self.opts.fmt), stream
        return _decoding.sniff_jsonl(stream, self.opts.encoding)

    def _items(self, inputs: list[str]) -> Iterator[Any]:
        """Every input as ``_Start``, its notes and units (or ``_Failed``), then ``_End``."""
        opts = self.opts
        for index, name in enumerate(inputs):
            yield _Start(index, name)
            label = "<stdin>" if name == "-" else name
            notes = _Notes()
            try:
                stream = self._open(name)
            except InputError as exc:
                yield _Failed(str(exc))
                yield _END
                continue
            try:
                fmt, stream = self._detect(name, stream)
                if fmt == "text" and opts.field_given:
                    notes.warn(
                        f"{label}: --field {opts.field} is ignored: this input is read as text, not JSONL "
                        "(name a .jsonl file, or pass --format jsonl)"
                    )
                for unit in self.units(name, stream, fmt, notes):
                    yield from notes.take()
                    if index in self._abandoned:
                        break
                    yield unit
                yield from notes.take()
            except InputError as exc:
                yield from notes.take()
                yield _Failed(str(exc))
            finally:
                if name != "-":
                    stream.close()
            yield _END

    # -- inputs to outputs -------------------------------------------------------------
    def run(self, inputs: list[str], target: Target) -> None:
        """Clean each input into the output ``target(index, name)`` gives for it.

        Inputs are read, and cleaned in the workers, ahead of the one being written. An
        input that fails is named (see :attr:`summary`) and its target is left with an
        exception, so that an atomic output is discarded. A shared seekable output (one
        :class:`~cleantext.output.Output` for every input) is rolled back to where the
        failed input began, so that it only holds whole inputs.
        """
        base = self._count
        self._count += len(inputs)
        items = self._items(inputs)
        stream = self.pool.map(items, is_work=_is_unit, describe=_where, source=_source)
        state: _InputState | None = None
        try:
            with contextlib.closing(stream):
                for item in stream:
                    if isinstance(item, _Start):
                        state = self._begin(base, item, target)
                    elif state is None:  # pragma: no cover - every input starts with _Start
                        continue
                    elif isinstance(item, _End):
                        current, state = state, None
                        self._end(current)
                    elif state.failed:
                        continue
                    elif isinstance(item, _Note):
                        if item.repaired:
                            self._repaired()
                        if item.message is not None:
                            self._warn(item.message)
                    elif isinstance(item, _Failed):
                        self._stop(state, item.message)
                    else:
                        try:
                            ok = self._emit(state, item)
                        except OutputError as exc:
                            if state.out is None or state.out.shared:
                                raise  # stdout or -o FILE: nothing more can be written
                            self._stop(state, str(exc))
                            continue
                        if not ok:
                            self._stop(state, None)
        except BaseException as exc:
            if state is not None and state.context is not None:
                with contextlib.suppress(Exception):
                    state.context.__exit__(type(exc), exc, exc.__traceback__)
            raise
        finally:
            self._abandoned.clear()

    def _begin(self, base: int, item: _Start, target: Target) -> _InputState:
        label = "<stdin>" if item.name == "-" else item.name
        state = _InputState(item.index, label)
        try:
            context = target(item.index, item.name)
            out = context.__enter__()
        except CleantextError as exc:
            self._abandoned.add(item.index)
            state.failed = True
            self._fail(label, str(exc))
            return state
        state.context, state.out = context, out
        state.mark = out.mark() if isinstance(out, Output) else None
        return state

    def _stop(self, state: _InputState, message: str | None) -> None:
        """Input ``state`` failed (with ``message``, unless already said): drop what it wrote."""
        self._abandoned.add(state.index)
        state.failed = True
        if message is not None:
            self._fail(state.label, message)
        if isinstance(state.out, Output):
            state.out.rollback(state.mark)

    def _end(self, state: _InputState) -> None:
        context, state.context = state.context, None
        if context is None:
            return
        if state.failed:
            context.__exit__(_Abort, _Abort(), None)
            return
        try:
            context.__exit__(None, None, None)
        except CleantextError as exc:
            self._fail(state.label, str(exc))
            return
        self.summary.counts["inputs_ok"] += 1

    def process(self, name: str, out: IO[str], *, rollback: bool = False) -> bool:
        """Clean input ``name`` into ``out``; False when the input failed.

        With ``rollback`` (``out`` is a seekable file of ours), the output of an input that
        fails half-way is truncated away, so ``out`` only ever holds whole inputs.
        """
        sink = out if isinstance(out, Output) else Output(out, str(getattr(out, "name", "output")), seekable=rollback)
        failed = len(self.summary.failed)
        self.run([name], lambda index, name: contextlib.nullcontext(sink))
        return len(self.summary.failed) == failed

    def _emit(self, state: _InputState, outcome: Outcome) -> bool:
        out = state.out
        lineno = outcome.lineno
        counts = self.summary.counts
        counts["bytes_in"] += outcome.size
        if self.progress is not None:  # finished work, not what --jobs read ahead
            self.progress.add_bytes(outcome.size)
            self.progress.add_records()
        if outcome.error is not None:
            counts[outcome.kind or "internal_error"] += 1
            policy = self.opts.on_error if lineno is not None else "fail"
            if policy == "fail":
                return self._fail(state.label, outcome.error)
            if not state.bad_named:
                state.bad_named = True
                self._warn(
                    f"{outcome.error.removeprefix('cleantext: ')} -- "
                    f"{'kept unchanged' if policy == 'keep' else 'skipped'} (the first bad line of this input; "
                    "the summary counts them all)"
                )
            if policy == "keep":
                counts["kept_unchanged"] += 1
                out.write(outcome.out or "")
                out.write("\n")
            else:
                counts["skipped"] += 1
            return True
        if outcome.kind == "blank":
            counts["blank"] += 1
            out.write(outcome.out or "")
            out.write("\n")
            return True
        counts["records" if lineno is not None else "documents"] += 1
        counts["chars_in"] += outcome.chars_in
        counts["chars_out"] += outcome.chars_out
        if outcome.chars_in and not outcome.chars_out:
            counts["empty_outputs"] += 1
        if outcome.filters:
            for name, (lines, chars) in outcome.filters.items():
                self.summary.filter_removals[name] += lines
                self.summary.filter_chars[name] += chars
        if outcome.removed and self.opts.explain:
            self._explain(outcome.where, lineno, outcome.removed, outcome.record_id)
        if outcome.out is not None:
            out.write(outcome.out)
            if lineno is not None:
                out.write("\n")
        return True

    def _explain(
        self, where: str, lineno: int | None, removed: list[dict[str, Any]], record_id: str | None = None
    ) -> None:
        say = self.explain_say or self.say
        if self.opts.explain == "jsonl":
            head: dict[str, Any] = {"input": where}
            if lineno:
                head["line"] = lineno
            if record_id is not None:
                head["id"] = record_id
            for r in removed:
                say(json.dumps({**head, **r}, ensure_ascii=False))
            return
        named = f"{where} (id {record_id})" if record_id is not None else where
        say(f"{named}: {len(removed)} removal(s)")
        for r in removed:
            text = r["text"] if len(r["text"]) <= 100 else r["text"][:97] + "..."
            say(f"  {r['start']}-{r['end']} [{r['rule']}] {r['reason']}: {text!r}")
            if r.get("features"):
                say("      " + " ".join(f"{k}={v}" for k, v in r["features"].items()))

    # -- where the outputs go ----------------------------------------------------------
    def to_stdout(self, inputs: list[str], errors: str) -> None:
        """Clean ``inputs`` one after the other onto standard output (raises :class:`ReaderGone`
        when its reader goes away)."""
        if sys.stdout is None:  # started with stdout closed (`>&-`)
            self.fail("<stdout>", "<stdout>: standard output is closed; write to a file with -o FILE")
            return
        try:
            sys.stdout.flush()
            stream = text_writer(sys.stdout.fileno(), errors, closefd=False)
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):  # not a real descriptor (tests)
            buffer = getattr(sys.stdout, "buffer", None)
            stream = (
                io.TextIOWrapper(buffer, encoding="utf-8", errors=errors, newline="")
                if buffer is not None
                else sys.stdout
            )
        out = Output(stream, "<stdout>")
        inputs = self._not_the_output(
            inputs,
            file_identity(sys.stdout.fileno()) if _has_fd(sys.stdout) else None,
            "is also standard output (the file stdout is redirected to); cleantext would read what it writes: "
            "redirect the output to another file",
        )
        try:
            self.run(inputs, _shared(out))
            out.flush()  # a full disk or a size limit shows here at the latest: never exit 0 on a cut output
        except BrokenPipeError:
            quiet_stdout()
            raise ReaderGone from None
        except OutputError as exc:
            quiet_stdout()
            self.fail("<stdout>", str(exc))
        finally:
            if stream is not sys.stdout:
                with contextlib.suppress(OSError, ValueError):
                    stream.detach()  # leave sys.stdout (and its descriptor) open

    def to_file(self, inputs: list[str], target: str, errors: str, *, follow_symlinks: bool = False) -> None:
        """Clean ``inputs`` into ``target``: a regular file atomically, a device or FIFO directly.

        An input that fails leaves no partial output in a regular ``target``; when the only
        input fails, ``target`` is not touched at all.
        """
        try:
            with open_output(target, errors, follow_symlinks=follow_symlinks) as out:
                self.run(inputs, _shared(out))
                if self.summary.failed and len(inputs) == 1:
                    raise _Abort
        except _Abort:
            pass
        except BrokenPipeError:  # a FIFO whose reader went away
            raise ReaderGone from None
        except OutputError as exc:
            self.fail(target, str(exc))

    def in_place(self, inputs: list[str], errors: str) -> None:
        """Rewrite each regular input file atomically (through symlinks, as documented)."""
        files = []
        for name in inputs:
            kind = input_kind(name)
            if kind is not None:
                self.fail(name, f"{name}: is {kind}; --in-place rewrites regular files only; use -o or --output-dir")
            else:
                files.append(name)
        self.run(files, lambda index, name: open_output(name, errors, follow_symlinks=True))

    def to_dir(
        self,
        inputs: list[str],
        folder: Path,
        errors: str,
        *,
        follow_symlinks: bool = False,
        relative: dict[str, str] | None = None,
    ) -> None:
        """Each input into the existing ``folder``: under its file name, or its path in a
        directory input (``relative``)."""
        seen: dict[str, str] = {}
        targets: dict[str, Path] = {}
        for name in inputs:
            base = (relative or {}).get(name) or Path(name).name
            if base in seen:
                self.fail(name, f"{name}: same file name as {seen[base]}; both would write {folder / base}")
                continue
            seen[base] = name
            target = folder / base
            if not target.is_symlink() or follow_symlinks:
                mine = file_identity(target)
                if mine is not None and mine == file_identity(name):
                    self.fail(
                        name,
                        f"{name}: is also the output {target}; cleantext would replace its input: "
                        "use --in-place to rewrite it, or choose another --output-dir",
                    )
                    continue
            if target.parent != folder:
                try:
                    make_folders(folder, target.parent)
                except OSError as exc:
                    self.fail(name, f"{target.parent}: cannot create: {exc.strerror or exc}; check --output-dir")
                    continue
            targets[name] = target
        self.run(list(targets), lambda index, name: open_output(targets[name], errors, follow_symlinks=follow_symlinks))

    def _not_the_output(self, inputs: list[str], output: tuple[int, int] | None, problem: str) -> list[str]:
        """``inputs`` without those that are the regular file ``output`` (by :func:`file_identity`):
        each of those fails with ``problem``. Stdin (``-``) is looked at as its descriptor."""
        kept = []
        for name in inputs:
            if output is not None and output in inputs_identity([name]):
                label = "<stdin>" if name == "-" else name
                self.fail(label, f"{label}: {problem}")
            else:
                kept.append(name)
        return kept

    def fail(self, label: str, message: str) -> bool:
        """Report that input (or output) ``label`` failed with ``message``; always False."""
        return self._fail(label, message)

    def _fail(self, label: str, message: str) -> bool:
        self.say(f"cleantext: error: {message}")
        if label not in self.summary.failed:
            self.summary.failed.append(label)
        self.summary.counts["inputs_failed"] += 1
        return False


class _Abort(Exception):
    """The input failed: its output is to be discarded."""


class ReaderGone(Exception):
    """The reader of standard output, or of a FIFO written to, went away (``| head``)."""


def _shared(out: Output) -> Callable[[int, str], Any]:
    """The target of a run whose inputs all go to ``out``."""
    out.shared = True
    return lambda index, name: contextlib.nullcontext(out)


def inputs_identity(inputs: list[str]) -> set[tuple[int, int]]:
    """The :func:`~cleantext.output.file_identity` of each regular input file (``-``: stdin's)."""
    found = set()
    for name in inputs:
        if name == "-":
            mine = file_identity(sys.stdin.fileno()) if sys.stdin is not None and _has_fd(sys.stdin) else None
        else:
            mine = file_identity(name)
        if mine is not None:
            found.add(mine)
    return found


def _has_fd(stream: Any) -> bool:
    """Whether ``stream`` is backed by a real file descriptor (not so in tests that swap it)."""
    try:
        stream.fileno()
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return False
    return True


def quiet_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@dataclass
class _InputState:
    """The input being written: where to, and whether it failed."""

    index: int
    label: str
    context: Any = None
    out: Any = None
    mark: int | None = None
    failed: bool = False
    bad_named: bool = False
