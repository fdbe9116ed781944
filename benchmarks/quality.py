#!/usr/bin/env python3
"""Article-body quality benchmark for cleantext.

Scores a cleaner's output against human-annotated article bodies with the metric
of the public ScrapingHub (Zyte) article-extraction benchmark:

* Texts are split into tokens, the Unicode word-character runs ``\\w+`` (the
  standard-library ``re`` module, as the reference does; case is kept).
* Each text becomes the multiset of its 4-token shingles (tuples of 4 consecutive
  tokens). As in the reference implementation, a text with 1 to 3 tokens yields
  a single shingle made of all its tokens, and a text without tokens yields none.
* Per page: ``tp = sum(min(out, gold))``, ``fp = sum(max(0, out - gold))``,
  ``fn = sum(max(0, gold - out))`` over all shingles (with multiplicity); the
  three are normalised to sum 1 so every page weighs the same.
* Page precision ``tp / (tp + fp)`` is undefined when the output has no shingles
  and the page is then left out of the precision average; page recall
  ``tp / (tp + fn)`` is undefined when the gold has no shingles (the page is left
  out of the recall average). Exception: when gold and output are both empty,
  the page counts as precision 1 and recall 1.
* Precision and recall are averaged over pages, F1 is the harmonic mean of the
  two averages. Accuracy is the share of pages whose token sequence equals the
  gold's exactly.

Spacing, line breaks and punctuation do not matter; word order and duplicated
passages do.

Usage (from the repository root)::

    python benchmarks/quality.py --data FILE [--field text|extracted.NAME|all]
        [--preset precision|balanced|recall] [--systems identity,cleantext]
        [--worst 10] [--holdout-every N] [--json]
    python benchmarks/quality.py --data FILE --data FILE ... [--folds K] [--worst N] [--json]

The input is JSONL, one page per line: ``id``, ``url``, ``text`` (the cleaner's
input), ``gold`` (expected output) and ``extracted`` ({name: text}).

**Dev report.** With several ``--data`` files, a file of snippet rows (``with`` /
``without``, scored with the snippet metric of the bench README: summed counts) or
``--folds K``, the script prints one table: per file and per ``source`` inside a file,
P/R/F1 of the input as is (``identity``), cleantext under each preset, the stored
reference (``extracted.trafilatura`` or ``html_trafilatura``) and, with ``--folds``,
cleantext with the content model refit on the other folds (``held-out:PRESET``). Folds
group pages by site (URL host; ``source`` without a URL) over all files together, so no
site is both fitted and scored.
"""

import argparse
import importlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SHINGLE_SIZE = 4
SYSTEMS = ("identity", "cleantext")
PRESETS = ("precision", "balanced", "recall")
SPLITS = ("all", "tuning", "holdout")

_TOKEN_RE = re.compile(r"\w+")

Shingle = tuple[str, ...]


# --------------------------------------------------------------------------
# Metric
# --------------------------------------------------------------------------


def tokens(text: str | None) -> list[str]:
    """Split ``text`` into its Unicode word-character runs (``\\w+``).

    ``None`` and the empty string give an empty list. Case is preserved, so
    ``"The"`` and ``"the"`` are different tokens (as in the reference).
    """
    if not text:
        return []
    return _TOKEN_RE.findall(text)


