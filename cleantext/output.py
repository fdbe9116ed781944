"""Where output goes, safely: regular files atomically, devices and pipes directly, links never silently.

:func:`open_output` looks at what is at an output path *without following a symlink*:

* nothing yet, or a regular file: written atomically (:class:`~cleantext.atomic.AtomicOutput`,
  a temporary file renamed over the path);
* a character device (``/dev/null``, a terminal), a FIFO or a socket: opened and written
  directly, as shell redirection would, never replaced;
* ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``: that descriptor, as it is (so
  ``-o /dev/stdout >> log`` appends);
* a symlink: refused, unless ``follow_symlinks`` (then what it points to is treated as above);
* a directory or a block device: refused.

Every write error (a full disk, ``ulimit -f``, an I/O error) becomes an :class:`OutputError`
naming the output; a broken pipe stays a :class:`BrokenPipeError` (the reader went away).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cleantext.atomic import AtomicOutput, text_writer
from cleantext.errors import CleantextError
from cleantext.lazy import lazy

__all__ = [
    "Output",
    "OutputError",
    "SideOutput",
    "descriptor_of",
    "file_identity",
    "input_kind",
    "open_output",
    "same_place",
]

_FD_PATH = lazy(re.compile)(r"/(?:dev/fd|proc/self/fd)/(\d+)")
_STD_PATHS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


class OutputError(CleantextError):
    """An output could not be opened or written (names it, says why and what to do)."""


def descriptor_of(path: str) -> int | None:
    """The file descriptor a path such as ``/dev/stdout`` or ``/dev/fd/3`` names, else None.

    >>> descriptor_of("/dev/stdout"), descriptor_of("/proc/self/fd/7"), descriptor_of("out.txt")
    (1, 7, None)
    """
    if path in _STD_PATHS:
        return _STD_PATHS[path]
    match = _FD_PATH.fullmatch(path)
    return int(match.group(1)) if match else None


def file_identity(path: str | Path | int) -> tuple[int, int] | None:
    """``(device, inode)`` of the regular file at ``path`` (symlinks followed) or open as descriptor
    ``path``; None for anything else (a device, a FIFO, nothing): the same pair is the same file.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as fh:
    ...     file_identity(fh.name) == file_identity(fh.fileno()) != None
    True
    """
    try:
        st = os.fstat(path) if isinstance(path, int) else os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def same_place(a: str | Path, b: str | Path) -> bool:
    """Whether writing ``a`` would replace what ``b`` names: the same regular file (also through
    a hard link or a symlink), or, where nothing is yet, the same path once resolved. Devices
    and FIFOs are never the same place (writing one does not replace the other).

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> same_place(os.path.join(folder, "new.txt"), os.path.join(folder, ".", "new.txt"))
    True
    """
    mine, theirs = file_identity(a), file_identity(b)
    if mine is not None or theirs is not None:
        return mine == theirs
    if os.path.lexists(a) or os.path.lexists(b):  # a device, a FIFO, a folder: written as it is
        return False
    return os.path.realpath(a) == os.path.realpath(b)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def input_kind(path: str) -> str | None:
    """Why ``path`` cannot be rewritten in place (``"a FIFO"``…), or None for a regular file
    (symlinks followed) or a path that does not exist (reading it will say so)."""
    if descriptor_of(path) is not None:
        return "a standard stream"
    try:
        st = os.stat(path)
    except OSError:
        return None
    return None if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)


def _hint(exc: OSError) -> str:
    if exc.errno == errno.EBADF:  # `-o /dev/stdin`, or a descriptor open for reading only
        return f"{exc.strerror or exc}; is that descriptor open for writing?"
    if exc.errno in (errno.EACCES, errno.EPERM):  # renaming over another user's file in a sticky folder, say
        return f"{exc.strerror or exc}; check the permissions of the file and of its folder"
    return f"{exc.strerror or exc}; check the disk has space, the file size limit (ulimit -f) and the device"


class Output:
    """A text stream for one output: write errors become :class:`OutputError` naming ``label``.

    ``seekable`` outputs (the temporary file of an atomic write) can drop what was written
    since a :meth:`mark` with :meth:`rollback`. A ``shared`` output receives every input
    (stdout, ``-o FILE``): a write error on it ends the run rather than one input.
    """

    def __init__(self, stream: IO[str], label: str, *, seekable: bool = False, shared: bool = False) -> None:
        self.stream = stream
        self.label = label
        self.seekable = seekable
        self.shared = shared

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"{self.label}: cannot write: {_hint(exc)}")

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def flush(self) -> None:
        """Hand everything written to the operating system (and below it, for a buffered stream)."""
        try:
            self.stream.flush()
            buffer = getattr(self.stream, "buffer", None)
            if buffer is not None:
                buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def mark(self) -> int | None:
        """Where the output is now (for :meth:`rollback`); None if it cannot be rolled back."""
        if not self.seekable:
            return None
        try:
            return self.stream.tell()
        except OSError as exc:
            raise self._error(exc) from None

    def rollback(self, mark: int | None) -> None:
        if mark is not None:
            with contextlib.suppress(OSError, ValueError):
                self.stream.seek(mark)
                self.stream.truncate()


@contextlib.contextmanager
def _atomic(path: Path, errors: str, label: str) -> Iterator[Output]:
    try:
        atomic = AtomicOutput(path, errors, follow_symlinks=False)
        fh = atomic.__enter__()
    except OSError as exc:
        raise OutputError(
            f"{label}: cannot write: {exc.strerror or exc}; check the folder exists, is writable and has space"
        ) from None
    out = Output(fh, label, seekable=True)
    try:
        yield out
    except BaseException as exc:
        atomic.__exit__(type(exc), exc, exc.__traceback__)
        raise
    try:
        atomic.__exit__(None, None, None)
    except OSError as exc:
        raise OutputError(f"{label}: cannot write: {_hint(exc)}") from None


@contextlib.contextmanager
def _direct(fd: int, errors: str, label: str) -> Iterator[Output]:
    fh = text_writer(fd, errors)
    out = Output(fh, label)
    try:
        yield out
        out.flush()
    finally:
        with contextlib.suppress(OSError, ValueError):
            fh.close()


def _open_direct(path: str, label: str, follow: bool) -> int:
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(path, flags)
    except OSError as exc:
        raise OutputError(f"{label}: cannot open for writing: {exc.strerror or exc}; check the path") from None


def open_output(path: str | Path, errors: str = "strict", *, follow_symlinks: bool = False) -> Any:
    """A context manager giving an :class:`Output` for ``path`` (see the module docstring).

    A regular file is only replaced when the block ends without an exception; on an
    exception the temporary file is removed and the path is left as it was.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "real.txt").write_text("keep")
    4
    >>> (folder / "link.txt").symlink_to("real.txt")
    >>> try:
    ...     open_output(folder / "link.txt")
    ... except OutputError as exc:
    ...     print(str(exc).split(": ", 1)[1][:36])
    is a symbolic link, which is not fol
    >>> with open_output(folder / "new.txt") as out:
    ...     _ = out.write("done")
    >>> sorted(p.name for p in folder.iterdir())
    ['link.txt', 'new.txt', 'real.txt']
    """
    label = str(path)
    fd = descriptor_of(label)
    if fd is not None:
        try:
            return _direct(os.dup(fd), errors, label)
        except OSError as exc:
            raise OutputError(f"{label}: cannot write: {exc.strerror or exc}; is that descriptor open?") from None
    target = Path(path)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return _atomic(target, errors, label)
    except OSError as exc:
        raise OutputError(f"{label}: cannot write: {exc.strerror or exc}; check the path") from None
    if stat.S_ISLNK(st.st_mode):
        if not follow_symlinks:
            raise OutputError(
                f"{label}: is a symbolic link, which is not followed (a planted link could overwrite another "
                "file); remove it, or pass --follow-symlinks to write to the file it points to"
            )
        target = Path(os.path.realpath(target))
        try:
            st = os.stat(target)
        except FileNotFoundError:
            return _atomic(target, errors, label)
        except OSError as exc:
            raise OutputError(f"{label}: cannot write: {exc.strerror or exc}; check the link") from None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return _atomic(target, errors, label)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        fd = _open_direct(str(target), label, follow_symlinks)
        if stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a regular file meanwhile
            os.close(fd)
            return _atomic(target, errors, label)
        return _direct(fd, errors, label)
    raise OutputError(
        f"{label}: is {_kind(mode)}; cleantext writes to files, character devices, FIFOs and sockets only; name a file"
    )


class _Discard(Exception):
    """The side output failed or the run stopped: what was written is dropped."""


class SideOutput:
    """A side output (explanations, the stats, a report), opened as :func:`open_output` opens
    any output: a planted symlink is refused, a device or FIFO is written directly.

    Opening raises :class:`OutputError`. A write error is kept rather than raised, so that
    the run goes on; :meth:`close` finishes the output (a regular file appears only now, and
    only when every write succeeded) and returns what went wrong, or None.

    >>> import tempfile, pathlib, os
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> side = SideOutput(folder / "stats.json")
    >>> side.write("{}\\n")
    >>> side.close(), (folder / "stats.json").read_text()
    (None, '{}\\n')
    """

    def __init__(self, path: str | Path, errors: str = "strict", *, follow_symlinks: bool = False) -> None:
        self.label = str(path)
        self.error: str | None = None
        self._context: Any = open_output(path, errors, follow_symlinks=follow_symlinks)
        self._out: Output = self._context.__enter__()

    def write(self, text: str) -> None:
        if self.error is not None or self._context is None:
            return
        try:
            self._out.write(text)
        except OutputError as exc:
            self.error = str(exc)
        except BrokenPipeError:
            self.error = self._reader_gone()

    def _reader_gone(self) -> str:
        return f"{self.label}: cannot write: its reader went away (broken pipe)"

    def close(self, exc: BaseException | None = None) -> str | None:
        """Finish the output (discard it when ``exc`` is given or a write failed); the error, or None."""
        context, self._context = self._context, None
        if context is None:
            return self.error
        if exc is None and self.error is None:
            try:
                context.__exit__(None, None, None)
            except OutputError as error:
                self.error = str(error)
            except BrokenPipeError:
                self.error = self._reader_gone()
            return self.error
        drop = exc if exc is not None else _Discard()
        with contextlib.suppress(Exception):
            context.__exit__(type(drop), drop, None)
        return self.error
