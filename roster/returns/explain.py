"""Why a return plan overflows, in the coordinator's words: which batch cannot fit at
which school in its dates, which class is larger than a window, which route is short of
buses, and how many more windows, days, gates or buses would make it fit.

Two sources, both without the solver: `fit_problems` counts what no plan could hold
(students against every place of a batch's days and windows: a lower bound on what is
missing, since classes are not split), and `overflow_summary` totals the hard capacity
violations a plan still has (the checker's) into how much more would hold them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from roster.returns.model import Batch, Cohort, ReturnProblem
from roster.returns.result import ReturnViolation
from roster.returns.texts import ReturnTexts


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def explain_plan(problem: ReturnProblem, violations: Sequence[ReturnViolation]) -> list[str]:
    """Every sentence: what cannot fit at all, then what the plan leaves over."""
    lines = fit_problems(problem)
    if any(v.hard for v in violations):
        lines += overflow_summary(problem, violations)
        lines += [v.message for v in violations if v.hard]
    return lines


def by_batch(problem: ReturnProblem) -> dict[str, list[Cohort]]:
    out: dict[str, list[Cohort]] = defaultdict(list)
    for cohort in problem.cohorts:
        out[problem.batch(cohort).id].append(cohort)
    return out


def fit_problems(problem: ReturnProblem) -> list[str]:
    t, lines = ReturnTexts(problem), []
    groups = by_batch(problem)
    for batch in problem.batches:
        cohorts = groups.get(batch.id, [])
        schools: dict[str, list[Cohort]] = defaultdict(list)
        for cohort in cohorts:
            schools[cohort.school_id].append(cohort)
        for school_id, members in sorted(schools.items()):
            lines += _school_fit(problem, t, batch, school_id, members)
        lines += _routes_fit(problem, t, batch, cohorts)
        lines += _points_fit(problem, t, batch, cohorts)
    return lines


def _school_fit(
    problem: ReturnProblem, t: ReturnTexts, batch: Batch, school_id: str, members: list[Cohort]
) -> list[str]:
    places = problem.places(school_id)
    lines = [
        t.say("fit_cohort", cohort=t.cohort(c), students=c.students, places=places)
        for c in members
        if c.students > places
    ]
    students = sum(c.students for c in members)
    days, windows = len(batch.dates), len(problem.windows)
    total = days * windows * places
    if students <= total:
        return lines
    short = students - total
    more = ceil_div(short, places)
    lines.append(
        t.say(
            "fit_school",
            batch=batch.name,
            school=t.school(school_id),
            days=days,
            students=students,
            windows=windows,
            places=places,
            total=total,
            short=short,
            more=more,
            per_day=ceil_div(more, days),
            more_days=ceil_div(short, windows * places),
            gates=_more_gates(problem, t, school_id, students, days * windows),
        )
    )
    return lines


def _more_gates(
    problem: ReturnProblem, t: ReturnTexts, school_id: str, students: int, slots: int
) -> str:
    """More gates help only while the lanes are not the limit."""
    school = problem.school_by_id[school_id]
    lanes = problem.capacity.lane_places(school)
    if lanes is not None and lanes * slots < students:
        return ""
    gates = ceil_div(ceil_div(students, slots), problem.capacity.students_per_gate)
    return t.say("fit_gates", gates=gates, now=school.gates)


def _routes_fit(
    problem: ReturnProblem, t: ReturnTexts, batch: Batch, cohorts: list[Cohort]
) -> list[str]:
    riders: dict[str, int] = defaultdict(int)
    for cohort in cohorts:
        if cohort.bus_route:
            riders[cohort.bus_route] += cohort.students
    lines, days = [], len(batch.dates)
    for route_id, n in sorted(riders.items()):
        route = problem.route_by_id[route_id]
        if n > days * route.seats_per_day:
            short = n - days * route.seats_per_day
            lines.append(
                t.say(
                    "fit_route", batch=batch.name, route=route.name, riders=n, days=days,
                    seats=route.seats_per_day, short=short,
                    buses=ceil_div(ceil_div(short, days), route.seats),
                )
            )  # fmt: skip
    return lines


def _points_fit(
    problem: ReturnProblem, t: ReturnTexts, batch: Batch, cohorts: list[Cohort]
) -> list[str]:
    gathered: dict[str, int] = defaultdict(int)
    for cohort in cohorts:
        route = problem.route_of(cohort)
        if route is not None:
            gathered[route.point_id] += cohort.students
    lines, days, windows = [], len(batch.dates), len(problem.windows)
    for point_id, n in sorted(gathered.items()):
        capacity = problem.point_by_id[point_id].capacity
        if capacity is not None and n > days * windows * capacity:
            lines.append(
                t.say(
                    "fit_point", batch=batch.name, point=t.point(point_id), students=n,
                    days=days, windows=windows, capacity=capacity,
                    short=n - days * windows * capacity,
                )
            )  # fmt: skip
    return lines


def overflow_summary(problem: ReturnProblem, violations: Sequence[ReturnViolation]) -> list[str]:
    """Per school, the students over capacity and the windows that would hold them; per
    route and day, the buses that would carry the riders over."""
    t, lines = ReturnTexts(problem), []
    over: dict[str, int] = defaultdict(int)
    for v in violations:
        if v.hard and v.kind == "capacity":
            over[v.school_id] += v.amount
    for school_id, n in sorted(over.items()):
        lines.append(
            t.say(
                "overflow_school", school=t.school(school_id), over=n,
                windows=ceil_div(n, problem.places(school_id)), minutes=problem.window_minutes,
            )
        )  # fmt: skip
    for v in violations:
        if v.hard and v.kind == "buses" and v.date is not None:
            route = problem.route_by_id[v.subject]
            lines.append(
                t.say(
                    "overflow_route", route=route.name, day=t.day(v.date), over=v.amount,
                    buses=ceil_div(v.amount, route.seats),
                )
            )  # fmt: skip
    return lines
