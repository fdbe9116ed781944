"""Annotations instead of deletion: removals as spans over the input, and applying them later.

:func:`spans` runs a pipeline and returns its removals as ``[start, end, filter, rule]``
lists whose offsets are **characters (code points) of the input string**, the text as it
was given, before any normalisation (Python ``str`` indices, not bytes). :func:`apply`
turns the input and its spans into exactly what :meth:`Pipeline.clean` returns:

>>> import cleantext
>>> page = "Advertisement\\n\\nThe vote\\u00a0passed on Monday after a long debate.\\n"
>>> marks = spans(page)
>>> marks
[[0, 13, 'ads', 'ads.label']]
>>> page[0:13]
'Advertisement'
>>> apply(page, marks) == cleantext.clean(page)
True

The text filters (``normalize``) change characters (non-breaking spaces, line ends,
mojibake), so the input is aligned with the normalised text and each removal is mapped
back to the input characters it came from. :func:`apply` normalises the input again with
the same pipeline's text filters, maps the spans forward, drops the lines they cover,
cuts the parts of lines they cover, and joins what is left as ``clean`` does.
"""

from __future__ import annotations

import difflib
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from cleantext.document import Document
from cleantext.filters.base import kind_of
from cleantext.pipeline import Pipeline, Result, check_text

__all__ = ["Span", "align", "apply", "spans", "spans_of"]

Span = list[Any]
"""``[start, end, filter, rule]``: input characters ``start:end`` removed by ``filter`` under ``rule``."""

_LOCAL_DIFF_LIMIT = 20_000
"""Longest line pair aligned character by character where they differ beyond whitespace."""


def _skippable(ch: str) -> bool:
    """Whitespace, or a character normalisation may delete (format and control characters)."""
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")


def align(original: str, normalized: str) -> tuple[list[int], list[int]]:
    """For each character ``j`` of ``normalized``, the input range ``starts[j]:ends[j]`` of
    ``original`` it comes from (empty for an inserted character).

    Both lists never decrease. Equal characters map one to one; whitespace and invisible
    characters that normalisation replaced, collapsed or deleted are matched greedily; any
    other difference (a mojibake repair) is aligned up to where the texts agree again, or
    when they do not soon agree, line by line with :mod:`difflib`.

    >>> align("a\\u00a0 b\\r\\n", "a b\\n")
    ([0, 1, 3, 4], [1, 2, 4, 5])
    """
    a, b = original, normalized
    starts: list[int] = []
    ends: list[int] = []
    i = j = 0
    na, nb = len(a), len(b)
    while j < nb:
        if i < na and a[i] == b[j]:
            starts.append(i)
            ends.append(i + 1)
            i += 1
            j += 1
            continue
        bj = b[j]
        if i >= na:
            starts.append(na)
            ends.append(na)
            j += 1
            continue
        ai = a[i]
        if bj.isspace():
            if _skippable(ai):
                if ai.isspace():  # a space or line end replaced by another one
                    starts.append(i)
                    ends.append(i + 1)
                    j += 1
                i += 1
            else:  # inserted (U+2029 becomes two line ends, a final line end is added)
                starts.append(i)
                ends.append(i)
                j += 1
            continue
        if _skippable(ai):  # deleted in the output
            i += 1
            continue
        i, j = _align_lines(a, b, i, j, starts, ends)
    return starts, ends


def _line_end(text: str, at: int, breaks: str) -> int:
    ends = [p for p in (text.find(ch, at) for ch in breaks) if p >= 0]
    return min(ends) if ends else len(text)


_RESYNC_REACH = 24
"""Most characters on either side a local repair (mojibake ``â€™`` for ``’``) may span."""
_RESYNC_AGREE = 8
"""Characters both texts must share after a local repair for it to be taken as its end."""


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    """The nearest ``(i + da, j + db)`` after the difference at ``a[i]``/``b[j]``, within the
    current lines, where both texts agree again for :data:`_RESYNC_AGREE` characters or up
    to both lines' ends, the fewest characters skipped first; ``None`` when there is none
    within :data:`_RESYNC_REACH`."""
    la, lb = _line_end(a, i, "\n\r\u2028\u2029"), _line_end(b, j, "\n")
    for total in range(1, 2 * _RESYNC_REACH + 1):
        for da in range(max(0, total - _RESYNC_REACH), min(total, _RESYNC_REACH) + 1):
            ia, jb = i + da, j + total - da
            if ia > la or jb > lb:
                continue
            size = min(_RESYNC_AGREE, la - ia, lb - jb)
            if a[ia : ia + size] == b[jb : jb + size] and (
                size == _RESYNC_AGREE or (ia + size == la and jb + size == lb)
            ):
                return ia, jb
    return None


