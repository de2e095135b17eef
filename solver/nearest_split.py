"""The pool's nearest split, seen from one person: targets, pins and the seat price.

Fairness costs weight * |count - share| (solver/rules/fairness.py). A person alone takes
the count nearest their share, but the pool's seats add up only when the people of the
largest fractions take the count above theirs (roster.fairness.nearest_split: each
share's `target`). Two things follow for the person bounds (solver/blocks.py):

* a first roster holds each block at its cheapest schedule with `all` at its target and
  every other category in its band, counts posted as such (`counts`): the counts then fit
  together, and so do caps on the other rules' costs (solver/blocks.py, `post_counts`);
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
from roster.fairness import (
    Share,
    deviation_sides,
    in_category,
    measure_weights,
    to_the_fraction,
)
from roster.model import RuleSpec, Scenario
from solver import variables

Shares = Mapping[str, Mapping[str, Share]]  # category -> person id -> share


def weighted(scenario: Scenario, categories: Iterable[str]) -> list[str]:
    """Those of the categories whose deviation costs something: the targets' categories."""
    found = {c for r in scenario.rule("fairness") for c, w in weights(r).items() if w > 0}
    return sorted(found & set(categories))


def weights(rule: RuleSpec) -> dict[str, int]:
    """The weights of a rule measured to the fraction: the band (`deviation`) needs no
    targets, prices or held counts."""
    return measure_weights(rule)[0] if to_the_fraction(rule) else {}


PINNED = "all"  # the one category held at its targets; the others stay in their bands


def counts(
    scenario: Scenario, people: Iterable[str], shares: Shares, exact: bool = True
) -> dict[tuple[str, str], tuple[int, int]]:
    """(person, category) -> the counts a first roster allows: `all` at the person's count
    in the pool's nearest split, every other category in its band [floor, ceil]. Only one
    category is held exactly: the nearest splits of overlapping categories (nights, all
    duties) are rounded apart and need not fit one roster together. Not `exact`: every
    category in its band (a team's seats fit its people's bands, not their nearest split)."""
    out = {}
    ids = list(people)
    for c in weighted(scenario, shares):
        for pid in ids:
            s = shares[c][pid]
            out[(pid, c)] = (s.target, s.target) if exact and c == PINNED else (s.low, s.high)
    return out


def fits_counts(
    sub: Scenario, shares: Shares, schedule: Sequence[tuple[str, str, str]], exact: bool = True
) -> bool:
    found: dict[tuple[str, str], int] = {}
    categories = weighted(sub, shares)
    for pid, sid in {(pid, sid) for pid, sid, _ in schedule}:
        for c in categories:
            if in_category(sub, sub.shift_by_id[sid], c):
                found[(pid, c)] = found.get((pid, c), 0) + 1
    allowed = counts(sub, (p.id for p in sub.people), shares, exact)
    return all(lo <= found.get(key, 0) <= hi for key, (lo, hi) in allowed.items())


def terms(scenario: Scenario, v: variables.Vars, pid: str, category: str) -> list:
    return [x for s, x in v.by_person.get(pid, ()) if in_category(scenario, s, category)]


def post_counts(
    model: cp_model.CpModel,
    scenario: Scenario,
    v: variables.Vars,
    people: Iterable[str],
    on: cp_model.IntVar | None = None,
    exact: bool = True,
) -> None:
    """These people's counts within `counts` (while `on`, when given)."""
    shares = {key[1]: val for key, val in v.derived.items() if key[0] == "shares"}
    allowed = counts(scenario, people, shares, exact)  # type: ignore[arg-type]
    for (pid, category), (lo, hi) in allowed.items():
        load = sum(terms(scenario, v, pid, category))
        for posted in (model.add(load >= lo), model.add(load <= hi)):
            if on is not None:
                posted.only_enforce_if(on)


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
    up: list[int] = []
    down: list[int] = []
    for s in shares.values():
        if s.high > s.low:
            at_low, at_high = deviation_sides(s, weight)
            (up if s.target == s.high else down).append(at_high - at_low)
    return max(up) if up else min(down, default=0)


def _sound(scenario: Scenario, shares: Mapping[str, Share], category: str, price: int) -> bool:
    """Pricing the seats changes no roster's bound by more than it costs: the targets of the
    scenario's people add up to its seats of the category (shares of a larger pool may
    not), and every seat a roster leaves below them (price > 0) or adds above them
    (price < 0) costs at least the price in the cover rules."""
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
    return seats == sum(shares[p.id].target for p in scenario.people if p.id in shares)


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
