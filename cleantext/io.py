"""Reading inputs and writing outputs safely: decoding, JSONL records, atomic writes, signals.

Nothing here loses or invents data: undecodable bytes are reported (and replaced, escaped
or refused as asked), binary files are refused, and outputs are written under a temporary
name and renamed into place only when complete, also when SIGINT or SIGTERM arrives.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any, BinaryIO, Literal

from cleantext.compression import SpooledCompressedWriter, compression_of
from cleantext.errors import BinaryInputError, InputError, Interrupted
from cleantext.fields import lookup

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


def check_encoding(encoding: str, name: str) -> None:
    """Raise :class:`InputError` (naming ``name``) unless ``encoding`` is a known text codec."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"{name}: unknown encoding {encoding!r}; use a Python codec name such as utf-8 or latin-1"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{name}: {encoding!r} is not a text encoding; use one such as utf-8 or latin-1")


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


def open_error(name: str, exc: OSError) -> InputError:
    """The :class:`InputError` for an ``OSError`` met opening or reading ``name``."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{name}: no such file; check the path")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name}: is a directory; pass the files inside it")
    if isinstance(exc, PermissionError):
        return InputError(f"{name}: permission denied; check the file's permissions")
    return InputError(f"{name}: cannot read: {exc.strerror or exc}; check the file and the disk")


_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_lines(
    stream: BinaryIO,
    name: str,
    *,
    encoding: str = "utf-8",
    errors: Errors = "replace",
    warn: Warn | None = None,
    on_repair: Callable[[], None] | None = None,
) -> Iterator[tuple[int, str, str | None]]:
    """Yield ``(lineno, line, error)`` for each line of a JSONL stream, without its line end.

    Lines end at ``\\n`` only (U+2028, U+0085 and lone ``\\r`` inside a line are data).
    A byte-order mark is dropped. Binary data raises :class:`BinaryInputError`, at the
    start or at the first line holding a NUL byte. Undecodable bytes give an error with
    ``errors="strict"`` (the line is still yielded, with its bytes as surrogate escapes, so
    it can be kept unchanged or skipped); otherwise they are replaced or escaped and
    ``warn`` hears about the first one (``on_repair`` about each line). UTF-16/32 input
    (by BOM or ``encoding``) is read whole and then split.
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
        for lineno, part in enumerate(parts, 1):
            yield lineno, part.removesuffix("\r"), None
        if last:
            yield len(parts) + 1, last, None
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
            nul = line.find(b"\x00")
            if nul >= 0:
                raise _binary_error(f"{name}:{lineno}", f"holds NUL bytes (the first at byte {offset + nul})")
            error = None
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
            offset += len(line)
            if raw.endswith("\n"):
                raw = raw[:-1]
                if raw.endswith("\r"):
                    raw = raw[:-1]
            yield lineno, raw, error


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
        reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        if len(reason) > 200:
            reason = reason[:197] + "..."
        return None, f"{where}: not valid JSON ({reason}); fix the line or pass --on-error keep|skip", "malformed"
    if not isinstance(obj, dict):
        return (
            None,
            f"{where}: a JSON {_json_kind(obj)}, not an object; "
            "each line must be an object, or pass --on-error keep|skip",
            "not_object",
        )
    value, found = lookup(obj, field)  # `meta.body` is a dotted path
    if not found:
        return (
            None,
            f"{where}: no field {field!r}; name the text field with --field, or pass --on-error keep|skip",
            "missing_field",
        )
    if not isinstance(value, str):
        return (
            None,
            f"{where}: field {field!r} is a JSON {_json_kind(value)}, not a string; pass --on-error keep|skip",
            "not_string",
        )
    return obj, None, None


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
_deferred: dict[str, Any] = {"depth": 0, "pending": None}


def _on_signal(signum: int, frame: FrameType | None) -> None:
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
    is followed: the file it points to is replaced, the link stays. A target named
    ``*.gz``, ``*.bz2``, ``*.xz`` or ``*.zst`` is written compressed (see
    :mod:`cleantext.compression`).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with AtomicOutput(folder / "out.txt") as fh:
    ...     _ = fh.write("done\\n")
    >>> [p.name for p in folder.iterdir()], (folder / "out.txt").read_text()
    (['out.txt'], 'done\\n')
    """

    def __init__(self, path: str | Path, errors: str = "strict", *, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.errors = errors
        self.encoding = encoding
        self.fh: IO[str] | None = None
        self.tmp = ""

    @property
    def target(self) -> Path:
        return Path(os.path.realpath(self.path))

    def __enter__(self) -> IO[str]:
        target = self.target
        try:
            with deferred_signals():
                fd, self.tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                try:
                    kind = compression_of(self.path)
                    if kind is None:
                        self.fh = os.fdopen(fd, "w", encoding=self.encoding, errors=self.errors, newline="")
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
        try:
            if commit:
                self.fh.flush()
                if isinstance(self.fh, SpooledCompressedWriter):
                    self.fh.finish()
                os.fsync(self.fh.fileno())
        finally:
            self.fh.close()
        if not commit:
            return
        target = self.target
        try:
            st = target.stat()
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
