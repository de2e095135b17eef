"""Small scenarios built in code, a solve that is always verified by the checker, and
scenario folders written to disk (MINI_TOML and its CSV files)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType

from inputs.load import load_scenario
from roster.check import check
from roster.families import violation_key
from roster.model import (
    AvailabilityPeriod,
    AvailabilityStatus,
    BusyTime,
    Demand,
    Duty,
    Group,
    Holiday,
    Pair,
    Person,
    PersonLimit,
    Request,
    RequestKind,
    RuleSpec,
    Scenario,
    SolverSettings,
)
from roster.result import Assignment, Result
from tests.folders import (  # noqa: F401  (re-exported for the rule tests)
    AVAILABILITY,
    HOLIDAYS,
    MINI_TOML,
    PEOPLE,
    excel_numbers,
    load_error,
    make_folder,
    write_csv,
    write_workbook,
)

START = date(2020, 2, 3)  # a Monday
HARD = 100_000  # the cost of one unit of a broken hard rule: SolverSettings.hard_weight
TEST_SOLVER = SolverSettings(
    time_limit_s=30, seed=7, workers=2, deterministic=True, deterministic_time=20
)


def rule(
    kind: str, *, hard: bool = True, weight: int = 0, name: str | None = None, **params: object
) -> RuleSpec:
    return RuleSpec(name or kind, kind, hard, weight, MappingProxyType(params))


def group(gid: str, size: int, **roles: int) -> Group:
    return Group(gid, f"G{gid}", size, MappingProxyType(roles))


def night(
    groups: Iterable[Group] = (),
    *,
    duty_id: str = "night",
    start: time = time(17),
    end: time = time(7),
    days: str = "daily",
) -> Duty:
    groups = tuple(groups) or (group("1", 1),)
    return Duty(duty_id, "Night duty", "Checkpoint", start, end, groups, days)


def day_duty(
    groups: Iterable[Group] = (),
    *,
    duty_id: str = "day",
    start: time = time(8),
    end: time = time(17),
    days: str = "daily",
) -> Duty:
    """A same-day duty (school day duty 08:00-17:00 by default)."""
    groups = tuple(groups) or (group("1", 1),)
    return Duty(duty_id, "Day duty", "School", start, end, groups, days)


def person(pid: str, school: str = "S1", *roles: str, max_shifts: int | None = None) -> Person:
    return Person(pid, f"Name {pid}", school, frozenset(roles), max_shifts=max_shifts)


def period(
    pid: str, first: int, last: int, status: str = "unavailable", reason: str = "private reason"
) -> AvailabilityPeriod:
    return AvailabilityPeriod(
        pid, START + timedelta(first), START + timedelta(last), AvailabilityStatus(status), reason
    )


def scenario(
    people: Sequence,
    *,
    days: int = 3,
    duties: Sequence[Duty] = (),
    rules: Sequence[RuleSpec] = (),
    availability: Sequence = (),
    holidays: Sequence[int] = (),
    solver: SolverSettings = TEST_SOLVER,
) -> Scenario:
    return Scenario(
        id="test",
        name="Test",
        timezone="Asia/Shanghai",
        language="en",
        start=START,
        end=START + timedelta(days - 1),
        duties=tuple(duties) or (night(),),
        people=tuple(people),
        availability=tuple(availability),
        rules=tuple(rules),
        holidays=tuple(Holiday(START + timedelta(d), "holiday") for d in holidays),
        solver=solver,
    )


def violation_keys(violations) -> Counter:
    """What solver and checker must agree on: each violation's key, amount and cost."""
    return Counter((*violation_key(v), v.amount, v.cost) for v in violations)


def solve_checked(sc: Scenario, base=None) -> Result:
    """Solve, then re-derive every rule with the independent checker: both must agree."""
    from roster.check import check
    from solver import solve

    result = solve(sc, base)
    assert result.objective is not None, result.status
    report = check(sc, result.assignments)
    assert report.objective == result.objective, (report.violations, result.violations)
    assert violation_keys(report.violations) == violation_keys(result.violations)
    return result


def worked(result: Result) -> set[tuple[str, int]]:
    return {(a.person_id, (a.date - START).days) for a in result.assignments}


