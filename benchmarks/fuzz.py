#!/usr/bin/env python3
"""Fuzz the pipeline and the CLI for longer than CI does.

The checks live in ``tests/test_fuzz.py`` (what must hold for any input: no exception,
exit codes 0/1, output made of the input, one JSONL output line per input line, bad lines
kept byte for byte). CI runs each with a few dozen hypothesis examples; this script runs
them for as long as you like, with fresh random seeds, and stops at the first failure
(hypothesis prints the shrunk input and saves it in ``.hypothesis/``).

Usage (from the repository root)::

    python benchmarks/fuzz.py [--minutes 10] [--examples 2000] [--only pipeline,cli_jsonl]
    python benchmarks/fuzz.py --atheris cli_jsonl [-- ATHERIS_ARGS...]   # if atheris is installed

Targets: ``pipeline`` (any text), ``cli_text`` (any bytes as a text file), ``cli_jsonl``
(any bytes as JSONL with ``--errors strict --on-error keep``), ``cli_jsonl_jobs`` (the same
with ``--jobs 2``, slow), ``encodings`` (round trips through BOMs and ``--encoding``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "pipeline": "test_fuzz_pipeline",
    "cli_text": "test_fuzz_cli_text_bytes",
    "cli_jsonl": "test_fuzz_cli_jsonl_bytes",
    "cli_jsonl_jobs": "test_fuzz_cli_jsonl_bytes_with_jobs",
    "encodings": "test_fuzz_encodings_round_trip",
}
DEFAULT_TARGETS = ("pipeline", "cli_text", "cli_jsonl", "encodings")


def load_checks(examples: int) -> ModuleType:
    """Import tests/test_fuzz.py with ``examples`` hypothesis examples per test."""
    os.environ["CLEANTEXT_FUZZ_EXAMPLES"] = str(examples)
    spec = importlib.util.spec_from_file_location("cleantext_fuzz_checks", ROOT / "tests" / "test_fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_hypothesis(targets: list[str], minutes: float, examples: int) -> int:
    checks = load_checks(examples)
    deadline = time.monotonic() + 60 * minutes
    rounds = 0
    while True:
        for name in targets:
            started = time.monotonic()
            getattr(checks, TARGETS[name])()  # raises (after shrinking) on the first failure
            print(f"round {rounds + 1}: {name}: {examples} examples in {time.monotonic() - started:.1f}s", flush=True)
        rounds += 1
        if time.monotonic() >= deadline:
            print(f"no failure in {rounds} round(s) of {', '.join(targets)}")
            return 0


def run_atheris(target: str, argv: list[str]) -> int:  # pragma: no cover - needs atheris
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        print("atheris is not installed (pip install atheris); use the hypothesis mode instead", file=sys.stderr)
        return 2
    checks = load_checks(1)
    one = {
        "pipeline": lambda data: checks.check_pipeline(data.decode("utf-8", "surrogateescape")),
        "cli_text": checks.check_cli_text,
        "cli_jsonl": checks.check_cli_jsonl,
    }[target]
    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0, help="keep going for this long (default 5)")
    parser.add_argument("--examples", type=int, default=2000, help="hypothesis examples per target per round")
    parser.add_argument("--only", default=",".join(DEFAULT_TARGETS), help=f"targets: {', '.join(TARGETS)}")
    parser.add_argument("--atheris", metavar="TARGET", help="coverage-guided fuzzing of one target with atheris")
    args, rest = parser.parse_known_args()
    if args.atheris:
        return run_atheris(args.atheris, rest)
    targets = [t for t in args.only.split(",") if t]
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    return run_hypothesis(targets, args.minutes, args.examples)


if __name__ == "__main__":
    sys.exit(main())
