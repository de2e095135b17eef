"""Fair shares: how many shifts of a category each person should carry.

A domain quantity derived from the scenario alone, so the solver and the
independent checker read the same targets (docs/rules.md, rule `fairness`).
The fairness ledger (history.csv) carries counts from earlier rosters: the
shares continue from them, and `next_ledger` adds this roster's counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from roster.model import LedgerEntry, Person, RuleSpec, Scenario, Shift

CATEGORIES = ("all", "night", "weekend", "holiday")
# deviation: the distance of a count from the band [floor(share), ceil(share)];
# distance: from the exact share itself (to the fraction); spread: most against least loaded.
MEASURES = ("deviation", "distance", "spread")
DEFAULT_MEASURES = ("deviation",)


def in_category(scenario: Scenario, shift: Shift, category: str) -> bool:
    if category == "all":
        return True
    if category == "night":
        return scenario.duty_by_id[shift.duty_id].overnight
    if category == "weekend":
        return scenario.is_weekend(shift.date)
    if category == "holiday":
        return shift.date in scenario.holiday_dates
    if category.startswith("duty:"):
        return shift.duty_id == category.removeprefix("duty:")
    raise ValueError(f"unknown fairness category {category!r}")


def known_categories(duty_ids: Iterable[str]) -> list[str]:
    return list(CATEGORIES) + [f"duty:{d}" for d in duty_ids]


# ---- what a rule measures ----


def measure_weights(rule: RuleSpec) -> tuple[dict[str, int], dict[str, int]]:
    """(deviation weight, spread weight) by category; a measure that is off has none.

    `spread_weight` defaults to the `categories` weights (docs/rules.md, `fairness`).
    """
    categories = {c: int(w) for c, w in dict(rule.param("categories", {}) or {}).items()}
    measures = _measures(rule)
    deviation = categories if {"deviation", "distance"} & set(measures) else {}
    spread_table = rule.param("spread_weight")
    spread = categories if spread_table is None else {c: int(w) for c, w in spread_table.items()}
    return deviation, (spread if "spread" in measures else {})


def to_the_fraction(rule: RuleSpec) -> bool:
    """The rule measures each count's distance from the exact share (`distance`), not
    from the band around it (`deviation`)."""
    return "distance" in _measures(rule)


def _measures(rule: RuleSpec) -> tuple[str, ...]:
    measures = rule.param("measure", DEFAULT_MEASURES)
    return (measures,) if isinstance(measures, str) else tuple(measures)


# ---- caps ----


def person_cap(scenario: Scenario, person_id: str) -> int | None:
    """The tightest hard `max_shifts` cap of a person (Scenario.duty_cap), if any.

    A soft cap may be exceeded, so it does not bound a fair share.
    """
    caps = [scenario.duty_cap(r, person_id) for r in scenario.rule("max_shifts") if r.hard]
    known = [c for c in caps if c is not None]
    return min(known) if known else None


# ---- the ledger of earlier rosters ----


def past_counts(scenario: Scenario, category: str) -> dict[str, int]:
    """Each person's duties of a category before this roster, from history.csv.

    A person without a row for a category that others have rows for is a newcomer:
    they start at the floor of the listed people's mean, neither owing duties nor owed.
    With no row at all for the category, everyone starts at 0.
    """
    rows = {e.person_id: e.count for e in scenario.history if e.category == category}
    start = sum(rows.values()) // len(rows) if rows else 0
    return {p.id: rows.get(p.id, start) for p in scenario.people}


def ledger_categories(scenario: Scenario) -> tuple[str, ...]:
    """Categories the ledger carries: those of every fairness rule, then history's own."""
    found: dict[str, None] = {}
    for r in scenario.rule("fairness"):
        found.update(dict.fromkeys(dict(r.param("categories", {}) or {})))
    found.update(dict.fromkeys(e.category for e in scenario.history))
    return tuple(found)


