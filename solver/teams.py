"""A large pool rostered in teams: each team takes a share of every duty's seats.

One model of 1,000 people over 120 days with four duties is 700,000 variables: CP-SAT's
presolve alone took 40 s of it and no first roster came in 300 s (bench/README.md). The
person bounds (solver/blocks.py) show a way round it. The cost of a roster is the sum of
its people's costs plus the cover's, and no person can cost less than their bound; so a
roster in which every person is at their bound and every seat is filled is optimal, however
it was found. Such a roster can be found team by team:

1. the people are dealt into teams of about `TEAM_PAIRS` candidate pairs (blocks kept
   whole; people who share a duty few others may serve, such as a school's own rotation,
   kept together), balanced in size and in role holders;
2. each duty's seats on each date, role seats first, are apportioned among the teams in
   proportion to how many of each team's people could take them (largest remainders, ties
   rotating by date so that no team always rounds up);
3. each team is solved alone (in parallel), against the fair shares and person bounds of
   the whole pool: a team's model of its people is exactly the whole model's, and its
   share of the seats is its cover;
4. the teams' rosters together are split into the duties' real groups and evaluated by the
   whole model with every variable fixed (a model of the rostered pairs only), so the
   violations and the objective are exactly the whole model's. The bound is the sum of the
   person bounds (plus the split's cost, as for any solve): when every team met its seats
   at its people's bounds, objective and bound meet and the roster is proven optimal.

A team that cannot meet its share at its bounds costs more than it would have in one model
that could move the seat to another team; the gap says how much at most.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

from roster.components import decomposable
from roster.cover import Cover
from roster.model import Demand, Scenario, Shift, SolverSettings
from roster.result import Assignment, Result, Status
from solver import blocks, grouping
from solver.baseline import Baseline
from solver.blocks import BlockBound, Shares
from solver.fanout import fan_out

TEAM_PAIRS = 60_000  # candidate (person, shift) pairs per team
TEAMS_MIN_PAIRS = 150_000  # a model this large is rostered in teams
# A team's share of a shift follows the people who would work it at their bound, and,
# with this weight each, those who could.
AVAILABLE_WEIGHT = 0.1
WEIGHT = "weight:"  # key prefix in _able's tables
TEAMS_AT_ONCE = 2

SolveTeam = Callable[[Scenario, Shares, list[BlockBound]], Result]
Evaluate = Callable[[Scenario, Baseline], Result]


def candidate_pairs(scenario: Scenario) -> int:
    """How many (person, shift) variables one model of the scenario would have."""
    return sum(
        1
        for shift in scenario.shifts
        for p in scenario.eligible_people(shift.duty_id)
        if scenario.is_available(p.id, shift)
    )


def applicable(scenario: Scenario) -> bool:
    return decomposable(scenario) and candidate_pairs(scenario) >= TEAMS_MIN_PAIRS


def solve_in_teams(scenario: Scenario, solve_team: SolveTeam, evaluate: Evaluate) -> Result:
    started = time.perf_counter()
    shares = blocks.all_shares(scenario)
    bounds = blocks.placed(scenario, blocks.person_bounds(scenario, shares=shares), shares)
    bounds_s = time.perf_counter() - started
    teams = deal(scenario, bounds)
    settings = _team_budget(scenario.solver, len(teams), bounds_s)
    subs = [
        dataclasses.replace(sub, solver=settings) for sub in team_scenarios(scenario, teams, bounds)
    ]
    by_person = {pid: b for b in bounds for pid in b.people}

    def job(i: int) -> Result:
        mine = list({id(by_person[pid]): by_person[pid] for pid in teams[i]}.values())
        return solve_team(subs[i], shares, mine)

    results = fan_out(job, len(subs), sizes=[len(t) for t in teams])
    teams_s = time.perf_counter() - started
    roster = regroup(scenario, [a for r in results for a in r.assignments])
    regroup_s = time.perf_counter() - started
    result = evaluate(scenario, Baseline(tuple(roster), scenario.end + timedelta(days=1), 0))
    lower = sum(b.lower for b in bounds)
    split = sum(v.cost for v in result.violations if v.kind == "same_school_group")
    bound = lower + split
    status = (
        Status.OPTIMAL
        if result.objective is not None and result.objective <= bound
        else (Status.FEASIBLE if result.objective is not None else Status.UNKNOWN)
    )
    stats = {k: v for k, v in result.stats.items() if k != "changes"} | {
        "teams": [_team_stats(t, r) for t, r in zip(teams, results, strict=True)],
        "person_bound": lower,
        "steps_s": [round(t, 1) for t in (bounds_s, teams_s, regroup_s)],
    }
    return dataclasses.replace(
        result,
        status=status,
        best_bound=bound,
        wall_time_s=time.perf_counter() - started,
        stats=stats,
    )


def _team_budget(settings: SolverSettings, teams: int, spent_s: float) -> SolverSettings:
    """Each team's share of the budget, the teams running `TEAMS_AT_ONCE` at a time: a
    fixed number, not the machine's cores, so that a deterministic roster does not depend
    on the machine. The wall-clock limit is what is left after the bounds."""
    rounds = math.ceil(teams / TEAMS_AT_ONCE)
    left = max(1.0, settings.time_limit_s - spent_s)
    return dataclasses.replace(
        settings,
        time_limit_s=max(1.0, left / rounds),
        deterministic_time=max(1.0, settings.deterministic_time / rounds),
    )


def _team_stats(team: Sequence[str], r: Result) -> dict:
    return {
        "people": len(team),
        "status": r.status.value,
        "objective": r.objective,
        "bound": r.best_bound,
        "s": round(r.wall_time_s, 2),
    }


# ---- 1. dealing people into teams ----


def deal(scenario: Scenario, bounds: Sequence[BlockBound]) -> list[tuple[str, ...]]:
    """Teams of people (each in scenario order), largest units first onto the lightest
    team; units of one kind (roles) follow each other, so they spread round the teams."""
    units = _units(scenario, bounds)
    load = _loads(scenario)
    total = sum(load[pid] for unit in units for pid in unit)
    count = max(1, math.ceil(total / TEAM_PAIRS))
    teams: list[list[str]] = [[] for _ in range(count)]
    weight = [0] * count
    order = sorted(units, key=lambda u: (-len(u), _kind(scenario, u)))
    for unit in order:
        i = min(range(count), key=lambda k: (weight[k], k))
        teams[i] += unit
        weight[i] += sum(load[pid] for pid in unit)
    position = {p.id: n for n, p in enumerate(scenario.people)}
    return [tuple(sorted(t, key=position.__getitem__)) for t in teams if t]


def _units(scenario: Scenario, bounds: Sequence[BlockBound]) -> list[list[str]]:
    """Blocks, merged when they share a duty that few may serve (a school's rotation)."""
    parent = {pid: b.people[0] for b in bounds for pid in b.people}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    narrow = TEAM_PAIRS // max(1, len(scenario.days))
    for duty in scenario.duties:
        people = scenario.eligible_people(duty.id)
        if len(people) <= narrow:
            for p in people[1:]:
                parent[root(p.id)] = root(people[0].id)
    found: dict[str, list[str]] = {}
    for p in scenario.people:
        found.setdefault(root(p.id), []).append(p.id)
    return list(found.values())


def _loads(scenario: Scenario) -> dict[str, int]:
    load = dict.fromkeys((p.id for p in scenario.people), 0)
    for shift in scenario.shifts:
        for p in scenario.eligible_people(shift.duty_id):
            if scenario.is_available(p.id, shift):
                load[p.id] += 1
    return load


def _kind(scenario: Scenario, unit: list[str]) -> tuple:
    return tuple(sorted({r for pid in unit for r in scenario.person_by_id[pid].roles}))


# ---- 2. each team's share of the seats ----


def team_scenarios(
    scenario: Scenario, teams: Sequence[tuple[str, ...]], bounds: Sequence[BlockBound] = ()
) -> list[Scenario]:
    subs = blocks.block_scenarios(scenario, teams)
    demand: list[list[Demand]] = [[] for _ in teams]
    member = {pid: i for i, t in enumerate(teams) for pid in t}
    wanted = _wanted(bounds, member)
    held = _wanted([b for b in bounds if b.placed], member)
    own_rows: dict[tuple, list[Demand]] = {}
    for d in scenario.demand:
        own_rows.setdefault((d.date, d.duty_id), []).append(d)
    for n, shift in enumerate(scenario.shifts):
        able = _able(scenario, shift, member, len(teams), wanted.get(shift.id, {}))
        owners = [i for i, a in enumerate(able) if a.get("", 0)]
        if len(owners) == 1:
            # One team's people only (a school's rotation): its own rows, nobody else's.
            demand[owners[0]] += own_rows.get((shift.date, shift.duty_id), [])
            for i in range(len(teams)):
                if i != owners[0]:
                    demand[i] += _closed(scenario, shift)
            continue
        mine = held.get(shift.id, {})
        fixed = [{cls: k for (t, cls), k in mine.items() if t == i} for i in range(len(teams))]
        for i, rows in enumerate(_apportioned(scenario, shift, able, n, fixed)):
            demand[i] += rows
    return [
        _with_demand(scenario, sub, d, teams[i])
        for i, (sub, d) in enumerate(zip(subs, demand, strict=True))
    ]


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
    out = dataclasses.replace(sub, duties=duties, demand=rows)
    return out


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


def _apportioned(
    scenario: Scenario,
    shift: Shift,
    able: list[dict[str, float]],
    rotation: int,
    fixed: list[dict[str, int]],
) -> list[list[Demand]]:
    """Each team's demand rows for the shift, all its seats in the duty's first group: the
    seats its placed blocks hold (`fixed`, per seat class) and a share of the rest."""
    duty = scenario.duty_by_id[shift.duty_id]
    cover = scenario.cover
    roles = sorted(duty.role_seats())
    role_shares = {
        r: _with_held(
            cover.shift_role(duty.id, shift.date, r),
            _caps(able, r),
            _weights(able, r),
            [f.get(r, 0) for f in fixed],
            rotation,
        )
        for r in roles
    }
    seated = [sum(role_shares[r][i].min for r in roles) for i in range(len(able))]
    held_roles = [sum(f.get(r, 0) for r in roles) for f in fixed]
    others = [max(0, f.get("", 0) - h) for f, h in zip(fixed, held_roles, strict=True)]
    heads = _heads(cover.shift_headcount(duty.id, shift.date), able, seated, others, rotation)
    out = []
    first, rest = duty.groups[0].id, [g.id for g in duty.groups[1:]]
    for i, head in enumerate(heads):
        rows = [Demand(shift.date, duty.id, first, "", *_three(head))]
        rows += [Demand(shift.date, duty.id, first, r, *_three(role_shares[r][i])) for r in roles]
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
) -> list[Cover]:
    """Headcounts: each team's role seats and the other seats its placed blocks hold, plus
    a share of the rest by its people."""
    taken = [s + h for s, h in zip(seated, held, strict=True)]
    rest = _minus(total, sum(taken))
    free = [max(0, c - t) for c, t in zip(_caps(able, ""), taken, strict=True)]
    weights = [max(0.0, w - t) for w, t in zip(_weights(able, ""), taken, strict=True)]
    others = _levels(rest, free, weights, rotation)
    return [
        Cover(t + o.min, t + o.preferred, t + o.max) for t, o in zip(taken, others, strict=True)
    ]


