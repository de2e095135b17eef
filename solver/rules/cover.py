"""Cover: each group's headcount between its min and max, preferably at preferred.

Per (shift, group) with levels min <= preferred <= max (Scenario.cover) and n people, the
rule costs `below_min * (n short of min) + short * (seats short of preferred above min) +
extra * (people above preferred)`; above max never happens (capacity, always on).

When the costs are convex (below_min >= short, checked by the input readers) this is
`(below_min - short) * max(0, min - n) + short * max(0, preferred - n)
+ extra * max(0, n - preferred)`, a sum of penalised excesses. For a shift whose groups are
independent (roster/cover.py) the split fills every group to min, then to preferred, then
to max, so the same formula on the shift's totals is exactly what the split realises; other
shifts charge the per-group counts of solver/group_counts.py. The penalties here only steer
the first stage: the reported violations are re-derived per group after the split
(solver/extract.py), like the checker does.
"""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model

from roster.cover import Costs, Cover, convex, rule_costs, shortfall_factor
from roster.keys import Keys, group_keys
from roster.model import RuleSpec, Scenario, Shift
from solver.group_counts import counts
from solver.penalty import Penalty
from solver.variables import Vars


def add_capacity(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> None:
    """Always on: no shift holds more people than its groups' max allows."""
    per_group = counts(model, scenario, v)
    for shift in scenario.shifts:
        if shift.id in per_group:
            continue  # the counts bound each group
        cap = scenario.cover.shift_headcount(shift.duty_id, shift.date).max
        terms = [x for _, x in v.by_shift.get(shift.id, ())]
        if len(terms) > cap:
            model.add(sum(terms) <= cap)


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    base = checked_costs(rule, scenario.solver.hard_weight)
    per_group = counts(model, scenario, v)
    out: list[Penalty] = []
    for shift in scenario.shifts:
        cover = scenario.cover
        costs = scaled(base, shortfall_factor(rule, shift.duty_id))
        if shift.id in per_group:
            for g in scenario.duty_by_id[shift.duty_id].groups:
                level = cover.headcount(shift.duty_id, shift.date, g.id)
                n = per_group[shift.id].people[g.id]
                out += levels(model, rule, costs, n, level, shift, g.id, "")
        else:
            level = cover.shift_headcount(shift.duty_id, shift.date)
            terms = [x for _, x in v.by_shift.get(shift.id, ())]
            out += levels(model, rule, costs, sum(terms), level, shift, "", "", len(terms))
    return out


def checked_costs(rule: RuleSpec, hard_weight: int) -> Costs:
    costs = rule_costs(rule, hard_weight)
    if not convex(costs):
        # The readers refuse this (inputs/rules.py); a scenario built in code must too.
        raise ValueError(
            f"rule '{rule.name}': short_weight {costs.below_preferred} is above the cost "
            f"of a seat below min ({costs.below_min})"
        )
    return costs


def scaled(costs: Costs, factor: int) -> Costs:
    """A duty's seats short at `factor` times the rule's cost (roster.cover.shortfall_factor)."""
    if factor == 1:
        return costs
    return Costs(costs.below_min * factor, costs.below_preferred * factor, costs.above_preferred)


def levels(
    model: cp_model.CpModel,
    rule: RuleSpec,
    costs: Costs,
    filled: cp_model.LinearExprT,
    level: Cover,
    shift: Shift,
    group_id: str,
    role: str,
    candidates: int | None = None,
) -> list[Penalty]:
    """Penalties for `filled` against min/preferred/max, as penalised excesses; `filled`
    counts at most `candidates` people when known."""
    keys = group_keys(shift.date, shift.duty_id, group_id, role)
    name = f"{rule.name}[{shift.id},{group_id},{role}]"
    soft = replace(rule, hard=False)
    out = []
    # With preferred == min, "short of preferred" and "short of min" are the same seats.
    short = costs.below_preferred if level.preferred > level.min else 0
    if level.min > 0:
        below = _below(model, rule, costs.below_min - short, filled, level, name, keys)
        if candidates is not None:
            below = replace(below, floor=max(0, level.min - candidates))
        out.append(below)
    if short:
        gap = model.new_int_var(0, level.preferred, f"gap{name}")
        model.add(gap >= level.preferred - filled)
        out.append(Penalty(soft, short, gap, (level.preferred - filled,), **keys))
    if costs.above_preferred and level.max > level.preferred:
        over = model.new_int_var(0, level.max - level.preferred, f"over{name}")
        model.add(over >= filled - level.preferred)
        out.append(Penalty(soft, costs.above_preferred, over, (filled - level.preferred,), **keys))
    return out


def _below(
    model: cp_model.CpModel,
    rule: RuleSpec,
    unit: int,
    filled: cp_model.LinearExprT,
    level: Cover,
    name: str,
    keys: Keys,
) -> Penalty:
    below = model.new_int_var(0, level.min, f"short{name}")
    if level.max == level.min:
        model.add(below == level.min - filled)  # filled <= max = min: the shortfall exactly
    else:
        model.add(below >= level.min - filled)
    return Penalty(rule, unit, below, (level.min - filled,), **keys)
