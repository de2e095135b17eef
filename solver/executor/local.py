"""Tasks on this machine's cores, in processes started by `fork` or by `spawn`.

`fork` (Linux) starts a pool for each fan-out: the children inherit the task function and
its arguments (`_STACK`), so only item numbers and results are pickled, as before the
executor. `spawn` (Windows, macOS, or `local:spawn` anywhere) starts fresh interpreters,
which take a second or more to import the solver: one pool serves every fan-out of the
command, and each batch carries the pickled function and arguments (what the items share
is pickled once per fan-out and unpickled once per process). A process that dies (killed,
out of memory) breaks the pool: the batches it did not finish run again on a new one.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import pickle
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from solver.executor.base import (
    Executor,
    Serial,
    batches,
    cores,
    frozen_heap,
    mark_in_task,
    report,
    run_batch,
)

R = TypeVar("R")
RETRIES = 2  # new pools after a process died, per fan-out

# Forked children find the fan-out here (a stack: a fan-out in the parent may nest in none,
# but a test may run one executor inside another's block).
_STACK: list[tuple[Callable[[Any, Any], Any], Any, list[Any]]] = []
_SHARED: dict[str, Any] = {}  # in a spawned process: unpickled `common` by its digest


def default_method() -> str:
    """`fork` where it is safe and cheap (Linux), else `spawn`."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


class Local:
    def __init__(self, processes: int | None = None, method: str | None = None) -> None:
        self.processes = processes or cores()
        self.method = method or default_method()
        self._pool: ProcessPoolExecutor | None = None  # spawn: kept for the whole command
        named = [] if processes is None else [str(processes)]
        self.spec = ":".join(["local", *named, *([] if method is None else [method])])

    def capped(self, processes: int) -> Executor:
        if processes >= self.processes:
            return self
        return Local(processes, self.method)

    def connect(self) -> None:
        return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(
        self,
        fn: Callable[[Any, Any], R],
        common: Any,
        items: list[Any],
        sizes: Sequence[int] | None,
        label: str,
    ) -> list[R]:
        if self.processes <= 1 or len(items) <= 1:
            return Serial().map(fn, common, items, sizes, label)
        groups = batches(sizes, len(items), min(self.processes, len(items)))
        if self.method == "fork":

            def forked(pool: ProcessPoolExecutor, group: list[int]) -> Future[list[Any]]:
                return pool.submit(_forked_batch, group)

            _STACK.append((fn, common, items))
            try:
                with frozen_heap():  # the children's collections leave the inherited heap
                    return self._run(groups, len(items), label, forked, fresh=True)
            finally:
                _STACK.pop()
        shared = pickle.dumps(common, pickle.HIGHEST_PROTOCOL)
        key = hashlib.sha1(shared).hexdigest()

        def submit(pool: ProcessPoolExecutor, group: list[int]) -> Future[list[Any]]:
            return pool.submit(_spawned_batch, fn, key, shared, [items[i] for i in group])

        return self._run(groups, len(items), label, submit, fresh=False)

    def _run(
        self,
        groups: list[list[int]],
        count: int,
        label: str,
        submit: Callable[[ProcessPoolExecutor, list[int]], Future[list[Any]]],
        fresh: bool,
    ) -> list[Any]:
        """The batches on a pool (`fresh`: a new one, closed after), again on a new pool
        for those a dead process left unfinished."""
        results: list[Any] = [None] * count
        left = list(range(len(groups)))
        done = 0
        for attempt in range(RETRIES + 1):
            pool = self._open(min(self.processes, len(left)), fresh=fresh)
            running = {submit(pool, groups[g]): g for g in left}
            try:
                while running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        g = running.pop(future)
                        for i, r in zip(groups[g], future.result(), strict=True):
                            results[i] = r
                        left.remove(g)
                        done += len(groups[g])
                        report(label, done, count)
                return results
            except BrokenProcessPool:
                self._discard(pool)
                if attempt == RETRIES:
                    raise
            finally:
                if fresh:
                    pool.shutdown(cancel_futures=True)
        return results  # not reached: the last attempt returns or raises

    def _open(self, workers: int, fresh: bool) -> ProcessPoolExecutor:
        context = mp.get_context(self.method)
        if fresh:
            return ProcessPoolExecutor(workers, mp_context=context, initializer=mark_in_task)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=mark_in_task
            )
        return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        pool.shutdown(wait=False, cancel_futures=True)
        if pool is self._pool:
            self._pool = None


def _forked_batch(indices: list[int]) -> list[Any]:
    fn, common, items = _STACK[-1]
    return run_batch(fn, common, [items[i] for i in indices])


def _spawned_batch(
    fn: Callable[[Any, Any], Any], key: str, shared: bytes, items: list[Any]
) -> list[Any]:
    if key not in _SHARED:
        _SHARED.clear()  # one fan-out at a time: keep only its arguments
        _SHARED[key] = pickle.loads(shared)
    return run_batch(fn, _SHARED[key], items)
