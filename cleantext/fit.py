"""Fit the content model on labelled pages (needs numpy: ``pip install 'cleantext-web[fit]'``).

A page to learn from is a record with the page's full text in ``text`` and either ``gold``
(the expected article body) or ``with`` / ``without`` snippets (see :mod:`cleantext.labels`).
:func:`fit_model` runs the filters that come before ``content`` on every page, measures the
content feature table (:func:`~cleantext.filters.content_features.content_table`), labels the
live lines, and fits:

1. the **contributions**: gradient-boosted decision stumps for the logistic loss over the
   labelled lines (a fixed number of rounds: deterministic), each page weighing the same and its
   lines by their words. The stumps of one feature add up to a step function of that feature:
   the model keeps one per feature;
2. the **decision**: the balanced threshold and the two switch costs of the Viterbi step, by a
   grid search for the best page-averaged word F1 on the same pages; the precision and recall
   presets move the threshold by :data:`PRESET_SHIFT`.

The same data and arguments give the same model, byte for byte.

:func:`site_folds` groups pages by site (URL host; ``source`` when there is no URL) into
folds for cross-validation: no site is in two folds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cleantext.filters.content_features import FEATURES, content_table
from cleantext.labels import label_by_snippets, label_lines
from cleantext.model import ContentModel, decide
from cleantext.pipeline import Pipeline

ROUNDS = 200
"""Boosting rounds: decision stumps fitted one after another."""
BINS = 32
"""Candidate thresholds of a stump: the quantiles of a feature cut into this many bins."""
SHRINK = 0.3
"""Each stump's leaf values are scaled by this (the learning rate)."""
LEAF_L2 = 20.0
"""L2 penalty of a leaf value (in units of line weight: a page weighs about its line count)."""
THRESHOLDS = tuple(x / 4 for x in range(-8, 9))
"""Balanced thresholds tried by the grid search."""
COSTS = (0.5, 1.0, 2.0, 3.0, 4.0, 6.0)
"""Switch costs tried by the grid search (for entering and for leaving the body). None is 0: a
free switch would leave the decision no memory of the lines around, and the fit then cuts an
article at its first weak line."""
DECISION_PAGES = 400
"""At most this many pages (every n-th) are decoded for each point of the decision search."""
SHARES = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5)
"""Stretch shares tried by the grid search (see :attr:`ContentModel.min_share`)."""
GAPS = (0, 1, 2, 4, 6, 10)
"""Gap lengths tried by the grid search (see :attr:`ContentModel.max_gap`)."""
PRESET_SHIFT = 1.0
"""How far the precision preset raises the balanced threshold, and the recall preset lowers it."""


@dataclass(frozen=True)
class LabelledPage:
    """One page ready for fitting: its feature table's columns, line labels and words."""

    id: str
    site: str
    columns: Mapping[str, Sequence[float]]
    labels: list[bool | None]
    words: list[int]
    walls: list[int]

    def __len__(self) -> int:
        return len(self.labels)


def site_of(record: Mapping[str, Any]) -> str:
    """The site a page belongs to: its URL's host without ``www.``, else its ``source``.

    >>> site_of({"url": "https://www.example.com/a/b"}), site_of({"url": "", "source": "dragnet"})
    ('example.com', 'dragnet')
    """
    host = urlsplit(str(record.get("url") or "")).hostname or ""
    host = host.removeprefix("www.")
    return host or str(record.get("source") or record.get("id") or "")


def site_folds(sites: Sequence[str], k: int) -> list[int]:
    """A fold number in ``range(k)`` for each page, grouping pages of one site: sites are
    taken largest first (ties by a hash of the name) and each goes to the smallest fold.

    >>> site_folds(["a", "a", "b", "c", "c", "c"], 2)
    [1, 1, 1, 0, 0, 0]
    """
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, not {k}")
    sizes: dict[str, int] = {}
    for s in sites:
        sizes[s] = sizes.get(s, 0) + 1
    order = sorted(sizes, key=lambda s: (-sizes[s], hashlib.sha1(s.encode()).hexdigest()))
    load = [0] * k
    fold_of: dict[str, int] = {}
    for s in order:
        f = min(range(k), key=lambda i: (load[i], i))
        fold_of[s] = f
        load[f] += sizes[s]
    return [fold_of[s] for s in sites]


