"""JSONL records: parsing a line into a record and its text field, finding that field in
the raw line, and writing records and strings back as JSON.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any, Literal

from cleantext.fields import lookup
from cleantext.lazy import lazy

SURROGATE = lazy(re.compile)("[\ud800-\udfff]")
"""A surrogate code point: only surrogate escapes of undecodable bytes put one in text."""
OnError = Literal["fail", "skip", "keep"]
"""What to do with a JSONL line that is not a record with a string field."""

_JSON_KINDS = {bool: "boolean", int: "number", float: "number", str: "string", dict: "object", list: "array"}


def _json_kind(value: Any) -> str:
    """The JSON name of a parsed value's type ("null", "number", "array"…)."""
    if isinstance(value, Number):
        return "number"
    return "null" if value is None else _JSON_KINDS.get(type(value), "value")


class Number(str):
    """A number of a record that JSON would not write back as it came (``1e5``, ``1e400``, a
    5,000-digit integer, a long decimal), kept as its literal text: the string itself is a
    placeholder that :meth:`Literals.restore` turns back into ``text``."""

    text: str


class Literals:
    """The numbers of one parsed record kept as they were written (see :class:`Number`).

    >>> literals = Literals()
    >>> obj = json.loads('{"a": 1e5, "b": 2, "c": -0}', parse_int=literals.parse_int, parse_float=literals.parse_float)
    >>> obj["b"], literals.restore(json.dumps(obj))
    (2, '{"a": 1e5, "b": 2, "c": -0}')
    """

    def __init__(self) -> None:
        self.tag = secrets.token_hex(8)
        self.texts: list[str] = []

    def _keep(self, literal: str) -> Number:
        number = Number(f"\x00{self.tag}:{len(self.texts)}\x00")
        number.text = literal
        self.texts.append(literal)
        return number

    def parse_int(self, literal: str) -> int | Number:
        if len(literal) < 4000:  # Python's int() refuses 4,300 digits and more
            value = int(literal)
            if str(value) == literal:
                return value
        return self._keep(literal)

    def parse_float(self, literal: str) -> float | Number:
        value = float(literal)
        return value if json.dumps(value) == literal else self._keep(literal)

    def restore(self, line: str) -> str:
        """``line`` (JSON written from the record) with each number as it was written."""
        if not self.texts:
            return line
        return re.sub(rf'"\\u0000{self.tag}:(\d+)\\u0000"', lambda m: self.texts[int(m.group(1))], line)


def parse_record(
    raw: str, field: str, where: str, literals: Literals | None = None
) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """Parse one JSONL line: ``(object, error message, error kind)``; ``field`` may be dotted (``meta.body``).

    Kinds: ``malformed`` (not JSON), ``not_object``, ``missing_field``, ``not_string``. With
    ``literals``, numbers that JSON would not write back as they came are kept as
    :class:`Number` placeholders (written back by :func:`dump_record` with the same ``literals``).
    """
    try:
        if literals is None:
            obj = json.loads(raw)
        else:
            obj = json.loads(raw, parse_int=literals.parse_int, parse_float=literals.parse_float)
    except (ValueError, RecursionError) as exc:
        return (None, *_not_json(where, exc))
    if not isinstance(obj, dict):
        return (None, *_not_object(where, obj))
    value, found = lookup(obj, field)  # `meta.body` is a dotted path
    problem = _field_problem(where, field, value, found)
    if problem is not None:
        return (None, *problem)
    return obj, None, None


def _not_json(where: str, exc: BaseException) -> tuple[str, str]:
    """The message and kind of a line that is not JSON (``exc``: what the decoder raised)."""
    reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
    if len(reason) > 200:
        reason = reason[:197] + "..."
    return f"{where}: not valid JSON ({reason}); fix the line or pass --on-error keep|skip", "malformed"


def _not_object(where: str, obj: Any) -> tuple[str, str]:
    """The message and kind of a line holding JSON that is not an object."""
    return (
        f"{where}: a JSON {_json_kind(obj)}, not an object; each line must be an object, or pass --on-error keep|skip",
        "not_object",
    )


def _field_problem(where: str, field: str, value: Any, found: bool) -> tuple[str, str] | None:
    """The message and kind when the record's ``field`` is missing or not a string, else None."""
    if not found:
        return (
            f"{where}: no field {field!r}; name the text field with --field, or pass --on-error keep|skip",
            "missing_field",
        )
    if not isinstance(value, str) or isinstance(value, Number):
        return (
            f"{where}: field {field!r} is a JSON {_json_kind(value)}, not a string; pass --on-error keep|skip",
            "not_string",
        )
    return None


