"""Small return problems built in code, and a plan solve verified by the checker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, time
from types import MappingProxyType

from roster.model import RuleSpec
from roster.returns import (
    Batch,
    Capacity,
    Cohort,
    GatheringPoint,
    PlanResult,
    ReturnProblem,
    ReturnSchool,
    Route,
    Window,
    add_minutes,
)
from tests.builders import TEST_SOLVER

DAY1 = date(2020, 4, 20)  # a Monday
DAY2 = date(2020, 4, 21)
DAY3 = date(2020, 4, 22)


def windows(n: int, minutes: int = 20, first: time = time(7)) -> tuple[Window, ...]:
    return tuple(
        Window(i, add_minutes(first, i * minutes), add_minutes(first, (i + 1) * minutes))
        for i in range(n)
    )


def school(sid: str, gates: int = 1, lanes: int | None = None) -> ReturnSchool:
    return ReturnSchool(sid, f"School {sid}", gates=gates, lanes=lanes)


def cohort(
    cid: str,
    school_id: str = "A",
    *,
    grade: int = 1,
    students: int = 40,
    region: str = "R1",
    boarding: bool = False,
    route: str = "",
    family: str = "",
    teacher: str = "",
) -> Cohort:
    return Cohort(
        cid,
        school_id,
        grade,
        f"{cid}",
        students,
        region,
        boarding,
        route,
        frozenset(family.split(";")) if family else frozenset(),
        teacher,
    )


def rules(
    *,
    hard: bool = True,
    weight: int = 0,
    gap: int = 30,
    boarding: bool = True,
    graduating: Sequence[int] = (),
    graduating_weight: int = 0,
    grade_days_weight: int = 0,
    peak_weight: int = 0,
    soft: Sequence[str] = (),
) -> tuple[RuleSpec, ...]:
    """Every family; those in `soft` are soft at `weight`."""

    def spec(kind: str, **params: object) -> RuleSpec:
        is_hard = hard and kind not in soft
        return RuleSpec(kind, kind, is_hard, 0 if is_hard else weight, MappingProxyType(params))

    prefs = {
        "graduating_grades": frozenset(graduating),
        "graduating_weight": graduating_weight,
        "grade_days_weight": grade_days_weight,
        "peak_weight": peak_weight,
    }
    return (
        spec("capacity"),
        spec("buses"),
        spec("regions", boarding=boarding),
        spec("siblings", gap_minutes=gap),
        RuleSpec("preferences", "preferences", False, 0, MappingProxyType(prefs)),
    )


def problem(
    cohorts: Sequence[Cohort],
    *,
    schools: Sequence[ReturnSchool] = (),
    dates: Sequence[date] = (DAY1,),
    n_windows: int = 2,
    per_gate: int = 100,
    per_lane: int | None = None,
    routes: Sequence[Route] = (),
    points: Sequence[GatheringPoint] = (),
    batches: Sequence[Batch] = (),
    rule_set: tuple[RuleSpec, ...] | None = None,
    language: str = "en",
    **kw: object,
) -> ReturnProblem:
    found = schools or tuple(school(s) for s in sorted({c.school_id for c in cohorts}))
    return ReturnProblem(
        id="test-return",
        name="Test return",
        timezone="Asia/Shanghai",
        language=language,
        schools=tuple(found),
        cohorts=tuple(cohorts),
        batches=tuple(batches) or (Batch("1", "Batch 1", tuple(dates)),),
        windows=windows(n_windows),
        capacity=Capacity(per_gate, per_lane),
        routes=tuple(routes),
        points=tuple(points),
        rules=rule_set if rule_set is not None else rules(),
        solver=TEST_SOLVER,
        **kw,
    )


def keys(violations) -> Counter:
    return Counter(v.key for v in violations)


def solve_plan_checked(p: ReturnProblem) -> PlanResult:
    """Solve, then re-derive every rule with the independent checker: both must agree."""
    from roster.check_returns import check_plan
    from solver.returns.solve import solve_plan

    result = solve_plan(p)
    assert result.objective is not None, result.status
    report = check_plan(p, result.placements)
    assert report.objective == result.objective, (report.violations, result.violations)
    assert keys(report.violations) == keys(result.violations)
    assert len(result.placements) == len(p.cohorts)
    return result
