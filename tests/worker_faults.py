"""A filter that kills its worker process, and a script that runs the CLI with it.

``python tests/worker_faults.py ARGS...`` runs ``cleantext clean ARGS`` with a pipeline whose
first filter ends its own process with SIGKILL on a text holding :data:`KILL` (as the
out-of-memory killer would), and with at least two CPUs reported, so that ``--jobs 2``
starts two workers on any machine. The workers import this module to unpickle the filter.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

KILL = "KILL THIS WORKER"


class SelfKill:
    """A text filter that SIGKILLs the process it runs in when the text holds :data:`KILL`."""

    name = "self_kill"
    description = "Kills its own worker process on a marker text (tests only)."

    def format(self, text: str) -> str:
        if KILL in text:
            os.kill(os.getpid(), signal.SIGKILL)
        return text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SelfKill)

    def __hash__(self) -> int:
        return hash(self.name)


def main(args: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # so that workers find this module
    import worker_faults  # the filter's class must come from an importable module, not __main__

    from cleantext import parallel
    from cleantext.cli import main as cli
    from cleantext.pipeline import Pipeline

    default = Pipeline.default

    def with_killer(preset: str = "balanced") -> Pipeline:
        return default(preset).with_(worker_faults.SelfKill(), before="normalize")  # type: ignore[arg-type]

    Pipeline.default = staticmethod(with_killer)  # type: ignore[method-assign]
    parallel.available_cpus = lambda: max(2, os.cpu_count() or 1)
    cli(["clean", *args], prog_name="cleantext")


if __name__ == "__main__":
    main(sys.argv[1:])
