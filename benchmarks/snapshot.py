"""Snapshot what cleantext does, to prove a refactor changes nothing (or list what it changes).

Runs ``Pipeline.default(preset=P).run(text)`` for every preset over every page of the given
JSONL files (their ``text`` field) and every fixture input, and records the cleaned text and each
removal's filter, rule, offsets and reason. ``--out`` writes the snapshot as JSON lines;
``--compare`` reads an earlier snapshot and prints every run that differs (exit 1 if any)::

    python benchmarks/snapshot.py --data ../shared/bench/scrapinghub-dev.jsonl --out before.jsonl
    # ... change the code ...
    python benchmarks/snapshot.py --data ../shared/bench/scrapinghub-dev.jsonl --compare before.jsonl

The snapshot holds the dev pages' text, so keep it outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import cleantext

PRESETS = ("precision", "balanced", "recall")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def pages(data: list[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(key, text)`` for every fixture input and every record of the data files."""
    for path in sorted(FIXTURES.rglob("*.txt")):
        if not path.name.endswith(".expected.txt"):
            yield str(path.relative_to(FIXTURES)), path.read_text(encoding="utf-8")
    for name in data:
        with open(name, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                yield f"{Path(name).name}:{number}", json.loads(line)["text"]


def runs(data: list[str]) -> Iterator[dict[str, object]]:
    """Yield one snapshot entry per page and preset."""
    pipelines = {preset: cleantext.Pipeline.default(preset=preset) for preset in PRESETS}
    for key, text in pages(data):
        for preset, pipeline in pipelines.items():
            result = pipeline.run(text)
            removed = [[r.filter, r.rule, r.start, r.end, r.reason] for r in result.removed]
            yield {"key": key, "preset": preset, "text": result.text, "removed": removed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", default=[], help="a JSONL file (repeatable)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", help="write the snapshot here")
    group.add_argument("--compare", help="compare with this earlier snapshot")
    args = parser.parse_args(argv)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            count = 0
            for entry in runs(args.data):
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
                count += 1
        print(f"{count} runs written to {args.out}")
        return 0
    with open(args.compare, encoding="utf-8") as before:
        old = {(e["key"], e["preset"]): e for e in map(json.loads, before)}
    differ = 0
    count = 0
    for entry in runs(args.data):
        count += 1
        was = old.pop((entry["key"], entry["preset"]), None)
        if was != entry:
            differ += 1
            print(f"differs: {entry['key']} ({entry['preset']})")
    for key, preset in old:
        differ += 1
        print(f"missing now: {key} ({preset})")
    print(f"{count} runs compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
