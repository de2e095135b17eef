"""Where a job's independent tasks run (solver/executor): chosen, checked, made current."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from solver.executor import DEFAULT, ENV, Executor, TlsFiles, parse, using
from solver.executor.versions import WorkerFacts

ExecutorSpec = str | Executor | None


def chosen(executor: ExecutorSpec = None, tls: TlsFiles | None = None) -> Executor:
    """`executor` itself, the executor its spec names, or $ROSTER_EXECUTOR's, or `local`."""
    if executor is not None and not isinstance(executor, str):
        return executor
    spec = executor if executor is not None else os.environ.get(ENV) or DEFAULT
    return parse(spec, tls)


@contextmanager
def executing(executor: ExecutorSpec = None) -> Iterator[Executor]:
    """The block's fan-outs run on the executor; a cluster out of reach or unfit fails
    here (ExecutorError, exit code 2), before any work or any file."""
    found = chosen(executor)
    try:
        found.connect()
    except BaseException:
        found.close()
        raise
    with using(found):
        yield found


def executor_check(executor: ExecutorSpec = None) -> list[WorkerFacts]:
    """A cluster's workers, their cores and versions, once they are found fit to run tasks
    (the same versions as this machine); this machine alone for `local` and `serial`."""
    from solver.executor.cluster import DaskExecutor
    from solver.executor.versions import local_versions, worker_cores

    found = chosen(executor)
    if not isinstance(found, DaskExecutor):
        cores = 1 if found.spec == "serial" else getattr(found, "processes", worker_cores())
        return [WorkerFacts(found.spec, cores, local_versions())]
    try:
        return found.workers()
    finally:
        found.close()
