"""Fair shares: how many shifts of a category each person should carry.

A domain quantity derived from the scenario alone, so the solver and the
independent checker read the same targets (docs/rules.md, rule `fairness`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from roster.model import Scenario, Shift

CATEGORIES = ("all", "night", "weekend", "holiday")


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


def person_cap(scenario: Scenario, person_id: str) -> int | None:
    """The tightest hard `max_shifts` cap that applies to a person, if any."""
    if not any(r.hard for r in scenario.rule("max_shifts")):
        return None
    own = scenario.person_by_id[person_id].max_shifts
    caps = [c for c in (_rule_cap(scenario), own) if c is not None]
    return min(caps) if caps else None


def _rule_cap(scenario: Scenario) -> int | None:
    """The hard global cap; a soft cap may be exceeded, so it does not bound a fair share."""
    caps = [
        int(r.param("max"))
        for r in scenario.rule("max_shifts")
        if r.hard and r.param("max") is not None
    ]
    return min(caps) if caps else None


@dataclass(frozen=True)
class Share:
    available: int  # shifts of the category the person could work
    share: Fraction  # the fair number, exact
    low: int  # floor(share)
    high: int  # ceil(share)


def fair_shares(scenario: Scenario, category: str) -> Mapping[str, Share]:
    """Demand of a category split in proportion to availability, water-filled under caps.

    Seats of the category are shared out in proportion to the number of the
    category's shifts each person is available for. A person whose share would
    exceed a cap (their availability, or `max_shifts` for category "all") gets
    the cap, and the rest is shared again among the others.
    """
    shifts = [s for s in scenario.shifts if in_category(scenario, s, category)]
    demand = sum(scenario.duty_by_id[s.duty_id].seats for s in shifts)
    available = {
        p.id: sum(1 for s in shifts if scenario.is_available(p.id, s)) for p in scenario.people
    }
    caps = {pid: Fraction(a) for pid, a in available.items()}
    if category == "all":
        for pid in caps:
            cap = person_cap(scenario, pid)
            if cap is not None:
                caps[pid] = min(caps[pid], Fraction(cap))
    shares = _water_fill(Fraction(demand), available, caps)
    return {
        pid: Share(available[pid], share, floor(share), ceil(share))
        for pid, share in shares.items()
    }


def _water_fill(
    demand: Fraction, weights: Mapping[str, int], caps: Mapping[str, Fraction]
) -> dict[str, Fraction]:
    fixed: dict[str, Fraction] = {}
    open_ids = [pid for pid, w in weights.items() if w > 0]
    remaining = demand
    while open_ids:
        total = sum(weights[pid] for pid in open_ids)
        proposal = {pid: remaining * weights[pid] / total for pid in open_ids}
        over = [pid for pid in open_ids if proposal[pid] > caps[pid]]
        if not over:
            fixed.update(proposal)
            break
        for pid in over:
            fixed[pid] = caps[pid]
            remaining -= caps[pid]
        open_ids = [pid for pid in open_ids if pid not in fixed]
        remaining = max(remaining, Fraction(0))
    return {pid: fixed.get(pid, Fraction(0)) for pid in weights}
