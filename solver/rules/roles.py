"""Role seats: each shift's role seats (e.g. one leader per group) filled by role holders."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars


def role_terms(scenario: Scenario, v: Vars, shift_id: str, role: str) -> list[cp_model.IntVar]:
    return [
        v.role[k]
        for pid, _ in v.by_shift.get(shift_id, ())
        if (k := (pid, shift_id, role)) in v.role
    ]


def add_capacity(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> None:
    """Always on: no more role seats filled than the shift has."""
    for shift in scenario.shifts:
        for role, seats in scenario.duty_by_id[shift.duty_id].role_seats().items():
            terms = role_terms(scenario, v, shift.id, role)
            if len(terms) > seats:
                model.add(sum(terms) <= seats)


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    cost = unit_cost(rule, scenario.solver.hard_weight)
    out = []
    for shift in scenario.shifts:
        for role, seats in sorted(scenario.duty_by_id[shift.duty_id].role_seats().items()):
            filled = sum(role_terms(scenario, v, shift.id, role))
            short = model.new_int_var(0, seats, f"short[{shift.id},{role}]")
            model.add(short == seats - filled)
            out.append(
                Penalty(
                    rule,
                    cost,
                    short,
                    (seats - filled,),
                    date=shift.date,
                    duty_id=shift.duty_id,
                    role=role,
                )
            )
    return out