def labelled_page(record: Mapping[str, Any], before: Pipeline) -> LabelledPage | None:
    """``record`` measured and labelled; ``before`` is the pipeline of the filters that run
    before ``content``. ``None`` for a page with no live line."""
    doc = before.document(str(record.get("text") or ""))
    table = content_table(doc)
    if not len(table):
        return None
    lines = [doc.blocks[i].text for i in table.rows]
    if "gold" in record:
        labels = label_lines(lines, str(record["gold"] or ""))
    else:
        labels = label_by_snippets(lines, record.get("with") or [], record.get("without") or [])
    return LabelledPage(
        str(record.get("id", "")),
        site_of(record),
        table.columns,
        labels,
        table.words,
        table.walls,
    )


def labelled_pages(
    records: Iterable[Mapping[str, Any]], *, progress: Callable[[int], None] | None = None
) -> list[LabelledPage]:
    """:func:`labelled_page` of every record (pages with no live line are left out)."""
    before = Pipeline.default().without("content", "edges")
    out = []
    for n, record in enumerate(records, 1):
        page = labelled_page(record, before)
        if page is not None:
            out.append(page)
        if progress is not None:
            progress(n)
    return out


def fit_model(pages: Sequence[LabelledPage], provenance: Mapping[str, Any] | None = None) -> ContentModel:
    """Fit the weights, then the decision, on ``pages`` (see the module docstring)."""
    np = _numpy()
    rows, ys, ws = [], [], []
    for page in pages:
        labelled = [k for k, lab in enumerate(page.labels) if lab is not None]
        mass = sum(1 + page.words[k] for k in labelled)
        for k in labelled:
            rows.append([page.columns[f][k] for f in FEATURES])
            ys.append(1.0 if page.labels[k] else 0.0)
            ws.append((1 + page.words[k]) / mass)
    if not rows or len(set(ys)) < 2:
        raise ValueError("fitting needs labelled lines of both kinds (body and boilerplate)")
    x = np.array(rows, dtype=np.float64)
    y = np.array(ys)
    w = np.array(ws)
    w *= len(w) / w.sum()
    cuts, values, bias = _boosted_stumps(np, x, y, w)
    model = ContentModel(
        FEATURES,
        tuple(tuple(c) for c in cuts),
        tuple(tuple(v) for v in values),
        _round(bias),
        {p: 0.0 for p in _PRESETS},
        0.0,
        0.0,
    )
    threshold, enter, leave, min_share, max_gap = fit_decision(pages, model)
    return ContentModel(
        FEATURES,
        model.cuts,
        model.values,
        model.bias,
        {
            "precision": threshold + PRESET_SHIFT,
            "balanced": threshold,
            "recall": threshold - PRESET_SHIFT,
        },
        enter,
        leave,
        min_share,
        max_gap,
        dict(provenance or {}),
    )


_PRESETS = ("precision", "balanced", "recall")


def _round(v: float) -> float:
    return float(f"{v:.6g}")


