"""Each team's share of the seats (solver/teams.py): who takes which seats of a shift.

A shift served by one team's people only (a school's own rotation) is that team's. The
seats of a shift several teams can serve are shared out in two steps:

1. a proposal, shift by shift: the seats the placed pairs hold, then the rest in
   proportion to the team's people who would work that shift in their own cheapest
   schedule (and, a little, to all who could), role seats first, largest remainders with
   ties rotating by date;
2. `balance` (solver/team_balance.py): the minimum headcounts moved between teams (one
   linear program) so that each team's seats of each fairness category (all, nights,
   weekends, holidays) fit the fair bands of its people, and its seats stay near its
   people's own load. A team given more weekend seats than its people's fair weekends
   cannot keep every one of them at their bound, whatever the search; measured on
   1000 x 120 x 4, five of nine teams missed their bounds before this step.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from roster.cover import Cover
from roster.model import Demand, Scenario, Shift
from solver import blocks
from solver.blocks import BlockBound
from solver.team_balance import balance

# A team's share of a shift follows the people who would work it at their bound, and,
# with this weight each, those who could.
AVAILABLE_WEIGHT = 0.1
WEIGHT = "weight:"  # key prefix in _able's tables


# ---- 1. the proposal ----

Carry = list[float]  # per team: the seats the rounding owes it so far (`apportion`)
Carries = dict[tuple[str, str], Carry]  # per (duty id, seat class)


def _carry(carries: Carries, key: tuple[str, str], teams: int) -> Carry:
    return carries.setdefault(key, [0.0] * teams)


@dataclass
class SeatPlan:
    """Who takes which seats: a shift served by one team (`owner`) keeps its own rows;
    the others are shared (`shared`). `scenario_of` gives the scenario of one team, or of
    several solved together (their people, their seats added up)."""

    scenario: Scenario
    teams: Sequence[tuple[str, ...]]
    owner: dict[str, int]
    shared: dict[str, Proposal]

    def scenario_of(self, members: Sequence[int]) -> Scenario:
        sc = self.scenario
        people = tuple(pid for i in members for pid in self.teams[i])
        (sub,) = blocks.block_scenarios(sc, [people])
        own: dict[tuple, list[Demand]] = {}
        for d in sc.demand:
            own.setdefault((d.date, d.duty_id), []).append(d)
        rows: list[Demand] = []
        for shift in sc.shifts:
            if shift.id in self.shared:
                (mine,) = _rows(sc, shift, _summed(self.shared[shift.id], members))
                rows += mine
            elif self.owner.get(shift.id) in members:
                rows += own.get((shift.date, shift.duty_id), [])
            else:
                rows += _closed(sc, shift)
        return _with_demand(sc, sub, rows, people)


def seat_plan(
    scenario: Scenario,
    teams: Sequence[tuple[str, ...]],
    bounds: Sequence[BlockBound] = (),
    shares: blocks.Shares | None = None,
) -> SeatPlan:
    member = {pid: i for i, t in enumerate(teams) for pid in t}
    wanted = _wanted(bounds, member)
    held = _wanted([b for b in bounds if b.placed], member)
    owner: dict[str, int] = {}
    shared: dict[str, Proposal] = {}
    carries: Carries = {}
    for n, shift in enumerate(scenario.shifts):
        able = _able(scenario, shift, member, len(teams), wanted.get(shift.id, {}))
        owners = [i for i, a in enumerate(able) if a.get("", 0)]
        if len(owners) == 1:
            owner[shift.id] = owners[0]  # one team's people only: a school's rotation
            continue
        mine = held.get(shift.id, {})
        fixed = [{cls: k for (t, cls), k in mine.items() if t == i} for i in range(len(teams))]
        shared[shift.id] = _proposed(scenario, shift, able, n, fixed, carries)
    shares = blocks.all_shares(scenario) if shares is None else shares
    balanced = balance(scenario, teams, bounds, shared, shares, wanted)
    return SeatPlan(scenario, teams, owner, balanced)


def _summed(p: Proposal, members: Sequence[int]) -> Proposal:
    """One team's seats of a shared shift, or the sum of several teams'."""

    def add(covers: list[Cover]) -> Cover:
        return Cover(
            sum(covers[i].min for i in members),
            sum(covers[i].preferred for i in members),
            sum(covers[i].max for i in members),
        )

    return Proposal(
        [add(p.heads)],
        {r: [add(c)] for r, c in p.roles.items()},
        [{}],
        [{}],
    )


def _with_demand(
    scenario: Scenario, sub: Scenario, demand: list[Demand], team: tuple[str, ...]
) -> Scenario:
    """The team's scenario: its share of the seats, and only the duties it may serve."""
    ids = set(team)
    duties = tuple(
        d for d in scenario.duties if any(p.id in ids for p in scenario.eligible_people(d.id))
    )
    kept = {d.id for d in duties}
    rows = tuple(d for d in demand if d.duty_id in kept)
    return dataclasses.replace(sub, duties=duties, demand=rows)


