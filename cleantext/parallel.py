"""Order-preserving parallel map with a bounded number of chunks in flight."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_STATE: dict[str, Any] = {}


def _init(func: Callable[..., Any], context: Any) -> None:
    # Interrupts are the parent's business: it stops the pool (and cleans up) on SIGINT or
    # SIGTERM. A worker ignores Ctrl-C sent to the whole process group, so that it does not
    # print a traceback of its own, and dies quietly on the SIGTERM of Pool.terminate().
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _STATE["func"] = func
    _STATE["context"] = context


def _run_chunk(chunk: list[Any]) -> list[Any]:
    func, context = _STATE["func"], _STATE["context"]
    return [func(context, item) for item in chunk]


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a worker count: 0 means all cores."""
    return (os.cpu_count() or 1) if jobs == 0 else max(1, jobs)


def ordered_map(
    func: Callable[[Any, T], R],
    context: Any,
    items: Iterable[T],
    *,
    jobs: int = 1,
    chunk_size: int = 64,
    window: int | None = None,
) -> Iterator[R]:
    """Yield ``func(context, item)`` for each item, in input order.

    With ``jobs > 1`` the work runs in worker processes that receive ``context`` (e.g. a
    pipeline) once. At most ``window`` chunks are in flight (default ``4 * jobs``), so
    memory stays bounded however long ``items`` is. Closing the iterator early (or an
    exception, ``KeyboardInterrupt`` included, in ``items`` or in the consumer) stops the
    workers. ``func`` should not raise: an exception in a worker ends the map.

    >>> list(ordered_map(lambda ctx, x: ctx * x, 10, range(5)))
    [0, 10, 20, 30, 40]
    """
    jobs = resolve_jobs(jobs)
    if jobs == 1:
        for item in items:
            yield func(context, item)
        return
    window = window or 4 * jobs
    it = iter(items)
    ctx = mp.get_context(
        "spawn" if os.name == "nt" else "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    )
    with ctx.Pool(jobs, initializer=_init, initargs=(func, context)) as pool:
        pending: deque[Any] = deque()
        while True:
            while len(pending) < window:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                pending.append(pool.apply_async(_run_chunk, (chunk,)))
            if not pending:
                break
            yield from pending.popleft().get()
