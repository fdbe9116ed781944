"""The run summary: one line for people, a JSON object for scripts.

>>> from cleantext.runner import Summary
>>> s = Summary()
>>> s.counts.update(records=3, chars_in=1000, chars_out=600, empty_outputs=1, bytes_in=1_200_000)
>>> line(s, 2.5)
'3 records, 1.2 MB in, 40.0% of characters removed, 1 empty output(s), 2.5 s'
"""

from __future__ import annotations

import time
from typing import Any

from cleantext.runner import SUMMARY_KEYS, Summary

__all__ = ["Clock", "as_dict", "line"]


class Clock:
    """Seconds since it was made."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def seconds(self) -> float:
        return time.monotonic() - self.start


def _share(summary: Summary) -> float:
    chars_in = summary.counts["chars_in"]
    return 100 * (1 - summary.counts["chars_out"] / chars_in) if chars_in else 0.0


def line(summary: Summary, seconds: float) -> str:
    """``N records, X MB in, Y% of characters removed, Z empty output(s), S s`` (documents for text input)."""
    c = summary.counts
    units = []
    if c["records"] or not c["documents"]:
        units.append(f"{c['records']:,} records")
    if c["documents"]:
        units.append(f"{c['documents']:,} documents")
    return (
        f"{', '.join(units)}, {c['bytes_in'] / 1e6:,.1f} MB in, {_share(summary):.1f}% of characters removed, "
        f"{c['empty_outputs']:,} empty output(s), {seconds:,.1f} s"
    )


def as_dict(summary: Summary, seconds: float) -> dict[str, Any]:
    """The summary as JSON-ready data: the line's figures, every count, and removals per filter."""
    c = summary.counts
    return {
        "records": c["records"],
        "documents": c["documents"],
        "bytes_in": c["bytes_in"],
        "chars_in": c["chars_in"],
        "chars_out": c["chars_out"],
        "removed_share": round(_share(summary) / 100, 6),
        "empty_outputs": c["empty_outputs"],
        "seconds": round(seconds, 3),
        "counts": {k: c[k] for k in SUMMARY_KEYS},
        "filters": {
            name: {"removals": summary.filter_removals[name], "chars": summary.filter_chars[name]}
            for name in sorted(summary.filter_removals, key=lambda n: -summary.filter_chars[n])
        },
        "failed": list(summary.failed),
    }
