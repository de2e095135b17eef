"""A cap on each person's duties over the horizon: the rule's `max` (or their limits.csv
`max`) and their own people.csv `max_shifts`, whichever is smaller (Scenario.duty_cap)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import person_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, excess
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out = []
    for person in scenario.people:
        cap = scenario.duty_cap(rule, person.id)
        if cap is None:
            continue
        terms = [x for _, x in v.by_person.get(person.id, ())]
        p = excess(
            model,
            rule,
            terms,
            cap,
            hard_weight=scenario.solver.hard_weight,
            name=f"{rule.name}[{person.id}]",
            **person_keys(person.id),
        )
        if p:
            out.append(p)
    return out
