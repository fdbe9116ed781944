"""Reading inputs and writing outputs safely: decoding, JSONL records, atomic writes, signals.

Nothing here loses or invents data: undecodable bytes are reported (and replaced, escaped
or refused as asked), binary files are refused, and outputs are written under a temporary
name and renamed into place only when complete, also when SIGINT or SIGTERM arrives.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import json
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any, BinaryIO, Literal

from cleantext.compression import SpooledCompressedWriter, compression_of
from cleantext.errors import BinaryInputError, InputError, Interrupted
from cleantext.fields import lookup
from cleantext.lazy import lazy

Errors = Literal["strict", "replace", "surrogateescape"]
OnError = Literal["fail", "skip", "keep"]
Warn = Callable[[str], None]

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

SNIFF_BYTES = 8192
"""How much of an input is looked at to tell text from binary data."""
BINARY_SHARE = 0.3
"""Share of control characters and undecodable bytes (in the first SNIFF_BYTES) that means binary."""
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def _is_wide(encoding: str) -> bool:
    """Whether ``encoding`` is UTF-16/32, where NUL bytes are normal and b"\\n" is not a line end."""
    try:
        return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def sniff_bom(data: bytes) -> tuple[int, str | None]:
    """``(BOM length, encoding)`` of a byte-order mark at the start of ``data``; ``(0, None)`` if none."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return len(bom), enc
    return 0, None


_PROBES = (b"Hello, world.\n", b"caf\xc3\xa9 \xff\xfe\x00\n")


def check_encoding(encoding: str, name: str) -> None:
    """Raise :class:`InputError` (naming ``name``) unless ``encoding`` is a codec that decodes text files."""
    problem = _codec_problem(encoding)
    if problem is not None:
        raise InputError(f"{name}: {problem}")


@functools.lru_cache(maxsize=64)
def _codec_problem(encoding: str) -> str | None:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return f"unknown encoding {encoding!r}; use a Python codec name such as utf-8 or latin-1"
    if not getattr(info, "_is_text_encoding", True):
        return f"{encoding!r} is not a text encoding; use one such as utf-8 or latin-1"
    for sample in _PROBES:
        for errors in ("strict", "replace", "surrogateescape"):
            try:
                info.decode(sample, errors)
            except UnicodeDecodeError:  # undecodable bytes: the normal case --errors is for
                pass
            except Exception:  # idna, punycode, undefined: codecs for other jobs than file text
                return f"{encoding!r} cannot decode text files; use one such as utf-8 or latin-1"
    return None


def binary_reason(sample: bytes, encoding: str) -> str | None:
    """Why ``sample`` (the start of an input) is binary data rather than text, or None.

    NUL bytes in an 8-bit or UTF-8 encoding mean binary; so does a sample in which at
    least :data:`BINARY_SHARE` of the characters are control characters or undecodable.
    """
    if not _is_wide(encoding):
        at = sample.find(b"\x00")
        if at >= 0:
            return f"holds NUL bytes (the first at byte {at})"
    sample = sample[:SNIFF_BYTES]
    if not sample:
        return None
    try:
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    except LookupError:
        return None
    if not text:
        return None
    bad = sum(1 for ch in text if ch == "\ufffd" or ((ch < " " or "\x7f" <= ch < "\xa0") and ch not in _TEXT_CONTROLS))
    if bad >= BINARY_SHARE * len(text):
        return f"{100 * bad // len(text)}% of its first {len(sample)} bytes are control characters or not {encoding}"
    return None


def _binary_error(name: str, reason: str) -> BinaryInputError:
    return BinaryInputError(
        f"{name}: {reason}: this looks like a binary file, not text; skipped "
        "(pass text files, or name the right --encoding if it is UTF-16/32)"
    )


def _bad_bytes(data: bytes, start: int) -> str:
    return " ".join(f"0x{b:02x}" for b in data[start : start + 4])


