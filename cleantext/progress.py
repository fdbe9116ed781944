"""A one-line progress display on stderr for long runs (records/s and MB/s)."""

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

    def __init__(self, stream: TextIO, every: float = 0.5) -> None:
        self.stream = stream
        self.every = every
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

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        mb = self.bytes / 1e6
        self.stream.write(
            f"\r\x1b[Kcleantext: {self.records:,} records, {mb:,.1f} MB, "
            f"{self.records / elapsed:,.0f} records/s, {mb / elapsed:,.2f} MB/s"
        )
        self.stream.flush()
        self.shown = True
