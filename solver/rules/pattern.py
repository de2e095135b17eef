"""Rotation patterns: each person of the rule follows its cycle (roster/pattern.py).

An off-date worked costs 1; hard, it is a plain constraint (fewer duties never break it).
An on-date the person could serve but does not costs 1; hard, at hard_weight, since the
cycle can ask more than the groups hold: reported, never an infeasible model.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from roster.pattern import OFF, ON, asked, offsets
from solver.penalty import Penalty, unit_cost
from solver.rules.consecutive import working_days
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    duty = str(rule.param("duty", "") or "")
    cost = unit_cost(rule, scenario.solver.hard_weight)
    out = []
    for pid, offset in offsets(scenario, rule).items():
        days = working_days(model, scenario, v, pid, duty)
        for day, works in zip(scenario.days, days, strict=True):
            wanted = asked(scenario, rule, offset, day)
            if works is None or wanted not in (ON, OFF):
                continue
            keys = dated_keys(day, pid, duty, "on" if wanted == ON else "off")
            if wanted == OFF:
                if rule.hard:
                    model.add(works == 0)
                else:
                    out.append(Penalty(rule, cost, works, (works,), **keys))
                continue
            missed = model.new_bool_var(f"{rule.name}[{pid},{day}]")
            model.add(missed + works >= 1)
            out.append(Penalty(rule, cost, missed, (1 - works,), **keys))
    return out
