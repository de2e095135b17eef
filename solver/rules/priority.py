"""Priority tiers: each duty worked by a person of a priced tier costs the tier's cost, so
people of cheaper tiers (staff) are rostered first and dearer ones (volunteers) as needed.

One penalty per priced person: their number of duties, at their tier's cost.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import person_keys
from roster.model import RuleSpec, Scenario
from roster.priority import tier_of
from solver.penalty import Penalty
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out = []
    for person in scenario.people:
        tier = tier_of(rule, person)
        terms = [x for _, x in v.by_person.get(person.id, ())]
        if tier is None or tier[1] == 0 or not terms:
            continue
        role, cost = tier
        total = cp_model.LinearExpr.sum(terms)
        count = model.new_int_var(0, len(terms), f"{rule.name}[{person.id}]")
        model.add(count == total)
        out.append(Penalty(rule, cost, count, (total,), **person_keys(person.id, role=role)))
    return out
