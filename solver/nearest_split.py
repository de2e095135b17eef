"""The pool's nearest split, seen from one person: targets, pins and the seat price.

Fairness costs weight * |count - share| (solver/rules/fairness.py). A person alone takes
the count nearest their share, but the pool's seats add up only when the people of the
largest fractions take the count above theirs (roster.fairness.nearest_split: each
share's `target`). Two things follow for the person bounds (solver/blocks.py):

* a first roster caps each block at its cheapest cost at its targets, and pins the
  targets' counts (`post_targets`), so the caps fit together;
* the bounds can price a category's seats (`seat_prices`): a block minimising its cost
  less `price * (count - target)` reaches, in sum over the pool, a lower bound of every
  roster that fills the category's seats (a Lagrangian relaxation of the cover with one
  multiplier per category instead of 0). At the price of the cut-off (the chord slope
  of the last share rounded up) each fairness-only person's best count is their target,
  so where fairness is all that varies the bound is the least possible cost itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ortools.sat.python import cp_model

from roster.cover import Costs, Cover, rule_costs
from roster.fairness import Share, deviation_sides, in_category, measure_weights
from roster.model import RuleSpec, Scenario
from solver import variables

Shares = Mapping[str, Mapping[str, Share]]  # category -> person id -> share


def weighted(scenario: Scenario, categories: Iterable[str]) -> list[str]:
    """Those of the categories whose deviation costs something: the targets' categories."""
    found = {c for r in scenario.rule("fairness") for c, w in weights(r).items() if w > 0}
    return sorted(found & set(categories))


def weights(rule: RuleSpec) -> dict[str, int]:
    return measure_weights(rule)[0]


def targets(sub: Scenario, shares: Shares) -> dict[tuple[str, str], int]:
    """(person, category) -> the person's count in the pool's nearest split."""
    return {(p.id, c): shares[c][p.id].target for c in weighted(sub, shares) for p in sub.people}


def at_targets(sub: Scenario, shares: Shares, schedule: Sequence[tuple[str, str, str]]) -> bool:
    counts: dict[tuple[str, str], int] = {}
    categories = weighted(sub, shares)
    for pid, sid in {(pid, sid) for pid, sid, _ in schedule}:
        for c in categories:
            if in_category(sub, sub.shift_by_id[sid], c):
                counts[(pid, c)] = counts.get((pid, c), 0) + 1
    return all(counts.get(key, 0) == n for key, n in targets(sub, shares).items())


def terms(scenario: Scenario, v: variables.Vars, pid: str, category: str) -> list:
    return [x for s, x in v.by_person.get(pid, ()) if in_category(scenario, s, category)]


def post_targets(
    model: cp_model.CpModel,
    scenario: Scenario,
    v: variables.Vars,
    people: Iterable[str],
    on: cp_model.IntVar,
) -> None:
    """While `on`: these people work exactly their targets' counts."""
    categories = weighted(scenario, (key[1] for key in v.derived if key[0] == "shares"))
    for pid in people:
        for category in categories:
            share = v.derived[("shares", category)][pid]  # type: ignore[index]
            model.add(sum(terms(scenario, v, pid, category)) == share.target).only_enforce_if(on)


# ---- the seat price ----


def seat_prices(scenario: Scenario, shares: Shares) -> dict[str, int]:
    """The price of a seat per category: the cut-off's chord slope where the relaxation it
    prices is sound (`_sound`), else 0 (the plain bound)."""
    out: dict[str, int] = {}
    for rule in scenario.rule("fairness"):
        for category, weight in weights(rule).items():
            if weight > 0 and category in shares:
                price = out.get(category, 0) + cut_off(shares[category], weight)
                out[category] = price
    return {c: p for c, p in out.items() if p and _sound(scenario, shares[c], c, p)}


def cut_off(shares: Mapping[str, Share], weight: int) -> int:
    """A slope at which every share's target is a best count of weight*|count - share| less
    slope*count: at least the chord slope of every share rounded up, at most that of every
    share rounded down (the chords fall as the fraction grows, so one exists)."""
    up, down = [], []
    for s in shares.values():
        if s.high > s.low:
            at_low, at_high = deviation_sides(s, weight)
            (up if s.target == s.high else down).append(at_high - at_low)
    return max(up) if up else min(down, default=0)


def _sound(scenario: Scenario, shares: Mapping[str, Share], category: str, price: int) -> bool:
    """Pricing the seats changes no roster's bound by more than it costs: the targets add
    up to the category's seats, and every seat a roster leaves below them (price > 0) or
    adds above them (price < 0) costs at least the price in the cover rules."""
    cover = scenario.cover
    hard_weight = scenario.solver.hard_weight
    rules = [r for r in scenario.rules if r.kind == "cover"]
    if not rules:
        return False
    costs = sum((rule_costs(r, hard_weight) for r in rules[1:]), rule_costs(rules[0], hard_weight))
    seats = 0
    for shift in scenario.shifts:
        if not in_category(scenario, shift, category):
            continue
        for group in scenario.duty_by_id[shift.duty_id].groups:
            level = cover.headcount(shift.duty_id, shift.date, group.id)
            seats += level.preferred
            if not _priced_levels(level, costs, price):
                return False
    return seats == sum(s.target for s in shares.values())


def _priced_levels(level: Cover, costs: Costs, price: int) -> bool:
    if price > 0:
        short = costs.below_min if level.min > 0 else price
        between = costs.below_preferred if level.preferred > level.min else price
        return min(short, between) >= price
    return level.max == level.preferred or costs.above_preferred >= -price


def shift(
    sub: Scenario, v: variables.Vars, shares: Shares, prices: Mapping[str, int]
) -> cp_model.LinearExprT:
    """sum over categories of price * (count - target), for the block's people."""
    out: cp_model.LinearExprT = 0
    for category, price in prices.items():
        for p in sub.people:
            out += price * (sum(terms(sub, v, p.id, category)) - shares[category][p.id].target)
    return out