def _closed(scenario: Scenario, shift: Shift) -> list[Demand]:
    duty = scenario.duty_by_id[shift.duty_id]
    roles = ("", *sorted(duty.role_seats()))
    return [Demand(shift.date, duty.id, g.id, r, 0, 0, 0) for g in duty.groups for r in roles]


def _wanted(
    bounds: Sequence[BlockBound], member: dict[str, int]
) -> dict[str, dict[tuple[int, str], int]]:
    """shift id -> (team, seat class) -> how many of the team's people work it in their own
    cheapest schedule (solver/blocks.py): what the team would like to cover."""
    out: dict[str, dict[tuple[int, str], int]] = {}
    for b in bounds:
        for pid, sid, role in b.schedule:
            if pid in member:
                mine = out.setdefault(sid, {})
                for cls in {"", role}:
                    key = (member[pid], cls)
                    mine[key] = mine.get(key, 0) + 1
    return out


def _able(
    scenario: Scenario,
    shift: Shift,
    member: dict[str, int],
    count: int,
    wanted: dict[tuple[int, str], int],
) -> list[dict[str, float]]:
    """Per team and seat class ("" any seat, or a role): how many of its people could take
    it (the cap of its share) and how much it weighs in the sharing: the people who would
    take it in their cheapest schedule, plus a little for each who could."""
    caps: list[dict[str, int]] = [{} for _ in range(count)]
    for p in scenario.eligible_people(shift.duty_id):
        if scenario.is_available(p.id, shift):
            mine = caps[member[p.id]]
            for cls in ("", *p.roles):
                mine[cls] = mine.get(cls, 0) + 1
    return [
        {cls: n for cls, n in mine.items()}
        | {WEIGHT + cls: wanted.get((i, cls), 0) + AVAILABLE_WEIGHT * n for cls, n in mine.items()}
        for i, mine in enumerate(caps)
    ]


@dataclass
class Proposal:
    """One shift's seats per team: headcounts, role quotas, and what each team could take
    (its people available, its role holders; and the seats its placed blocks hold)."""

    heads: list[Cover]
    roles: dict[str, list[Cover]]
    caps: list[dict[str, int]]
    held: list[dict[str, int]]


def _proposed(
    scenario: Scenario,
    shift: Shift,
    able: list[dict[str, float]],
    rotation: int,
    fixed: list[dict[str, int]],
    carries: Carries | None = None,
) -> Proposal:
    """Each team's seats on the shift: the seats its placed blocks hold (`fixed`, per seat
    class) and a share of the rest, role seats first. `carries`: the rounding owed to each
    team so far, per duty and seat class (see `apportion`), updated."""
    duty = scenario.duty_by_id[shift.duty_id]
    cover = scenario.cover
    roles = sorted(duty.role_seats())
    carries = {} if carries is None else carries
    role_shares = {
        r: _with_held(
            cover.shift_role(duty.id, shift.date, r),
            _caps(able, r),
            _weights(able, r),
            [f.get(r, 0) for f in fixed],
            rotation,
            _carry(carries, (duty.id, r), len(able)),
        )
        for r in roles
    }
    seated = [sum(role_shares[r][i].min for r in roles) for i in range(len(able))]
    held_roles = [sum(f.get(r, 0) for r in roles) for f in fixed]
    others = [max(0, f.get("", 0) - h) for f, h in zip(fixed, held_roles, strict=True)]
    heads = _heads(
        cover.shift_headcount(duty.id, shift.date),
        able,
        seated,
        others,
        rotation,
        _carry(carries, (duty.id, ""), len(able)),
    )
    caps = [{cls: int(n) for cls, n in a.items() if not cls.startswith(WEIGHT)} for a in able]
    return Proposal(heads, role_shares, caps, fixed)


def _rows(scenario: Scenario, shift: Shift, proposal: Proposal) -> list[list[Demand]]:
    """Each team's demand rows for the shift, all its seats in the duty's first group."""
    duty = scenario.duty_by_id[shift.duty_id]
    first, rest = duty.groups[0].id, [g.id for g in duty.groups[1:]]
    roles = sorted(proposal.roles)
    out = []
    for i, head in enumerate(proposal.heads):
        rows = [Demand(shift.date, duty.id, first, "", *_three(head))]
        rows += [
            Demand(shift.date, duty.id, first, r, *_three(proposal.roles[r][i])) for r in roles
        ]
        for g in rest:
            rows += [Demand(shift.date, duty.id, g, role, 0, 0, 0) for role in ("", *roles)]
        out.append(rows)
    return out


def _three(c: Cover) -> tuple[int, int, int]:
    return c.min, c.preferred, c.max


def _caps(able: list[dict[str, float]], cls: str) -> list[int]:
    return [int(a.get(cls, 0)) for a in able]


def _weights(able: list[dict[str, float]], cls: str) -> list[float]:
    return [a.get(WEIGHT + cls, 0.0) for a in able]