def shingles(text: str | Sequence[str] | None, n: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Return the multiset of ``n``-token shingles of ``text``.

    ``text`` may be a string (tokenised with :func:`tokens`) or an already
    tokenised sequence. A text with at least ``n`` tokens gives
    ``len(tokens) - n + 1`` shingles; following the reference implementation, a
    text with 1 to ``n - 1`` tokens gives one shorter shingle holding all its
    tokens, and a text without tokens gives an empty multiset.
    """
    toks = tokens(text) if text is None or isinstance(text, str) else list(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True)
class PageScore:
    """Scores of one page.

    ``tp``, ``fp`` and ``fn`` are normalised to sum 1 (all three are 0 when both
    texts are empty). ``precision``/``recall`` are ``None`` when undefined (no
    output shingles / no gold shingles), except that a page whose gold and output
    are both empty gets 1.0 for both. ``f1`` is the page F1 ``2pr / (p + r)``,
    always defined: 0.0 when nothing matches, 1.0 for two empty texts.
    ``exact`` tells whether the token sequences are identical.
    """

    tp: float
    fp: float
    fn: float
    precision: float | None
    recall: float | None
    f1: float
    exact: bool


def page_scores(output: str | None, gold: str | None, n: int = SHINGLE_SIZE) -> PageScore:
    """Score one cleaner ``output`` against the ``gold`` text of the same page."""
    out_toks, gold_toks = tokens(output), tokens(gold)
    out_sh, gold_sh = shingles(out_toks, n), shingles(gold_toks, n)
    tp = fp = fn = 0
    for key in out_sh.keys() | gold_sh.keys():
        o, g = out_sh.get(key, 0), gold_sh.get(key, 0)
        tp += min(o, g)
        fp += max(0, o - g)
        fn += max(0, g - o)
    total = tp + fp + fn
    exact = out_toks == gold_toks
    if total == 0:  # both texts are empty: a perfect page
        return PageScore(0.0, 0.0, 0.0, 1.0, 1.0, 1.0, exact)
    ntp, nfp, nfn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    # 2pr/(p+r) == 2tp/(2tp+fp+fn); this form is also defined when p or r is not.
    f1 = 2 * tp / (2 * tp + fp + fn)
    return PageScore(ntp, nfp, nfn, precision, recall, f1, exact)


@dataclass(frozen=True)
class Aggregate:
    """Scores averaged over pages.

    ``precision_pages``/``recall_pages`` count the pages that entered each
    average (pages where the value is undefined are left out). Averages over
    no page at all are 0.0.
    """

    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int
    precision_pages: int
    recall_pages: int


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def aggregate(scores: Iterable[PageScore]) -> Aggregate:
    """Average page scores: mean precision, mean recall, F1 of the two means.

    Pages with an undefined precision (recall) are left out of that average.
    Accuracy is the share of all pages whose tokens equal the gold's exactly.
    """
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    p, r = _mean(precisions), _mean(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    accuracy = _mean([1.0 if s.exact else 0.0 for s in scores])
    return Aggregate(p, r, f1, accuracy, len(scores), len(precisions), len(recalls))


# --------------------------------------------------------------------------
# Data and systems
# --------------------------------------------------------------------------


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSONL file one by one (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"error: {path}:{lineno}: invalid JSON: {exc}") from exc


def field_value(record: dict[str, Any], field: str) -> str:
    """Return the input text of ``field`` (``text`` or ``extracted.NAME``).

    A missing or ``None`` value gives the empty string.
    """
    if field.startswith("extracted."):
        value = (record.get("extracted") or {}).get(field[len("extracted.") :])
    else:
        value = record.get(field)
    return value if isinstance(value, str) else ""


def fields_of(first: dict[str, Any], spec: str) -> list[str]:
    """Expand ``--field``: ``all`` is ``text`` plus every extractor of ``first``."""
    if spec == "all":
        return ["text"] + [f"extracted.{name}" for name in (first.get("extracted") or {})]
    return [spec]


def load_cleantext(preset: str) -> Callable[[str], str]:
    """Return ``cleantext.Pipeline.default(preset=preset).clean`` as a str -> str.

    The repository root is put on ``sys.path`` when cleantext is not installed,
    so the script works in a plain checkout. Exits with a clear message when the
    package or its ``Pipeline`` cannot be loaded.
    """
    try:
        cleantext = importlib.import_module("cleantext")
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        try:
            cleantext = importlib.import_module("cleantext")
        except ImportError as exc:
            raise SystemExit(
                f"error: cannot import cleantext ({exc}).\n"
                "Install it from the repository root with `pip install -e .`, "
                "or run only the baseline with `--systems identity`."
            ) from exc
    pipeline_cls = getattr(cleantext, "Pipeline", None)
    if pipeline_cls is None:
        raise SystemExit(
            "error: cleantext has no `Pipeline` yet; run `pip install -e .` from the "
            "repository root, or run only the baseline with `--systems identity`."
        )
    pipeline = pipeline_cls.default(preset=preset)

    def clean(text: str) -> str:
        result = pipeline.clean(text)
        if isinstance(result, str):
            return result
        if isinstance(getattr(result, "text", None), str):
            return result.text
        raise TypeError(f"Pipeline.clean returned {type(result).__name__}, expected str")

    return clean


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------


@dataclass
class PageResult:
    """Per-page scores of every system on one field."""

    index: int
    id: str
    url: str
    holdout: bool
    scores: dict[str, PageScore]


def evaluate(
    records: Iterable[dict[str, Any]],
    field_spec: str,
    systems: Sequence[str],
    cleaner: Callable[[str], str] | None,
    holdout_every: int = 0,
) -> tuple[list[str], dict[str, list[PageResult]], dict[str, float]]:
    """Score ``systems`` on every field of ``field_spec``, streaming ``records``.

    Returns the field names, the per-page results by field and the seconds spent
    in each system (summed over fields).
    """
    fields: list[str] = []
    results: dict[str, list[PageResult]] = {}
    seconds = dict.fromkeys(systems, 0.0)
    for index, record in enumerate(records):
        if index == 0:
            fields = fields_of(record, field_spec)
            results = {f: [] for f in fields}
            missing = [
                f
                for f in fields
                if f.startswith("extracted.") and f[len("extracted.") :] not in (record.get("extracted") or {})
            ]
            for f in missing:
                print(f"warning: {f} not in the first record; missing values score as empty", file=sys.stderr)
        gold = record.get("gold") or ""
        holdout = holdout_every > 0 and index % holdout_every == 0
        for f in fields:
            source = field_value(record, f)
            scores: dict[str, PageScore] = {}
            for system in systems:
                start = time.perf_counter()
                if system == "identity":
                    output = source
                else:
                    assert cleaner is not None
                    try:
                        output = cleaner(source)
                    except Exception as exc:
                        raise RuntimeError(f"cleantext failed on page {index} ({record.get('id')}), field {f}") from exc
                seconds[system] += time.perf_counter() - start
                scores[system] = page_scores(output, gold)
            results[f].append(PageResult(index, str(record.get("id", "")), str(record.get("url", "")), holdout, scores))
    return fields, results, seconds


def split_pages(pages: list[PageResult], split: str) -> list[PageResult]:
    """Select the pages of ``split``: ``all``, ``tuning`` or ``holdout``."""
    if split == "all":
        return pages
    return [p for p in pages if p.holdout == (split == "holdout")]


def summarise(
    fields: list[str],
    results: dict[str, list[PageResult]],
    systems: Sequence[str],
    splits: Sequence[str],
    worst: int,
) -> dict[str, Any]:
    """Build the machine-readable summary (also the source of the text table)."""
    rows: list[dict[str, Any]] = []
    deltas: list[dict[str, Any]] = []
    worst_pages: dict[str, list[dict[str, Any]]] = {}
    rank_by = "cleantext" if "cleantext" in systems else systems[0]
    for f in fields:
        for split in splits:
            pages = split_pages(results[f], split)
            agg = {s: aggregate(p.scores[s] for p in pages) for s in systems}
            for s in systems:
                rows.append({"field": f, "split": split, "system": s, **asdict(agg[s])})
            if "identity" in agg and "cleantext" in agg:
                deltas.append(
                    {
                        "field": f,
                        "split": split,
                        "identity_f1": agg["identity"].f1,
                        "cleantext_f1": agg["cleantext"].f1,
                        "delta_f1": agg["cleantext"].f1 - agg["identity"].f1,
                    }
                )
        if worst > 0:
            ranked = sorted(results[f], key=lambda p: (p.scores[rank_by].f1, p.index))[:worst]
            worst_pages[f] = [
                {
                    "index": p.index,
                    "id": p.id,
                    "url": p.url,
                    "holdout": p.holdout,
                    **{s: asdict(p.scores[s]) for s in systems},
                }
                for p in ranked
            ]
    return {"rows": rows, "deltas": deltas, "worst_ranked_by": rank_by, "worst": worst_pages}


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def print_report(summary: dict[str, Any], systems: Sequence[str], splits: Sequence[str]) -> None:
    """Print the summary as plain-text tables."""
    show_split = len(splits) > 1
    fw = max([len("field")] + [len(r["field"]) for r in summary["rows"]])
    head = f"{'field':<{fw}}  " + (f"{'split':<7}  " if show_split else "")
    print(head + f"{'system':<9}  {'P':>5}  {'R':>5}  {'F1':>5}  {'acc':>5}  {'pages':>5}  {'P-pages':>7}")
    for r in summary["rows"]:
        line = f"{r['field']:<{fw}}  " + (f"{r['split']:<7}  " if show_split else "")
        print(
            line + f"{r['system']:<9}  {_fmt(r['precision'])}  {_fmt(r['recall'])}  "
            f"{_fmt(r['f1'])}  {_fmt(r['accuracy'])}  {r['pages']:>5}  {r['precision_pages']:>7}"
        )
    if summary["deltas"]:
        print("\ndelta F1 (cleantext - identity)")
        for d in summary["deltas"]:
            split = f"  {d['split']:<7}" if show_split else ""
            print(
                f"{d['field']:<{fw}}{split}  {d['delta_f1']:+.3f}  ({d['identity_f1']:.3f} -> {d['cleantext_f1']:.3f})"
            )
    for f, pages in summary["worst"].items():
        print(
            f"\nworst {len(pages)} pages of {f} by {summary['worst_ranked_by']} page F1"
            + ("  (* = holdout)" if show_split else "")
        )
        cols = "".join(f"  {s[:9] + ' P':>11}  {'R':>5}  {'F1':>5}" for s in systems)
        print(f"  {'id':<12}{cols}  url")
        for p in pages:
            mark = "*" if p["holdout"] else " "
            vals = "".join(
                f"  {_fmt(p[s]['precision']):>11}  {_fmt(p[s]['recall'])}  {_fmt(p[s]['f1'])}" for s in systems
            )
            print(f"{mark} {p['id'][:12]:<12}{vals}  {p['url']}")


# --------------------------------------------------------------------------
# Dev report: several files, both metrics, per source, held-out folds
# --------------------------------------------------------------------------

REFERENCES = ("extracted.trafilatura", "html_trafilatura")
"""Where a record keeps the reference extractor's output (trafilatura on the raw HTML)."""


def _has_snippets(path: str | Path) -> bool:
    """Whether the first record of ``path`` is scored with the snippet metric."""
    first = next(read_jsonl(path), {})
    return "with" in first and "gold" not in first


def snippet_counts(output: str, with_: Sequence[str], without: Sequence[str]) -> tuple[int, int, int]:
    """``(tp, fp, fn)`` of one page under the snippet metric (bench README): a snippet is
    found when, normalised like the output, it is a substring of the output."""
    from cleantext.labels import snippet_norm

    out = snippet_norm(output)
    found = [snippet_norm(s) in out for s in with_]
    return sum(found), sum(snippet_norm(s) in out for s in without), len(found) - sum(found)


def snippet_aggregate(counts: Iterable[tuple[int, int, int]]) -> dict[str, float]:
    """Precision, recall and F1 of summed snippet counts."""
    tp = fp = fn = 0
    for a, b, c in counts:
        tp, fp, fn = tp + a, fp + b, fn + c
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
    }


