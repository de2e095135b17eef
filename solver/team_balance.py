"""The teams' seats balanced (solver/team_seats.py, step 2): one linear program, rounded.

The proposal shares each shift by itself; summed over the horizon, a team can end with far
more seats than its people's own cheapest schedules take, and then it cannot keep them at
their bounds whatever the search (1000 x 120 x 4: one team was given 109 seats beyond its
people's own load and missed its bounds in every run). So minimum headcounts are moved
between teams, keeping each shift's total, each team's role seats and what its placed
blocks hold, and each team's room, so that softly, in this order:

1. each team's seats of each fairness category fit its people's fair bands;
2. each team's seats are near its people's own load plus its part (by that load) of the
   seats beyond everyone's own load;
3. as few seats move as can.

Moving role seats as well, with targets per role and category, was tried: one team more
met its bounds and another, always met before, found no roster at all. Role seats stay as
proposed.

A linear program: as integers, the headcounts alone are a large model for CP-SAT, which
did not reach the optimum once the targets were added; GLOP solves the relaxation at once,
and its values are rounded shift by shift (largest remainders; docs/decisions.md).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ortools.linear_solver import pywraplp

from roster.cover import Cover
from roster.fairness import in_category, measure_weights
from roster.model import Scenario
from solver.blocks import BlockBound, Shares

if TYPE_CHECKING:
    from solver.team_seats import Proposal

BAND_WEIGHT = 100  # per seat outside a team's fair band
TARGET_WEIGHT = 10  # per seat off a team's target (step 2), against 1 per seat moved
Key = tuple[str, int]  # (shift id, team)
Wanted = Mapping[str, Mapping[tuple[int, str], int]]  # shift id -> (team, class) -> seats


def balance(
    scenario: Scenario,
    teams: Sequence[tuple[str, ...]],
    bounds: Sequence[BlockBound],
    shared: dict[str, Proposal],
    shares: Shares,
    wanted: Wanted | None = None,
) -> dict[str, Proposal]:
    """The proposal with minimum seats moved between teams; unchanged with no optimum."""
    if not shared:
        return shared
    lp = pywraplp.Solver.CreateSolver("GLOP")
    seats, moved = _seat_vars(lp, shared)
    off = _off_target(lp, seats, shared, len(teams), wanted or {})
    over = _outside_bands(lp, scenario, teams, bounds, shared, shares, seats)
    lp.Minimize(BAND_WEIGHT * sum(over) + TARGET_WEIGHT * sum(off) + sum(moved))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return shared
    return {sid: _rounded_proposal(p, sid, seats, n) for n, (sid, p) in enumerate(shared.items())}


def _categories(scenario: Scenario) -> list[str]:
    """The categories a fairness rule measures deviation in (all, nights, weekends...)."""
    return sorted(
        {c for r in scenario.rule("fairness") for c, w in measure_weights(r)[0].items() if w > 0}
    )


def _role_seats(p: Proposal, i: int) -> int:
    return sum(c[i].min for c in p.roles.values())


def _least(p: Proposal, i: int) -> int:
    """The headcount team `i` cannot go below: its role seats, and the seats that are not a
    role's of those its placed blocks hold (`held[""]` counts all of them). The larger of
    the two alone let a pair fixed to two plain seats take the seats of a team whose leader
    seat then had no room (1000 x 120 x 4: two of six teams proven infeasible at bounds)."""
    held = p.held[i]
    held_roles = sum(n for cls, n in held.items() if cls in p.roles)
    return _role_seats(p, i) + max(0, held.get("", 0) - held_roles)


def _seat_vars(
    lp: pywraplp.Solver, shared: Mapping[str, Proposal]
) -> tuple[dict[Key, pywraplp.Variable], list[pywraplp.Variable]]:
    """Each team's minimum headcount per shift, between what it must (its role seats, the
    seats its placed blocks hold) and what its people can take; each shift's total kept."""
    seats: dict[Key, pywraplp.Variable] = {}
    moved = []
    for sid, p in shared.items():
        for i, now in enumerate(p.heads):
            least = _least(p, i)
            x = lp.NumVar(least, max(least, p.caps[i].get("", 0)), "")
            seats[(sid, i)] = x
            d = lp.NumVar(0, lp.infinity(), "")
            lp.Add(d >= x - now.min)
            lp.Add(d >= now.min - x)
            moved.append(d)
        lp.Add(sum(seats[(sid, i)] for i in range(len(p.heads))) == sum(c.min for c in p.heads))
    return seats, moved


