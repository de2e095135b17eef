"""A phased solve's first roster with its rows chosen again, the cover priced.

The first roster of solver/phases.py is a feasibility problem: every hard rule held and
no objective, so it leaves the soft cover and the requests wherever they fall, and the
search from it on a large model starts far from any good roster. Choosing its rows
again person by person and in pairs (solver/rows.py, solver/rows_groups.py) prices each
seat at its true marginal cost and keeps every hard rule the rows state; the roster
found, completed into every variable of the model (solver/hinted.py), becomes the
search's hint when it costs less than the first roster.
"""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from roster.model import Scenario
from roster.result import Assignment
from solver import budget as clock
from solver.budget import FIRST_ROWS_SHARE, FIRST_ROWS_WORK_SHARE
from solver.construct import rows_chosen_again
from solver.penalty import Penalty, penalty_amounts
from solver.rows import RowBudget
from solver.variables import Vars


def improved(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    first: cp_model.CpSolver,
    extra: dict,
) -> tuple[cp_model.CpSolver, float]:
    """The better of the first roster and its rows chosen again (a solver holding every
    variable's value), and the work spent (deterministic time, or wall seconds)."""
    if not applicable(scenario, v):
        return first, 0.0
    from solver.hinted import completed  # it builds on solver/phases.py, which calls this

    started = time.perf_counter()
    roster, stats = rows_chosen_again(scenario, roster_of(scenario, v, first), _budget(scenario))
    better = completed(model, v, roster, scenario)
    wall = time.perf_counter() - started
    spent = stats.work + (better.deterministic_time if better is not None else 0.0)
    before, after = _cost(first, penalties), None
    if better is not None:
        after = _cost(better, penalties)
    extra["first_rows"] = {"before": before, "after": after, "changed": stats.changed,
                           "s": round(wall, 3)}  # fmt: skip
    used = spent if scenario.solver.deterministic else wall
    if better is None or after is None or after >= before:
        return first, used
    return better, used


def applicable(scenario: Scenario, v: Vars) -> bool:
    """Ordinary seats only (no role seats in the model: those are the seating's to give)
    and one group per duty, as the rows choose them."""
    return not v.role and all(len(d.groups) == 1 for d in scenario.duties)


def roster_of(scenario: Scenario, v: Vars, solver: cp_model.CpSolver) -> list[Assignment]:
    """The solver's roster as assignments (each duty's only group, no role)."""
    out = []
    for (pid, sid), x in v.works.items():
        if solver.boolean_value(x):
            shift = scenario.shift_by_id[sid]
            group = scenario.duty_by_id[shift.duty_id].groups[0].id
            out.append(Assignment(shift.date, shift.duty_id, group, "", pid))
    return out


def _budget(scenario: Scenario) -> RowBudget:
    """Deterministic mode on a share of the work budget alone (the roster must not depend
    on the machine), the fast mode on a share of the wall clock."""
    settings = scenario.solver
    if settings.deterministic:
        return RowBudget(math.inf, FIRST_ROWS_WORK_SHARE * settings.deterministic_time)
    return RowBudget(
        time.time() + clock.wall(settings, clock.share(settings, FIRST_ROWS_SHARE)), math.inf
    )


def _cost(solver: cp_model.CpSolver, penalties: list[Penalty]) -> int:
    found = penalty_amounts(solver, penalties)
    return sum(p.unit_cost * n for p, n in zip(penalties, found, strict=True))
