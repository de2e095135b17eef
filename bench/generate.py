"""Realistic benchmark scenarios at several sizes, every rule family on.

`generate(people, days, duties, seed)` builds a district's volunteer pool (names, schools,
roles, quarantines, sick days, online-teaching weeks: inputs/synthetic.py) and up to four
duty types that share it:

1. checkpoint night 17:00-07:00, daily, three groups with a leader each (seed 000);
2. school day duty 08:00-17:00 on weekdays, a leader on duty and staff (seed 003);
3. gate and temperature check 07:30-09:00, daily: right after a checkpoint night, so rest
   hours and successions across duty types matter;
4. weekend patrol 09:00-21:00 on Saturdays and Sundays.

Seats are sized so that each person works about one duty in eleven days, as in the shipped
example. Rules: every family the solver knows (solver.rules.RULES), with requests, pairs, a
fairness ledger and demand overrides drawn from the same seeded generator.
"""

from __future__ import annotations

import math
import random
from datetime import date, time, timedelta
from types import MappingProxyType

from inputs.synthetic import HOLIDAYS, SCHOOLS, make_availability, make_people
from roster.model import (
    Demand,
    Duty,
    Group,
    LedgerEntry,
    Pair,
    Request,
    RequestKind,
    RuleSpec,
    Scenario,
    SolverSettings,
)
from solver.rules import RULES

START = date(2020, 1, 31)
# (id, name, start, end, days, groups, share of the pool on duty per running day)
DUTY_TYPES = (
    ("night", "高速卡口夜班", time(17), time(7), "daily", 3, 0.050),
    ("day", "学校日间值班", time(8), time(17), "weekdays", 2, 0.030),
    ("gate", "校门测温", time(7, 30), time(9), "daily", 1, 0.015),
    ("patrol", "周末巡查", time(9), time(21), "weekends", 2, 0.030),
)
SINGLE_DUTY_SHARE = 0.078  # the example: 24 of 306 a night


def generate(people: int, days: int, duties: int, seed: int = 1) -> Scenario:
    rng = random.Random(seed)
    end = START + timedelta(days - 1)
    pool = tuple(make_people(people, SCHOOLS, rng))
    duty_list = tuple(_duty(i, people, duties) for i in range(duties))
    scenario = Scenario(
        id=f"bench-{people}x{days}x{duties}",
        name=f"benchmark {people} people, {days} days, {duties} duty types",
        timezone="Asia/Shanghai",
        language="zh",
        start=START,
        end=end,
        duties=duty_list,
        people=pool,
        availability=tuple(make_availability(pool, START, end, rng)),
        holidays=tuple(h for h in HOLIDAYS if h.date <= end),
        solver=SolverSettings(time_limit_s=120, seed=seed, workers=2, deterministic_time=60),
    )
    return _with_rules(scenario, rng)


def _duty(index: int, people: int, duties: int) -> Duty:
    duty_id, name, start, end, days, groups, share = DUTY_TYPES[index]
    share = SINGLE_DUTY_SHARE if duties == 1 else share
    size = max(2, round(people * share / groups))
    # A quarter of the pool leads: a leader seat per group of fewer than five would
    # outrun them, so small groups (small pools) have none.
    roles = MappingProxyType({"leader": 1} if size >= 5 else {})
    group_list = tuple(Group(str(g + 1), f"第{g + 1}组", size, roles) for g in range(groups))
    return Duty(duty_id, name, f"{name}地点", start, end, group_list, days)


def _with_rules(sc: Scenario, rng: random.Random) -> Scenario:
    from dataclasses import replace

    per_person = sum(g.size for s in sc.shifts for g in sc.duty_by_id[s.duty_id].groups) / len(
        sc.people
    )
    rules = [r for r in _rules(sc, per_person) if r.kind in RULES]
    kinds = {r.kind for r in rules}
    return replace(
        sc,
        rules=tuple(rules),
        requests=_requests(sc, rng) if "requests" in kinds else (),
        pairs=_pairs(sc, rng, kinds),
        history=_history(sc, rng) if "fairness" in kinds else (),
        demand=_demand(sc) if "cover" in kinds else (),
    )


def _rule(name: str, kind: str, hard: bool, weight: int = 0, **params: object) -> RuleSpec:
    return RuleSpec(name, kind, hard, weight, MappingProxyType(params))


