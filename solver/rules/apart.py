"""`apart` (docs/rules.md#apart): the pairs of pairs.csv under an apart rule never start a
duty on the same date. Hard `apart` is an upper-bound rule (a roster with fewer duties
keeps it): plain constraints. Soft, each shared date costs the weight.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import pair_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.rules.together import rule_pairs
from solver.variables import Vars


def add(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec
) -> list[Penalty]:
    out: list[Penalty] = []
    for pair in rule_pairs(scenario, rule):
        days_a = v.person_days(pair.first)
        days_b = v.person_days(pair.second)
        for day in sorted(set(days_a) & set(days_b)):
            both = [xa + xb - 1 for xa in days_a[day] for xb in days_b[day]]
            if rule.hard:
                for term in both:
                    model.add(term <= 0)
                continue
            met = model.new_bool_var(f"{rule.name}[{pair.first},{pair.second},{day}]")
            for term in both:
                model.add(met >= term)
            keys = pair_keys(pair, day)
            out.append(Penalty(rule, rule.weight, met, tuple(both), **keys))
    return out
