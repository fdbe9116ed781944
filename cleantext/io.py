"""Reading inputs and writing outputs safely: decoding, JSONL records, atomic writes."""

from __future__ import annotations

import codecs
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal

from cleantext.errors import BinaryInputError, InputError

Errors = Literal["strict", "replace", "surrogateescape"]
OnError = Literal["fail", "skip", "keep"]
Warn = Callable[[str], None]

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(
    data: bytes, name: str, *, encoding: str = "utf-8", errors: Errors = "replace", warn: Warn | None = None
) -> str:
    """Decode ``data`` read from ``name``.

    A UTF-8 or UTF-16 byte-order mark wins over ``encoding`` and is dropped. NUL bytes in
    8-bit text mean binary data and raise :class:`BinaryInputError`. Undecodable bytes
    raise :class:`InputError` with ``errors="strict"``; otherwise they are replaced (or
    escaped) and ``warn`` is told the first bad byte offset.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], enc
            break
    if b"\x00" in data and not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        at = data.index(b"\x00")
        raise BinaryInputError(
            f"{name}: holds NUL bytes at byte {at}: this looks like a binary file, not text; "
            "skipped (pass text files, or name the right --encoding if it is UTF-16/32)"
        )
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(
            f"{name}: unknown encoding {encoding!r}; use a Python codec name such as utf-8 or latin-1"
        ) from None
    except UnicodeDecodeError as exc:
        if errors == "strict":
            raise InputError(
                f"{name}: invalid {encoding} at byte {exc.start}: {data[exc.start : exc.start + 4]!r}; "
                "name the right --encoding, or pass --errors replace to substitute U+FFFD"
            ) from None
        if warn is not None:
            warn(
                f"{name}: invalid {encoding} at byte {exc.start} (first of possibly more); "
                f"{'replaced with U+FFFD' if errors == 'replace' else 'kept as surrogate escapes'}"
            )
        return data.decode(encoding, errors=errors)


def read_file(path: str | Path, **kwargs: Any) -> str:
    """Read and decode a whole text file (see :func:`decode`)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; pass the files inside it") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return decode(data, str(path), **kwargs)


def atomic_write(path: str | Path, text: str, *, encoding: str = "utf-8", errors: str = "strict") -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename.

    Readers never see a half-written file; an existing file keeps its permission bits.
    """
    path = Path(path)
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, errors=errors, newline="") as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_lines(
    stream: BinaryIO, name: str, *, encoding: str = "utf-8", errors: Errors = "replace", warn: Warn | None = None
) -> Iterator[tuple[int, str, str | None]]:
    """Yield ``(lineno, line, error)`` for each line of a JSONL stream, without its newline.

    Undecodable bytes give an error with ``errors="strict"`` (the line is still yielded,
    with U+FFFD, so it can be kept or skipped); otherwise they are replaced or escaped and
    ``warn`` hears about the first one.
    """
    warned = False
    for lineno, line in enumerate(stream, 1):
        error = None
        try:
            raw = line.decode(encoding)
        except UnicodeDecodeError as exc:
            if errors == "strict":
                error = (
                    f"{name}:{lineno}: invalid {encoding} at byte {exc.start} of the line; "
                    "name the right --encoding or pass --errors replace"
                )
                raw = line.decode(encoding, "replace")
            else:
                if warn is not None and not warned:
                    warn(
                        f"{name}:{lineno}: invalid {encoding} at byte {exc.start} of the line (first of possibly "
                        f"more); {'replaced with U+FFFD' if errors == 'replace' else 'kept as surrogate escapes'}"
                    )
                    warned = True
                raw = line.decode(encoding, errors)
        if lineno == 1 and raw.startswith("\ufeff"):
            raw = raw[1:]
        yield lineno, raw.rstrip("\r\n"), error


def parse_record(raw: str, field: str, where: str) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """Parse one JSONL line: ``(object, error message, error kind)``.

    Kinds: ``malformed`` (not JSON), ``not_object``, ``missing_field``, ``not_string``.
    """
    try:
        obj = json.loads(raw)
    except ValueError as exc:
        return None, f"{where}: not valid JSON ({exc}); fix the line or pass --on-error keep|skip", "malformed"
    if not isinstance(obj, dict):
        return (
            None,
            (
                f"{where}: a JSON {type(obj).__name__}, not an object; each line must be an object, "
                "or pass --on-error keep|skip"
            ),
            "not_object",
        )
    if field not in obj:
        return (
            None,
            (f"{where}: no field {field!r}; name the text field with --field, or pass --on-error keep|skip"),
            "missing_field",
        )
    if not isinstance(obj[field], str):
        return (
            None,
            (f"{where}: field {field!r} is a {type(obj[field]).__name__}, not a string; pass --on-error keep|skip"),
            "not_string",
        )
    return obj, None, None


def dump_record(obj: dict[str, Any]) -> str:
    """One JSONL line for ``obj``: UTF-8 text as is, unless it holds lone surrogates."""
    line = json.dumps(obj, ensure_ascii=False)
    if not line.isascii() and _SURROGATE.search(line):
        line = json.dumps(obj)
    return line
