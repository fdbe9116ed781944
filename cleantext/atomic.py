"""Atomic output: files are written under a temporary name and renamed into place only when
complete, also when SIGINT or SIGTERM arrives (the signal handling here holds them back
while a step must not be cut in two).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any

from cleantext.compression import SpooledCompressedWriter, compression_of
from cleantext.errors import Interrupted

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
