"""Independent work (school parts, person blocks, teams, return-plan schools, calendar files)
run by one executor: in this process (`serial`), on this machine's cores (`local`), or on a
Dask cluster (`dask://HOST:8786`, `tls://HOST:8786`). Chosen by a spec string (`parse`),
made current for a command with `using`, and used by every fan-out through `run_tasks`.

A task is a top-level function and picklable arguments, `fn(common, item)`: `common` is
what every item shares (sent once per batch of items, or once per worker on a cluster),
`item` what is its own. CP-SAT models are built inside the task (they do not pickle).
Each task must be deterministic by itself, so the results, returned in item order, do not
depend on the executor, on how many processes ran or in which order they finished. A
fan-out inside a task runs in that task, serially: the task's cores are all it owns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from solver.executor.base import (
    Executor,
    ExecutorError,
    Serial,
    cores,
    frozen_heap,
    in_task,
    run_batch,
)
from solver.executor.spec import TlsFiles, parse

C = TypeVar("C")
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")

ENV = "ROSTER_EXECUTOR"
DEFAULT = "local"
_CURRENT: ContextVar[Executor | None] = ContextVar("roster_executor", default=None)

__all__ = [
    "Executor", "ExecutorError", "Serial", "TlsFiles", "cores", "current", "frozen_heap",
    "parse", "run_tasks", "using",
]  # fmt: skip


def current() -> Executor:
    """The executor made current by `using`, else $ROSTER_EXECUTOR's, else `local` (this
    machine's cores)."""
    found = _CURRENT.get()
    if found is None:
        found = parse(os.environ.get(ENV) or DEFAULT)
        _CURRENT.set(found)
    return found


@contextmanager
def using(executor: Executor) -> Iterator[Executor]:
    """Run the block's fan-outs on `executor`; closed (its pool, its connection) at the end."""
    token = _CURRENT.set(executor)
    try:
        yield executor
    finally:
        _CURRENT.reset(token)
        executor.close()


def run_tasks(
    fn: Callable[[C, I], R],
    items: Sequence[I],
    *,
    common: C,
    sizes: Sequence[int] | None = None,
    label: str = "",
    processes: int | None = None,
) -> list[R]:
    """[fn(common, item) for item in items], the largest (by `sizes`) started first.

    `processes` caps how many run at once on this machine (1: in this process), for callers
    and tests that pin it; inside a task everything runs in that task.
    """
    if in_task():  # a fan-out inside a task: run there, its progress is the task's
        return run_batch(fn, common, items)
    if processes == 1:
        return Serial().map(fn, common, list(items), sizes, label)
    executor: Executor = current()
    if processes is not None:
        executor = executor.capped(processes)
    return executor.map(fn, common, list(items), sizes, label)


def apply(fn: Callable[[Any], R], item: Any) -> R:
    """A task of one argument: `run_tasks(apply, items, common=fn)`."""
    return fn(item)
