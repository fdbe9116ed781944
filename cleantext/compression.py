"""Compressed inputs and outputs, chosen by file extension.

``.gz``, ``.bz2`` and ``.xz`` use the standard library; ``.zst`` needs the optional
``zstandard`` package (``pip install 'cleantext-web[zstd]'``). The format of the data
inside is taken from the name without the compression suffix (``pages.jsonl.gz`` is JSONL).

>>> compression_of("pages.jsonl.gz"), compression_of("page.txt"), inner_name("pages.jsonl.ZST")
('gz', None, 'pages.jsonl')
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import tempfile
import zlib
from pathlib import Path
from typing import IO, Any

from cleantext.errors import InputError

__all__ = ["SUFFIXES", "SpooledCompressedWriter", "compression_of", "inner_name", "open_input", "require"]

SUFFIXES = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
"""File extension → compression."""

_CORRUPT: tuple[type[BaseException], ...] = (EOFError, lzma.LZMAError, zlib.error)
"""What the decompressors raise for damaged data (besides ``OSError`` without an errno)."""

ZSTD_HINT = "install the optional zstandard package: pip install 'cleantext-web[zstd]'"


def compression_of(name: str | os.PathLike[str]) -> str | None:
    """``gz``, ``bz2``, ``xz`` or ``zst`` by the extension of ``name`` (any case), or None."""
    return SUFFIXES.get(Path(name).suffix.lower())


def inner_name(name: str) -> str:
    """``name`` without its compression suffix (what the data inside is named)."""
    return name[: -len(Path(name).suffix)] if compression_of(name) else name


def _zstandard(name: str) -> Any:
    try:
        import zstandard
    except ImportError:
        raise InputError(f"{name}: reading or writing .zst files needs zstandard; {ZSTD_HINT}") from None
    return zstandard


def require(name: str) -> None:
    """Raise :class:`InputError` naming ``name`` if its compression needs a package that is missing."""
    if compression_of(name) == "zst":
        _zstandard(name)


class _Decompressing(io.RawIOBase):
    """A readable raw stream over a decompressor; corrupt data becomes a clear :class:`InputError`."""

    def __init__(self, inner: IO[bytes], name: str, kind: str) -> None:
        self.inner = inner
        self.name_ = name
        self.kind = kind

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.inner.read(len(buffer))
        except OSError as exc:
            if exc.errno is not None and not isinstance(exc, gzip.BadGzipFile):
                raise  # a read error of the file itself (EIO...): the caller says "cannot read"
            raise InputError(
                f"{self.name_}: not valid .{self.kind} data, or truncated ({exc}); "
                "check the file, or rename it if it is not compressed"
            ) from None
        except _CORRUPT as exc:
            raise InputError(
                f"{self.name_}: not valid .{self.kind} data, or truncated ({exc}); "
                "check the file, or rename it if it is not compressed"
            ) from None
        except Exception as exc:  # zstandard.ZstdError and the like
            raise InputError(f"{self.name_}: cannot decompress .{self.kind} data ({exc}); check the file") from None
        n = len(data)
        buffer[:n] = data
        return n

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


def open_input(name: str) -> IO[bytes]:
    """Open file ``name`` for reading bytes, decompressing it if its extension says so.

    ``OSError`` (missing file, permissions) is raised as is; a missing ``zstandard`` and
    corrupt data (when read) raise :class:`InputError` naming the file.
    """
    kind = compression_of(name)
    if kind is None:
        return open(name, "rb")
    if kind == "zst":
        zstandard = _zstandard(name)
        raw = open(name, "rb")
        inner: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True, read_across_frames=True)
    else:
        opener = {"gz": gzip.open, "bz2": bz2.open, "xz": lzma.open}[kind]
        inner = opener(name, "rb")
    return io.BufferedReader(_Decompressing(inner, name, kind), buffer_size=1 << 16)


class SpooledCompressedWriter(io.TextIOWrapper):
    """A text stream for a compressed output file: text is kept uncompressed in an anonymous
    temporary file (so ``tell``/``seek``/``truncate`` work, as rolling back a failed input
    needs) and compressed into the file descriptor ``fd`` by :meth:`finish`.

    ``fileno()`` is ``fd``'s; closing without :meth:`finish` writes nothing to ``fd``.
    """

    def __init__(self, fd: int, kind: str, *, name: str, encoding: str = "utf-8", errors: str = "strict") -> None:
        if kind == "zst":
            _zstandard(name)
        self._fd = fd
        self._kind = kind
        self._name = name
        spool = tempfile.TemporaryFile(dir=os.path.dirname(os.path.abspath(name)) or None)
        super().__init__(spool, encoding=encoding, errors=errors, newline="")

    def fileno(self) -> int:
        return self._fd

    def finish(self) -> None:
        """Compress everything written so far into ``fd`` and flush it."""
        self.flush()
        spool = self.buffer
        spool.seek(0)
        raw = os.fdopen(os.dup(self._fd), "wb")
        try:
            if self._kind == "zst":
                zstandard = _zstandard(self._name)
                with zstandard.ZstdCompressor().stream_writer(raw, closefd=False) as out:
                    _copy(spool, out)
            else:
                make = {
                    "gz": lambda f: gzip.GzipFile(fileobj=f, mode="wb", mtime=0),
                    "bz2": lambda f: bz2.BZ2File(f, "wb"),
                    "xz": lambda f: lzma.LZMAFile(f, "wb"),
                }[self._kind]
                with make(raw) as out:
                    _copy(spool, out)
            raw.flush()
        finally:
            raw.close()
        spool.seek(0, io.SEEK_END)

    def close(self) -> None:
        try:
            super().close()
        finally:
            fd, self._fd = self._fd, -1
            if fd >= 0:
                os.close(fd)


def _copy(source: IO[bytes], target: Any) -> None:
    while True:
        chunk = source.read(1 << 20)
        if not chunk:
            return
        target.write(chunk)
