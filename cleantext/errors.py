"""Exceptions raised by cleantext, each naming where the problem is and what to do.

Every error the command line can report, its message and its exit code are listed in
``docs/errors.md``.
"""

from __future__ import annotations

import signal

EXIT_OK = 0
"""Every input was cleaned."""
EXIT_FAILED = 1
"""Some input failed (each failure is named on stderr); the other inputs were processed."""
EXIT_USAGE = 2
"""Bad options or rule files: nothing was read or written."""
EXIT_SIGINT = 128 + signal.SIGINT
"""Interrupted by SIGINT (Ctrl-C): 130. No output file was left half-written."""
EXIT_SIGTERM = 128 + signal.SIGTERM
"""Stopped by SIGTERM: 143. No output file was left half-written."""


class CleantextError(Exception):
    """Base class of cleantext's own errors."""


class InputError(CleantextError):
    """An input could not be read or parsed (names the file and, for JSONL, the line)."""


class BinaryInputError(InputError):
    """An input holds NUL bytes or mostly non-text bytes: it is not text."""


class RuleFileError(CleantextError):
    """A rule file is malformed (names the file, the key and what to do)."""


class RuleTimeoutError(CleantextError):
    """A user-supplied pattern ran past its time limit on some line."""


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: unwind (removing temporary files) and exit ``128 + signum``.

    A subclass of :class:`KeyboardInterrupt` so that code which already cleans up on
    Ctrl-C does the same on SIGTERM.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def signal_name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:  # pragma: no cover - only the two signals above are handled
            return f"signal {self.signum}"
