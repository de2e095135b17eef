"""busy_rest (always soft): hours kept free between a duty and a busy time (busy.csv).

Each (person, shift variable, busy time, side) too close (roster/checks/busy_rest.py,
`too_close`, shared with the checker) costs `weight` when the shift is worked: the
assignment literal itself is the penalty, as for `prefer_not`.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.checks.busy_rest import too_close
from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    if not scenario.busy:
        return []
    busy_people = {b.person_id for b in scenario.busy}
    out: list[Penalty] = []
    for pid in sorted(busy_people):
        for shift, x in v.by_person.get(pid, ()):
            for side, _busy, _hours in too_close(scenario, rule, pid, shift):
                keys = dated_keys(shift.date, pid, shift.duty_id, side)
                out.append(Penalty(rule, rule.weight, x, (x,), **keys))
    return out
