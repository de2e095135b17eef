"""The return plan's decisions: one Boolean per (cohort, return day, window) of its batch.

A cohort gets exactly one of them. Loads are linear expressions over these Booleans,
indexed as the rule families read them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from roster.returns.model import Cohort, ReturnProblem

Item = tuple[int, cp_model.IntVar]  # (students, literal)


@dataclass
class PlanVars:
    x: dict[tuple[str, date, int], cp_model.IntVar] = field(default_factory=dict)
    by_day: dict[tuple[str, date], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # cohort -> [(day, window, literal)]
    by_cohort: dict[str, list[tuple[date, int, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (school, day, window) -> the students and literal of every cohort that may come then
    at_school: dict[tuple[str, date, int], list[Item]] = field(
        default_factory=lambda: defaultdict(list)
    )

    # flags set when any of their literals is (solver/returns/penalty.py `any_of`)
    flags: list[tuple[cp_model.IntVar, list[cp_model.IntVar]]] = field(default_factory=list)

    def of(self, cohort: Cohort, day: date) -> list[cp_model.IntVar]:
        """The cohort's literals on one day (none when the day is not in its batch)."""
        return self.by_day.get((cohort.id, day), [])

    def day(self, cohort: Cohort, day: date) -> cp_model.LinearExprT:
        """1 when the cohort returns that day, else 0."""
        return sum(self.of(cohort, day))

    def at(self, cohort: Cohort, day: date, window: int) -> cp_model.IntVar | None:
        return self.x.get((cohort.id, day, window))


def create(model: cp_model.CpModel, problem: ReturnProblem) -> PlanVars:
    v = PlanVars()
    for cohort in problem.cohorts:
        literals = []
        for day, window in problem.slots(cohort):
            var = model.new_bool_var(f"x[{cohort.id},{day},{window}]")
            v.x[(cohort.id, day, window)] = var
            v.by_day[(cohort.id, day)].append(var)
            v.by_cohort[cohort.id].append((day, window, var))
            v.at_school[(cohort.school_id, day, window)].append((cohort.students, var))
            literals.append(var)
        model.add_exactly_one(literals)
    return v


def load(items: list[Item]) -> cp_model.LinearExprT:
    return cp_model.LinearExpr.weighted_sum([x for _, x in items], [n for n, _ in items])


def upper(items: list[Item]) -> int:
    return sum(n for n, _ in items)