def _heads(
    total: Cover,
    able: list[dict[str, float]],
    seated: list[int],
    held: list[int],
    rotation: int,
    carry: Carry | None = None,
) -> list[Cover]:
    """Headcounts: each team's role seats and the other seats its placed blocks hold, plus
    a share of the rest by its people."""
    taken = [s + h for s, h in zip(seated, held, strict=True)]
    rest = _minus(total, sum(taken))
    free = [max(0, c - t) for c, t in zip(_caps(able, ""), taken, strict=True)]
    weights = [max(0.0, w - t) for w, t in zip(_weights(able, ""), taken, strict=True)]
    others = _levels(rest, free, weights, rotation, carry)
    return [
        Cover(t + o.min, t + o.preferred, t + o.max) for t, o in zip(taken, others, strict=True)
    ]


def _with_held(
    total: Cover,
    caps: list[int],
    weights: list[float],
    held: list[int],
    rotation: int,
    carry: Carry | None = None,
) -> list[Cover]:
    """The seats each team holds already, plus a share of the rest."""
    free = [max(0, c - h) for c, h in zip(caps, held, strict=True)]
    left = [max(0.0, w - h) for w, h in zip(weights, held, strict=True)]
    shares = _levels(_minus(total, sum(held)), free, left, rotation, carry)
    return [Cover(h + s.min, h + s.preferred, h + s.max) for h, s in zip(held, shares, strict=True)]


def _minus(total: Cover, n: int) -> Cover:
    return Cover(max(0, total.min - n), max(0, total.preferred - n), max(0, total.max - n))


def _levels(
    total: Cover,
    capacity: list[int],
    weights: list[float],
    rotation: int,
    carry: Carry | None = None,
) -> list[Cover]:
    """min, then preferred, then max shared out level by level, so each team's stay ordered.
    The rounding carried is the min's: the seats a team must fill."""
    mins = apportion(total.min, capacity, weights, rotation, carry)
    prefs = apportion(total.preferred - total.min, _left(capacity, mins), weights, rotation)
    tops = apportion(total.max - total.preferred, _left(capacity, mins, prefs), weights, rotation)
    return [Cover(m, m + p, m + p + t) for m, p, t in zip(mins, prefs, tops, strict=True)]


def _left(capacity: list[int], *taken: list[int]) -> list[int]:
    return [max(0, c - sum(t[i] for t in taken)) for i, c in enumerate(capacity)]


def apportion(
    seats: int,
    capacity: list[int],
    weights: list[float] | None = None,
    rotation: int = 0,
    carry: Carry | None = None,
) -> list[int]:
    """`seats` shared in proportion to `weights` (default: `capacity`), no team above its
    capacity while another has room: the capped shares are water-filled, then rounded by
    largest remainders, ties broken by a rotating start. Seats beyond the total capacity go
    to the largest team: they are short whoever holds them.

    `carry` (updated): what each team was owed by the rounding of earlier shifts. It joins
    the remainders, so a team rounded down before is rounded up next, and over the horizon
    each team's seats follow its weights. Without it, a team whose weight is a little above
    the others' wins every remainder: 1000 x 120 x 4, the leader seats of a night (two,
    among six teams of 41 or 42 leaders) went to the teams of 42, one team 236 of them and
    another 31, and the team of 236 found no roster at all."""
    n = len(capacity)
    if seats <= 0 or n == 0:
        return [0] * n
    if sum(capacity) == 0:
        return [seats if i == rotation % n else 0 for i in range(n)]
    fillable = min(seats, sum(capacity))
    exact = _water_filled(fillable, capacity, weights or [float(c) for c in capacity])
    out = [min(c, math.floor(e + 1e-9)) for c, e in zip(capacity, exact, strict=True)]
    owed = [e + (carry[i] if carry else 0.0) for i, e in enumerate(exact)]
    order = sorted(range(n), key=lambda i: (-round(owed[i] - out[i], 9), (i - rotation) % n))
    k = 0
    while sum(out) < fillable:
        i = order[k % n]
        if out[i] < capacity[i]:
            out[i] += 1
        k += 1
    if carry is not None:
        for i in range(n):
            carry[i] += exact[i] - out[i]
    for _ in range(seats - fillable):
        out[max(range(n), key=lambda i: (capacity[i], -i))] += 1
    return out


def _water_filled(seats: int, capacity: list[int], weights: list[float]) -> list[float]:
    """Real shares proportional to weight, each at most its capacity, summing to `seats`."""
    share = [0.0] * len(capacity)
    active = [i for i, c in enumerate(capacity) if c > 0]
    left = float(seats)
    while active and left > 1e-9:
        weight = sum(weights[i] for i in active)
        if weight <= 0:
            weights = [float(c) for c in capacity]
            weight = sum(weights[i] for i in active)
        rate = left / weight
        full = [i for i in active if rate * weights[i] >= capacity[i] - share[i]]
        if not full:
            for i in active:
                share[i] += rate * weights[i]
            break
        for i in full:
            left -= capacity[i] - share[i]
            share[i] = float(capacity[i])
        active = [i for i in active if i not in full]
    return share
