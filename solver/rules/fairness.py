"""Fairness: each person's count per category stays in the band around their fair share.

L1 distance to [floor(share), ceil(share)]: linear, and it gives CP-SAT a strong
bound (min-max objectives stall at a weak bound; see shared cpsat-notes 1.6).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.fairness import fair_shares, in_category
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out: list[Penalty] = []
    categories = dict(rule.param("categories", {}))
    for category, weight in sorted(categories.items()):
        if int(weight) > 0:
            out += _category(model, scenario, v, rule, category, int(weight))
    return out


def _category(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec, category: str, weight: int
) -> list[Penalty]:
    out = []
    for pid, share in sorted(fair_shares(scenario, category).items()):
        terms = [x for s, x in v.by_person.get(pid, ()) if in_category(scenario, s, category)]
        if not terms and share.low == 0:
            continue
        load = sum(terms)
        dev = model.new_int_var(0, max(share.low, len(terms)), f"dev[{pid},{category}]")
        model.add(dev >= load - share.high)
        model.add(dev >= share.low - load)
        out.append(
            Penalty(
                rule,
                weight,
                dev,
                (load - share.high, share.low - load),
                person_id=pid,
                duty_id=f"category:{category}",
            )
        )
    return out
