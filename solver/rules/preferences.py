"""Soft wishes: duties on `prefer_not` dates cost; `prefer` dates left without a duty cost."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import AvailabilityStatus, RuleSpec, Scenario
from solver.penalty import Penalty
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    avoid = int(rule.param("prefer_not_weight", 0))
    wish = int(rule.param("prefer_weight", 0))
    out: list[Penalty] = []
    for person in scenario.people:
        if not scenario.periods_of(person.id):
            continue
        days = v.person_days(person.id)
        # Dates a duty runs that they may serve: a school's rotation is not another's.
        for day in scenario.duty_dates(person.id):
            status = scenario.status_on(person.id, day)
            if status is AvailabilityStatus.PREFER_NOT and avoid:
                out += _worked_on_avoided(rule, avoid, person.id, day, v)
            elif status is AvailabilityStatus.PREFER and wish:
                out.append(_missed_wish(model, rule, wish, person.id, day, days.get(day, [])))
    return out


def _worked_on_avoided(rule: RuleSpec, cost: int, pid: str, day, v: Vars) -> list[Penalty]:
    return [
        Penalty(rule, cost, x, (x,), **dated_keys(day, pid, s.duty_id, "prefer_not"))
        for s, x in v.by_person[pid]
        if s.date == day
    ]


def _missed_wish(model, rule: RuleSpec, cost: int, pid: str, day, xs) -> Penalty:
    if not xs:  # no duty possible that day (e.g. a frozen past): the wish is missed
        keys = dated_keys(day, pid, role="prefer")
        return Penalty(rule, cost, model.new_constant(1), (1,), **keys)
    missed = model.new_bool_var(f"missed[{pid},{day}]")
    model.add(missed + sum(xs) >= 1)
    return Penalty(rule, cost, missed, (1 - sum(xs),), **dated_keys(day, pid, role="prefer"))