def next_ledger(scenario: Scenario, worked: Mapping[str, Iterable[Shift]]) -> list[LedgerEntry]:
    """Past count + this roster's count, per person (scenario order) and category.

    `worked` maps a person to the distinct shifts they work in this roster. Every
    person gets a row, zeros too: a row of 0 is a person who carried nothing, while a
    missing row marks a newcomer.
    """
    out = []
    for category in ledger_categories(scenario):
        past = past_counts(scenario, category)
        for p in scenario.people:
            now = sum(1 for s in worked.get(p.id, ()) if in_category(scenario, s, category))
            out.append(LedgerEntry(p.id, category, past[p.id] + now))
    return out


# ---- shares ----


@dataclass(frozen=True)
class Share:
    available: int  # shifts of the category the person could work
    share: Fraction  # the fair number for this roster, exact
    low: int  # floor(share)
    high: int  # ceil(share)
    past: int = 0  # duties of the category before this roster (history.csv)
    # This person's count in the integer split nearest the shares (`nearest_split`).
    target: int = 0


# ---- what a count costs ----


def nearest(x: Fraction) -> int:
    """x rounded to the nearest integer, halves up (not Python's round half to even)."""
    return floor(x + Fraction(1, 2))


def deviation_sides(share: Share, weight: int) -> tuple[int, int]:
    """What a count of floor(share) and of ceil(share) costs: weight * |count - share|,
    rounded to a whole cost unit (docs/rules.md, `fairness`)."""
    return nearest(weight * (share.share - share.low)), nearest(weight * (share.high - share.share))


def deviation_cost(share: Share, weight: int, count: int) -> int:
    """nearest(weight * |count - share|): a whole duty beyond a side adds exactly `weight`,
    so the cost is convex in the count, with integer slopes (solver/rules/fairness.py)."""
    at_low, at_high = deviation_sides(share, weight)
    if count <= share.low:
        return at_low + weight * (share.low - count)
    return at_high + weight * (count - share.high)  # an integer count above floor(share)


def fair_shares(scenario: Scenario, category: str) -> Mapping[str, Share]:
    """`shares_of` the category, worked out once per scenario object: the check, the
    summary, the report and the solver's rules of one process all ask for them."""
    memo = scenario.fair_share_memo
    if category not in memo:
        memo[category] = shares_of(scenario, category)
    # A copy: callers keep it (and send it to worker processes) as their own.
    return dict(memo[category])


def shares_of(scenario: Scenario, category: str) -> dict[str, Share]:
    """Past + present seats split in proportion to availability, minus the past, capped.

    Seats of the category are shared out so that each person's past count plus their
    share is proportional to the number of the category's shifts they are available
    for, with every share between 0 and what the person can carry now (their
    availability, and for category "all" a hard `max_shifts` cap); a share held at a
    bound passes the rest to the others (water-filling, exact fractions).
    """
    shifts = [s for s in scenario.shifts if in_category(scenario, s, category)]
    past = past_counts(scenario, category)
    restricted = _restricted(scenario)
    pools = [
        _pool_counts(scenario, people, members, restricted)
        for people, members in _pools(scenario, shifts)
    ]
    available = {p.id: sum(pool[1].get(p.id, 0) for pool in pools) for p in scenario.people}
    caps = {pid: Fraction(a) for pid, a in available.items()}
    if category == "all":
        for pid in caps:
            cap = person_cap(scenario, pid)
            if cap is not None:
                caps[pid] = min(caps[pid], Fraction(cap))
    shares = {p.id: Fraction(0) for p in scenario.people}
    for demand, counts in pools:
        # A person in several pools (a school's rotation and the checkpoint) carries their
        # past and their cap into each in proportion to their availability there.
        part = {pid: Fraction(a, available[pid]) if a else Fraction(0) for pid, a in counts.items()}
        pool_past = {pid: past[pid] * part[pid] for pid in counts}
        pool_caps = {pid: min(Fraction(counts[pid]), caps[pid] * part[pid]) for pid in counts}
        for pid, share in water_fill(demand, counts, pool_past, pool_caps).items():
            shares[pid] += share
    split = nearest_split(shares)
    return {
        pid: Share(available[pid], share, floor(share), ceil(share), past[pid], split[pid])
        for pid, share in shares.items()
    }


