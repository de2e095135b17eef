"""A cap on each person's duties over the horizon: the rule's `max` and their own `max_shifts`."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, excess
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out = []
    for person in scenario.people:
        caps = [c for c in (rule.param("max"), person.max_shifts) if c is not None]
        if not caps:
            continue
        terms = [x for _, x in v.by_person.get(person.id, ())]
        p = excess(
            model,
            rule,
            terms,
            int(min(caps)),
            hard_weight=scenario.solver.hard_weight,
            name=f"{rule.name}[{person.id}]",
            person_id=person.id,
        )
        if p:
            out.append(p)
    return out
