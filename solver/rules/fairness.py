"""Fairness: each person's count per category stays near their exact fair share.

Deviation: weight * |count - share| rounded to a whole cost unit (roster.fairness,
`deviation_cost`). At integer counts that is convex with integer slopes: -weight below
floor(share), the chord from floor(share) to ceil(share), +weight above. Three linear
inequalities state exactly that, so the linear relaxation of a fixed number of seats
shared out is the cost of the best integer split (largest fractions first), not 0 as
with the two lines of |count - share| alone (docs/decisions.md).
Spread: the coordinator's "most loaded against least loaded" number, a min-max by
nature, measured against the band [floor(share), ceil(share)]; `top` and `bottom` are
tied to the exact max and min with lin_max equalities, so the amount re-evaluated from a
solution is the checker's.
"""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from roster.fairness import (
    Share,
    deviation_cost,
    deviation_sides,
    fair_shares,
    in_category,
    measure_weights,
    to_the_fraction,
)
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.variables import Vars

Loads = dict[str, tuple[cp_model.LinearExprT, int]]  # person -> (count expression, its max)


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out: list[Penalty] = []
    deviation, spread = measure_weights(rule)
    for category in sorted(set(deviation) | set(spread)):
        on_deviation, on_spread = deviation.get(category, 0), spread.get(category, 0)
        if on_deviation <= 0 and on_spread <= 0:
            continue
        shares = shares_of(scenario, v, category)
        loads = loads_of(scenario, v, category)
        if on_deviation > 0:
            out += _deviation(model, rule, category, on_deviation, shares, loads)
        if on_spread > 0:
            out += _spread(model, rule, category, on_spread, shares, loads)
    return out


def shares_of(scenario: Scenario, v: Vars, category: str) -> Mapping[str, Share]:
    """The fair shares of the scenario's people, unless the model was given them: a model
    of a few people (solver/blocks.py) keeps the shares of the whole pool."""
    key = ("shares", category)
    if key not in v.derived:
        v.derived[key] = fair_shares(scenario, category)
    return v.derived[key]  # type: ignore[return-value]


def loads_of(scenario: Scenario, v: Vars, category: str) -> Loads:
    out: Loads = {}
    for p in scenario.people:
        terms = [x for s, x in v.by_person.get(p.id, ()) if in_category(scenario, s, category)]
        out[p.id] = (sum(terms), len(terms))
    return out


def _deviation(
    model: cp_model.CpModel,
    rule: RuleSpec,
    category: str,
    weight: int,
    shares: Mapping[str, Share],
    loads: Loads,
) -> list[Penalty]:
    """To the fraction (`distance`) the cost itself is the penalty's amount (unit 1): it is
    not a multiple of the weight. To the band (`deviation`), weight per duty outside it."""
    if not to_the_fraction(rule):
        return _band(model, rule, category, weight, shares, loads)
    out = []
    for pid, share in sorted(shares.items()):
        load, most = loads[pid]
        if not most and deviation_cost(share, weight, 0) == 0:
            continue
        parts = deviation_lines(load, share, weight)
        top = max(deviation_cost(share, weight, 0), deviation_cost(share, weight, most))
        cost = model.new_int_var(0, top, f"dev[{pid},{category}]")
        for part in parts:
            model.add(cost >= part)
        out.append(Penalty(rule, 1, cost, parts, person_id=pid, duty_id=f"category:{category}"))
    return out


def _band(
    model: cp_model.CpModel,
    rule: RuleSpec,
    category: str,
    weight: int,
    shares: Mapping[str, Share],
    loads: Loads,
) -> list[Penalty]:
    """L1 distance to [floor(share), ceil(share)]: a strong LP bound, and the roster at the
    person bounds fits the seats (every count in its band)."""
    out = []
    for pid, share in sorted(shares.items()):
        load, most = loads[pid]
        if not most and share.low == 0:
            continue
        dev = model.new_int_var(0, max(share.low, most), f"dev[{pid},{category}]")
        model.add(dev >= load - share.high)
        model.add(dev >= share.low - load)
        parts = (load - share.high, share.low - load)
        out.append(Penalty(rule, weight, dev, parts, person_id=pid, duty_id=f"category:{category}"))
    return out


def deviation_lines(
    load: cp_model.LinearExprT, share: Share, weight: int
) -> tuple[cp_model.LinearExprT, ...]:
    """Lines whose max is deviation_cost at every integer load: the two outer slopes and,
    for a fractional share, the chord between floor and ceil (what keeps the LP tight)."""
    at_low, at_high = deviation_sides(share, weight)
    below = at_low + weight * (share.low - load)
    above = at_high + weight * (load - share.high)
    if share.high == share.low:
        return below, above
    return below, above, at_low + (at_high - at_low) * (load - share.low)


def _spread(
    model: cp_model.CpModel,
    rule: RuleSpec,
    category: str,
    weight: int,
    shares: Mapping[str, Share],
    loads: Loads,
) -> list[Penalty]:
    """max(load - ceil(share)) - min(load - floor(share)) over people available for it."""
    eligible = [pid for pid, share in sorted(shares.items()) if share.available > 0]
    if len(eligible) < 2:
        return []
    high = {p: shares[p].high for p in eligible}
    low = {p: shares[p].low for p in eligible}
    top_lb, top_ub = max(-high[p] for p in eligible), max(loads[p][1] - high[p] for p in eligible)
    bottom_lb = min(-low[p] for p in eligible)
    bottom_ub = min(loads[p][1] - low[p] for p in eligible)
    top = model.new_int_var(top_lb, top_ub, f"spread_top[{category}]")
    bottom = model.new_int_var(bottom_lb, bottom_ub, f"spread_bottom[{category}]")
    model.add_max_equality(top, [loads[p][0] - high[p] for p in eligible])
    model.add_min_equality(bottom, [loads[p][0] - low[p] for p in eligible])
    gap = model.new_int_var(0, max(0, top_ub - bottom_lb), f"spread[{category}]")
    model.add(gap >= top - bottom)
    return [
        Penalty(rule, weight, gap, (top - bottom,), duty_id=f"category:{category}", role="spread")
    ]