def nearest_split(shares: Mapping[str, Fraction]) -> dict[str, int]:
    """The integer counts adding up to the shares' sum with the least sum of |count - share|:
    every floor, then one more to each of the largest fractional parts, ties in the given
    order (largest-remainder rounding; docs/decisions.md says why no split does better).

    The sum is an integer: each pool's seats, or everyone's whole cap when the caps cannot
    hold them."""
    out = {pid: floor(share) for pid, share in shares.items()}
    left = round(sum(shares.values(), Fraction(0))) - sum(out.values())
    order = sorted(shares, key=lambda pid: out[pid] - shares[pid])  # largest fraction first
    for pid in order[: max(0, left)]:
        out[pid] += 1
    return out


def _pools(scenario: Scenario, shifts: list[Shift]) -> list[tuple[tuple[Person, ...], list[Shift]]]:
    """The category's shifts grouped by who may serve them: one pool for a scenario whose
    duties are open to everyone, one per school for school rotations (docs/rules.md)."""
    pools: dict[tuple[str, ...], tuple[tuple[Person, ...], list[Shift]]] = {}
    keys: dict[str, tuple[str, ...]] = {}
    for shift in shifts:
        if shift.duty_id not in keys:
            people = scenario.eligible_people(shift.duty_id)
            keys[shift.duty_id] = tuple(p.id for p in people)
            pools.setdefault(keys[shift.duty_id], (people, []))
        pools[keys[shift.duty_id]][1].append(shift)
    return list(pools.values())


def _pool_counts(
    scenario: Scenario, people: tuple[Person, ...], shifts: list[Shift], restricted: set[str]
) -> tuple[Fraction, dict[str, int]]:
    """The pool's seats (each date's preferred headcount, demand.csv included) and how
    many of its shifts each of its people is available for."""
    cover = scenario.cover
    demand = sum(cover.shift_headcount(s.duty_id, s.date).preferred for s in shifts)
    counts = {
        p.id: sum(1 for s in shifts if scenario.is_available(p.id, s))
        if p.id in restricted
        else len(shifts)
        for p in people
    }
    return Fraction(demand), counts


def _restricted(scenario: Scenario) -> set[str]:
    """People with any unavailable period, day off or busy time: the others are available
    for every shift they may serve, which saves the check per shift on large scenarios."""
    found = {a.person_id for a in scenario.availability if a.status.value == "unavailable"}
    found |= {r.person_id for r in scenario.requests if r.kind.value == "off"}
    return found | {b.person_id for b in scenario.busy}


def water_fill(
    demand: Fraction,
    weights: Mapping[str, int],
    past: Mapping[str, int],
    caps: Mapping[str, Fraction],
) -> dict[str, Fraction]:
    """share = clamp(level * weight - past, 0, cap), the level chosen so shares sum to demand.

    People of weight 0 get 0. When the caps cannot hold the demand, everyone gets their cap.
    """
    out = {pid: Fraction(0) for pid in weights}
    open_ids = [pid for pid, w in weights.items() if w > 0]
    if not open_ids or demand <= 0:
        return out
    if sum(caps[pid] for pid in open_ids) <= demand:
        return out | {pid: caps[pid] for pid in open_ids}
    terms = [(Fraction(weights[pid]), Fraction(past[pid]), caps[pid]) for pid in open_ids]
    level = _level(demand, terms)
    return out | {pid: _clamped(level, *t) for pid, t in zip(open_ids, terms, strict=True)}


