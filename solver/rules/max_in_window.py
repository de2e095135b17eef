"""At most `max` duties in any `days` consecutive dates (`max` per person: limits.csv)."""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, excess
from solver.variables import Vars
from solver.windows import windows


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    length = int(rule.param("days", 7))
    caps = {p.id: int(scenario.limit(rule, p.id, "max")) for p in scenario.people}
    return limit_windows(
        model, scenario, v, rule, length=length, limit=int(rule.param("max")), caps=caps
    )


def limit_windows(
    model: cp_model.CpModel,
    scenario: Scenario,
    v: Vars,
    rule: RuleSpec,
    *,
    length: int,
    limit: int,
    caps: Mapping[str, int] | None = None,
) -> list[Penalty]:
    """`limit` duties per window, or a person's own from `caps` (person id -> limit)."""
    out = []
    spans = windows(scenario, length)
    for person in scenario.people:
        cap = limit if caps is None else caps.get(person.id, limit)
        days = v.person_days(person.id)
        for span in spans:
            terms = [x for d in span for x in days.get(d, ())]
            if len(terms) <= cap:
                continue  # cannot be broken: no name, no call (233,000 windows a model)
            p = excess(
                model,
                rule,
                terms,
                cap,
                hard_weight=scenario.solver.hard_weight,
                name=f"{rule.name}[{person.id},{span[0]}]",
                **dated_keys(span[0], person.id),
            )
            if p:
                out.append(p)
    return out
