"""Daily arrivals of classes already back, at the gates of a later return day.

A day-school class that returned before a return day D arrives on D in its daily slot
(ReturnProblem.daily_slots), and its students pass the gate in every return window the
slot overlaps (ReturnProblem.daily_overlap). Whether it is back by D depends on the plan
only when its batch has days before D and days from D on; otherwise it is known: a class
of an earlier batch is back, one of a later batch is not. Known arrivals of classes in
other parts (ReturnProblem.elsewhere) are constants; classes whose arrival depends on
their plan are kept in D's part (solver/returns/parts.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from ortools.sat.python import cp_model

from roster.returns.model import Cohort, ReturnProblem
from solver.returns.variables import PlanVars

Key = tuple[str, date, int]  # school, return day, window


def day_classes(problem: ReturnProblem) -> Iterator[tuple[Cohort, int]]:
    """Every day-school class of the plan with a daily slot, here or in other parts."""
    for c in (*problem.cohorts, *problem.elsewhere):
        slot = problem.daily_slots.get(c.id)
        if slot is not None and not c.boarding:
            yield c, slot


def depends(problem: ReturnProblem, cohort: Cohort, day: date) -> bool:
    """Whether the class is back before `day` depends on the day the plan gives it."""
    dates = problem.batch(cohort).dates
    return dates[0] < day <= dates[-1]


def daily_loads(problem: ReturnProblem, v: PlanVars) -> dict[Key, tuple[cp_model.LinearExprT, int]]:
    """Per (school, return day, window) of this problem: the students arriving by the daily
    timetable (an expression in the plan's literals) and the most they can be."""
    mine = {c.id for c in problem.cohorts}
    out: dict[Key, list] = defaultdict(lambda: [0, 0])
    for c, slot in day_classes(problem):
        for day in problem.return_days(c.school_id):
            back = _back_before(problem, v, c, day, c.id in mine)
            if back is None:
                continue
            for w in problem.daily_overlap(slot):
                entry = out[(c.school_id, day, w)]
                entry[0] += c.students * back
                entry[1] += c.students
    return {k: (expr, most) for k, (expr, most) in out.items()}


def _back_before(
    problem: ReturnProblem, v: PlanVars, c: Cohort, day: date, mine: bool
) -> cp_model.LinearExprT | None:
    """1 (or the literals saying so) when the class is back before `day`; None if never."""
    dates = problem.batch(c).dates
    if dates[0] >= day:
        return None
    if dates[-1] < day:
        return 1
    if not mine:
        raise ValueError(f"class {c.id} must be planned with the return day {day} it may precede")
    return sum(v.day(c, d) for d in dates if d < day)
