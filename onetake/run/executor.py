"""Executors run independent render tasks; the default is a local pool of processes.

skia holds the GIL while drawing, so parallel frames need processes, not threads. Tasks return
only small values (paths, counts): shipping frames between processes costs more than drawing them.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

_counter = None  # the shared frame counter, set in each worker by the pool initializer


def tick(amount: int = 1) -> None:
    """Report `amount` finished units of work to the parent (no-op outside a pool)."""
    if _counter is not None:
        with _counter.get_lock():
            _counter.value += amount


def _init_worker(counter) -> None:
    global _counter
    _counter = counter


class Executor(Protocol):
    """Runs fn(*args) for each args tuple; calls on_progress(units_done) while waiting."""

    def run(self, fn: Callable[..., Any], jobs: Sequence[tuple], on_progress: Callable[[int], None] | None = None) -> list[Any]:
        ...


class LocalExecutor:
    """A pool of `workers` forked processes on this machine (the default executor)."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = max(1, workers)

    def run(self, fn, jobs, on_progress=None):
        if self.workers == 1 or len(jobs) == 1:
            return _run_here(fn, jobs, on_progress)
        context = mp.get_context("fork")
        counter = context.Value("i", 0)
        with context.Pool(min(self.workers, len(jobs)), initializer=_init_worker, initargs=(counter,)) as pool:
            pending = [pool.apply_async(fn, args) for args in jobs]
            while not all(p.ready() for p in pending):
                if on_progress:
                    on_progress(counter.value)
                time.sleep(0.1)
            results = [p.get() for p in pending]
        if on_progress:
            on_progress(counter.value)
        return results


def _run_here(fn, jobs, on_progress):
    """Run tasks in this process (one worker), still reporting progress as they tick."""
    global _counter
    _counter = mp.Value("i", 0)
    try:
        results = []
        for args in jobs:
            results.append(fn(*args))
            if on_progress:
                on_progress(_counter.value)
        return results
    finally:
        _counter = None
