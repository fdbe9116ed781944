"""Batch processing of files and streams: the work the CLI delegates to.

The unit of work is one document (a text file) or one JSONL line; :func:`clean_unit`
turns it into an :class:`Outcome`, in this process or a worker's. Whatever a unit holds,
:func:`clean_unit` returns an outcome (an error outcome for a bad record, a rule that
timed out or a bug in a filter); it never raises.
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from cleantext import annotate as _annotate
from cleantext import compression as _compression
from cleantext import fields
from cleantext import io as _io
from cleantext.errors import InputError, RuleTimeoutError
from cleantext.io import AtomicOutput
from cleantext.parallel import ordered_map
from cleantext.pipeline import Pipeline
from cleantext.progress import Progress

__all__ = [
    "BAD_RECORD_KINDS",
    "SUMMARY_KEYS",
    "AtomicOutput",
    "Options",
    "Outcome",
    "Runner",
    "Summary",
    "clean_unit",
    "format_of",
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
    errors: _io.Errors = "replace"
    on_error: _io.OnError = "fail"
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


Unit = tuple[str, str, "int | None", "str | None"]
"""``(where, text, lineno, decode error)``: one document (lineno None) or one JSONL line."""


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


def clean_unit(context: tuple[Pipeline, Options], unit: Unit) -> Outcome:
    """Clean one document or one JSONL line; problems become error outcomes, never exceptions."""
    pipeline, opts = context
    where, raw, lineno, decode_error = unit
    if decode_error is not None:
        return Outcome(where, lineno, raw, decode_error, "encoding")
    if lineno is None:
        return _guarded(pipeline, opts, where, lineno, raw, raw, lambda text: text)
    if not raw.strip():
        return Outcome(where, lineno, raw, kind="blank")
    obj, error, kind = _io.parse_record(raw, opts.field, where)
    record_id = _record_id(obj, raw, opts.id_field) if opts.id_field else None
    if obj is None:
        if error is not None and record_id is not None:
            error = error.replace(where, f"{where} (id {record_id})", 1)
        return Outcome(where, lineno, raw, error, kind, record_id=record_id)
    target = opts.annotate or opts.output_field or opts.field

    def rebuild(value: Any) -> str:
        fields.assign(obj, target, value)
        return _io.dump_record(obj)

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


def _record_id(obj: dict[str, Any] | None, raw: str, id_field: str) -> str | None:
    """The ``id_field`` value of a record, as text (None when missing or the line is not an object)."""
    if obj is None:
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if not isinstance(obj, dict):
            return None
    value, found = fields.lookup(obj, id_field)
    if not found:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
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
    except RuleTimeoutError as exc:
        return Outcome(where, lineno, raw, f"{where}: {exc}", "rule_timeout")
    except Exception as exc:  # a bug in a filter: report it, keep the other units going
        return Outcome(where, lineno, raw, _internal_error(where, exc), "internal_error")


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


def _finish(
    pipeline: Pipeline, opts: Options, where: str, lineno: int | None, text: str, wrap: Callable[[Any], str]
) -> Outcome:
    if opts.explain or opts.stats or opts.annotate:
        result = pipeline.run(text)
        removed = [r.to_dict() for r in result.removed] if opts.explain else None
        out = wrap(_annotate.spans_of(text, result) if opts.annotate and lineno is not None else result.text)
        outcome = Outcome(where, lineno, out, removed=removed, chars_in=len(text), chars_out=len(result.text))
        if opts.stats:
            tally: dict[str, list[int]] = {}
            for r in result.removed:
                entry = tally.setdefault(r.filter, [0, 0])
                entry[0] += 1
                entry[1] += r.end - r.start
            outcome.filters = {k: (v[0], v[1]) for k, v in tally.items()}
        return outcome
    body = pipeline.clean(text)
    return Outcome(where, lineno, wrap(body), chars_in=len(text), chars_out=len(body))


class Runner:
    """Clean inputs into outputs, reporting through ``say`` (stderr in the CLI)."""

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
            raise _io.open_error(name, exc) from None

    def _warn(self, message: str) -> None:
        self.say(f"cleantext: warning: {message}")

    def _repaired(self) -> None:
        self.summary.counts["decode_repaired"] += 1

    def units(self, name: str, stream: IO[bytes], fmt: Format) -> Iterator[Unit]:
        """The units of work of one input, decoded; read errors as :class:`InputError`."""
        label = "<stdin>" if name == "-" else name
        opts = self.opts
        try:
            if fmt == "text":
                data = stream.read()
                text = _io.decode(
                    data, label, encoding=opts.encoding, errors=opts.errors, warn=self._warn, on_repair=self._repaired
                )
                yield label, text, None, None
                return
            lines = _io.decode_lines(
                stream, label, encoding=opts.encoding, errors=opts.errors, warn=self._warn, on_repair=self._repaired
            )
            for lineno, raw, error in lines:
                yield f"{label}:{lineno}", raw, lineno, error
        except OSError as exc:
            raise _io.open_error(label, exc) from None

    # -- one input to one output -------------------------------------------------------
    def process(self, name: str, out: IO[str], *, rollback: bool = False) -> bool:
        """Clean input ``name`` into ``out``; False when the input failed.

        With ``rollback`` (``out`` is a seekable file of ours), the output of an input that
        fails half-way is truncated away, so ``out`` only ever holds whole inputs.
        """
        fmt = format_of(name, self.opts.fmt)
        label = "<stdin>" if name == "-" else name
        try:
            stream = self._open(name)
        except InputError as exc:
            return self._fail(label, str(exc))
        start = out.tell() if rollback else 0
        ok = False
        try:
            sizes: deque[int] = deque()  # bytes of the units read but not yet finished
            units = self._sized(self.units(name, stream, fmt), sizes)
            outcomes = ordered_map(clean_unit, (self.pipeline, self.opts), units, jobs=self.opts.jobs)
            with contextlib.closing(outcomes):
                for outcome in outcomes:
                    size = sizes.popleft()
                    self.summary.counts["bytes_in"] += size
                    if not self._emit(label, outcome, out):
                        return False
                    if self.progress is not None:  # finished work, not what --jobs read ahead
                        self.progress.add_bytes(size)
                        self.progress.add_records()
            ok = True
        except InputError as exc:
            return self._fail(label, str(exc))
        finally:
            if name != "-":
                stream.close()
            if rollback and not ok:
                with contextlib.suppress(OSError, ValueError):
                    out.seek(start)
                    out.truncate()
        self.summary.counts["inputs_ok"] += 1
        return True

    @staticmethod
    def _sized(units: Iterator[Unit], sizes: deque[int]) -> Iterator[Unit]:
        """``units``, noting the UTF-8 size of each (plus its line end, for JSONL) in ``sizes``."""
        for unit in units:
            sizes.append(len(unit[1].encode("utf-8", "surrogatepass")) + (unit[2] is not None))
            yield unit

    def _emit(self, label: str, outcome: Outcome, out: IO[str]) -> bool:
        lineno = outcome.lineno
        counts = self.summary.counts
        if outcome.error is not None:
            counts[outcome.kind or "internal_error"] += 1
            policy = self.opts.on_error if lineno is not None else "fail"
            if policy == "fail":
                return self._fail(label, outcome.error)
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

    def fail(self, label: str, message: str) -> bool:
        """Report that input (or output) ``label`` failed with ``message``; always False."""
        return self._fail(label, message)

    def _fail(self, label: str, message: str) -> bool:
        self.say(f"cleantext: error: {message}")
        if label not in self.summary.failed:
            self.summary.failed.append(label)
        self.summary.counts["inputs_failed"] += 1
        return False
