"""Batch processing of files and streams: the work the CLI delegates to.

The unit of work is one document (a text file) or one JSONL line; :func:`clean_unit`
turns it into an :class:`Outcome`, in this process or a worker's.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from cleantext import io as _io
from cleantext.errors import InputError
from cleantext.parallel import ordered_map
from cleantext.pipeline import Pipeline

Format = Literal["text", "jsonl"]
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")


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


@dataclass
class Outcome:
    """What became of one unit: its output (None: nothing to write) and any error."""

    where: str
    lineno: int | None
    out: str | None
    error: str | None = None
    kind: str | None = None
    removed: list[dict[str, Any]] | None = None


Unit = tuple[str, str, "int | None", "str | None"]
"""``(where, text, lineno, decode error)``: one document (lineno None) or one JSONL line."""


@dataclass
class Summary:
    """Counts for a whole run; ``failed`` lists the inputs that failed."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def format_of(name: str, fmt: str) -> Format:
    """The format of input ``name``: ``fmt`` unless ``auto``, then by extension."""
    if fmt != "auto":
        return fmt  # type: ignore[return-value]
    return "jsonl" if name.lower().endswith(JSONL_SUFFIXES) else "text"


def clean_unit(context: tuple[Pipeline, Options], unit: Unit) -> Outcome:
    """Clean one document or one JSONL line."""
    pipeline, opts = context
    where, raw, lineno, decode_error = unit
    if decode_error is not None:
        return Outcome(where, lineno, raw, decode_error, "encoding")
    if lineno is None:
        return _finish(pipeline, opts, where, lineno, raw, lambda text: text)
    if not raw.strip():
        return Outcome(where, lineno, raw)
    obj, error, kind = _io.parse_record(raw, opts.field, where)
    if obj is None:
        return Outcome(where, lineno, raw, error, kind)

    def rebuild(text: str) -> str:
        obj[opts.field] = text
        return _io.dump_record(obj)

    return _finish(pipeline, opts, where, lineno, obj[opts.field], rebuild)


def _finish(
    pipeline: Pipeline, opts: Options, where: str, lineno: int | None, text: str, wrap: Callable[[str], str]
) -> Outcome:
    if opts.explain:
        result = pipeline.run(text)
        return Outcome(where, lineno, wrap(result.text), removed=[r.to_dict() for r in result.removed])
    return Outcome(where, lineno, wrap(pipeline.clean(text)))


class AtomicOutput:
    """A text file written under a temporary name and renamed into place on success."""

    def __init__(self, path: str | Path, errors: str = "strict") -> None:
        self.path = Path(path)
        self.errors = errors
        self.fh: IO[str] | None = None
        self.tmp = ""

    def __enter__(self) -> IO[str]:
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self.fh = os.fdopen(fd, "w", encoding="utf-8", errors=self.errors, newline="")
        return self.fh

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        assert self.fh is not None
        self.fh.close()
        if exc_type is None:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(self.tmp, self.path.stat().st_mode & 0o7777)
            os.replace(self.tmp, self.path)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)


class Runner:
    """Clean inputs into outputs, reporting through ``say`` (stderr in the CLI)."""

    def __init__(self, pipeline: Pipeline, opts: Options, say: Callable[[str], None]) -> None:
        self.pipeline = pipeline
        self.opts = opts
        self.say = say
        self.summary = Summary()

    # -- inputs ------------------------------------------------------------------------
    def _open(self, name: str) -> IO[bytes]:
        if name == "-":
            return sys.stdin.buffer
        try:
            return open(name, "rb")
        except FileNotFoundError:
            raise InputError(f"{name}: no such file; check the path") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory; pass the files inside it") from None
        except PermissionError:
            raise InputError(f"{name}: permission denied; check the file's permissions") from None

    def units(self, name: str, stream: IO[bytes], fmt: Format) -> Iterator[Unit]:
        """The units of work of one input, decoded."""
        label = "<stdin>" if name == "-" else name
        if fmt == "text":
            text = _io.decode(stream.read(), label, encoding=self.opts.encoding, errors=self.opts.errors, warn=self.say)
            yield label, text, None, None
            return
        for lineno, raw, error in _io.decode_lines(
            stream, label, encoding=self.opts.encoding, errors=self.opts.errors, warn=self.say
        ):
            yield f"{label}:{lineno}", raw, lineno, error

    # -- one input to one output -------------------------------------------------------
    def process(self, name: str, out: IO[str]) -> bool:
        """Clean input ``name`` into ``out``; False when the input failed."""
        fmt = format_of(name, self.opts.fmt)
        label = "<stdin>" if name == "-" else name
        try:
            stream = self._open(name)
        except InputError as exc:
            return self._fail(label, str(exc))
        try:
            units = self.units(name, stream, fmt)
            for outcome in ordered_map(clean_unit, (self.pipeline, self.opts), units, jobs=self.opts.jobs):
                if not self._emit(label, outcome, out):
                    return False
        except InputError as exc:
            return self._fail(label, str(exc))
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        self.summary.counts["inputs_ok"] += 1
        return True

    def _emit(self, label: str, outcome: Outcome, out: IO[str]) -> bool:
        lineno = outcome.lineno
        counts = self.summary.counts
        if outcome.error is not None:
            counts[outcome.kind or "error"] += 1
            policy = self.opts.on_error
            if policy == "fail":
                return self._fail(label, outcome.error)
            if policy == "keep":
                counts["kept_unchanged"] += 1
                out.write(outcome.out or "")
                out.write("\n")
            else:
                counts["skipped"] += 1
            return True
        counts["records" if lineno is not None else "documents"] += 1
        if outcome.removed:
            self._explain(outcome.where, lineno, outcome.removed)
        if outcome.out is not None:
            out.write(outcome.out)
            if lineno is not None:
                out.write("\n")
        return True

    def _explain(self, where: str, lineno: int | None, removed: list[dict[str, Any]]) -> None:
        if self.opts.explain == "jsonl":
            for r in removed:
                self.say(json.dumps({"input": where, **({"line": lineno} if lineno else {}), **r}, ensure_ascii=False))
            return
        self.say(f"{where}: {len(removed)} removal(s)")
        for r in removed:
            text = r["text"] if len(r["text"]) <= 100 else r["text"][:97] + "..."
            self.say(f"  {r['start']}-{r['end']} [{r['rule']}] {r['reason']}: {text!r}")

    def _fail(self, label: str, message: str) -> bool:
        self.say(f"cleantext: error: {message}")
        self.summary.failed.append(label)
        self.summary.counts["inputs_failed"] += 1
        return False
