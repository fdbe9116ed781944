"""Order-preserving parallel map over one pool of worker processes, with bounded work in flight.

One :class:`WorkerPool` serves a whole run (every input file), so starting the workers is
paid once. A worker that dies (``kill -9``, the out-of-memory killer) ends the map at once
with :class:`WorkerDied` instead of a hang; an interrupt stops the workers.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import process as _cf_process
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from cleantext.atomic import deferred_signals
from cleantext.errors import CleantextError

T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 4096
"""The largest ``--jobs`` value accepted at all; anything above the CPU count is capped."""
CHUNK_SIZE = 64
"""Work items handed to a worker at a time (fewer when they hold much text)."""
CHUNK_CHARS = 1 << 20
"""A chunk is closed once its items hold this many characters, so big documents go one by one."""
KILL_WAIT = 10.0
"""Seconds an interrupted run waits for the pool's manager thread once the workers are killed."""

_STATE: dict[str, Any] = {}


class WorkerDied(CleantextError):
    """A worker process died (killed, or out of memory) while cleaning the named items.

    ``source`` names the input of the first of them (see :meth:`WorkerPool.map`).
    """

    def __init__(self, message: str, source: str = "") -> None:
        super().__init__(message)
        self.source = source


def _init(func: Callable[..., Any], context: Any, parent: int | None = None) -> None:
    # Interrupts are the parent's business: it stops the workers (and cleans up) on SIGINT
    # or SIGTERM. A worker ignores Ctrl-C sent to the whole process group, so that it does
    # not print a traceback of its own, and dies quietly on SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _STATE["func"] = func
    _STATE["context"] = context
    if parent is not None:
        watch_parent(parent)


def watch_parent(pid: int, *, every: float = 1.0) -> threading.Thread:
    """End this process (exit code 1) as soon as process ``pid`` is gone.

    A worker whose parent was killed outright (``kill -9``, the out-of-memory killer) would
    otherwise wait forever: for work nobody sends, or to hand a result nobody reads, keeping
    the pipes it shares open (so that ``cleantext … | tee`` never ends). Linux's
    ``pidfd_open`` says at once when ``pid`` ends; elsewhere it is checked every ``every`` s.
    """
    try:
        handle: int | None = os.pidfd_open(pid)  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # not Linux, or already gone (polling sees that)
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])  # readable once the process has ended
        else:
            while True:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except OSError:  # alive, owned by another user
                    pass
                time.sleep(every)
        os._exit(1)

    thread = threading.Thread(target=watch, name="cleantext-parent-watch", daemon=True)
    thread.start()
    return thread