def _off_target(
    lp: pywraplp.Solver,
    seats: Mapping[Key, pywraplp.Variable],
    shared: Mapping[str, Proposal],
    count: int,
    wanted: Wanted,
) -> list[pywraplp.Variable]:
    """Per team: how far its seats are from its people's own load plus its part (by that
    load) of the seats beyond everyone's."""
    own = [sum(wanted.get(sid, {}).get((i, ""), 0) for sid in shared) for i in range(count)]
    total = sum(h.min for p in shared.values() for h in p.heads)
    out = []
    for i in range(count) if total else ():
        part = own[i] / sum(own) if sum(own) else 1 / count
        target = own[i] + (total - sum(own)) * part
        d = lp.NumVar(0, lp.infinity(), "")
        held = sum(seats[(sid, i)] for sid in shared)
        lp.Add(d >= held - target)
        lp.Add(d >= target - held)
        out.append(d)
    return out


def _outside_bands(
    lp: pywraplp.Solver,
    scenario: Scenario,
    teams: Sequence[tuple[str, ...]],
    bounds: Sequence[BlockBound],
    shared: Mapping[str, Proposal],
    shares: Shares,
    seats: Mapping[Key, pywraplp.Variable],
) -> list[pywraplp.Variable]:
    """Per team and fairness category, its seats above or below its people's bands."""
    categories = [c for c in _categories(scenario) if c in shares]
    bands = _bands(scenario, teams, bounds, categories, shares)
    own = _own_totals(scenario, teams, shared, categories)
    over = []
    for (i, c), (low, high) in bands.items():
        mine = [
            seats[(sid, i)] for sid in shared if in_category(scenario, scenario.shift_by_id[sid], c)
        ]
        total = sum(mine) + own.get((i, c), 0)
        above, below = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
        lp.Add(total - above <= high)
        lp.Add(total + below >= low)
        over += [above, below]
    return over


def _bands(
    scenario: Scenario,
    teams: Sequence[tuple[str, ...]],
    bounds: Sequence[BlockBound],
    categories: list[str],
    shares: Shares,
) -> dict[tuple[int, str], tuple[int, int]]:
    """(team, category) -> the least and most seats its people take at their bounds: their
    fair bands, widened to the load of each one's own cheapest schedule."""
    load: dict[tuple[str, str], int] = {}
    for b in bounds:
        for pid, sid, _ in b.schedule:
            shift = scenario.shift_by_id[sid]
            for c in categories:
                if in_category(scenario, shift, c):
                    load[(pid, c)] = load.get((pid, c), 0) + 1
    out = {}
    for i, team in enumerate(teams):
        for c in categories:
            low = high = 0
            for pid in team:
                share = shares[c].get(pid)
                own = load.get((pid, c), 0)
                low += min(own, share.low) if share else own
                high += max(own, share.high) if share else own
            out[(i, c)] = (low, high)
    return out


def _own_totals(
    scenario: Scenario,
    teams: Sequence[tuple[str, ...]],
    shared: Mapping[str, Proposal],
    categories: list[str],
) -> dict[tuple[int, str], int]:
    """(team, category) -> minimum seats of the shifts only that team serves."""
    member = {pid: i for i, t in enumerate(teams) for pid in t}
    out: dict[tuple[int, str], int] = {}
    for shift in scenario.shifts:
        if shift.id in shared:
            continue
        owners = {
            member[p.id]
            for p in scenario.eligible_people(shift.duty_id)
            if scenario.is_available(p.id, shift)
        }
        if len(owners) != 1:
            continue
        (i,) = owners
        need = scenario.cover.shift_headcount(shift.duty_id, shift.date).min
        for c in categories:
            if in_category(scenario, shift, c):
                out[(i, c)] = out.get((i, c), 0) + need
    return out


# ---- rounding ----


def _rounded_proposal(
    p: Proposal, sid: str, seats: Mapping[Key, pywraplp.Variable], rotation: int
) -> Proposal:
    n = len(p.heads)
    values = [seats[(sid, i)].solution_value() for i in range(n)]
    floors = [_least(p, i) for i in range(n)]
    return dataclasses.replace(p, heads=_moved(p.heads, _rounded(values, floors, rotation)))


def _rounded(values: list[float], floors: list[int], rotation: int) -> list[int]:
    """Whole numbers with the values' (whole) sum, none below its floor: floors, then the
    largest fractions up (ties rotating), or the smallest down when the floors overshoot."""
    n = len(values)
    out = [max(f, math.floor(x + 1e-6)) for x, f in zip(values, floors, strict=True)]
    total = round(sum(values))
    order = sorted(range(n), key=lambda i: (-(values[i] - out[i]), (i - rotation) % n))
    for i in order[: max(0, total - sum(out))]:
        out[i] += 1
    while sum(out) > total:
        above = [i for i in reversed(order) if out[i] > floors[i]]
        if not above:
            break  # the floors alone exceed the sum: they stand
        i = min(above, key=lambda k: values[k] - out[k])
        out[i] -= 1
    return out


def _moved(covers: list[Cover], mins: list[int]) -> list[Cover]:
    """These minimums; preferred and max keep their margins above the minimum."""
    return [
        Cover(m, m + (c.preferred - c.min), m + (c.max - c.min))
        for m, c in zip(mins, covers, strict=True)
    ]
