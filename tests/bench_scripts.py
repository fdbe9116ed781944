"""Loading the benchmark scripts (``benchmarks/*.py``, not a package) in the tests."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_script(name: str) -> types.ModuleType:
    """The module of ``benchmarks/<name>.py``, loaded by file path."""
    spec = importlib.util.spec_from_file_location(f"cleantext_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
