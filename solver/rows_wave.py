"""Rows chosen on several windows at once, one thread per worker of the solve.

Rows are chosen window by window (solver/rows.py). One unit's rows (a person's, or a
group's of other people) on one window and another unit's on another window share
nothing: each model reads the seats of its window's shifts and its own people's rows, and
each change moves only those. So a pass goes as a wave: at each step the i-th unit's
first window, the (i-1)-th unit's second, and so on, are planned side by side (on
threads: CP-SAT lets go of Python's lock while it searches; or in processes holding
copies of the seating, solver/rows_replicas.py), then seated in window order. Each unit still
takes its windows in turn, and every plan is made against the seating it would have met
one at a time in the order of the steps: one thread or several, the same roster. The
units and windows: people on half years (solver/rows.py; those breaking a rule spread over
the windows, each from a window of its own, until they keep the rules), pairs on half years
(solver/rows_groups.py), a turn's weekend groups on the weekends (solver/rows_weekends.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from roster.model import Scenario
from solver.mend import Seating
from solver.rows import RowBudget, RowPlan, RowStats, apply_plan
from solver.rows_replicas import Planned, Pool, Replicas

Unit = TypeVar("Unit")
Window = tuple[date, date]


@contextmanager
def row_pool(scenario: Scenario, given: Pool = None) -> Iterator[Pool]:
    """`given` (a pass's caller's pool: the processes of solver/rows_replicas.py), else
    a thread per worker of the solve (None with one worker: plans one at a time)."""
    workers = max(1, scenario.solver.workers)
    if given is not None or workers == 1:
        yield given
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="rows") as pool:
        yield pool


def wave(
    state: Seating,
    units: Sequence[Unit],
    spans: Sequence[Window],
    plan: Callable[[Unit, Window], RowPlan],
    budget: RowBudget,
    stats: RowStats,
    pool: Pool,
    done: Callable[[Unit], bool] | None = None,
) -> list[list[str]]:
    """Each unit's plan on each window, seated, step after step while the budget lasts;
    each unit's outcomes by window ('changed', 'same', 'no_row', 'refused'), the work
    counted. Units that stop at the first window after which they are `done` (people
    breaking a rule) are spread over the windows instead (`_spread_steps`)."""
    outcomes: list[list[str]] = [[] for _ in units]
    steps = _wave_steps(len(units), spans) if done is None else _spread_steps(units, spans, done)
    for tasks in steps:
        if stats.spent(budget):
            break
        plans = _plan_all([(units[i], w) for i, w in tasks], plan, pool)
        for (i, _), chosen in zip(tasks, plans, strict=True):
            stats.work += chosen.work
            outcomes[i].append(apply_plan(state, chosen))
    return outcomes


def _wave_steps(units: int, spans: Sequence[Window]) -> Iterator[list[tuple[int, Window]]]:
    """At each step the i-th unit's first window, the (i-1)-th's second, and so on."""
    for step in range(units + len(spans) - 1):
        yield [(step - j, w) for j, w in enumerate(spans) if 0 <= step - j < units]


def _spread_steps(
    units: Sequence[Unit], spans: Sequence[Window], done: Callable[[Unit], bool]
) -> Iterator[list[tuple[int, Window]]]:
    """The i-th unit takes the windows in turn from the (i mod windows)-th, and at each
    step the first units not done yet, as many as there are windows, each on its own next
    window. In a wave a unit's second window waited beside the next unit's first, and
    after most units' first window there was nothing left to plan. Each step is drawn
    after the one before was seated, from the seating alone, so one thread or several
    give the same roster."""
    n = len(spans)
    left = [[spans[(i + k) % n] for k in range(n)] for i in range(len(units))]
    while True:
        tasks: list[tuple[int, Window]] = []
        for i, windows in enumerate(left):
            if windows and done(units[i]):
                windows.clear()
            if windows and windows[0] not in {w for _, w in tasks}:
                tasks.append((i, windows.pop(0)))
            if len(tasks) == n:
                break
        if not tasks:
            return
        yield tasks


def _plan_all(
    tasks: list[tuple[Unit, Window]],
    plan: Callable[[Unit, Window], RowPlan],
    pool: Pool,
) -> list[RowPlan]:
    if isinstance(pool, Replicas) and isinstance(plan, Planned):
        return pool.plan_all(tasks, plan)
    if not isinstance(pool, ThreadPoolExecutor) or len(tasks) == 1:
        return [plan(unit, w) for unit, w in tasks]
    return list(pool.map(lambda task: plan(*task), tasks))