def _align_lines(a: str, b: str, i: int, j: int, starts: list[int], ends: list[int]) -> tuple[int, int]:
    """Align a local difference (a mojibake repair) from ``a[i]``/``b[j]``: the characters up
    to where the texts agree again (:func:`_resync`) map to the ones they replace; failing
    that, the rest of the line of ``a`` is aligned with that of ``b`` by :mod:`difflib`."""
    found = _resync(a, b, i, j)
    if found is not None:
        ia, jb = found
        starts.extend([i] * (jb - j))
        ends.extend([ia] * (jb - j))
        return ia, jb
    ia = _line_end(a, i, "\n\r\u2028\u2029")
    jb = _line_end(b, j, "\n")
    left, right = a[i:ia], b[j:jb]
    if len(left) + len(right) > _LOCAL_DIFF_LIMIT:
        opcodes = [("replace", 0, len(left), 0, len(right))]
    else:
        opcodes = difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes()
    for tag, a0, a1, b0, b1 in opcodes:
        for k in range(b1 - b0):
            if tag == "equal":
                starts.append(i + a0 + k)
                ends.append(i + a0 + k + 1)
            else:
                starts.append(i + a0)
                ends.append(i + a1)
    return ia, jb


def _text_filters(pipeline: Pipeline) -> list[Any]:
    return [f for f in pipeline if kind_of(f) == "text"]


def _pipeline(pipeline: Pipeline | None) -> Pipeline:
    if pipeline is not None:
        return pipeline
    import cleantext

    return cleantext._default("balanced")


def spans_of(text: str, result: Result) -> list[Span]:
    """The removals of ``result`` (a :meth:`Pipeline.run` of ``text``) as spans over ``text``."""
    if not result.removed:
        return []
    starts, ends = align(text, result.source)
    return [[starts[r.start], ends[r.end - 1], r.filter, r.rule] for r in result.removed if r.end > r.start]


def spans(text: str, pipeline: Pipeline | None = None) -> list[Span]:
    """What ``pipeline`` (default: the balanced default pipeline) removes from ``text``, as
    ``[start, end, filter, rule]`` spans over ``text``'s characters, in text order."""
    check_text(text, "cleantext.annotate.spans()")
    return spans_of(text, _pipeline(pipeline).run(text))


def apply(text: str, marks: Iterable[Sequence[Any]], pipeline: Pipeline | None = None) -> str:
    """``text`` with the spans ``marks`` (from :func:`spans`, or a JSONL record) taken out,
    joined as :meth:`Pipeline.clean` joins what it keeps.

    ``pipeline`` must have the same text filters as the one that made the spans (the
    default pipeline's ``normalize`` unless you changed it). A span may also be given as
    ``[start, end]``; spans that fall outside the text raise :class:`ValueError`.
    """
    check_text(text, "cleantext.annotate.apply()")
    pipe = _pipeline(pipeline)
    normalized = text
    for f in _text_filters(pipe):
        normalized = f.format(normalized)
    doc = Document.from_text(normalized)
    starts, ends = align(text, normalized)
    cuts: dict[int, list[tuple[int, int, str, str, str]]] = {}
    drops: list[tuple[int, str, str]] = []
    for mark in marks:
        s, e = int(mark[0]), int(mark[1])
        if not 0 <= s <= e <= len(text):
            raise ValueError(f"span {list(mark)!r} is outside the text (0-{len(text)}); was it made for this text?")
        name = str(mark[2]) if len(mark) > 2 else "span"
        rule = str(mark[3]) if len(mark) > 3 else name
        js, je = bisect_left(starts, s), bisect_right(ends, e)
        if je <= js:
            continue
        for i in range(doc._block_at(js), len(doc.lines)):
            start, end = doc.starts[i], doc.ends[i]
            if start >= je:
                break
            lo, hi = max(js, start), min(je, end)
            if hi <= lo:
                continue
            if lo == start and hi == end:
                drops.append((i, name, rule))
            else:
                cuts.setdefault(i, []).append((lo - start, hi - start, name, rule, "span"))
    for index, parts in cuts.items():
        doc.cut(index, parts)
        if _text_filters(pipe) and not doc.is_dropped(index):
            pipe._refit(doc, index)
    for index, name, rule in drops:
        doc.drop(index, name, rule, "span")
    return doc.render()