def _rules(sc: Scenario, per_person: float) -> list[RuleSpec]:
    duty_ids = [d.id for d in sc.duties]
    cap = math.ceil(2 * per_person) + 1
    rules = [
        _rule("cover", "cover", True),
        _rule("roles", "roles", True),
        _rule("rest", "rest", False, 3, free_days=1),
        _rule("max_in_window", "max_in_window", True, max=2, days=7),
        _rule("max_shifts", "max_shifts", True, max=cap),
        _rule("preferences", "preferences", False, prefer_not_weight=20, prefer_weight=5),
        _rule("fairness", "fairness", False, categories=MappingProxyType(_categories(sc))),
        _rule("same_school_group", "same_school_group", False, 1),
        _rule("minimum_one", "workload", False, 20, min=1),
        _rule("hours", "workload", True, max=cap * 12 * 60, unit="minutes"),
        _rule("weekends", "weekends", True, max=max(2, math.ceil(len(sc.days) / 14))),
        _rule("consecutive", "consecutive", True, max=2),
        _rule("days_off", "days_off", True, min=2),
        _rule("rest_hours", "rest_hours", True, min_hours=10),
        _rule("requests", "requests", False, on_weight=10, not_weight=10),
        _rule("mentors", "together", False, 10),
        _rule("couples", "apart", True),
    ]
    pairs = [[a, b] for a in ("night",) for b in ("day", "gate") if b in duty_ids]
    if pairs:
        rules.append(_rule("no_night_then_day", "succession", True, forbidden=tuple(pairs)))
    if "night" in duty_ids:
        rules.append(_rule("nights", "workload", True, duty="night", max=cap))
    return rules


def _categories(sc: Scenario) -> dict[str, int]:
    categories = {"all": 10, "weekend": 4, "holiday": 4}
    if any(d.overnight for d in sc.duties):
        categories["night"] = 4
    return categories


def _requests(sc: Scenario, rng: random.Random) -> tuple[Request, ...]:
    """~3% ask for a day off, ~3% for or against a duty, a few pinned leaders."""
    out: list[Request] = []
    taken: set[tuple[str, date]] = set()
    for person in sc.people:
        roll = rng.random()
        if roll >= 0.07:
            continue
        day = sc.days[rng.randrange(len(sc.days))]
        if (person.id, day) in taken or sc.status_on(person.id, day) is not None:
            continue
        taken.add((person.id, day))
        running = [d for d in sc.duties if d.runs_on(day)]
        if roll < 0.03 or not running:
            out.append(Request(person.id, day, RequestKind.OFF))
        elif roll < 0.06:
            kind = RequestKind.ON if roll < 0.045 else RequestKind.NOT
            out.append(Request(person.id, day, kind, rng.choice(running).id))
        elif "leader" in person.roles:
            out.append(Request(person.id, day, RequestKind.PIN, running[0].id))
    return tuple(out)


def _pairs(sc: Scenario, rng: random.Random, kinds: set[str]) -> tuple[Pair, ...]:
    ids = [p.id for p in sc.people]
    rng.shuffle(ids)
    n = max(1, len(ids) // 50)
    out: list[Pair] = []
    if "together" in kinds:
        out += [Pair("mentors", ids[2 * i], ids[2 * i + 1]) for i in range(n)]
    if "apart" in kinds:
        out += [Pair("couples", ids[2 * (n + i)], ids[2 * (n + i) + 1]) for i in range(n)]
    return tuple(out)


def _history(sc: Scenario, rng: random.Random) -> tuple[LedgerEntry, ...]:
    """Last month's counts for about half of the pool."""
    return tuple(
        LedgerEntry(p.id, "all", rng.randint(2, 6)) for p in sc.people if rng.random() < 0.5
    )


def _demand(sc: Scenario) -> tuple[Demand, ...]:
    """Lantern Festival (2020-02-08): one more person in every group."""
    day = date(2020, 2, 8)
    if not sc.start <= day <= sc.end:
        return ()
    out = []
    for duty in sc.duties:
        if duty.runs_on(day):
            for g in duty.groups:
                out.append(Demand(day, duty.id, g.id, "", g.size, g.size + 1, g.size + 1))
    return tuple(out)
