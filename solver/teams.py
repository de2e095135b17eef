"""A large pool rostered in teams: each team takes a share of every duty's seats.

One model of 1,000 people over 120 days with four duties is 700,000 variables: CP-SAT
spends its budget presolving it and finds no first roster (docs/decisions.md). The
person bounds (solver/blocks.py) show a way round it. The cost of a roster is the sum of
its people's costs plus the cover's, and no person can cost less than their bound; so a
roster in which every person is at their bound and every seat is filled is optimal, however
it was found. Such a roster can be found team by team:

1. the people are dealt into teams of about `TEAM_PAIRS` candidate pairs (blocks kept
   whole; people who share a duty few others may serve, such as a school's own rotation,
   kept together), balanced in size and in role holders;
2. each duty's seats on each date, role seats first, are apportioned among the teams in
   proportion to how many of each team's people could take them (largest remainders, each
   team's rounding carried from date to date so that no team always rounds up);
3. each team is solved alone (in parallel), against the fair shares and person bounds of
   the whole pool: a team's model of its people is exactly the whole model's, and its
   share of the seats is its cover;
4. the teams' rosters together are split into the duties' real groups and evaluated by the
   whole model with every variable fixed (a model of the rostered pairs only), so the
   violations and the objective are exactly the whole model's. The bound is the sum of the
   person bounds (plus the split's cost, as for any solve): when every team met its seats
   at its people's bounds, objective and bound meet and the roster is proven optimal.

A team fills every seat as near its bounds as it can, at them when its share fits them
(solver/phases.py, "near_bounds"), else leaves the fewest seats empty that it can with its
people at their bounds ("least_short"), then spends the rest of its budget on the whole
objective (under a wall clock both end once they stop improving: solver/stall.py). The
shifts still short are then opened in that same
whole model (`_filled`): every other variable fixed, anyone in the pool may take their
seats, so a seat is left empty only when nobody can take it. This replaced handing the
seats to the teams that met their bounds, which built and solved those teams again and
still left seats that the whole pool could fill (docs/decisions.md).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

from roster import progress
from roster.components import check_by_parts, decomposable
from roster.model import RuleSpec, Scenario, Shift, SolverSettings
from roster.result import Assignment, Result, Status
from roster.unionfind import UnionFind
from solver import blocks, grouping
from solver import budget as clock
from solver.baseline import Baseline
from solver.blocks import BlockBound, Shares
from solver.budget import (
    FIRST_PASS_SHARE,
    LAST_CALL_SHARE,
    REGROUP_POLISH_DTIME,
    REGROUP_SHARE,
    RETRY_SHARE,
    TEAM_SLACK,
)
from solver.construct import broken, construct
from solver.executor import run_tasks
from solver.fallback import with_fallback
from solver.shortage import least_shortage, shortage_cost
from solver.team_seats import SeatPlan, seat_plan

TEAM_PAIRS = 60_000  # candidate (person, shift) pairs per team
TEAMS_MIN_PAIRS = 150_000  # a model this large is rostered in teams
# Schools linked by the checkpoint: each school is a small model and the teams keep a
# school's people together, so teams pay off sooner (the district example: 244,000 pairs,
# proven optimal in teams, against no bound from solving the schools then the checkpoint).
LINKED_MIN_PAIRS = 60_000
TEAMS_AT_ONCE = 2
REGROUP_CHUNKS = 8
# Above this many short shifts (a team that found no roster leaves hundreds) the opened model
# is nearly the whole one, which is what the teams are there to avoid: scored as it is.
FILL_MAX_SHIFTS = 60

SolveTeam = Callable[[Scenario, Shares, list[BlockBound]], Result]
Evaluate = Callable[[Scenario, Baseline, Shares], Result]


def candidate_pairs(scenario: Scenario) -> int:
    """How many (person, shift) variables one model of the scenario would have."""
    return sum(_loads(scenario).values())


def applicable(scenario: Scenario) -> bool:
    """A pool too large for one model: above `TEAMS_MIN_PAIRS`, or above `LINKED_MIN_PAIRS`
    when it is schools linked by a duty of no school (a district and its checkpoint)."""
    if not decomposable(scenario):
        return False
    pairs = candidate_pairs(scenario)
    return pairs >= TEAMS_MIN_PAIRS or (pairs >= LINKED_MIN_PAIRS and schools_linked(scenario))


def schools_linked(scenario: Scenario) -> bool:
    """Duties of two schools or more, and a duty of no school that may link them."""
    schools = {d.school_id for d in scenario.duties}
    return "" in schools and len(schools) >= 3


def solve_in_teams(scenario: Scenario, solve_team: SolveTeam, evaluate: Evaluate) -> Result:
    started = time.perf_counter()
    progress.emit("bounds")
    shares = blocks.all_shares(scenario)
    bounds = blocks.placed(scenario, blocks.person_bounds(scenario, shares=shares), shares)
    bounds_s = time.perf_counter() - started
    teams = deal(scenario, bounds)
    if len(teams) < 2:  # one team is the whole: its own bound is the whole's
        return solve_team(scenario, shares, bounds)
    plan = seat_plan(scenario, teams, bounds, shares)
    by_person = {pid: b for b in bounds for pid in b.people}
    last_call = started + scenario.solver.time_limit_s * (1 - LAST_CALL_SHARE)

    def solve_teams(plan: SeatPlan, which: list[int], share: float) -> list[Result]:
        spent = time.perf_counter() - started
        settings, deadline = _team_budget(scenario.solver, len(which), spent, share)
        subs = [dataclasses.replace(plan.scenario_of([i]), solver=settings) for i in which]
        items = [
            (_until(sub, deadline, last_call), _bounds_of(teams[i], by_person))
            for sub, i in zip(subs, which, strict=True)
        ]
        sizes = [len(s.people) for s in subs]
        return run_tasks(_team_task, items, common=(solve_team, shares), sizes=sizes,
                         label="teams")  # fmt: skip

    progress.emit("teams", done=0, total=len(teams))
    chosen = solve_teams(plan, list(range(len(teams))), FIRST_PASS_SHARE)
    progress.emit("teams", done=len(teams), total=len(teams))
    lost = [i for i, r in enumerate(chosen) if r.objective is None]
    if lost and _time_for_a_pass(scenario.solver, started):
        progress.emit("teams", label="retry", done=0, total=len(lost))
        for i, r in zip(lost, solve_teams(plan, lost, RETRY_SHARE), strict=True):
            chosen[i] = r  # a second try, with RETRY_SHARE of what is left
    chosen = [
        r if r.objective is not None else _share_without_search(plan.scenario_of([i]), bounds, r)
        for i, r in enumerate(chosen)
    ]
    teams_s = time.perf_counter() - started
    polish = _split_polish(scenario.solver, started)
    progress.emit("regroup")
    roster, leasts = regroup(scenario, [a for r in chosen for a in r.assignments], polish)
    regroup_s = time.perf_counter() - started
    fixed = Baseline(tuple(roster), scenario.end + timedelta(days=1), 0)
    progress.emit("fill")
    filled = _filled(scenario, fixed, shares, evaluate, started)
    result, opened = filled or (evaluate(scenario, fixed, shares), frozenset[str]())
    # Out of time before the whole could score the teams' roster: it, or one built seat by
    # seat, whichever breaks fewer hard rules (solver/fallback.py).
    result = with_fallback(scenario, result, tried=[fixed.assignments])
    # The split's least is the regrouped roster's: no bound of a roster built otherwise.
    split = (
        0
        if "fallback" in result.stats
        else _split_least(scenario, result.assignments, leasts, opened)
    )
    lower = sum(b.lower for b in bounds)
    shortage = least_shortage(scenario)
    bound = lower + shortage_cost(scenario, shortage) + split
    status = (
        Status.OPTIMAL
        if result.objective is not None and result.objective <= bound
        else (Status.FEASIBLE if result.objective is not None else Status.UNKNOWN)
    )
    stats = {k: v for k, v in result.stats.items() if k != "changes"} | {
        "teams": [_team_stats(r) for r in chosen],
        "least_empty_seats": shortage.seats,
        **_clock_stop([result, *chosen]),
        "least_empty_role_seats": shortage.role_seats,
        "person_bound": lower,
        "split_least": split,
        "steps_s": [round(t, 1) for t in (bounds_s, teams_s, regroup_s)],
    }
    return dataclasses.replace(
        result,
        status=status,
        best_bound=bound,
        wall_time_s=time.perf_counter() - started,
        stats=stats,
    )


def _filled(
    scenario: Scenario, fixed: Baseline, shares: Shares, evaluate: Evaluate, started: float
) -> tuple[Result, frozenset[str]] | None:
    """The whole model scoring the roster, with the shifts it leaves short open to anyone:
    everything else fixed, the search only adds people to those seats (and may swap who
    holds them), so the last seats the teams could not fill at their bounds are filled where
    anyone can take them. With the shifts opened; None when nothing is short, or no time or
    no roster is left."""
    short = short_shifts(scenario, fixed.assignments)
    s = scenario.solver
    least = clock.FILL_MIN_SHARE * s.time_limit_s
    left = _clock_left(s, started) - clock.FILL_BUILD_SHARE * s.time_limit_s
    if not short or len(short) > FILL_MAX_SHIFTS or (not s.deterministic and left < least):
        return None
    budget = dataclasses.replace(
        s, time_limit_s=max(least, left), deterministic_time=clock.FILL_DTIME
    )
    opened = dataclasses.replace(fixed, open_shifts=short)
    result = evaluate(dataclasses.replace(scenario, solver=budget), opened, shares)
    if result.objective is None:
        return None
    return dataclasses.replace(result, stats=result.stats | {"filled_shifts": len(short)}), short


def _split_least(
    scenario: Scenario,
    roster: Sequence[Assignment],
    leasts: Mapping[str, int],
    opened: frozenset[str],
) -> int:
    """The least the roster's split can cost: per shift as `regroup` found it, but for the
    shifts the fill opened, whose people may have changed, the least of their new people."""
    rule = next(iter(scenario.rule("same_school_group")), None)
    if rule is None:
        return 0
    workers: dict[str, list[tuple[str, str]]] = {}
    for a in roster:
        if a.shift_id in opened:
            workers.setdefault(a.shift_id, []).append((a.person_id, a.role))
    least = sum(n for sid, n in leasts.items() if sid not in opened)
    least += sum(
        grouping.least_spread(scenario, scenario.shift_by_id[sid], sorted(w))
        for sid, w in workers.items()
    )
    return rule.weight * least


def short_shifts(scenario: Scenario, roster: Sequence[Assignment]) -> frozenset[str]:
    """Shifts with fewer people than their min, or fewer in a role than its min."""
    heads = Counter(a.shift_id for a in roster)
    roles = Counter((a.shift_id, a.role) for a in roster if a.role)
    cover = scenario.cover
    out = set()
    for shift in scenario.shifts:
        need = cover.shift_headcount(shift.duty_id, shift.date).min
        seats = scenario.duty_by_id[shift.duty_id].role_seats()
        if heads[shift.id] < need or any(
            roles[(shift.id, r)] < cover.shift_role(shift.duty_id, shift.date, r).min for r in seats
        ):
            out.add(shift.id)
    return frozenset(out)


def _share_without_search(sub: Scenario, bounds: Sequence[BlockBound], tried: Result) -> Result:
    """A team's share of the seats when its search found no roster: its people at their own
    schedules, or a roster built seat by seat (solver/construct.py) if that breaks fewer hard
    rules, empty seats first; the shifts left short are filled at the end (`_filled`)."""
    own = _own_schedules(sub, bounds, tried)
    built, report = construct(sub)
    if broken(report.violations) < broken(check_by_parts(sub, own.assignments).violations):
        return dataclasses.replace(
            own, assignments=built, stats=tried.stats | {"constructed": True}
        )
    return own


def _own_schedules(sub: Scenario, bounds: Sequence[BlockBound], tried: Result) -> Result:
    """A team that found no roster in its time: its people at their own cheapest schedules,
    each shift cut to the team's seats (role seats first). Whoever is cut costs more than
    their bound, and the shifts left short are filled at the end like any others
    (`_filled`, when they are few enough)."""
    people = {p.id for p in sub.people}
    wanted: dict[str, list[tuple[str, str]]] = {}
    for b in bounds:
        for pid, sid, role in b.schedule:
            if pid in people:
                wanted.setdefault(sid, []).append((pid, role))
    roster = []
    for shift in sub.shifts:
        seats = sub.cover.shift_headcount(shift.duty_id, shift.date).max
        group = sub.duty_by_id[shift.duty_id].groups[0].id
        held: dict[str, int] = {}
        for pid, role in sorted(wanted.get(shift.id, []), key=lambda w: (not w[1], w[0])):
            if seats <= 0:
                break
            top = sub.cover.shift_role(shift.duty_id, shift.date, role).max if role else 0
            seat = role if role and held.get(role, 0) < top else ""
            held[seat] = held.get(seat, 0) + 1
            roster.append(Assignment(shift.date, shift.duty_id, group, seat, pid))
            seats -= 1
    stats = tried.stats | {"own_schedules": True}
    return Result(Status.UNKNOWN, None, None, tried.wall_time_s, tuple(roster), stats=stats)


def _team_budget(
    settings: SolverSettings, groups: int, spent_s: float, share: float
) -> tuple[SolverSettings, float]:
    """Each team's part of `share` of the budget, the teams running `TEAMS_AT_ONCE` at a
    time: a fixed number, not the machine's cores, so that a deterministic roster does not
    depend on the machine. The wall clock counts what the bounds and earlier passes took;
    a team may run `TEAM_SLACK` times its part while the pass's deadline allows, since
    most teams end early (at their bounds) and one that misses them needs the time."""
    rounds = math.ceil(groups / TEAMS_AT_ONCE)
    left = _left_s(settings, spent_s)
    wall = left * share
    if share == FIRST_PASS_SHARE:
        wall = max(wall, min(left, _least_team_s(settings) * rounds))
    budget = dataclasses.replace(
        settings,
        workers=team_workers(settings),
        time_limit_s=max(1.0, TEAM_SLACK * wall / rounds),
        deterministic_time=max(1.0, settings.deterministic_time * share / rounds),
    )
    return budget, time.perf_counter() + wall


def team_workers(settings: SolverSettings) -> int:
    """CP-SAT workers of one team: the scenario's divided among the teams that run at once,
    so the teams together use the cores the scenario was given rather than oversubscribing
    them; a fixed division, not the machine's, so a deterministic roster stays the same."""
    return max(1, settings.workers // TEAMS_AT_ONCE)


def _least_team_s(settings: SolverSettings) -> float:
    """Wall clock one team needs at least: a short budget gives the first pass all it has
    up to this much a round, and skips a later pass that has less."""
    return clock.MIN_TEAM_SHARE * settings.time_limit_s


def _left_s(settings: SolverSettings, spent_s: float) -> float:
    """Wall clock left for the teams: all but what the whole roster's split and score keep."""
    left = settings.time_limit_s * (1 - REGROUP_SHARE) - spent_s
    to_deadline = clock.seconds_left(settings)
    if to_deadline is not None:
        left = min(left, to_deadline - REGROUP_SHARE * settings.time_limit_s)
    return max(1.0, left)


def _clock_left(settings: SolverSettings, started: float) -> float:
    """Wall clock left of the whole budget (and before the command's deadline)."""
    left = settings.time_limit_s - (time.perf_counter() - started)
    to_deadline = clock.seconds_left(settings)
    return left if to_deadline is None else min(left, to_deadline)


def _time_for_a_pass(settings: SolverSettings, started: float) -> bool:
    """Enough wall clock left for a team to build and solve; always, when deterministic (a
    work budget, not the clock, decides then)."""
    spent = time.perf_counter() - started
    return settings.deterministic or _left_s(settings, spent) >= _least_team_s(settings)


def _until(sub: Scenario, deadline: float, last_call: float) -> Scenario:
    """The team's wall clock cut to the pass's deadline (as the team's solve starts). A
    team the deadline would leave less than its even part (`TEAM_SLACK` times less) may run
    to the last call instead, and never less than its even part: a team started last after
    a slow one must still have the time the others had (cut shorter, a team found no
    roster), and more when the budget has it (on a slower machine, cut to its even part,
    the team started last found no roster while the run ended with time to spare;
    docs/decisions.md)."""
    now = time.perf_counter()
    fair = sub.solver.time_limit_s / TEAM_SLACK
    left = deadline - now
    if left < fair:
        left = max(fair, last_call - now)
    left = max(1.0, left)
    if left >= sub.solver.time_limit_s:
        return sub
    return dataclasses.replace(sub, solver=dataclasses.replace(sub.solver, time_limit_s=left))


def _clock_stop(results: Sequence[Result]) -> dict:
    stopped = any(r.stats.get("stopped_by") == "time_limit" for r in results)
    return {"stopped_by": "time_limit"} if stopped else {}


def _team_stats(r: Result) -> dict:
    tries = {
        k.removeprefix("first_"): v
        for k, v in r.stats.items()
        if k.startswith("first_") and isinstance(v, dict)
    }
    return {
        "people": len({a.person_id for a in r.assignments}),
        "status": r.status.value,
        "objective": r.objective,
        "bound": r.best_bound,
        "s": round(r.wall_time_s, 2),
        "steps_s": {k: r.stats[k] for k in ("build_s",) if k in r.stats}
        | {name: t["s"] for name, t in tries.items()}
        | {k: r.stats[k] for k in ("main_s",) if k in r.stats},
        "tries": {name: t["status"] for name, t in tries.items()},
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
    union: UnionFind[str] = UnionFind()
    for b in bounds:
        for pid in b.people:
            union.join(b.people[0], pid)
    narrow = TEAM_PAIRS // max(1, len(scenario.days))
    for duty in scenario.duties:
        people = scenario.eligible_people(duty.id)
        if len(people) <= narrow:
            for p in people[1:]:
                union.join(people[0].id, p.id)
    return union.groups(p.id for p in scenario.people)


def _loads(scenario: Scenario) -> dict[str, int]:
    load = dict.fromkeys((p.id for p in scenario.people), 0)
    for shift in scenario.shifts:
        for p in scenario.eligible_people(shift.duty_id):
            if scenario.is_available(p.id, shift):
                load[p.id] += 1
    return load


def _kind(scenario: Scenario, unit: list[str]) -> tuple:
    return tuple(sorted({r for pid in unit for r in scenario.person_by_id[pid].roles}))


# ---- 4. the whole roster ----


def _split_polish(settings: SolverSettings, started: float) -> float:
    """The split's polish per shift: halved when the wall clock is nearly spent (never
    with a work budget, whose roster must not depend on the machine's speed)."""
    left = _clock_left(settings, started)
    tight = not settings.deterministic and left < clock.REGROUP_TIGHT_SHARE * settings.time_limit_s
    return REGROUP_POLISH_DTIME / 2 if tight else REGROUP_POLISH_DTIME


def regroup(
    scenario: Scenario, roster: Sequence[Assignment], polish: float = REGROUP_POLISH_DTIME
) -> tuple[list[Assignment], dict[str, int]]:
    """The teams' people on each shift, split into the duty's own groups, and per shift the
    least spread any split of them has (grouping.Split). Shifts in `REGROUP_CHUNKS` chunks
    fanned out: a split whose quick placement is not proven takes a moment of CP-SAT, and
    thousands of shifts make those moments a large share of what the teams leave."""
    workers: dict[str, list[tuple[str, str]]] = {}
    for a in roster:
        workers.setdefault(a.shift_id, []).append((a.person_id, a.role))
    school_rule = next(iter(scenario.rule("same_school_group")), None)
    shifts = [s for s in scenario.shifts if s.id in workers]
    chunks = [shifts[k::REGROUP_CHUNKS] for k in range(REGROUP_CHUNKS)]

    items = [[(shift, sorted(workers[shift.id])) for shift in chunk] for chunk in chunks]
    common = (scenario, school_rule, polish)
    found = run_tasks(_split_chunk, items, common=common, label="regroup")
    splits = [split for part in found for split in part]
    roster_out = sorted(a for split in splits for a in split.assignments)
    ordered = [shift.id for chunk in chunks for shift in chunk]
    leasts = {sid: split.least_spread for sid, split in zip(ordered, splits, strict=True)}
    return roster_out, leasts


def _split_chunk(
    common: tuple[Scenario, RuleSpec | None, float],
    chunk: list[tuple[Shift, list[tuple[str, str]]]],
) -> list[grouping.Split]:
    scenario, school_rule, polish = common
    return [
        grouping.split_shift(scenario, shift, people, school_rule, polish=polish)
        for shift, people in chunk
    ]


def _bounds_of(team: Sequence[str], by_person: Mapping[str, BlockBound]) -> list[BlockBound]:
    """The bounds of a team's blocks, each once, in the team's order."""
    return list({id(by_person[pid]): by_person[pid] for pid in team}.values())


def _team_task(
    common: tuple[SolveTeam, Shares], item: tuple[Scenario, list[BlockBound]]
) -> Result:
    solve_team, shares = common
    return solve_team(item[0], shares, item[1])