def decode(
    data: bytes,
    name: str,
    *,
    encoding: str = "utf-8",
    errors: Errors = "replace",
    warn: Warn | None = None,
    on_repair: Callable[[], None] | None = None,
) -> str:
    """Decode ``data`` read from ``name``.

    A UTF-8, UTF-16 or UTF-32 byte-order mark wins over ``encoding`` and is dropped. Binary
    data (see :func:`binary_reason`) raises :class:`BinaryInputError`. Undecodable bytes
    raise :class:`InputError` with ``errors="strict"``; otherwise they are replaced with
    U+FFFD (or kept as surrogate escapes), ``warn`` is told, once, the offset of the
    first bad byte in the file, and ``on_repair`` is called.

    >>> decode(b"caf\\xc3\\xa9", "x")
    'café'
    >>> decode(b"\\xef\\xbb\\xbfhi", "x"), decode("hi".encode("utf-16"), "x")
    ('hi', 'hi')
    >>> decode(b"caf\\xe9 ok", "page.txt", warn=print)
    page.txt: invalid utf-8 at byte 3 (0xe9 0x20 0x6f 0x6b; first of possibly more); replaced with U+FFFD
    'caf� ok'
    """
    skip, bom_encoding = sniff_bom(data)
    if bom_encoding is not None:
        data, encoding = data[skip:], bom_encoding
    check_encoding(encoding, name)
    reason = binary_reason(data, encoding)
    if reason is not None:
        raise _binary_error(name, reason)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        if errors == "strict":
            raise InputError(
                f"{name}: invalid {encoding} at byte {at} ({_bad_bytes(data, exc.start)}); "
                "name the right --encoding, or pass --errors replace to substitute U+FFFD"
            ) from None
        if warn is not None:
            warn(
                f"{name}: invalid {encoding} at byte {at} ({_bad_bytes(data, exc.start)}; first of possibly more); "
                f"{'replaced with U+FFFD' if errors == 'replace' else 'kept as surrogate escapes'}"
            )
        if on_repair is not None:
            on_repair()
        return data.decode(encoding, errors=errors)


SNIFF_FORMAT_BYTES = 1 << 16
"""How far into stdin ``--format auto`` looks for the first non-blank character."""


class _Prefixed(io.RawIOBase):
    """A byte stream that gives ``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head = head
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.stream.read1(len(buffer)) if hasattr(self.stream, "read1") else self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sniff_jsonl(stream: IO[bytes], encoding: str = "utf-8") -> tuple[Literal["text", "jsonl"], IO[bytes]]:
    """``("jsonl", s)`` if the first non-blank character of ``stream`` is ``{``, else ``("text", s)``,
    where ``s`` reads the same bytes as ``stream`` would have (what was looked at included).

    >>> import io
    >>> fmt, s = sniff_jsonl(io.BytesIO(b'\\n  {"text": "x"}\\n'))
    >>> fmt, s.read()
    ('jsonl', b'\\n  {"text": "x"}\\n')
    >>> sniff_jsonl(io.BytesIO(b"Hello {"))[0]
    'text'
    """
    head = b""
    text = ""
    while len(head) < SNIFF_FORMAT_BYTES:
        data = stream.read1(4096) if hasattr(stream, "read1") else stream.read(4096)
        if not data:
            break
        head += data
        skip, bom = sniff_bom(head)
        try:
            text = head[skip:].decode(bom or encoding, "ignore").lstrip()
        except LookupError:
            text = head.decode("utf-8", "ignore").lstrip()
        if text:
            break
    fmt: Literal["text", "jsonl"] = "jsonl" if text.startswith("{") else "text"
    return fmt, io.BufferedReader(_Prefixed(head, stream))  # type: ignore[return-value]


def open_error(name: str, exc: OSError) -> InputError:
    """The :class:`InputError` for an ``OSError`` met opening or reading ``name``."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{name}: no such file; check the path")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name}: is a directory; pass the files inside it")
    if isinstance(exc, PermissionError):
        return InputError(f"{name}: permission denied; check the file's permissions")
    return InputError(f"{name}: cannot read: {exc.strerror or exc}; check the file and the disk")


_SURROGATE = lazy(re.compile)("[\ud800-\udfff]")


