"""Start-up time of cleantext against importing its dependencies alone.

    python benchmarks/startup.py [--runs 5]

Each command runs ``--runs`` times in a fresh interpreter (this one, ``sys.executable``), the
commands taking turns so that a busy machine slows them alike; the best wall time is
reported, and each command's ratio to the first, ``import click, regex, ftfy``: what cleantext
adds to the libraries it needs. One run of each comes first, untimed, with bytecode writing
on (``PYTHONDONTWRITEBYTECODE`` unset), so that cleantext is read from ``.pyc`` files as its
installed dependencies are. ``python -X importtime -c "import cleantext"`` shows where the time
goes, module by module.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "import click, regex, ftfy": [sys.executable, "-c", "import click, regex, ftfy"],
    "import cleantext": [sys.executable, "-c", "import cleantext"],
    "cleantext --help": [sys.executable, "-m", "cleantext", "--help"],
}


def wall_time(command: Sequence[str]) -> float:
    """Seconds one run of ``command`` takes, with bytecode writing on."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def best_times(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """The shortest wall time of each command over ``runs`` turns, after one untimed run."""
    for command in commands.values():
        wall_time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall_time(command))
    return {name: min(ts) for name, ts in times.items()}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs per command; the best is reported (default 5)")
    args = ap.parse_args(argv)
    times = best_times(COMMANDS, args.runs)
    base = times["import click, regex, ftfy"]
    print(f"{'command':28} {'best s':>7} {'x deps':>7}  (best of {args.runs})")
    for name, secs in times.items():
        print(f"{name:28} {secs:7.3f} {secs / base:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
