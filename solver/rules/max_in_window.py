"""At most `max` duties in any `days` consecutive dates (`max` per person: limits.csv)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from roster.previous import lead_in_windows
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
        out += _lead_in(model, scenario, rule, person.id, days, length, cap)
    return out


def _lead_in(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    days: Mapping[date, list[cp_model.IntVar]],
    length: int,
    cap: int,
) -> list[Penalty]:
    """Windows reaching back into the previous period (previous.csv, roster/previous.py)."""
    out = []
    for window in lead_in_windows(scenario, person_id, length):
        terms = [x for d in window.inside for x in days.get(d, ())]
        p = excess(
            model,
            rule,
            terms,
            window.cap(cap),
            hard_weight=scenario.solver.hard_weight,
            name=f"{rule.name}[{person_id},{window.first}]",
            **dated_keys(window.first, person_id),
        )
        if p:
            out.append(p)
    return out
