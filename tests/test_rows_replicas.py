"""The rows' plans in processes holding copies of the seating (solver/rows_replicas.py).

Every roster is verified by the independent checker; the cases are small and exact.
"""

from __future__ import annotations

import math
import multiprocessing as mp

import pytest

from roster.check import check
from solver.construct import construct, seating
from solver.executor import parse, using
from solver.rows import Frame, RowBudget, RowPlan, improve_rows, plan_row
from solver.rows_replicas import Planned, Replicas, row_processes
from tests.builders import wishes_over_weekends

UNLIMITED = RowBudget(math.inf, math.inf)
PASSES = ("rows", "pairs", "weekends")


def improved(spec: str, processes: bool):
    sc = wishes_over_weekends(2)
    roster, _ = construct(sc)
    state = seating(sc, roster)
    before = check(sc, tuple(sorted(state.roster))).objective
    with using(parse(spec)):
        stats = improve_rows(state, UNLIMITED, PASSES, processes=processes)
    found = tuple(sorted(state.roster))
    report = check(sc, found)
    assert not [v for v in report.violations if v.hard]
    assert report.objective < before
    assert state.journal is None  # the copies are gone with the processes
    assert (stats.processes, stats.fell_back) == ((2, False) if processes else (0, False))
    return found, stats.changed


@pytest.mark.parametrize("spec", ["local", "local:spawn"])
def test_rows_planned_in_processes_are_the_rows_planned_on_threads(spec: str) -> None:
    on_threads = improved(spec, processes=False)
    in_processes = improved(spec, processes=True)
    assert on_threads[1] > 0
    assert in_processes == on_threads


def test_a_serial_executor_or_one_worker_keeps_the_rows_in_this_process() -> None:
    sc = wishes_over_weekends(2)
    with using(parse("serial")), row_processes(seating(sc)) as pool:
        assert pool is None
    with using(parse("local")), row_processes(seating(wishes_over_weekends(1))) as pool:
        assert pool is None


def plan_here_only(frame, state, pid, budget, window) -> RowPlan:
    """A row's plan in this process; a copy's process dies on it."""
    if mp.parent_process() is not None:
        raise SystemExit(1)
    return plan_row(frame, state, pid, budget, window)


def test_a_process_that_dies_leaves_the_plans_to_this_process() -> None:
    sc = wishes_over_weekends(2)
    state = seating(sc, construct(sc)[0])
    frame = Frame(sc)
    window = (sc.days[0], sc.days[-1])
    expected = plan_row(frame, state, "a", UNLIMITED, window)
    with using(parse("local")), row_processes(state) as pool:
        assert isinstance(pool, Replicas)
        plans = pool.plan_all([("a", window)], Planned(plan_here_only, frame, state, UNLIMITED))
        assert pool.broken
        assert plans == [expected]
        again = pool.plan_all([("a", window)], Planned(plan_row, frame, state, UNLIMITED))
        assert again == [expected]
    assert state.journal is None