def reference_of(record: dict[str, Any]) -> str | None:
    """The stored reference extractor output of ``record``, if it has one."""
    extracted = record.get("extracted") or {}
    for spec in REFERENCES:
        name = spec.removeprefix("extracted.")
        held = extracted if spec.startswith("extracted.") else record
        if name in held:
            return field_value(record, spec)
    return None


def score_page(record: dict[str, Any], output: str) -> Any:
    """A :class:`PageScore` (gold rows) or snippet counts (``with``/``without`` rows)."""
    if "gold" in record:
        return page_scores(output, record.get("gold") or "")
    return snippet_counts(output, record.get("with") or [], record.get("without") or [])


def _summary(scores: list[Any]) -> dict[str, float]:
    if scores and isinstance(scores[0], tuple):
        return snippet_aggregate(scores)
    agg = aggregate(scores)
    return {"precision": agg.precision, "recall": agg.recall, "f1": agg.f1}


def dev_report(paths: Sequence[str], folds: int, worst: int, as_json: bool) -> int:
    """Score identity, cleantext (each preset), the reference and, with ``folds``, held-out
    cleantext on every file, per file and per ``source``; print the table (or JSON)."""
    load_cleantext("balanced")  # puts the checkout on sys.path when needed
    import cleantext
    from cleantext.filters import Content

    files = {str(p): list(read_jsonl(p)) for p in paths}
    pipes = {f"cleantext:{p}": cleantext.Pipeline.default(preset=p) for p in PRESETS}
    outputs: dict[str, dict[str, list[Any]]] = {}
    start = time.perf_counter()
    for path, records in files.items():
        out = outputs[path] = {"identity": [], "reference": [], **{name: [] for name in pipes}}
        for r in records:
            text = r.get("text") or ""
            out["identity"].append(score_page(r, text))
            ref = reference_of(r)
            out["reference"].append(score_page(r, ref) if ref is not None else None)
            for name, pipe in pipes.items():
                out[name].append(score_page(r, pipe.clean(text)))
    if folds:
        from cleantext.fit import fit_model, labelled_page, site_folds, site_of

        before = cleantext.Pipeline.default().without("content", "edges")
        flat = [(path, i, r) for path, records in files.items() for i, r in enumerate(records)]
        fold_of = site_folds([site_of(r) for _, _, r in flat], folds)
        pages = [labelled_page(r, before) for _, _, r in flat]
        for path in files:
            for p in PRESETS:
                outputs[path][f"held-out:{p}"] = [None] * len(files[path])
        for k in range(folds):
            model = fit_model([pg for pg, f in zip(pages, fold_of, strict=True) if pg is not None and f != k])
            for p in PRESETS:
                pipe = cleantext.Pipeline.default(preset=p)
                pipe = pipe.replace("content", Content(config=pipe["content"].config, model=model))
                for (path, i, r), f in zip(flat, fold_of, strict=True):
                    if f == k:
                        outputs[path][f"held-out:{p}"][i] = score_page(r, pipe.clean(r.get("text") or ""))
    seconds = time.perf_counter() - start
    rows = []
    for path, records in files.items():
        groups: dict[str, list[int]] = {"(all)": list(range(len(records)))}
        for i, r in enumerate(records):
            if r.get("source"):
                groups.setdefault(str(r["source"]), []).append(i)
        if len(groups) == 2:
            groups = {"(all)": groups["(all)"]}
        for group, idx in groups.items():
            for system, scores in outputs[path].items():
                chosen = [scores[i] for i in idx if scores[i] is not None]
                if chosen:
                    row = {"file": Path(path).name, "source": group, "system": system, "pages": len(chosen)}
                    rows.append({**row, **_summary(chosen)})
    worst_pages = {}
    for path, records in files.items():
        key = "held-out:balanced" if folds else "cleantext:balanced"
        scored = outputs[path][key]
        if worst and "gold" in records[0]:
            order = sorted(range(len(records)), key=lambda i: (scored[i].f1, i))[:worst]
            worst_pages[Path(path).name] = [(records[i].get("id"), round(scored[i].f1, 3)) for i in order]
    summary = {"files": [str(p) for p in paths], "folds": folds, "rows": rows, "worst": worst_pages}
    if as_json:
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{'file':<22}  {'source':<16}  {'system':<19}  {'P':>5}  {'R':>5}  {'F1':>5}  {'pages':>5}")
    for r in rows:
        print(
            f"{r['file'][:22]:<22}  {r['source'][:16]:<16}  {r['system']:<19}  "
            f"{r['precision']:.3f}  {r['recall']:.3f}  {r['f1']:.3f}  {r['pages']:>5}"
        )
    for name, pages in worst_pages.items():
        print(f"\nworst {len(pages)} pages of {name} ({'held-out ' if folds else ''}balanced page F1):")
        for page_id, f1 in pages:
            print(f"  {f1:.3f}  {page_id}")
    print(f"\n{seconds:.1f} s")
    return 0


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data",
        required=True,
        action="append",
        help="JSONL file of pages; give it several times for the dev report (see --folds)",
    )
    ap.add_argument(
        "--folds",
        type=int,
        default=0,
        metavar="K",
        help="dev report: also K-fold held-out scores, folds grouped by site, the content model "
        "refit on the other folds (needs numpy: pip install -e '.[fit]')",
    )
    ap.add_argument("--field", default="text", help="input field: text (default), extracted.NAME, or all")
    ap.add_argument("--preset", default="balanced", choices=PRESETS, help="cleantext preset (default: balanced)")
    ap.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help="comma-separated systems to run (default: identity,cleantext)",
    )
    ap.add_argument(
        "--worst", type=int, default=10, help="number of worst pages listed per field (0: none; default 10)"
    )
    ap.add_argument(
        "--holdout-every",
        type=int,
        default=0,
        metavar="N",
        help="pages with index %% N == 0 form the holdout split (default 0: off)",
    )
    ap.add_argument("--json", action="store_true", help="print a JSON summary instead")
    args = ap.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if not systems or unknown:
        ap.error(f"--systems: choose among {', '.join(SYSTEMS)} (got {args.systems!r})")
    args.systems = list(dict.fromkeys(systems))
    if args.field not in ("text", "all") and not (
        args.field.startswith("extracted.") and len(args.field) > len("extracted.")
    ):
        ap.error("--field must be text, extracted.NAME or all")
    if args.holdout_every < 0:
        ap.error("--holdout-every must be >= 0")
    if args.worst < 0:
        ap.error("--worst must be >= 0")
    if args.folds == 1 or args.folds < 0:
        ap.error("--folds must be 0 (off) or at least 2")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the process exit code."""
    args = parse_args(argv)
    for path in args.data:
        if not Path(path).is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
    if len(args.data) > 1 or args.folds or _has_snippets(args.data[0]):
        return dev_report(args.data, args.folds, args.worst, args.json)
    args.data = args.data[0]
    cleaner = load_cleantext(args.preset) if "cleantext" in args.systems else None
    fields, results, seconds = evaluate(read_jsonl(args.data), args.field, args.systems, cleaner, args.holdout_every)
    if not fields:
        print(f"error: no records in {args.data}", file=sys.stderr)
        return 2
    splits = SPLITS if args.holdout_every > 0 else ("all",)
    summary = summarise(fields, results, args.systems, splits, args.worst)
    if args.json:
        meta = {
            "data": str(args.data),
            "field": args.field,
            "preset": args.preset,
            "systems": args.systems,
            "holdout_every": args.holdout_every,
            "shingle_size": SHINGLE_SIZE,
            "seconds": seconds,
        }
        json.dump({**meta, **summary}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_report(summary, args.systems, splits)
        if "cleantext" in seconds:
            print(f"\ncleantext ({args.preset}): {seconds['cleantext']:.2f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        sys.exit(1)