def _number(literal: str) -> int:
    return 0  # only the field's value is needed: numbers are left as their text in the line


# Numbers and NaN/Infinity are not converted (a 5,000-digit integer is no error): the line
# keeps them as they came.
_DECODER = json.JSONDecoder(parse_int=_number, parse_float=_number, parse_constant=_number)
_SPACE = lazy(re.compile)(r"[ \t\n\r]*")


def _field_span(raw: str, field: str) -> tuple[Any, int, int] | None:
    """``(value, start, end)`` of the last top-level ``field`` of the JSON object ``raw``;
    ``(None, -1, -1)`` if the object lacks it; None if ``raw`` is not one valid JSON object."""
    space = _SPACE.match
    scan = _DECODER.scan_once
    found: tuple[Any, int, int] = (None, -1, -1)
    i = space(raw, 0).end()
    if raw[i : i + 1] != "{":
        return None
    i = space(raw, i + 1).end()
    if raw[i : i + 1] == "}":
        i += 1
    else:
        while True:
            if raw[i : i + 1] != '"':
                return None
            key, i = json.decoder.scanstring(raw, i + 1)  # type: ignore[attr-defined]
            i = space(raw, i).end()
            if raw[i : i + 1] != ":":
                return None
            i = space(raw, i + 1).end()
            value, end = scan(raw, i)
            if key == field:
                found = (value, i, end)  # a duplicate key: the last one wins, as in jq
            i = space(raw, end).end()
            if raw[i : i + 1] == ",":
                i = space(raw, i + 1).end()
                continue
            if raw[i : i + 1] == "}":
                i += 1
                break
            return None
    return found if space(raw, i).end() == len(raw) else None


def locate_field(raw: str, field: str, where: str) -> tuple[tuple[str, int, int] | None, str | None, str | None]:
    """Find the string ``field`` in the JSONL line ``raw``: ``((value, start, end), None, None)``
    or ``(None, error message, error kind)``, the kinds as for :func:`parse_record`.

    ``raw[start:end]`` is the value's JSON text, so that only it need change: every other
    byte of the line (numbers, escapes, spacing, key order, duplicate keys) stays as it came.

    >>> locate_field('{"n": 1e400, "text": "a\\u00e9"}', "text", "x:1")
    (('aé', 21, 25), None, None)
    """
    if "\x00" in raw:
        return (
            None,
            f"{where}: holds a NUL byte, which is not valid JSON; fix the line or pass --on-error keep|skip",
            "malformed",
        )
    try:
        span = _field_span(raw, field)
    except (ValueError, StopIteration, RecursionError):
        span = None
    if span is None:
        # Not one valid object: parse it again for json's own description of the fault.
        try:
            obj = _DECODER.decode(raw)
        except (ValueError, RecursionError) as exc:
            return (None, *_not_json(where, exc))
        if not isinstance(obj, dict):
            return (None, *_not_object(where, obj))
        return None, f"{where}: not valid JSON; fix the line or pass --on-error keep|skip", "malformed"
    value, start, end = span
    problem = _field_problem(where, field, value, start >= 0)
    if problem is not None:
        return (None, *problem)
    return (value, start, end), None, None


def dump_string(text: str) -> str:
    """``text`` as a JSON string for a JSONL line: UTF-8 as is, lone surrogates as ``\\udcXX``,
    and U+2028, U+2029 and U+0085 (line ends to some readers) as ``\\u`` escapes.

    >>> dump_string("a\u2028b")
    '"a\\\\u2028b"'
    """
    if SURROGATE.search(text):
        return json.dumps(text)
    line = json.dumps(text, ensure_ascii=False)
    if not line.isascii():
        for ch, esc in _LINE_BREAKERS.items():
            if ch in line:
                line = line.replace(ch, esc)
    return line


_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def dump_record(obj: dict[str, Any], literals: Literals | None = None) -> str:
    """One JSONL line for ``obj``: UTF-8 text as is, unless it holds lone surrogates.

    U+2028, U+2029 and U+0085, which some line readers take for line ends, are escaped.
    With the ``literals`` of :func:`parse_record`, numbers come back as they were written.

    >>> dump_record({"text": "a\\u2028b", "n": 1})
    '{"text": "a\\\\u2028b", "n": 1}'
    """
    line = json.dumps(obj, ensure_ascii=False)
    if not line.isascii():
        if SURROGATE.search(line):
            line = json.dumps(obj)
        else:
            for ch, esc in _LINE_BREAKERS.items():
                if ch in line:
                    line = line.replace(ch, esc)
    return literals.restore(line) if literals is not None else line
