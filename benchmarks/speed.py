"""Throughput of cleantext against a trivial baseline, measured in one process.

    python benchmarks/speed.py [--data FILE] [--mb 50] [--rounds 3] [--profile]

The corpus is the ``text`` field of a JSONL file (default: the dev benchmark), repeated
until it holds at least ``--mb`` megabytes. Each system runs over the whole corpus
``--rounds`` times; the median round of CPU time (``time.process_time``) gives MB/s and
documents/s, and the median wall time is printed beside it. Systems:

* ``baseline``: ``[len(W.findall(l)) for l in text.split("\\n")]`` with a precompiled
  ``W = regex.compile(r"\\w+")``, the cost of looking at every word once;
* ``pipeline``: ``Pipeline.default().clean``;
* ``filter:NAME``: each filter of the default pipeline alone (with ``normalize`` in front
  for the others, since they expect normalised text);
* ``shared:index``: ``normalize``, the split into blocks and the shared line index with all
  its per-line measures, which every block filter's row includes: a block filter's own cost
  is its row's time per pass minus this row's.

Each row's ``x base`` is its speed as a multiple of the baseline's (baseline CPU time over the
row's), measured in the same process; the ratio pipeline/baseline is printed last, in CPU and
wall time. ``--profile`` adds the share of pipeline time
spent in each stage (text filters, inline filters, the shared line index with its per-line
measures, each block filter, rendering).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import regex

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cleantext  # noqa: E402
from cleantext.document import Document  # noqa: E402
from cleantext.filters.base import TextFilter  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "scrapinghub-dev.jsonl"


def load_corpus(path: Path, megabytes: float) -> list[str]:
    """The ``text`` fields of ``path``, repeated to at least ``megabytes`` MB of UTF-8."""
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        raise SystemExit(f"{path}: no records with a 'text' field")
    size = sum(len(t.encode("utf-8")) for t in texts)
    repeats = max(1, int(megabytes * 1e6 // size) + (1 if megabytes * 1e6 % size else 0))
    return texts * repeats


W = regex.compile(r"\w+")


def baseline(text: str) -> object:
    """Count the words of every line: one scan of the precompiled ``W`` per line."""
    return [len(W.findall(line)) for line in text.split("\n")]


def index_only(normalize: TextFilter) -> Callable[[str], object]:
    """What every block filter's row pays before its own work: normalise, split, index."""

    def run(text: str) -> object:
        doc = Document.from_text(normalize.format(text))
        doc.index.measure_all()
        return doc

    return run


class Timing(NamedTuple):
    """Median seconds of one pass: CPU time of this process and wall-clock time."""

    cpu: float
    wall: float


def measure(fn: Callable[[str], object], corpus: Sequence[str], rounds: int) -> Timing:
    """Median CPU and wall seconds of one pass over ``corpus``."""
    cpu, wall = [], []
    for _ in range(rounds):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        for text in corpus:
            fn(text)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return Timing(statistics.median(cpu), statistics.median(wall))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL file with a 'text' field")
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--rounds", type=int, default=3, help="passes per system; the median is reported")
    ap.add_argument("--preset", default="balanced", choices=["precision", "balanced", "recall"])
    ap.add_argument("--no-filters", action="store_true", help="skip the per-filter rows")
    ap.add_argument("--profile", action="store_true", help="also print the per-stage profile")
    args = ap.parse_args(argv)
    if not args.data.exists():
        raise SystemExit(f"{args.data}: no such file; pass --data FILE (a JSONL file with a 'text' field)")

    corpus = load_corpus(args.data, args.mb)
    mb = sum(len(t.encode("utf-8")) for t in corpus) / 1e6
    pipe = cleantext.Pipeline.default(args.preset)
    print(f"corpus: {len(corpus)} documents, {mb:.1f} MB, {args.rounds} rounds, median reported")
    rows: list[tuple[str, Timing]] = [("baseline", measure(baseline, corpus, args.rounds))]
    rows.append(("pipeline", measure(pipe.clean, corpus, args.rounds)))
    if not args.no_filters:
        for f in pipe:
            alone = cleantext.Pipeline([f] if f.name == "normalize" else [pipe["normalize"], f])
            rows.append((f"filter:{f.name}", measure(alone.clean, corpus, args.rounds)))
        rows.append(("shared:index", measure(index_only(pipe["normalize"]), corpus, args.rounds)))
    base, full = rows[0][1], rows[1][1]
    print(f"{'system':24} {'MB/s':>8} {'docs/s':>9} {'cpu s':>8} {'wall s':>8} {'x base':>7}")
    for name, t in rows:
        speed = f"{mb / t.cpu:8.2f} {len(corpus) / t.cpu:9.0f}"
        print(f"{name:24} {speed} {t.cpu:8.2f} {t.wall:8.2f} {base.cpu / t.cpu:7.3f}")
    print(f"ratio pipeline/baseline: {base.cpu / full.cpu:.3f} CPU, {base.wall / full.wall:.3f} wall")
    if args.profile:
        spent = pipe.profile(corpus)
        total = sum(spent.values())
        print(f"\nper-stage profile of the pipeline ({total:.2f} s for one pass)")
        for key, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {key:16} {secs:7.2f} s {100 * secs / total:5.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
