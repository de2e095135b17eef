"""Independent parts of a return plan, solved as separate models.

Two cohorts are in one part when a rule links them: the same school on a common return
day (capacity, peaks, boarding regions), the same school and grade (grade days,
graduating grades), the same route or gathering point on a common day (buses, regions),
or one family (siblings), or a day-school class whose return may come before another
batch's return day at its school (its daily arrival there). No rule reaches across
parts, so the plan of the whole is the union of the parts' plans, its objective their
sum and its bound the sum of theirs. The first batch and the second never share a day:
they are always apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterator

from roster.returns.model import Cohort, ReturnProblem
from roster.unionfind import UnionFind
from solver.returns import arrivals


def resources(problem: ReturnProblem, cohort: Cohort) -> Iterator[Hashable]:
    yield ("grade", cohort.school_id, cohort.grade)
    for family in cohort.family_groups:
        yield ("family", family)
    route = problem.route_of(cohort)
    dates = problem.batch(cohort).dates
    for day in dates:
        yield ("school", cohort.school_id, day)
        if route is not None:
            yield ("route", route.id, day)
            yield ("point", route.point_id, day)
    if cohort.id in problem.daily_slots:
        # Back or not by another batch's return day in the middle of its own days: its
        # daily arrival there depends on its plan.
        for day in problem.return_days(cohort.school_id):
            if day not in dates and arrivals.depends(problem, cohort, day):
                yield ("school", cohort.school_id, day)


def parts(problem: ReturnProblem) -> list[tuple[Cohort, ...]]:
    """The cohorts of each part, parts in the order of their first cohort."""
    union: UnionFind[Hashable] = UnionFind()
    for cohort in problem.cohorts:
        for resource in resources(problem, cohort):
            union.join(("cohort", cohort.id), resource)
    found: dict[Hashable, list[Cohort]] = {}
    for cohort in problem.cohorts:
        found.setdefault(union.find(("cohort", cohort.id)), []).append(cohort)
    return [tuple(members) for members in found.values()]


MIN_WORK = 1.0  # deterministic work units of the smallest part


def sub_problem(
    problem: ReturnProblem, cohorts: tuple[Cohort, ...], share: float = 1.0
) -> ReturnProblem:
    """The problem restricted to some cohorts, with `share` of the work budget (a deterministic
    solve stops on its work budget: the parts together get what the whole would) and one
    worker: parts run side by side, one per core, which on the county example ended with a
    smaller gap, sooner, than two workers a part, one part at a time (docs/decisions.md)."""
    budget = max(MIN_WORK, problem.solver.deterministic_time * share)
    return with_budget(restrict(problem, cohorts), budget)


def restrict(problem: ReturnProblem, cohorts: tuple[Cohort, ...]) -> ReturnProblem:
    """The problem of some cohorts; the others stay known as `elsewhere` (their daily
    arrivals reach the gates of these cohorts' schools)."""
    ids = {c.id for c in cohorts}
    others = tuple(c for c in (*problem.cohorts, *problem.elsewhere) if c.id not in ids)
    return dataclasses.replace(problem, cohorts=cohorts, elsewhere=others)


def with_budget(problem: ReturnProblem, work: float) -> ReturnProblem:
    """One worker and `work` units of the budget; with `deterministic = false` the solve
    stops on the clock instead, so it gets as many seconds (within the time limit), not
    the whole plan's limit for each of the plan's solves."""
    settings = problem.solver
    seconds = settings.time_limit_s if settings.deterministic else min(settings.time_limit_s, work)
    solver = dataclasses.replace(settings, deterministic_time=work, workers=1,
                                 time_limit_s=max(seconds, MIN_WORK))  # fmt: skip
    return dataclasses.replace(problem, solver=solver)