def decode_lines(
    stream: BinaryIO,
    name: str,
    *,
    encoding: str = "utf-8",
    errors: Errors = "replace",
    warn: Warn | None = None,
    on_repair: Callable[[], None] | None = None,
    keep_original: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """Yield ``(lineno, line, error)`` for each line of a JSONL stream, without its line end.

    Lines end at ``\\n`` only (U+2028, U+0085 and lone ``\\r`` inside a line are data).
    A byte-order mark is dropped. Binary data raises :class:`BinaryInputError` when the
    start of the stream (the first :data:`SNIFF_BYTES`, in whole lines) holds a NUL byte or
    looks binary; a NUL byte in a later line is left in that line, which is then not valid
    JSON (a bad record, not a binary file). Undecodable bytes give an error with
    ``errors="strict"`` (the line is still yielded, with its bytes as surrogate escapes, so
    it can be kept unchanged or skipped); otherwise they are replaced or escaped and
    ``warn`` hears about the first one (``on_repair`` about each line). With
    ``keep_original``, each tuple has a fourth item: the line with its undecodable bytes as
    surrogate escapes when it had any (so it can be written back as it came), else None.
    UTF-16/32 input (by BOM or ``encoding``) is read whole and then split.
    """
    check_encoding(encoding, name)
    head: list[bytes] = []
    size = 0
    lines = iter(stream)
    for line in lines:
        head.append(line)
        size += len(line)
        if size >= SNIFF_BYTES:
            break
    sample = b"".join(head)
    skip, bom_encoding = sniff_bom(sample)
    if bom_encoding is not None:
        encoding = bom_encoding
    if _is_wide(encoding):
        text = decode(sample + stream.read(), name, encoding=encoding, errors=errors, warn=warn, on_repair=on_repair)
        parts = text.split("\n")
        last = parts.pop()  # "" when the text ends with a line end
        extra = (None,) if keep_original else ()
        for lineno, part in enumerate(parts, 1):
            yield (lineno, part.removesuffix("\r"), None, *extra)
        if last:
            yield (len(parts) + 1, last, None, *extra)
        return
    nul = sample.find(b"\x00")
    if nul >= 0:
        lineno = sample.count(b"\n", 0, nul) + 1
        raise _binary_error(f"{name}:{lineno}", f"holds NUL bytes (the first at byte {nul})")
    reason = binary_reason(sample[skip:], encoding)
    if reason is not None:
        raise _binary_error(name, reason)
    warned = False
    offset = 0
    lineno = 0
    for chunk in (head, lines):
        for line in chunk:
            lineno += 1
            if lineno == 1 and skip:
                line, offset = line[skip:], skip
                if not line:  # a byte-order mark and nothing else: an empty input
                    return
            error = None
            original = None
            try:
                raw = line.decode(encoding)
            except UnicodeDecodeError as exc:
                where = f"byte {offset + exc.start} ({_bad_bytes(line, exc.start)})"
                if errors == "strict":
                    error = (
                        f"{name}:{lineno}: invalid {encoding} at {where}; "
                        "name the right --encoding or pass --errors replace"
                    )
                    raw = line.decode(encoding, "surrogateescape")
                else:
                    if warn is not None and not warned:
                        warn(
                            f"{name}:{lineno}: invalid {encoding} at {where}; first of possibly more; "
                            f"{'replaced with U+FFFD' if errors == 'replace' else 'kept as surrogate escapes'}"
                        )
                        warned = True
                    if on_repair is not None:
                        on_repair()
                    raw = line.decode(encoding, errors)
                    if keep_original and errors != "surrogateescape":
                        original = _strip_line_end(line.decode(encoding, "surrogateescape"))
            offset += len(line)
            raw = _strip_line_end(raw)
            yield (lineno, raw, error, original) if keep_original else (lineno, raw, error)


def _strip_line_end(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


_JSON_KINDS = {bool: "boolean", int: "number", float: "number", str: "string", dict: "object", list: "array"}


def _json_kind(value: Any) -> str:
    """The JSON name of a parsed value's type ("null", "number", "array"…)."""
    return "null" if value is None else _JSON_KINDS.get(type(value), "value")


def parse_record(raw: str, field: str, where: str) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """Parse one JSONL line: ``(object, error message, error kind)``; ``field`` may be dotted (``meta.body``).

    Kinds: ``malformed`` (not JSON), ``not_object``, ``missing_field``, ``not_string``.
    """
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return (None, *_not_json(where, exc))
    if not isinstance(obj, dict):
        return (None, *_not_object(where, obj))
    value, found = lookup(obj, field)  # `meta.body` is a dotted path
    problem = _field_problem(where, field, value, found)
    if problem is not None:
        return (None, *problem)
    return obj, None, None


def _not_json(where: str, exc: BaseException) -> tuple[str, str]:
    """The message and kind of a line that is not JSON (``exc``: what the decoder raised)."""
    reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
    if len(reason) > 200:
        reason = reason[:197] + "..."
    return f"{where}: not valid JSON ({reason}); fix the line or pass --on-error keep|skip", "malformed"


def _not_object(where: str, obj: Any) -> tuple[str, str]:
    """The message and kind of a line holding JSON that is not an object."""
    return (
        f"{where}: a JSON {_json_kind(obj)}, not an object; each line must be an object, or pass --on-error keep|skip",
        "not_object",
    )


def _field_problem(where: str, field: str, value: Any, found: bool) -> tuple[str, str] | None:
    """The message and kind when the record's ``field`` is missing or not a string, else None."""
    if not found:
        return (
            f"{where}: no field {field!r}; name the text field with --field, or pass --on-error keep|skip",
            "missing_field",
        )
    if not isinstance(value, str):
        return (
            f"{where}: field {field!r} is a JSON {_json_kind(value)}, not a string; pass --on-error keep|skip",
            "not_string",
        )
    return None


def _number(literal: str) -> int:
    return 0  # only the field's value is needed: numbers are left as their text in the line


# Numbers and NaN/Infinity are not converted (a 5,000-digit integer is no error): the line
# keeps them as they came.
_DECODER = json.JSONDecoder(parse_int=_number, parse_float=_number, parse_constant=_number)
_SPACE = lazy(re.compile)(r"[ \t\n\r]*")


def _field_span(raw: str, field: str) -> tuple[Any, int, int] | None:
    """``(value, start, end)`` of the last top-level ``field`` of the JSON object ``raw``;
    ``(None, -1, -1)`` if the object lacks it; None if ``raw`` is not one valid JSON object."""
    space = _SPACE.match
    scan = _DECODER.scan_once
    found: tuple[Any, int, int] = (None, -1, -1)
    i = space(raw, 0).end()
    if raw[i : i + 1] != "{":
        return None
    i = space(raw, i + 1).end()
    if raw[i : i + 1] == "}":
        i += 1
    else:
        while True:
            if raw[i : i + 1] != '"':
                return None
            key, i = json.decoder.scanstring(raw, i + 1)  # type: ignore[attr-defined]
            i = space(raw, i).end()
            if raw[i : i + 1] != ":":
                return None
            i = space(raw, i + 1).end()
            value, end = scan(raw, i)
            if key == field:
                found = (value, i, end)  # a duplicate key: the last one wins, as in jq
            i = space(raw, end).end()
            if raw[i : i + 1] == ",":
                i = space(raw, i + 1).end()
                continue
            if raw[i : i + 1] == "}":
                i += 1
                break
            return None
    return found if space(raw, i).end() == len(raw) else None


def locate_field(raw: str, field: str, where: str) -> tuple[tuple[str, int, int] | None, str | None, str | None]:
    """Find the string ``field`` in the JSONL line ``raw``: ``((value, start, end), None, None)``
    or ``(None, error message, error kind)``, the kinds as for :func:`parse_record`.

    ``raw[start:end]`` is the value's JSON text, so that only it need change: every other
    byte of the line (numbers, escapes, spacing, key order, duplicate keys) stays as it came.

    >>> locate_field('{"n": 1e400, "text": "a\\u00e9"}', "text", "x:1")
    (('aé', 21, 25), None, None)
    """
    if "\x00" in raw:
        return (
            None,
            f"{where}: holds a NUL byte, which is not valid JSON; fix the line or pass --on-error keep|skip",
            "malformed",
        )
    try:
        span = _field_span(raw, field)
    except (ValueError, StopIteration, RecursionError):
        span = None
    if span is None:
        # Not one valid object: parse it again for json's own description of the fault.
        try:
            obj = _DECODER.decode(raw)
        except (ValueError, RecursionError) as exc:
            return (None, *_not_json(where, exc))
        if not isinstance(obj, dict):
            return (None, *_not_object(where, obj))
        return None, f"{where}: not valid JSON; fix the line or pass --on-error keep|skip", "malformed"
    value, start, end = span
    problem = _field_problem(where, field, value, start >= 0)
    if problem is not None:
        return (None, *problem)
    return (value, start, end), None, None


def dump_string(text: str) -> str:
    """``text`` as a JSON string for a JSONL line: UTF-8 as is, lone surrogates as ``\\udcXX``,
    and U+2028, U+2029 and U+0085 (line ends to some readers) as ``\\u`` escapes.

    >>> dump_string("a\u2028b")
    '"a\\\\u2028b"'
    """
    if _SURROGATE.search(text):
        return json.dumps(text)
    line = json.dumps(text, ensure_ascii=False)
    if not line.isascii():
        for ch, esc in _LINE_BREAKERS.items():
            if ch in line:
                line = line.replace(ch, esc)
    return line


_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def dump_record(obj: dict[str, Any]) -> str:
    """One JSONL line for ``obj``: UTF-8 text as is, unless it holds lone surrogates.

    U+2028, U+2029 and U+0085, which some line readers take for line ends, are escaped.

    >>> dump_record({"text": "a\\u2028b", "n": 1})
    '{"text": "a\\\\u2028b", "n": 1}'
    """
    line = json.dumps(obj, ensure_ascii=False)
    if not line.isascii():
        if _SURROGATE.search(line):
            return json.dumps(obj)
        for ch, esc in _LINE_BREAKERS.items():
            if ch in line:
                line = line.replace(ch, esc)
    return line


# --- signals --------------------------------------------------------------------------------------------

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_deferred: dict[str, Any] = {"depth": 0, "pending": None, "watchdog": None}


EXIT_GRACE = 30.0
"""Seconds an interrupted run may take to clean up before it exits anyway (``128 + signum``)."""


def exit_within(seconds: float, code: int) -> threading.Timer:
    """End the process with ``code`` after ``seconds`` unless it has ended (or the returned timer
    is cancelled): for a run that was interrupted, whose clean-up must not hang."""
    timer = threading.Timer(seconds, os._exit, (code,))
    timer.daemon = True
    timer.start()
    return timer


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _deferred["watchdog"] is None:
        # SIGINT and SIGTERM must always end the run: should the clean-up hang (a thread
        # of the worker pool that never ends, say), exit anyway once the grace time is up.
        _deferred["watchdog"] = exit_within(EXIT_GRACE, 128 + signum)
    if _deferred["depth"]:
        _deferred["pending"] = signum
        return
    raise Interrupted(signum)


def install_signal_handlers() -> dict[int, Any]:
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`~cleantext.errors.Interrupted` (main thread only).

    Returns the previous handlers, for :func:`restore_signal_handlers`. Python's default
    SIGTERM kills the process without unwinding; with these handlers ``finally`` blocks
    and :class:`AtomicOutput` remove temporary files first. A signal that is ignored
    (``nohup``, a background job) stays ignored.
    """
    previous: dict[int, Any] = {}
    for sig in _SIGNALS:
        try:
            if signal.getsignal(sig) == signal.SIG_IGN:
                continue
            previous[sig] = signal.signal(sig, _on_signal)
        except (ValueError, OSError):  # not the main thread, or an unsupported signal
            pass
    return previous


def restore_signal_handlers(previous: dict[int, Any]) -> None:
    """Put back the handlers :func:`install_signal_handlers` replaced (and stop the exit timer
    a signal started: whoever called this now decides how the process ends)."""
    watchdog, _deferred["watchdog"] = _deferred["watchdog"], None
    if watchdog is not None:
        watchdog.cancel()
    for sig, handler in previous.items():
        with contextlib.suppress(ValueError, OSError, TypeError):
            signal.signal(sig, handler)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM (when handled by :func:`install_signal_handlers`) until the block ends.

    Used around steps that must not be cut in two: creating a temporary file and
    remembering its name, renaming it into place, removing it.
    """
    _deferred["depth"] += 1
    try:
        yield
    finally:
        _deferred["depth"] -= 1
        if not _deferred["depth"] and _deferred["pending"] is not None:
            signum, _deferred["pending"] = _deferred["pending"], None
            raise Interrupted(signum)


# --- atomic output --------------------------------------------------------------------------------------


class _FullWrites(io.RawIOBase):
    """Writes to a file descriptor that write everything or raise.

    A write cut short (a file-size limit reached part-way) is retried, so its error is
    raised; Python's own buffered file objects can let such a short write pass silently.
    """

    def __init__(self, fd: int, *, closefd: bool = True) -> None:
        self.fd = fd
        self.closefd = closefd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def seekable(self) -> bool:
        try:
            os.lseek(self.fd, 0, os.SEEK_CUR)
        except OSError:
            return False
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self.fd, offset, whence)

    def tell(self) -> int:
        return os.lseek(self.fd, 0, os.SEEK_CUR)

    def truncate(self, size: int | None = None) -> int:
        size = self.tell() if size is None else size
        os.ftruncate(self.fd, size)
        return size

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self.fd, view[done:])
        return done

    def close(self) -> None:
        if not self.closed:
            super().close()
            if self.closefd:
                os.close(self.fd)


