"""JSONL fields named with dots: ``meta.body`` is ``record["meta"]["body"]``.

A key that holds a dot itself (``"meta.body"`` at the top level) wins over the path.

>>> record = {"id": 7, "meta": {"body": "text"}}
>>> lookup(record, "meta.body"), lookup(record, "meta.title"), lookup(record, "id")
(('text', True), (None, False), (7, True))
>>> assign(record, "meta.clean", "done"); record
{'id': 7, 'meta': {'body': 'text', 'clean': 'done'}}
"""

from __future__ import annotations

from typing import Any

__all__ = ["assign", "lookup"]


def lookup(record: dict[str, Any], field: str) -> tuple[Any, bool]:
    """``(value, True)`` for ``field`` of ``record``, or ``(None, False)`` when it is missing."""
    if field in record:
        return record[field], True
    value: Any = record
    for part in field.split("."):
        if not isinstance(value, dict) or part not in value:
            return None, False
        value = value[part]
    return value, True


def assign(record: dict[str, Any], field: str, value: Any) -> None:
    """Set ``field`` of ``record`` to ``value``, creating the objects on a dotted path as needed
    (an existing non-object on the path is replaced)."""
    if field in record or "." not in field:
        record[field] = value
        return
    *parents, last = field.split(".")
    node = record
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value