def _clamped(level: Fraction, weight: Fraction, past: Fraction, cap: Fraction) -> Fraction:
    return min(max(level * weight - past, Fraction(0)), cap)


def _level(demand: Fraction, terms: list[tuple[Fraction, Fraction, Fraction]]) -> Fraction:
    """The level at which the clamped shares add up to `demand` (0 < demand < sum of caps).

    The total is piecewise linear and non-decreasing in the level, with a kink where a
    share leaves 0 or reaches its cap: binary search over the kinks, then interpolate.
    """

    def total(level: Fraction) -> Fraction:
        return sum((_clamped(level, *t) for t in terms), Fraction(0))

    kinks = sorted({p / w for w, p, _ in terms} | {(p + c) / w for w, p, c in terms})
    lo, hi = 0, len(kinks) - 1  # total(kinks[lo]) == 0 < demand < total(kinks[hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if total(kinks[mid]) < demand:
            lo = mid
        else:
            hi = mid
    a, b = kinks[lo], kinks[hi]
    at_a, at_b = total(a), total(b)
    return a + (demand - at_a) * (b - a) / (at_b - at_a)


# ---- fairness to the fraction: the figure the coordinator reads ----

HUNDREDTHS = 100  # the second stage counts each distance in hundredths of a duty


@dataclass(frozen=True)
class ToTheFraction:
    """How far a roster's counts of a category are from the exact shares, in duties: the
    sum over people of |count - share|, and the least any counts adding up to the
    category's seats reach (the nearest split: `Share.target`, largest remainders)."""

    category: str
    distance: Fraction
    least: Fraction


def weighed_categories(scenario: Scenario) -> list[str]:
    """Categories some fairness rule weighs (either measure to the shares), in rule order."""
    found: dict[str, None] = {}
    for r in scenario.rule("fairness"):
        deviation, _ = measure_weights(r)
        found.update(dict.fromkeys(c for c, w in deviation.items() if w > 0))
    return list(found)


def category_counts(
    scenario: Scenario, worked: Mapping[str, Iterable[Shift]], category: str
) -> dict[str, int]:
    """Each person's count of the category's distinct shifts (`worked`: person -> shifts)."""
    return {
        p.id: len({s.id for s in worked.get(p.id, ()) if in_category(scenario, s, category)})
        for p in scenario.people
    }


def to_the_fraction_figures(
    scenario: Scenario, worked: Mapping[str, Iterable[Shift]]
) -> list[ToTheFraction]:
    """Sum of |count - share| against its least, per weighed category."""
    out = []
    for category in weighed_categories(scenario):
        shares = fair_shares(scenario, category)
        counts = category_counts(scenario, worked, category)
        distance = sum((abs(counts[p] - s.share) for p, s in shares.items()), Fraction(0))
        least = sum((abs(s.target - s.share) for s in shares.values()), Fraction(0))
        out.append(ToTheFraction(category, distance, least))
    return out


def band_weights(rule: RuleSpec) -> dict[str, int]:
    """The categories a rule measures to the band (`deviation`), by weight: those whose
    distance to the fraction a second stage of the solve lowers (solver/fraction.py).
    `distance` prices it in the objective itself."""
    if to_the_fraction(rule):
        return {}
    deviation, _ = measure_weights(rule)
    return {c: w for c, w in deviation.items() if w > 0}


def second_stage_distance(scenario: Scenario, worked: Mapping[str, Iterable[Shift]]) -> int:
    """What the solve's second stage minimises: over the rules measured to the band and
    their categories, weight * round(100 * |count - share|) summed over people."""
    total = 0
    for rule in scenario.rule("fairness"):
        for category, weight in band_weights(rule).items():
            shares = fair_shares(scenario, category)
            counts = category_counts(scenario, worked, category)
            total += weight * sum(
                deviation_cost(s, HUNDREDTHS, counts[p]) for p, s in shares.items()
            )
    return total
