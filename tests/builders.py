"""Small scenarios built in code, and a solve that is always verified by the checker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta
from types import MappingProxyType

from roster.model import (
    AvailabilityPeriod,
    AvailabilityStatus,
    Duty,
    Group,
    Holiday,
    Person,
    RuleSpec,
    Scenario,
    SolverSettings,
)
from roster.result import Assignment, Result

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
    return Counter(
        (v.rule, v.kind, v.date, v.person_id, v.duty_id, v.group_id, v.role, v.amount, v.cost)
        for v in violations
    )


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