def _with_held(
    total: Cover, caps: list[int], weights: list[float], held: list[int], rotation: int
) -> list[Cover]:
    """The seats each team holds already, plus a share of the rest."""
    free = [max(0, c - h) for c, h in zip(caps, held, strict=True)]
    left = [max(0.0, w - h) for w, h in zip(weights, held, strict=True)]
    shares = _levels(_minus(total, sum(held)), free, left, rotation)
    return [Cover(h + s.min, h + s.preferred, h + s.max) for h, s in zip(held, shares, strict=True)]


def _minus(total: Cover, n: int) -> Cover:
    return Cover(max(0, total.min - n), max(0, total.preferred - n), max(0, total.max - n))


def _levels(total: Cover, capacity: list[int], weights: list[float], rotation: int) -> list[Cover]:
    """min, then preferred, then max shared out level by level, so each team's stay ordered."""
    mins = apportion(total.min, capacity, weights, rotation)
    prefs = apportion(total.preferred - total.min, _left(capacity, mins), weights, rotation)
    tops = apportion(total.max - total.preferred, _left(capacity, mins, prefs), weights, rotation)
    return [Cover(m, m + p, m + p + t) for m, p, t in zip(mins, prefs, tops, strict=True)]


def _left(capacity: list[int], *taken: list[int]) -> list[int]:
    return [max(0, c - sum(t[i] for t in taken)) for i, c in enumerate(capacity)]


