"""A one-line progress display on stderr for long runs (records/s and MB/s; a percentage and
ETA when the input size is known)."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Counts records and input bytes and redraws one status line at most every ``every`` s.

    >>> import io
    >>> out = io.StringIO()
    >>> p = Progress(out, every=0.0)
    >>> p.add_bytes(2_000_000)
    >>> p.add_records(10)
    >>> p.close()
    >>> "10 records" in out.getvalue() and "2.0 MB" in out.getvalue() and out.getvalue().endswith("\\n")
    True
    """

    def __init__(self, stream: TextIO, every: float = 0.5, total: int | None = None) -> None:
        self.stream = stream
        self.every = every
        self.total = total
        """Input bytes in all (None: unknown); with it the line shows a percentage and an ETA."""
        self.records = 0
        self.bytes = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def add_bytes(self, n: int) -> None:
        self.bytes += n

    def add_records(self, n: int = 1) -> None:
        self.records += n
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._draw(now)

    def clear(self) -> None:
        """Erase the status line (before another message is printed)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        """Draw the final figures and end the line."""
        self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()
        self.shown = False

    def _eta(self, elapsed: float) -> str:
        """``, 42%, ETA 0:13`` when the total is known (and something is done), else ``""``."""
        if not self.total or not self.bytes:
            return ""
        done = min(self.bytes / self.total, 1.0)
        left = int(elapsed * (1 - done) / done + 0.5)
        return f", {100 * done:.0f}%, ETA {left // 60}:{left % 60:02d}"

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        mb = self.bytes / 1e6
        self.stream.write(
            f"\r\x1b[Kcleantext: {self.records:,} records, {mb:,.1f} MB, "
            f"{self.records / elapsed:,.0f} records/s, {mb / elapsed:,.2f} MB/s{self._eta(elapsed)}"
        )
        self.stream.flush()
        self.shown = True
