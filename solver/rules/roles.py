"""Role seats: each group's role quota (e.g. one leader) filled by role holders.

A quota has the same three levels as a headcount (min, preferred, max: roster/cover.py),
counted per (shift, group, role) and charged like cover (solver/rules/cover.py): on the
shift's totals when its groups are independent, else on the per-group counts of
solver/group_counts.py. More role seats than the quota's max never happens (capacity).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.cover import shortfall_factor
from roster.model import RuleSpec, Scenario
from solver.group_counts import counts, role_terms
from solver.penalty import Penalty
from solver.rules.cover import checked_costs, levels, scaled
from solver.variables import Vars

__all__ = ["add", "add_capacity", "role_terms"]


def add_capacity(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> None:
    """Always on: no more role seats filled than the shift's groups have."""
    per_group = counts(model, scenario, v)
    for shift in scenario.shifts:
        if shift.id in per_group:
            continue  # the counts bound each group's role seats
        for role in sorted(scenario.duty_by_id[shift.duty_id].role_seats()):
            cap = scenario.cover.shift_role(shift.duty_id, shift.date, role).max
            terms = role_terms(v, shift.id, role)
            if len(terms) > cap:
                model.add(sum(terms) <= cap)


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    base = checked_costs(rule, scenario.solver.hard_weight)
    per_group = counts(model, scenario, v)
    cover = scenario.cover
    out: list[Penalty] = []
    for shift in scenario.shifts:
        duty = scenario.duty_by_id[shift.duty_id]
        if shift.id in per_group:
            for (group_id, role), n in per_group[shift.id].roles.items():
                level = cover.role(duty.id, shift.date, group_id, role)
                costs = scaled(base, shortfall_factor(rule, duty.id, role))
                out += levels(model, rule, costs, n, level, shift, group_id, role)
            continue
        for role in sorted(duty.role_seats()):
            level = cover.shift_role(duty.id, shift.date, role)
            costs = scaled(base, shortfall_factor(rule, duty.id, role))
            terms = role_terms(v, shift.id, role)
            out += levels(model, rule, costs, sum(terms), level, shift, "", role, len(terms))
    return out