def _run_chunk(chunk: list[Any]) -> list[Any]:
    func, context = _STATE["func"], _STATE["context"]
    return [func(context, item) for item in chunk]


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where known)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a worker count: 0 means one per CPU, and no more than the CPUs there are.

    >>> resolve_jobs(10**6) == resolve_jobs(0) == available_cpus()
    True
    """
    cpus = available_cpus()
    return cpus if jobs <= 0 else min(jobs, cpus)


def _size(item: Any) -> int:
    return sum(len(x) for x in item if isinstance(x, str)) if isinstance(item, tuple) else 1


class WorkerPool:
    """``func(context, item)`` over items in worker processes started once, results in input order.

    ``context`` (e.g. a pipeline) is sent to each worker once. With ``jobs`` 1 (after
    :func:`resolve_jobs`) everything runs in this process and no worker is started. Use it
    as a context manager, or call :meth:`close`.

    >>> with WorkerPool(lambda ctx, x: ctx * x, 10, jobs=1) as pool:
    ...     list(pool.map(range(5)))
    [0, 10, 20, 30, 40]
    """

    def __init__(self, func: Callable[[Any, Any], Any], context: Any, *, jobs: int = 1) -> None:
        self.func = func
        self.context = context
        self.jobs = resolve_jobs(jobs)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            methods = mp.get_all_start_methods()
            method = "forkserver" if os.name != "nt" and "forkserver" in methods else "spawn"
            self._executor = ProcessPoolExecutor(
                self.jobs,
                mp_context=mp.get_context(method),
                initializer=_init,
                initargs=(self.func, self.context, os.getpid()),
            )
        return self._executor

    def _send(self, work: list[Any]) -> Future[list[Any]]:
        # The executor starts workers and wakes its manager thread in here: an interrupt
        # is held until that is done, so that it never leaves the executor half-changed.
        with deferred_signals():
            return self._pool().submit(_run_chunk, work)

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers: let them finish, or with ``kill`` end them at once."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if not kill:
            executor.shutdown(wait=True, cancel_futures=True)
            return
        # ProcessPoolExecutor cannot kill its workers (before Python 3.14): end them here so
        # that an interrupt or a dead sibling never waits for a long chunk, and wait for the
        # executor's manager thread a bounded time only: an interrupt must end the run.
        with deferred_signals():
            for proc in list((getattr(executor, "_processes", None) or {}).values()):
                try:
                    proc.kill()
                except (OSError, ValueError, AttributeError, AssertionError):  # gone, or never started
                    pass
            executor.shutdown(wait=False, cancel_futures=True)
            manager = getattr(executor, "_executor_manager_thread", None)
            if manager is not None:
                manager.join(timeout=KILL_WAIT)
                if manager.is_alive():  # stuck: do not let the exit of the interpreter wait for it
                    getattr(_cf_process, "_threads_wakeups", {}).pop(manager, None)

    def _submit(self, work: list[Any], *, alone: bool) -> Future[list[Any]] | None:
        """Hand ``work`` to a worker; when it is all there is and no worker runs yet, do it here
        (starting workers would take longer than the work)."""
        if not work:
            return None
        if alone and self._executor is None:
            future: Future[list[Any]] = Future()
            future.set_result([self.func(self.context, item) for item in work])
            return future
        return self._send(work)

    def map(
        self,
        items: Iterable[Any],
        *,
        is_work: Callable[[Any], bool] = lambda item: True,
        describe: Callable[[Any], str] = repr,
        source: Callable[[Any], str] | None = None,
        window: int | None = None,
    ) -> Iterator[Any]:
        """Yield ``func(context, item)`` for each item that ``is_work``, and other items as they are,
        all in input order.

        At most ``window`` chunks (default ``4 * jobs``) are in flight, so memory stays
        bounded however long ``items`` is; items are only taken from ``items`` as room
        frees up. A dead worker raises :class:`WorkerDied` naming the first and last items
        (by ``describe``) of the oldest chunk in flight, and the input of the first (by
        ``source``, default ``describe``). An exception, ``KeyboardInterrupt``
        included, in ``items`` or in the consumer kills the workers.
        """
        if self.jobs == 1:
            for item in items:
                yield self.func(self.context, item) if is_work(item) else item
            return
        window = window or 4 * self.jobs
        # Each entry: a future for the work items of ``batch`` (None if it has none), and the
        # batch itself, in which the other items keep their place among the work items.
        pending: deque[tuple[Future[list[Any]] | None, list[Any], list[Any]]] = deque()
        it = iter(items)
        batch: list[Any] = []
        work: list[Any] = []
        size = 0
        done = False
        try:
            while True:
                while not done and len(pending) < window:
                    item = next(it, _END)
                    if item is _END:
                        done = True
                    else:
                        batch.append(item)
                        if is_work(item):
                            work.append(item)
                            size += _size(item)
                        if len(work) < CHUNK_SIZE and size < CHUNK_CHARS:
                            continue
                    if batch:
                        pending.append((self._submit(work, alone=done and not pending), batch, work))
                        batch, work, size = [], [], 0
                if not pending:
                    return
                future, sent, sent_work = pending.popleft()
                if future is None:
                    yield from sent
                    continue
                try:
                    results = iter(future.result())
                except BrokenProcessPool:
                    first, last = describe(sent_work[0]), describe(sent_work[-1])
                    span = first if first == last else f"{first} to {last}"
                    raise WorkerDied(
                        f"{span}: a worker process died while cleaning this (killed, or out of memory); "
                        "the run was stopped; try --jobs 1, or split the input",
                        (source or describe)(sent_work[0]),
                    ) from None
                for item in sent:
                    yield next(results) if is_work(item) else item
        except BaseException:
            self.close(kill=True)
            raise


_END = object()


def ordered_map(
    func: Callable[[Any, T], R],
    context: Any,
    items: Iterable[T],
    *,
    jobs: int = 1,
    chunk_size: int = CHUNK_SIZE,
    window: int | None = None,
) -> Iterator[R]:
    """Yield ``func(context, item)`` for each item, in input order, in a pool of its own.

    A one-off :class:`WorkerPool`; ``chunk_size`` is kept for compatibility (chunks are
    :data:`CHUNK_SIZE` items). ``func`` should not raise: an exception in a worker ends
    the map.

    >>> list(ordered_map(lambda ctx, x: ctx * x, 10, range(5)))
    [0, 10, 20, 30, 40]
    """
    with WorkerPool(func, context, jobs=jobs) as pool:
        yield from pool.map(items, window=window)
