"""Reading inputs: encodings, byte-order marks, binary files, undecodable bytes, and the
sniffing of JSONL. Nothing is lost or invented: undecodable bytes are reported (and
replaced, escaped or refused as asked) and binary files are refused.
"""

from __future__ import annotations

import codecs
import functools
import io
from collections.abc import Callable, Iterator
from typing import IO, Any, BinaryIO, Literal

from cleantext.errors import BinaryInputError, InputError

Errors = Literal["strict", "replace", "surrogateescape"]
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


def without_bom(encoding: str) -> str:
    """The codec for input that has no byte-order mark: ``utf-16`` and ``utf-32`` (which need
    one to choose the byte order) become their little-endian forms, as Python reads them.

    >>> without_bom("UTF-16"), without_bom("utf_32"), without_bom("latin-1")
    ('utf-16-le', 'utf-32-le', 'latin-1')
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return f"{name}-le" if name in ("utf-16", "utf-32") else encoding


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
    except (LookupError, UnicodeError):
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
    else:
        encoding = without_bom(encoding)
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


_JSON_SPACE = " \t\r\n"
"""What JSON allows before a value: a form feed or a no-break space before ``{`` is not JSONL."""
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
    """``("jsonl", s)`` if the first character of ``stream`` that is not JSON white space (space,
    tab, CR, LF; after a byte-order mark) is ``{``, else ``("text", s)``,
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
            text = head[skip:].decode(bom or encoding, "ignore").lstrip(_JSON_SPACE)
        except LookupError:
            text = head.decode("utf-8", "ignore").lstrip(_JSON_SPACE)
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
    del sample  # a copy of the first lines: not held while they are cleaned
    head.reverse()  # taken off the end as they are read: a huge first line is not held twice
    warned = False
    offset = 0
    lineno = 0
    for chunk in (_taken(head), lines):
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
            del line  # its bytes are not held while the line is cleaned
            raw = _strip_line_end(raw)
            yield (lineno, raw, error, original) if keep_original else (lineno, raw, error)


def _taken(items: list[bytes]) -> Iterator[bytes]:
    """The items of ``items`` from its end, each taken off the list as it is given."""
    while items:
        yield items.pop()


def _strip_line_end(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line
