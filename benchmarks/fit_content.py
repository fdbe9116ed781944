#!/usr/bin/env python3
"""Fit the content model and write it as a JSON model file.

Usage (from the repository root, with ``pip install -e '.[fit]'``)::

    python benchmarks/fit_content.py --data ../shared/bench/scrapinghub-dev.jsonl \\
        --data ../shared/bench/corpus-dev.jsonl --data ../shared/bench/trafi-dev.jsonl \\
        --out cleantext/data/content_model.json

Each ``--data`` file is JSONL, one page a line: ``text`` (the page's full text) and either
``gold`` (its article body) or ``with`` / ``without`` snippets; ``url`` or ``source`` name
its site. The model file records what it was fit on (file names, sizes and SHA-256, pages,
labelled lines) and the command; the same files and command give the same file, byte for
byte. See docs/model.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleantext import fit


def _records(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"error: {path}:{lineno}: invalid JSON: {e}") from None
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", action="append", required=True, help="JSONL file of labelled pages (repeatable)")
    ap.add_argument("--out", required=True, help="model file to write (JSON)")
    args = ap.parse_args(argv)
    sources, pages = [], []
    for name in args.data:
        path = Path(name)
        if not path.is_file():
            print(f"error: no such file: {name}", file=sys.stderr)
            return 2
        records = _records(path)
        labelled = fit.labelled_pages(records)
        pages += labelled
        sources.append(
            {
                "file": path.name,
                "bytes": path.stat().st_size,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "records": len(records),
                "pages": len(labelled),
            }
        )
        print(f"{path.name}: {len(labelled)} pages", file=sys.stderr)
    command = "python benchmarks/fit_content.py " + " ".join(f"--data {Path(n).name}" for n in args.data)
    provenance = {
        "command": command + " --out " + Path(args.out).name,
        "data": sources,
        "labelled_lines": sum(1 for p in pages for lab in p.labels if lab is not None),
        "settings": {
            "rounds": fit.ROUNDS,
            "bins": fit.BINS,
            "shrink": fit.SHRINK,
            "leaf_l2": fit.LEAF_L2,
            "decision_pages": fit.DECISION_PAGES,
            "preset_shift": fit.PRESET_SHIFT,
        },
    }
    try:
        model = fit.fit_model(pages, provenance)
    except (ImportError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    model.save(args.out)
    t = model.thresholds
    print(
        f"wrote {args.out}: thresholds {t['precision']}/{t['balanced']}/{t['recall']}, "
        f"enter {model.enter}, leave {model.leave}, min_share {model.min_share}, max_gap {model.max_gap}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
