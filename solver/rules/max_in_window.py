"""At most `max` duties in any `days` consecutive dates."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, excess
from solver.variables import Vars
from solver.windows import windows


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    length = int(rule.param("days", 7))
    return limit_windows(model, scenario, v, rule, length=length, limit=int(rule.param("max")))


def limit_windows(
    model: cp_model.CpModel,
    scenario: Scenario,
    v: Vars,
    rule: RuleSpec,
    *,
    length: int,
    limit: int,
) -> list[Penalty]:
    out = []
    spans = windows(scenario, length)
    for person in scenario.people:
        days = v.person_days(person.id)
        for span in spans:
            terms = [x for d in span for x in days.get(d, ())]
            p = excess(
                model,
                rule,
                terms,
                limit,
                hard_weight=scenario.solver.hard_weight,
                name=f"{rule.name}[{person.id},{span[0]}]",
                date=span[0],
                person_id=person.id,
            )
            if p:
                out.append(p)
    return out
