"""Cover: every shift gets its seats; never more (capacity), missing seats penalised."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars


def add_capacity(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> None:
    """Always on: no shift holds more people than its seats."""
    for shift in scenario.shifts:
        seats = scenario.duty_by_id[shift.duty_id].seats
        terms = [x for _, x in v.by_shift.get(shift.id, ())]
        if len(terms) > seats:
            model.add(sum(terms) <= seats)


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    cost = unit_cost(rule, scenario.solver.hard_weight)
    out = []
    for shift in scenario.shifts:
        seats = scenario.duty_by_id[shift.duty_id].seats
        filled = sum(x for _, x in v.by_shift.get(shift.id, ()))
        short = model.new_int_var(0, seats, f"short[{shift.id}]")
        model.add(short == seats - filled)
        out.append(
            Penalty(rule, cost, short, (seats - filled,), date=shift.date, duty_id=shift.duty_id)
        )
    return out
