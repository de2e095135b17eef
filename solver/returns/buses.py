"""buses: per route and return day, the students it carries within buses x seats."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.returns.model import ReturnProblem
from solver.returns.penalty import ReturnPenalty, capped
from solver.returns.variables import Item, PlanVars, load


def add(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec
) -> list[ReturnPenalty]:
    riders: dict[tuple[str, date], list[Item]] = defaultdict(list)
    most: dict[tuple[str, date], int] = defaultdict(int)  # everyone who may ride that day
    for cohort in problem.cohorts:
        if cohort.bus_route:
            for day in problem.batch(cohort).dates:
                riders[(cohort.bus_route, day)] += [(cohort.students, x) for x in v.of(cohort, day)]
                most[(cohort.bus_route, day)] += cohort.students
    out = []
    for (route_id, day), items in sorted(riders.items()):
        route = problem.route_by_id[route_id]
        found = capped(
            model,
            rule,
            "buses",
            problem.cost(rule),
            load(items),
            route.seats_per_day,
            most[(route_id, day)],
            date=day,
            subject=route_id,
        )
        if found is not None:
            out.append(found)
    return out
