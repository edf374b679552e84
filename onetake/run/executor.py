"""Executors run independent render tasks; the default is a local pool of processes.

skia holds the GIL while drawing, so parallel frames need processes, not threads. The contract
(`Executor`) is what a Ray executor implements too:

- `run(fn, jobs, on_progress)`: calls `fn(*job, progress=report)` for every job, where `report(n)`
  says n more units (frames) are done; the executor sums them and calls `on_progress(total)` in
  the caller's process. It yields the results in job order, each as soon as it and those before it
  are done, so the caller can write them away while later ones run. Tasks return their output (an
  encoded chunk's bytes), never a path into a folder only the driver can see.

Local workers die with the process that started them (Linux `PR_SET_PDEATHSIG`), ignore Ctrl-C
(the driver stops them, so a Ctrl-C prints one line, not a traceback per worker), and are
terminated when `run` is left by an exception.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol


Progress = Callable[[int], None]

_PR_SET_PDEATHSIG = 1
_worker_counter = None  # this worker's handle on its pool's shared counter (set by _init_worker)


class Executor(Protocol):
    """Runs render tasks somewhere; see the module docstring for the contract."""

    def run(self, fn: Callable[..., Any], jobs: Sequence[tuple], on_progress: Progress | None = None) -> Iterator[Any]:
        """`fn(*job, progress=report)` for each job; yields results in job order; progress summed into on_progress."""
        ...


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this process when its parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _init_worker(counter, parent: int) -> None:
    global _worker_counter
    _worker_counter = counter
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the driver's handler
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def _report_to_pool(amount: int = 1) -> None:
    with _worker_counter.get_lock():
        _worker_counter.value += amount


def _call(fn: Callable[..., Any], job: tuple) -> Any:
    return fn(*job, progress=_report_to_pool)


class LocalExecutor:
    """A pool of `workers` processes on this machine (the default executor).

    `start_method` is multiprocessing's: "fork" (default on Linux: workers start at once and share
    the driver's loaded fonts and caches) or "spawn"/"forkserver" where fork is unsafe.
    """

    def __init__(self, workers: int = 2, start_method: str | None = None) -> None:
        self.workers = max(1, workers)
        self.start_method = start_method or ("fork" if "fork" in mp.get_all_start_methods() else "spawn")

    def run(self, fn, jobs, on_progress=None):
        if self.workers == 1 or len(jobs) == 1:
            yield from _run_here(fn, jobs, on_progress)
            return
        context = mp.get_context(self.start_method)
        counter = context.Value("q", 0)
        # Leaving the block for any reason (an error, Ctrl-C, SIGTERM) terminates the workers.
        with context.Pool(min(self.workers, len(jobs)), initializer=_init_worker,
                          initargs=(counter, os.getpid())) as pool:
            pending = [pool.apply_async(_call, (fn, job)) for job in jobs]
            for i, result in enumerate(pending):
                while not result.ready():
                    if on_progress:
                        on_progress(counter.value)
                    result.wait(0.1)
                if on_progress:
                    on_progress(counter.value)
                pending[i] = None  # the caller keeps what it needs: a long render holds no finished chunks
                yield result.get()


def _run_here(fn, jobs, on_progress) -> Iterator[Any]:
    """Run tasks in this process (one worker), reporting progress as they go."""
    done = 0

    def report(amount: int = 1) -> None:
        nonlocal done
        done += amount
        if on_progress:
            on_progress(done)

    for job in jobs:
        yield fn(*job, progress=report)