def apportion(
    seats: int, capacity: list[int], weights: list[float] | None = None, rotation: int = 0
) -> list[int]:
    """`seats` shared in proportion to `weights` (default: `capacity`), no team above its
    capacity while another has room: the capped shares are water-filled, then rounded by
    largest remainders, ties broken by a rotating start. Seats beyond the total capacity go
    to the largest team: they are short whoever holds them."""
    n = len(capacity)
    if seats <= 0 or n == 0:
        return [0] * n
    if sum(capacity) == 0:
        return [seats if i == rotation % n else 0 for i in range(n)]
    fillable = min(seats, sum(capacity))
    exact = _water_filled(fillable, capacity, weights or [float(c) for c in capacity])
    out = [min(c, math.floor(e + 1e-9)) for c, e in zip(capacity, exact, strict=True)]
    order = sorted(range(n), key=lambda i: (-(exact[i] - out[i]), (i - rotation) % n))
    k = 0
    while sum(out) < fillable:
        i = order[k % n]
        if out[i] < capacity[i]:
            out[i] += 1
        k += 1
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


# ---- 4. the whole roster ----


def regroup(scenario: Scenario, roster: Sequence[Assignment]) -> list[Assignment]:
    """The teams' people on each shift, split into the duty's own groups."""
    workers: dict[str, list[tuple[str, str]]] = {}
    for a in roster:
        workers.setdefault(a.shift_id, []).append((a.person_id, a.role))
    school_rule = next(iter(scenario.rule("same_school_group")), None)
    out: list[Assignment] = []
    for shift in scenario.shifts:
        if shift.id in workers:
            placed = sorted(workers[shift.id])
            out += grouping.split_shift(scenario, shift, placed, school_rule).assignments
    return sorted(out)
