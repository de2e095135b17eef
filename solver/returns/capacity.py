"""capacity: per school, return day and window, arrivals within the gates and lanes.

Places = min(gates x students_per_gate, lanes x students_per_lane), shared with the
classes already back arriving by their daily timetable (solver/returns/arrivals.py).
Every cohort must
return, so even a hard capacity can be exceeded: each student over costs hard_weight and
is reported (docs/returns.md).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.returns.model import ReturnProblem
from solver.returns.arrivals import daily_loads
from solver.returns.penalty import ReturnPenalty, capped
from solver.returns.variables import PlanVars, load, upper


def add(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec
) -> list[ReturnPenalty]:
    out = []
    windows = {w.index: w for w in problem.windows}
    back = daily_loads(problem, v)
    for (school_id, day, index), items in sorted(v.at_school.items()):
        daily, most = back.get((school_id, day, index), (0, 0))
        found = capped(
            model,
            rule,
            "capacity",
            problem.cost(rule),
            load(items) + daily,
            problem.places(school_id),
            upper(items) + most,
            date=day,
            school_id=school_id,
            window=windows[index].label,
        )
        if found is not None:
            out.append(found)
    return out