def _boosted_stumps(np: Any, x: Any, y: Any, w: Any) -> tuple[list[list[float]], list[list[float]], float]:
    """Gradient-boosted decision stumps for the logistic loss, folded into one step function
    per feature: for feature ``j``, ``cuts[j]`` (ascending) and ``values[j]`` (one more than
    the cuts: the contribution below the first cut, between cuts, above the last)."""
    n, m = x.shape
    edges = []
    binned = np.empty((n, m), dtype=np.int64)
    for j in range(m):
        distinct = np.unique(x[:, j])
        if len(distinct) <= BINS:  # a flag or a count: a cut at each value (rare values too)
            qs = distinct[1:]
        else:
            qs = np.unique(np.quantile(x[:, j], np.linspace(0, 1, BINS + 1)[1:-1], method="lower"))
        edges.append(qs)
        binned[:, j] = np.searchsorted(qs, x[:, j], side="right")
    base = float(np.log(np.sum(w * y) / np.sum(w * (1 - y))))
    f = np.full(n, base)
    # Each feature's step function, over its bins: shape[j][b] is added for a value in bin b.
    shape = [np.zeros(len(e) + 1) for e in edges]
    for _ in range(ROUNDS):
        p = 1.0 / (1.0 + np.exp(-f))
        g = w * (p - y)
        h = w * p * (1 - p)
        best = None
        for j in range(m):
            nb = len(edges[j]) + 1
            if nb < 2:
                continue
            gl = np.cumsum(np.bincount(binned[:, j], weights=g, minlength=nb))[:-1]
            hl = np.cumsum(np.bincount(binned[:, j], weights=h, minlength=nb))[:-1]
            gt, ht = g.sum(), h.sum()
            gain = gl**2 / (hl + LEAF_L2) + (gt - gl) ** 2 / (ht - hl + LEAF_L2)
            b = int(np.argmax(gain))
            if best is None or gain[b] > best[0] + 1e-12:
                best = (float(gain[b]), j, b, gl[b], hl[b], gt - gl[b], ht - hl[b])
        if best is None:
            break
        _, j, b, gl_b, hl_b, gr_b, hr_b = best
        left, right = -SHRINK * gl_b / (hl_b + LEAF_L2), -SHRINK * gr_b / (hr_b + LEAF_L2)
        shape[j][: b + 1] += left
        shape[j][b + 1 :] += right
        f += np.where(binned[:, j] <= b, left, right)
    # Centre each shape on its weighted mean (the bias takes the rest), and merge equal steps.
    cuts, values = [], []
    bias = base
    for j in range(m):
        vals = shape[j]
        centre = float(np.sum(w * vals[binned[:, j]]) / np.sum(w))
        bias += centre
        vals = vals - centre
        cs, vs = [], [_round(float(vals[0]))]
        for k, edge in enumerate(edges[j]):
            v = _round(float(vals[k + 1]))
            if v != vs[-1]:
                cs.append(_round(float(edge)))
                vs.append(v)
        cuts.append(cs)
        values.append(vs)
    return cuts, values, bias


def fit_decision(pages: Sequence[LabelledPage], model: ContentModel) -> tuple[float, float, float, float, int]:
    """The threshold, switch costs (enter, leave) and stretch share with the best
    page-averaged word F1 (a coordinate search over :data:`THRESHOLDS`, :data:`COSTS`
    and :data:`SHARES`)."""
    sample = pages[:: max(1, len(pages) // DECISION_PAGES)]
    scored = [(page, model.scores(page.columns, len(page))) for page in sample]
    point = [0.0, 1.0, 1.0, 0.0, 0]  # threshold, enter, leave, min_share, max_gap
    grids = (THRESHOLDS, COSTS, COSTS, SHARES, GAPS)
    best = decision_f1(scored, *point)
    for _ in range(2):  # coordinate search: each parameter over its grid, the others fixed
        for axis, grid in enumerate(grids):
            for value in grid:
                trial = list(point)
                trial[axis] = value
                f1 = decision_f1(scored, *trial)
                if f1 > best + 1e-12:
                    best, point = f1, trial
    return point[0], point[1], point[2], point[3], int(point[4])


def decision_f1(
    scored: Sequence[tuple[LabelledPage, Sequence[float]]],
    threshold: float,
    enter: float,
    leave: float,
    min_share: float = 0.0,
    max_gap: int = 0,
) -> float:
    """Page-averaged word precision and recall over labelled lines of the decision the
    ``content`` filter makes (:func:`~cleantext.model.decide`), as F1."""
    precisions, recalls = [], []
    for page, scores in scored:
        body = decide(scores, page.walls, threshold, enter, leave, min_share, max_gap)
        tp = fp = fn = 0
        for keep, lab, n in zip(body, page.labels, page.words, strict=True):
            if lab is None:
                continue
            if keep and lab:
                tp += n
            elif keep:
                fp += n
            elif lab:
                fn += n
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise ImportError("fitting the content model needs numpy: pip install 'cleantext-web[fit]'") from None
    return numpy
