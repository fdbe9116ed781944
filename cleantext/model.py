"""The fitted content model: a per-line score that is a sum of named contributions, and a
two-state sequence decision over the lines.

A line's **score** is the model's bias plus, for every feature of
:mod:`cleantext.filters.content_features`, a contribution read off that feature's step
function (its value between two fitted cuts: boosted decision stumps, folded per feature):
the log-odds that the line is article body. Each term is a *contribution* that
:meth:`ContentModel.contributions` names, so a decision can be explained.

The **decision** is a Viterbi pass over the page's live lines with two states, body and
boilerplate: a line in the body state earns ``score - threshold``, one in the boilerplate
state earns nothing, and each change of state costs ``enter`` (boilerplate to body) or
``leave`` (body to boilerplate). A short heading between two paragraphs stays (leaving and
coming back costs more than the heading's negative score), and a lone prose line in a
footer goes (entering and leaving costs more than it earns). Section walls ("Related",
"34 comments") are hard boundaries: the state is boilerplate on a wall, and only the body
lines between the two walls around the strongest body stretch are kept.

Presets move the one ``threshold``. The weights, thresholds and costs are fitted
(``benchmarks/fit_content.py``, docs/model.md) and stored in
``cleantext/data/content_model.json``.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from itertools import accumulate, repeat
from operator import add, sub
from pathlib import Path
from typing import Any

FORMAT = 1
"""Version of the model file's layout."""


