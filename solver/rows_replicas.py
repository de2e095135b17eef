"""The rows' plans in worker processes, each holding a copy of the seating.

A row's model is built in Python and solved by CP-SAT: the build holds Python's lock, so
two threads (solver/rows_wave.py) build one model at a time, and a year's row of 32 duties
takes longer to build than to solve. Where the rows run long (a long horizon's roster:
solver/hinted.py, with or without a model after them), the plans of a step go to
`workers` processes instead, each with its own copy of the seating and of the rows' frame.

The copies move in lockstep with the seating: every plan the solve seats is written in the
seating's journal (`apply_plan`) with its outcome, and each process seats the same plans,
in the same order, before its next task. So each plan meets the seating it would meet in a
thread, and the roster is the one threads choose. A copy that seats a plan otherwise
than the solve did, or a process that dies, ends the processes: the rest of the rows are
planned in this process, one at a time, from the seating as it is.

Processes are started as the executor starts them (solver/executor/local.py: `fork` on
Linux, `spawn` elsewhere or with `local:spawn`), and only where the executor is local:
`serial` keeps everything in this process, a cluster's tasks and a task's own fan-outs
keep the rows in theirs.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from roster.model import Scenario
from roster.result import Assignment
from solver.budget import REPLY_GRACE_S
from solver.mend import Seating
from solver.rows import Frame, RowBudget, RowPlan, apply_plan

Window = tuple[date, date]
# A plan of a unit (a person, a group) on a window, by a module-level function of the
# frame, the seating, the unit, the budget and the window: a process calls it on its copy.
PlanFn = Callable[[Frame, Seating, Any, RowBudget, Window], RowPlan]


@dataclass(frozen=True)
class Planned:
    """A plan function with the budget of its pass: callable on this process's seating,
    and sent by reference to a process holding a copy of it."""

    fn: PlanFn
    frame: Frame
    state: Seating
    budget: RowBudget

    def __call__(self, unit: Any, window: Window) -> RowPlan:
        return self.fn(self.frame, self.state, unit, self.budget, window)


class Replicas:
    """`workers` processes, each with a copy of `state` as it stands now."""

    def __init__(self, state: Seating, workers: int, method: str) -> None:
        self.state = state
        state.journal = []
        context: Any = mp.get_context(method)
        self.links: list[Connection] = []
        self.procs: list[Any] = []
        self.cursor = [0] * workers
        self.broken = False
        self.started = workers
        roster = list(state.roster)
        for _ in range(workers):
            mine, theirs = context.Pipe()
            proc = context.Process(target=_serve, args=(theirs, state.scenario, roster))
            proc.daemon = True
            proc.start()
            theirs.close()
            self.links.append(mine)
            self.procs.append(proc)

    def plan_all(self, tasks: Sequence[tuple[Any, Window]], plan: Planned) -> list[RowPlan]:
        """Each task's plan, the tasks dealt to the processes in turn."""
        if self.broken:
            return [plan(unit, w) for unit, w in tasks]
        n = len(self.links)
        dealt = [list(range(i, len(tasks), n)) for i in range(n)]
        try:
            for k, indices in enumerate(dealt):
                if indices:
                    self._send(k, plan, [tasks[i] for i in indices])
            found: dict[int, RowPlan] = {}
            for k, indices in enumerate(dealt):
                if indices:
                    found.update(zip(indices, self._receive(k, plan.budget), strict=True))
            return [found[i] for i in range(len(tasks))]
        except (EOFError, OSError):
            self.close()
            self.broken = True
            return [plan(unit, w) for unit, w in tasks]

    def _send(self, k: int, plan: Planned, tasks: list[tuple[Any, Window]]) -> None:
        journal = self.state.journal or []
        self.links[k].send((journal[self.cursor[k] :], plan.fn, plan.budget, tasks))
        self.cursor[k] = len(journal)
        seen = min(self.cursor)  # what every copy has seated is no longer needed
        if seen:
            del journal[:seen]
            self.cursor = [c - seen for c in self.cursor]

    def _receive(self, k: int, budget: RowBudget) -> list[RowPlan]:
        """The plans of process k: a plan stops on the budget's clock, so one that has
        not answered REPLY_GRACE_S seconds after it (a process still starting) is given up."""
        wait = None if math.isinf(budget.until) else max(0.0, budget.until - time.time())
        link = self.links[k]
        if wait is not None and not link.poll(wait + REPLY_GRACE_S):
            raise EOFError("a process did not answer within the rows' clock")
        plans = link.recv()
        if plans is None:
            raise EOFError("a copy of the seating went its own way")
        return plans

    def close(self) -> None:
        for link in self.links:
            try:
                link.send(None)
                link.close()
            except OSError:  # a pipe its process already closed
                pass
        for proc in self.procs:
            # A process still starting (a spawned interpreter importing the solver) would
            # hold the command past its limit: it has nothing to keep, so it is stopped.
            proc.join(timeout=REPLY_GRACE_S)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self.links, self.procs = [], []
        self.state.journal = None


Pool = ThreadPoolExecutor | Replicas | None


@contextmanager
def row_processes(state: Seating) -> Iterator[Replicas | None]:
    """Replicas of the seating on the solve's workers, where the executor is local and
    this code is no task of it (else None: the rows' own threads)."""
    from solver.executor import current, in_task
    from solver.executor.local import Local

    workers = state.scenario.solver.workers
    executor = current()
    if workers < 2 or in_task() or not isinstance(executor, Local):
        yield None
        return
    replicas = Replicas(state, workers, executor.method)
    try:
        yield replicas
    finally:
        replicas.close()


def _serve(link: Connection, scenario: Scenario, roster: list[Assignment]) -> None:
    """A process's loop: seat the plans the solve seated, then plan the tasks given."""
    from solver.construct import seating  # the construction builds on the rows

    state = seating(scenario, roster)
    frame = Frame(scenario)
    while True:
        message = link.recv()
        if message is None:
            return
        news, fn, budget, tasks = message
        if any(apply_plan(state, plan) != outcome for plan, outcome in news):
            link.send(None)
            return
        link.send([fn(frame, state, unit, budget, w) for unit, w in tasks])
