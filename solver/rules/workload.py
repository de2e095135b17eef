"""Per-person workload over the horizon: duties or minutes, of every duty or of one.

`max` is an upper bound (hard: a plain constraint). `min` is a lower bound: it is capped at
what the person can reach given their availability, and a shortfall always goes through a
slack (cost `hard_weight` per unit when hard), so an unmeetable minimum is reported, never
infeasible. Both may be set per person in limits.csv (Scenario.limit).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import person_keys
from roster.model import RuleSpec, Scenario, Shift
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars

Terms = list[tuple[int, cp_model.IntVar]]  # (size of the shift in the rule's unit, works)


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out: list[Penalty] = []
    duty = rule.param("duty", "")
    minutes = rule.param("unit", "duties") == "minutes"
    for person in scenario.people:
        terms = [
            (shift.minutes if minutes else 1, x)
            for shift, x in v.by_person.get(person.id, ())
            if not duty or shift.duty_id == duty
        ]
        high = scenario.limit(rule, person.id, "max")
        if high is not None:
            out += at_most(model, scenario, rule, person.id, terms, int(high))
        low = scenario.limit(rule, person.id, "min")
        if low is not None:
            target = min(int(low), reachable(scenario, rule, person.id))
            out += at_least(model, scenario, rule, person.id, terms, target)
    return out


def counts(rule: RuleSpec, shift: Shift) -> bool:
    duty = rule.param("duty", "")
    return not duty or shift.duty_id == duty


def size(rule: RuleSpec, shift: Shift) -> int:
    return shift.minutes if rule.param("unit", "duties") == "minutes" else 1


def reachable(scenario: Scenario, rule: RuleSpec, person_id: str) -> int:
    """The most the person could work: every counted shift they are available for."""
    duty = rule.param("duty", "")
    minutes = rule.param("unit", "duties") == "minutes"
    return sum(
        s.minutes if minutes else 1
        for s in scenario.available_shifts(person_id)
        if not duty or s.duty_id == duty
    )


def at_most(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    terms: Terms,
    limit: int,
) -> list[Penalty]:
    most = sum(c for c, _ in terms)
    if most <= limit:
        return []
    load = _load(terms)
    if rule.hard:
        model.add(load <= limit)
        return []
    over = model.new_int_var(0, most - limit, f"{rule.name}_over[{person_id}]")
    model.add(load - over <= limit)
    return [_penalty(scenario, rule, over, load - limit, person_id, "max")]


def at_least(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    terms: Terms,
    target: int,
) -> list[Penalty]:
    if target <= 0:
        return []
    load = _load(terms)
    short = model.new_int_var(0, target, f"{rule.name}_short[{person_id}]")
    model.add(load + short >= target)
    return [_penalty(scenario, rule, short, target - load, person_id, "min")]


def _load(terms: Terms) -> cp_model.LinearExprT:
    """The weighted sum as one expression (a Python sum of a year's terms nests thousands)."""
    return cp_model.LinearExpr.weighted_sum([x for _, x in terms], [c for c, _ in terms])


def _penalty(
    scenario: Scenario,
    rule: RuleSpec,
    var: cp_model.IntVar,
    part: cp_model.LinearExprT,
    person_id: str,
    side: str,
) -> Penalty:
    return Penalty(
        rule,
        unit_cost(rule, scenario.solver.hard_weight),
        var,
        (part,),
        **person_keys(person_id, str(rule.param("duty", "")), side),
    )
