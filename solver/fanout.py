"""Independent jobs on forked processes, results in job order.

Forked workers find the job (and whatever it closes over: a scenario, a model's data) in
a module global, so nothing large is pickled on the way in, only results on the way back.
A process that is itself a worker runs its jobs in turn: the machine's cores are already
taken by its siblings. Each job must be deterministic by itself, so that the results do
not depend on how many processes ran or in which order they finished.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_JOBS: list[Callable[[int], object]] = []  # a stack: a job may fan out again in turn
_IN_WORKER = False


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fan_out(
    job: Callable[[int], T],
    count: int,
    processes: int | None = None,
    sizes: Sequence[int] | None = None,
) -> list[T]:
    """[job(0), ..., job(count - 1)], the largest (by `sizes`) started first."""
    processes = cores() if processes is None else processes
    if processes <= 1 or count <= 1 or not _can_fork():
        return [job(i) for i in range(count)]
    order = sorted(range(count), key=lambda i: -sizes[i]) if sizes else list(range(count))
    _JOBS.append(job)
    try:
        context = mp.get_context("fork")
        workers = min(processes, count)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_mark) as pool:
            futures = {i: pool.submit(_run_top, i) for i in order}
            return [futures[i].result() for i in range(count)]  # type: ignore[misc]
    finally:
        _JOBS.pop()


def _mark() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def _can_fork() -> bool:
    return "fork" in mp.get_all_start_methods() and not _IN_WORKER


def _run_top(i: int) -> object:
    return _JOBS[-1](i)
