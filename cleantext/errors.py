"""Exceptions raised by cleantext, each naming where the problem is and what to do."""

from __future__ import annotations


class CleantextError(Exception):
    """Base class of cleantext's own errors."""


class InputError(CleantextError):
    """An input could not be read or parsed (names the file and, for JSONL, the line)."""


class BinaryInputError(InputError):
    """An input holds NUL bytes: it is not text."""


class RuleFileError(CleantextError):
    """A rule file is malformed (names the file, the key and what to do)."""


class RuleTimeoutError(CleantextError):
    """A user-supplied pattern ran past its time limit on some line."""