def text_writer(fd: int, errors: str = "strict", *, closefd: bool = True, encoding: str = "utf-8") -> IO[str]:
    """A buffered text stream writing to ``fd`` whose every failed write raises (see :class:`_FullWrites`)."""
    raw = _FullWrites(fd, closefd=closefd)
    return io.TextIOWrapper(io.BufferedWriter(raw, 1 << 16), encoding=encoding, errors=errors, newline="")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicOutput:
    """A text file written under a temporary name and renamed into place on success.

    The temporary file sits in the target's folder (``.NAME.XXXX.tmp``). On success it is
    flushed to disk, given the target's permission bits (or the umask's for a new file)
    and renamed over the target; on any exception, :class:`KeyboardInterrupt` and
    SIGTERM included, it is removed and the target is left as it was. A symlinked target
    is followed (the file it points to is replaced, the link stays) unless
    ``follow_symlinks`` is false: then the link itself is replaced. Either way a hard link
    is broken: the other names keep the old content (as with ``sed -i``). A target named
    ``*.gz``, ``*.bz2``, ``*.xz`` or ``*.zst`` is written compressed (see
    :mod:`cleantext.compression`).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with AtomicOutput(folder / "out.txt") as fh:
    ...     _ = fh.write("done\\n")
    >>> [p.name for p in folder.iterdir()], (folder / "out.txt").read_text()
    (['out.txt'], 'done\\n')
    """

    def __init__(
        self, path: str | Path, errors: str = "strict", *, encoding: str = "utf-8", follow_symlinks: bool = True
    ) -> None:
        self.path = Path(path)
        self.follow_symlinks = follow_symlinks
        self.errors = errors
        self.encoding = encoding
        self.fh: IO[str] | None = None
        self.tmp = ""

    @property
    def target(self) -> Path:
        return Path(os.path.realpath(self.path)) if self.follow_symlinks else Path(os.path.abspath(self.path))

    def __enter__(self) -> IO[str]:
        target = self.target
        try:
            with deferred_signals():
                fd, self.tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                try:
                    kind = compression_of(self.path)
                    if kind is None:
                        self.fh = text_writer(fd, self.errors, encoding=self.encoding)
                    else:  # compressed by extension: the text is compressed into the file on success
                        self.fh = SpooledCompressedWriter(
                            fd, kind, name=str(target), encoding=self.encoding, errors=self.errors
                        )
                except BaseException:
                    os.close(fd)
                    raise
        except BaseException:
            # Also a signal that arrived meanwhile, raised as the block ends: ``with`` does
            # not call __exit__ when __enter__ fails, so the temporary file goes here.
            with deferred_signals():
                if self.fh is not None:
                    self.fh.close()
                    self.fh = None
                self._discard()
            raise
        return self.fh

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        with deferred_signals():
            try:
                self._finish(commit=exc_type is None)
            finally:
                self._discard()

    def _finish(self, *, commit: bool) -> None:
        assert self.fh is not None
        if not commit:
            with contextlib.suppress(OSError, ValueError):  # what is still buffered is dropped anyway
                self.fh.close()
            return
        try:
            self.fh.flush()
            if isinstance(self.fh, SpooledCompressedWriter):
                self.fh.finish()
            os.fsync(self.fh.fileno())
        finally:
            self.fh.close()
        target = self.target
        try:
            st = target.stat() if self.follow_symlinks else target.lstat()
            if not stat.S_ISREG(st.st_mode):
                raise FileNotFoundError  # a link (not followed) is replaced like a new file
        except FileNotFoundError:
            os.chmod(self.tmp, 0o666 & ~_umask())
        else:
            with contextlib.suppress(OSError):
                os.chown(self.tmp, st.st_uid, st.st_gid)
            os.chmod(self.tmp, stat.S_IMODE(st.st_mode))
        os.replace(self.tmp, target)
        self.tmp = ""

    def _discard(self) -> None:
        if self.tmp:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)
            self.tmp = ""
