"""regions: regions staggered in time (分区域、错时返校).

* A gathering point serves one region per window (kind `regions`): bus cohorts of
  different regions never gather at the same point in the same window (the window they
  gather in is their arrival window less the route's travel time).
* A point holds at most its `capacity` students per window (kind `point_capacity`).
* With `boarding = true` (default), a boarding school receives one region per window
  (kind `boarding_regions`): boarding classes of different home regions arrive apart.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.returns.model import ReturnProblem
from solver.returns.penalty import ReturnPenalty, at_most_one_kind, capped
from solver.returns.variables import Item, PlanVars, load

Key = tuple[str, date, int]


def add(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec
) -> list[ReturnPenalty]:
    cost = problem.cost(rule)
    by_region, items = _gathering(problem, v)
    out = []
    for (point_id, day, g), regions in sorted(by_region.items()):
        label = problem.window_label(g)
        out.append(
            at_most_one_kind(
                model,
                rule,
                "regions",
                cost,
                [regions[r] for r in sorted(regions)],
                v.flags,
                date=day,
                window=label,
                subject=point_id,
            )
        )
        capacity = problem.point_by_id[point_id].capacity
        if capacity is not None:
            found = items[(point_id, day, g)]
            out.append(
                capped(
                    model,
                    rule,
                    "point_capacity",
                    cost,
                    load(found),
                    capacity,
                    sum(n for n, _ in found),
                    date=day,
                    window=label,
                    subject=point_id,
                )
            )
    if rule.param("boarding", True):
        out += _boarding(model, problem, v, rule, cost)
    return [p for p in out if p is not None]


def _gathering(
    problem: ReturnProblem, v: PlanVars
) -> tuple[dict[Key, dict[str, list[cp_model.IntVar]]], dict[Key, list[Item]]]:
    by_region: dict[Key, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    items: dict[Key, list[Item]] = defaultdict(list)
    for cohort in problem.cohorts:
        route = problem.route_of(cohort)
        if route is None:
            continue
        for day, w, x in v.by_cohort[cohort.id]:
            key = (route.point_id, day, problem.gathering_window(cohort, w))
            by_region[key][cohort.region].append(x)
            items[key].append((cohort.students, x))
    return by_region, items


def _boarding(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec, cost: int
) -> list[ReturnPenalty | None]:
    by_region: dict[Key, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for cohort in problem.cohorts:
        if cohort.boarding:
            for day, w, x in v.by_cohort[cohort.id]:
                by_region[(cohort.school_id, day, w)][cohort.region].append(x)
    windows = {w.index: w for w in problem.windows}
    return [
        at_most_one_kind(
            model,
            rule,
            "boarding_regions",
            cost,
            [regions[r] for r in sorted(regions)],
            v.flags,
            date=day,
            school_id=school_id,
            window=windows[w].label,
        )
        for (school_id, day, w), regions in sorted(by_region.items())
    ]
