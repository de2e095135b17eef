"""What every executor does, the serial one, and the batches tasks are sent in."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from roster import progress
from roster.errors import RosterError

R = TypeVar("R")

# Batches per process: enough that a slow batch does not leave the others idle at the end
# (a city's parts: the last batch of four held 42 of 60 small parts, 10 s alone at the end),
# few enough that what the items share is sent a handful of times, not once per item.
BATCHES_PER_PROCESS = 8

_IN_TASK: ContextVar[bool] = ContextVar("roster_in_task", default=False)


_FROZEN = [0]  # how many `frozen_heap` blocks are open
_ONE_JOB = [False]  # set by `one_job`


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects alive now left out of the cyclic collector's work until the block ends
    (gc.freeze). After a solve they are millions: a full collection of them takes half a
    second, in this process while it gathers the export's files and in each forked child,
    where counting them also copies their pages. Objects that die meanwhile are still
    freed by their counts; cycles among them wait for the block's end."""
    _FROZEN[0] += 1
    if _FROZEN[0] == 1:
        gc.freeze()
    try:
        yield
    finally:
        _FROZEN[0] -= 1
        if _FROZEN[0] == 0 and not _ONE_JOB[0]:
            gc.unfreeze()


def one_job() -> None:
    """This process ends after one job (the console script): what `frozen_heap` froze stays
    frozen, so the printing after the files does not start the full collection the export
    put off (another half second after a large solve)."""
    _ONE_JOB[0] = True


class ExecutorError(RosterError):
    """A bad `--executor`, a cluster out of reach or unfit: exit code 2, nothing written."""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_task() -> bool:
    """Whether this code runs inside a task (in a worker, or a batch of this process)."""
    return _IN_TASK.get()


def mark_in_task() -> None:
    """For a worker process: everything it runs is a task."""
    _IN_TASK.set(True)


class Executor(Protocol):
    spec: str

    def map(
        self,
        fn: Callable[[Any, Any], R],
        common: Any,
        items: list[Any],
        sizes: Sequence[int] | None,
        label: str,
    ) -> list[R]:
        """[fn(common, item) for item in items], in item order."""
        ...

    def capped(self, processes: int) -> Executor:
        """This executor with at most `processes` tasks at once on this machine."""
        ...

    def connect(self) -> None:
        """Fail now (ExecutorError) if the executor cannot run tasks: before any work."""
        ...

    def close(self) -> None: ...


class Serial:
    """Every task in this process, in turn."""

    spec = "serial"

    def map(
        self,
        fn: Callable[[Any, Any], R],
        common: Any,
        items: list[Any],
        sizes: Sequence[int] | None,
        label: str,
    ) -> list[R]:
        out = []
        for k, item in enumerate(items, 1):
            out.append(run_one(fn, common, item))
            report(label, k, len(items))
        return out

    def capped(self, processes: int) -> Executor:
        return self

    def connect(self) -> None:
        return None

    def close(self) -> None:
        return None


def run_one(fn: Callable[[Any, Any], R], common: Any, item: Any) -> R:
    token = _IN_TASK.set(True)
    try:
        return fn(common, item)
    finally:
        _IN_TASK.reset(token)


def run_batch(fn: Callable[[Any, Any], R], common: Any, items: Sequence[Any]) -> list[R]:
    return [run_one(fn, common, item) for item in items]


def report(label: str, done: int, total: int) -> None:
    progress.emit("tasks", done=done, total=total, label=label)


def batches(sizes: Sequence[int] | None, count: int, processes: int) -> list[list[int]]:
    """Item indices in batches, largest items first: an item of a large share of the work
    goes alone, small ones together, about `BATCHES_PER_PROCESS` batches per process."""
    weight = list(sizes) if sizes is not None else [1] * count
    order = sorted(range(count), key=lambda i: -weight[i])
    target = max(sum(weight) / (processes * BATCHES_PER_PROCESS), 1)
    out: list[list[int]] = []
    held: list[int] = []
    load = 0.0
    for i in order:
        held.append(i)
        load += max(weight[i], 1)
        if load >= target:
            out.append(held)
            held, load = [], 0.0
    if held:
        out.append(held)
    return out