def by_day(assignments: Iterable[Assignment]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for a in assignments:
        out.setdefault((a.date - START).days, set()).add(a.person_id)
    return out


# ---- scenario folders on disk: tests/folders.py ----


def with_busy(sc: Scenario, pid: str, day: int, start: time, end: time, what: str = "") -> Scenario:
    """The scenario with one more busy time (busy.csv) of the person on that day."""
    on = START + timedelta(day)
    at = (datetime.combine(on, start, sc.tz), datetime.combine(on, end, sc.tz))
    return replace(sc, busy=(*sc.busy, BusyTime(pid, *at, what)))


# ---- per-person limits and moved horizons ----


def with_limits(sc: Scenario, *rows: tuple[str, str, str, int]) -> Scenario:
    """The scenario with these rows of limits.csv: (person, rule, key, value)."""
    return dataclasses.replace(sc, limits=tuple(PersonLimit(*r) for r in rows))


def count_of(result, pid: str) -> int:
    """How many duties the person works in the result."""
    return sum(1 for q, _ in worked(result) if q == pid)


def starting(sc: Scenario, first: date, days: int) -> Scenario:
    """The scenario moved to start on `first`, `days` dates long."""
    return dataclasses.replace(sc, start=first, end=first + timedelta(days - 1))


def seat_on(pid: str, day: date, duty_id: str = "night") -> Assignment:
    """An ordinary seat of group 1 of the duty on that date."""
    return Assignment(day, duty_id, "1", "", pid)


# ---- cover levels and demand.csv ----


def levels_group(
    gid: str, size: int, low: int | None = None, high: int | None = None, **roles: int
) -> Group:
    """A group with min (`low`) and max (`high`) besides its preferred size."""
    return Group(gid, f"G{gid}", size, MappingProxyType(roles), low, high)


def on_day(i: int):
    return START + timedelta(i)


def with_demand(sc: Scenario, *rows: tuple) -> Scenario:
    """rows: (day index, group, role, min, preferred, max) of duty `night`."""
    demand = tuple(Demand(on_day(i), "night", g, r, lo, p, hi) for i, g, r, lo, p, hi in rows)
    return dataclasses.replace(sc, demand=demand)


def cover_kinds(result) -> list[tuple]:
    return sorted(
        (v.kind, (v.date - START).days, v.group_id, v.role, v.amount, v.cost, v.hard)
        for v in result.violations
    )


def night_seat(i: int, pid: str, gid: str = "1", role: str = "") -> Assignment:
    return Assignment(on_day(i), "night", gid, role, pid)


DEMAND_HEADER = ["date", "duty", "group", "role", "min", "preferred", "max"]


def load_with_demand(tmp_path: Path, rows: list[list[str]], toml: str = MINI_TOML) -> Scenario:
    folder = make_folder(tmp_path, toml=toml)
    write_csv(folder / "demand.csv", [DEMAND_HEADER, *rows])
    return load_scenario(folder)


# ---- requests and pairs ----


def with_pairs(sc: Scenario, kind: str, *pairs: tuple[str, str], hard=True, weight=0) -> Scenario:
    stated = rule(kind, hard=hard, weight=weight)
    return replace(
        sc,
        rules=(*sc.rules, stated),
        pairs=tuple(Pair(kind, a, b) for a, b in pairs),
    )


def violation_kinds(result) -> list[tuple[str, bool, int, str]]:
    return sorted((v.kind, v.hard, v.amount, v.role) for v in result.violations)


def groups_on(result, day: int) -> dict[str, tuple[str, str]]:
    """person -> (group, role) on that day."""
    return {
        a.person_id: (a.group_id, a.role)
        for a in result.assignments
        if a.date == START + timedelta(day)
    }


REQUESTS = [["person_id", "date", "kind", "duty", "group", "role", "weight"]]


PAIRS_TOML = MINI_TOML + '\n[rules.couple]\nkind = "together"\n\n[rules.split]\nkind = "apart"\n'


def folder_with(tmp_path: Path, requests=None, pairs=None, toml: str = PAIRS_TOML) -> Path:
    folder = make_folder(tmp_path, toml=toml)
    if requests is not None:
        write_csv(folder / "requests.csv", REQUESTS + requests)
    if pairs is not None:
        write_csv(folder / "pairs.csv", [["rule", "person_a", "person_b"], *pairs])
    return folder


# ---- sequence rules ----


def only_on(duty: Duty, *offsets: int) -> Duty:
    """The duty running only on the given days of the horizon."""
    return replace(duty, days="dates", dates=frozenset(START + timedelta(d) for d in offsets))


def duty_seat(pid: str, offset: int, duty_id: str = "night") -> Assignment:
    return Assignment(START + timedelta(offset), duty_id, "1", "", pid)


def reported(sc: Scenario, seats: list[Assignment], kind: str) -> list[tuple]:
    """(day offset, duty id, role, amount) of the checker's violations of one kind."""
    found = [v for v in check(sc, seats).violations if v.kind == kind]
    return sorted(((v.date - START).days, v.duty_id, v.role, v.amount) for v in found)


def days_of(result, pid: str, duty_id: str | None = None) -> list[int]:
    picked = (a for a in result.assignments if a.person_id == pid)
    return sorted((a.date - START).days for a in picked if duty_id in (None, a.duty_id))


def nights_with_wishes(
    people: str, seats: int, rules: list[RuleSpec], workers: int = 1, days: int = 28
) -> Scenario:
    """People over four weeks of nights of `seats` seats (up to three, or one more than
    `seats`), each of whom would rather not work some nights (a pattern of their own):
    rows and groups have moves to make on every window."""
    wishes = tuple(
        Request(pid, START + timedelta(days=d), RequestKind.NOT)
        for k, pid in enumerate(people)
        for d in range(days)
        if (d * (k + 2)) % 5 == k % 3
    )
    sc = scenario(
        [person(pid) for pid in people],
        days=days,
        duties=[night([Group("1", "G1", seats, min=seats, max=max(3, seats + 1))])],
        rules=rules,
        solver=dataclasses.replace(TEST_SOLVER, workers=workers),
    )
    return dataclasses.replace(sc, requests=wishes)


def wishes_over_weekends(workers: int) -> Scenario:
    """Eight people over four weeks of nights of two seats (up to three), at most three
    weekends each, in stretches of 2-4; each would rather not work some nights (a pattern
    of their own): the construction leaves weekends split that groups can make whole, and
    single rows and pairs have moves to make too."""
    rules = [
        rule("cover", hard=False, weight=10, extra_weight=1),
        rule("consecutive", max=4, min=2),
        rule("days_off", min=2),
        rule("weekends", max=3),
        rule("requests", hard=False, not_weight=3),
    ]
    return nights_with_wishes("abcdefgh", 2, rules, workers)