@dataclass(frozen=True)
class ContentModel:
    """Weights of the line score and costs of the sequence decision (see the module docstring)."""

    features: tuple[str, ...]
    cuts: tuple[tuple[float, ...], ...]
    """``cuts[j]``: the ascending values where feature ``j``'s contribution changes."""
    values: tuple[tuple[float, ...], ...]
    """``values[j][b]``: feature ``j``'s contribution for a value with ``b`` cuts at or below it."""
    bias: float
    thresholds: Mapping[str, float]
    enter: float
    leave: float
    min_share: float = 0.0
    """A stretch of body lines is kept only when its lines earn at least this share of what
    the strongest stretch earns."""
    max_gap: int = 0
    """Up to this many lines between two body stretches (a list, a subheading) are body too."""
    provenance: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not len(self.features) == len(self.cuts) == len(self.values):
            raise ValueError("the model needs cuts and values for each of its features")
        for name, cs, vs in zip(self.features, self.cuts, self.values, strict=True):
            if len(vs) != len(cs) + 1 or list(cs) != sorted(cs):
                raise ValueError(f"feature {name!r}: needs ascending cuts and one value more than cuts")
        missing = {"precision", "balanced", "recall"} - set(self.thresholds)
        if missing:
            raise ValueError(f"the model has no threshold for preset(s) {', '.join(sorted(missing))}")

    # -- scoring -------------------------------------------------------------------------
    def scores(self, columns: Mapping[str, Sequence[float]], n: int) -> array[float]:
        """The score of each of ``n`` lines whose features are ``columns`` (name → values),
        as an ``array('d')`` (8 bytes a line, not a float object each: pages of a million lines)."""
        out = array("d", [self.bias]) * n
        contributions = getattr(columns, "contributions", None)  # a content table's fast path
        for name, cs, vs in zip(self.features, self.cuts, self.values, strict=True):
            if not cs:
                continue
            if contributions is not None:
                out = array("d", map(add, out, contributions(name, cs, vs)))
                continue
            col = columns[name]
            if len(col) != n:
                raise ValueError(f"feature {name!r} has {len(col)} values for {n} lines")
            out = array("d", map(add, out, steps(col, cs, vs)))
        return out

    def contribution(self, name: str, value: float) -> float:
        """Feature ``name``'s contribution to the score of a line where it is ``value``."""
        j = self.features.index(name)
        return self.values[j][bisect_right(self.cuts[j], value)]

    def contributions(self, row: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each feature's share of one line's score (``row``: name → value), largest in size first."""
        terms = [(name, self.contribution(name, row[name])) for name in self.features]
        return sorted((t for t in terms if t[1]), key=lambda t: (-abs(t[1]), t[0]))

    def threshold(self, preset: str) -> float:
        """The decision threshold of ``preset``."""
        return self.thresholds[preset]

    # -- decision ------------------------------------------------------------------------
    def decide(self, scores: Sequence[float], walls: Sequence[int], threshold: float) -> list[bool]:
        """Which lines are body: :func:`viterbi` over ``scores - threshold``, then only the
        stretch between the walls around the strongest body (``walls[k]``: a wall stands
        right before line ``k``)."""
        return decide(scores, walls, threshold, self.enter, self.leave, self.min_share, self.max_gap)

    # -- files ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The model as the JSON object of its file (see :meth:`save`)."""
        return {
            "format": FORMAT,
            "features": list(self.features),
            "shapes": {
                f: {"cuts": list(c), "values": list(v)}
                for f, c, v in zip(self.features, self.cuts, self.values, strict=True)
            },
            "bias": self.bias,
            "thresholds": dict(sorted(self.thresholds.items())),
            "transitions": {"enter": self.enter, "leave": self.leave},
            "min_share": self.min_share,
            "max_gap": self.max_gap,
            "provenance": dict(self.provenance),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContentModel:
        """The model held by a JSON object written by :meth:`to_dict`."""
        if data.get("format") != FORMAT:
            raise ValueError(f"content model format {data.get('format')!r} is not {FORMAT}: refit the model")
        features = tuple(data["features"])
        shapes = data["shapes"]
        return cls(
            features=features,
            cuts=tuple(tuple(float(c) for c in shapes[f]["cuts"]) for f in features),
            values=tuple(tuple(float(v) for v in shapes[f]["values"]) for f in features),
            bias=float(data["bias"]),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            enter=float(data["transitions"]["enter"]),
            leave=float(data["transitions"]["leave"]),
            min_share=float(data["min_share"]),
            max_gap=int(data["max_gap"]),
            provenance=data.get("provenance", {}),
        )

    def dumps(self) -> str:
        """The model file's text: sorted, indented JSON, the same for the same model."""
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` (JSON)."""
        Path(path).write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> ContentModel:
        """Read a model file written by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ValueError(f"cannot read content model {path}: {e}") from None
        return cls.from_dict(data)


def steps(column: Iterable[float], cuts: Sequence[float], values: Sequence[float]) -> Iterable[float]:
    """``values[bisect_right(cuts, x)]`` for each ``x`` of ``column``: a feature's contribution
    to each line's score (one step of the function per line, looked up without a Python call
    per line)."""
    if len(cuts) == 1:
        (cut,), (low, high) = cuts, values
        return [high if x >= cut else low for x in column]
    return map(values.__getitem__, map(partial(bisect_right, cuts), column))


@cache
def default_model() -> ContentModel:
    """The bundled model (``cleantext/data/content_model.json``), read once."""
    text = resources.files("cleantext.data").joinpath("content_model.json").read_text("utf-8")
    return ContentModel.from_dict(json.loads(text))


def decide(
    scores: Sequence[float],
    walls: Sequence[int],
    threshold: float,
    enter: float,
    leave: float,
    min_share: float = 0.0,
    max_gap: int = 0,
) -> list[bool]:
    """The decision of :meth:`ContentModel.decide` with its parameters spelled out (the
    fitting code searches over them): :func:`viterbi`, :func:`main_segment`,
    :func:`strong_stretches`, :func:`fill_gaps`, then :func:`merge_runs`."""
    gains = array("d", map(sub, scores, repeat(threshold)))  # as the scores: no float object per line
    body = viterbi(gains, walls, enter, leave)
    body = fill_gaps(strong_stretches(main_segment(body, gains, walls), gains, min_share), walls, max_gap)
    return merge_runs(body, gains, walls)


def viterbi(gains: Sequence[float], walls: Sequence[int], enter: float, leave: float) -> list[bool]:
    """The best body/boilerplate labelling of lines earning ``gains[k]`` as body (0 as
    boilerplate), each change of state costing ``enter`` or ``leave``. A wall before line
    ``k`` forces the boilerplate state between lines ``k - 1`` and ``k``.

    >>> viterbi([-1, 3, -0.5, 2, -3, -3, 1], [0] * 7, 1.0, 1.0)
    [False, True, True, True, False, False, False]
    >>> viterbi([2, 2, 2], [0, 0, 1], 0.5, 0.5)
    [True, True, True]
    """
    n = len(gains)
    if n == 0:
        return []
    # The best totals of the lines so far ending in boilerplate (out) and in body (in);
    # a page starts in boilerplate.
    out_best, in_best = 0.0, gains[0] - enter
    # Per line after the first, two bits: 1 when out came from in, 2 when in came from in (a
    # byte per line, not a tuple: pages of a million lines).
    back = bytearray(n - 1)
    for k in range(1, n):
        stay_in = in_best - (leave + enter if walls[k] else 0.0)
        come_in = out_best - enter
        go_out = in_best - leave
        out_from_in = go_out > out_best
        in_from_in = stay_in >= come_in
        back[k - 1] = out_from_in | in_from_in << 1
        out_best, in_best = (go_out if out_from_in else out_best), (stay_in if in_from_in else come_in) + gains[k]
    state = in_best > out_best
    labels = [False] * n
    labels[-1] = state
    for k in range(n - 1, 0, -1):
        state = bool(back[k - 1] & (2 if state else 1))
        labels[k - 1] = state
    return labels


def main_segment(body: list[bool], gains: Sequence[float], walls: Sequence[int]) -> list[bool]:
    """``body`` with only the stretch between two walls whose body lines earn the most.
    Body after a comments wall (``walls[k] == 2``) counts only when none stands before it.

    >>> main_segment([True, True, True, True], [1, 1, 5, 1], [0, 0, 1, 0])
    [False, False, True, True]
    >>> main_segment([True, True, True, True], [1, 1, 5, 1], [0, 0, 2, 0])
    [True, True, False, False]
    """
    n = len(body)
    if not any(walls[1:]):
        return body
    end = n
    body_before = False  # any(body[:k]), kept as k grows: no slice per comments wall
    for k in range(1, n):
        body_before = body_before or body[k - 1]
        if walls[k] == 2 and body_before:
            end = k
            break
    best, best_total, start, total = (0, 0), float("-inf"), 0, 0.0
    for k in range(end + 1):
        if k == end or (k and walls[k]):
            if total > best_total:
                best, best_total = (start, k), total
            start, total = k, 0.0
        if k < end and body[k]:
            total += gains[k]
    lo, hi = best
    return [b and lo <= k < hi for k, b in enumerate(body)]


def strong_stretches(body: list[bool], gains: Sequence[float], min_share: float) -> list[bool]:
    """``body`` without the stretches of consecutive body lines that earn less than
    ``min_share`` of the strongest stretch.

    >>> strong_stretches([True, True, False, True, False, True], [3, 2, -1, 1, -1, 4], 0.5)
    [True, True, False, False, False, True]
    """
    if min_share <= 0:
        return body
    stretches: list[tuple[int, int, float]] = []
    k, n = 0, len(body)
    while k < n:
        if not body[k]:
            k += 1
            continue
        start, total = k, 0.0
        while k < n and body[k]:
            total += gains[k]
            k += 1
        stretches.append((start, k, total))
    if len(stretches) < 2:
        return body
    top = max(t for _, _, t in stretches)
    out = list(body)
    for s, e, t in stretches:
        if t < min_share * top:
            out[s:e] = [False] * (e - s)
    return out


def fill_gaps(body: list[bool], walls: Sequence[int], max_gap: int) -> list[bool]:
    """``body`` with every run of at most ``max_gap`` non-body lines between two body lines
    (and no wall inside it) made body.

    >>> fill_gaps([True, False, False, True, False, False, False, True], [0] * 8, 2)
    [True, True, True, True, False, False, False, True]
    """
    if max_gap <= 0:
        return body
    out = list(body)
    last = -1  # the last body line seen
    for k, b in enumerate(body):
        if b:
            if 0 <= last < k - 1 and k - last - 1 <= max_gap and not any(walls[last + 1 : k + 1]):
                out[last + 1 : k] = [True] * (k - last - 1)
            last = k
    return out


def merge_runs(body: list[bool], gains: Sequence[float], walls: Sequence[int]) -> list[bool]:
    """``body`` with the lines between two body stretches made body when the stretches and the
    gap together earn more than either stretch alone (the gap costs less than each earns), and
    no wall stands in the gap: a list or a run of subheadings inside the article stays.

    >>> merge_runs([True, False, False, True], [5, -2, -2, 6], [0] * 4)
    [True, True, True, True]
    >>> merge_runs([True, False, False, True], [5, -2, -2, 3], [0] * 4)
    [True, False, False, True]
    """
    n = len(body)
    prefix = array("d", [0.0])  # no float object per line
    prefix.extend(accumulate(gains))
    wall_count = [0, *accumulate(1 if w else 0 for w in walls)]
    stack: list[tuple[int, int, float]] = []  # (start, end, total) of the stretches so far
    k = 0
    while k < n:
        if not body[k]:
            k += 1
            continue
        start = k
        while k < n and body[k]:
            k += 1
        cur = (start, k, prefix[k] - prefix[start])
        while stack:
            s0, e0, t0 = stack[-1]
            gap = prefix[cur[0]] - prefix[e0]
            if wall_count[cur[0] + 1] - wall_count[e0] or gap + min(t0, cur[2]) <= 0:
                break
            stack.pop()
            cur = (s0, cur[1], t0 + gap + cur[2])
        stack.append(cur)
    out = [False] * n
    for s0, e0, _ in stack:
        out[s0:e0] = [True] * (e0 - s0)
    return out
