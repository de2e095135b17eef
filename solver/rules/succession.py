"""Forbidden successions: whoever works `first` on a date does not work `then` the next date.

`forbidden` lists [first, then] duty id pairs. Each occurrence is a pair of assignment
literals: at most one of them (hard: fewer duties never break it) or a penalised pair.
"""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    pairs = tuple(rule.param("forbidden", ()) or ())
    out: list[Penalty] = []
    # The shift ids of each occurrence, named once rather than per person.
    occurrences = [
        (day, first, then, f"{first}@{day.isoformat()}", f"{then}@{following.isoformat()}")
        for day in scenario.days[:-1]
        for following in (day + timedelta(days=1),)
        for first, then in pairs
    ]
    for person in scenario.people:
        for day, first, then, first_id, then_id in occurrences:
            x = v.works.get((person.id, first_id))
            y = v.works.get((person.id, then_id))
            if x is None or y is None:
                continue
            if rule.hard:
                model.add_at_most_one([x, y])
                continue
            both = model.new_bool_var(f"{rule.name}[{person.id},{first}@{day},{then}]")
            model.add(both >= x + y - 1)
            cost = unit_cost(rule, scenario.solver.hard_weight)
            keys = dated_keys(day, person.id, first)
            out.append(Penalty(rule, cost, both, (x + y - 1,), **keys))
    return out
