"""Documents to look at: ``(name, text)`` pairs read from text and JSONL inputs.

Used by ``cleantext report`` and ``cleantext show``, which show documents rather than
rewrite them. A document is a whole text input, or one JSONL record's field (named
``FILE:LINE``, or by ``id_field``). Problems are reported through ``fail`` and the
reading goes on with the next record or input.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from cleantext import fields
from cleantext import records as _records
from cleantext.errors import InputError
from cleantext.runner import Options, Runner, format_of

__all__ = ["documents"]


def documents(
    names: Sequence[str],
    opts: Options,
    *,
    say: Callable[[str], None],
    fail: Callable[[str, str], None],
    limit: int | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield ``(name, text)`` for each document of ``names`` (``-`` is stdin), at most ``limit``.

    ``fail(input, message)`` hears about inputs that cannot be read and bad JSONL lines.
    """
    with Runner(None, opts, say) as reader:  # type: ignore[arg-type]  # only its input side is used
        yield from _documents(reader, names, opts, fail, limit)


def _documents(
    reader: Runner, names: Sequence[str], opts: Options, fail: Callable[[str, str], None], limit: int | None
) -> Iterator[tuple[str, str]]:
    seen = 0
    for name in names:
        label = "<stdin>" if name == "-" else name
        try:
            stream = reader._open(name)
        except InputError as exc:
            fail(label, str(exc))
            continue
        try:
            for where, raw, lineno, error, _original in reader.units(name, stream, format_of(name, opts.fmt)):
                if limit is not None and seen >= limit:
                    return
                if error is not None:
                    fail(label, error)
                    continue
                if lineno is None:
                    seen += 1
                    yield where, raw
                    continue
                if not raw.strip():
                    continue
                literals = _records.Literals()  # a 5,000-digit number is no reason to skip a record
                obj, problem, _kind = _records.parse_record(raw, opts.field, where, literals)
                if obj is None:
                    fail(label, problem or f"{where}: bad record")
                    continue
                if opts.id_field:
                    value, found = fields.lookup(obj, opts.id_field)
                    if found:
                        shown = value.text if isinstance(value, _records.Number) else value
                        where = f"{where} (id {shown})"
                seen += 1
                yield where, fields.lookup(obj, opts.field)[0]
        except InputError as exc:
            fail(label, str(exc))
        finally:
            if name != "-":
                with contextlib.suppress(OSError):
                    stream.close()
