"""The independent checker of a return plan: every rule of docs/returns.md re-derived from
the placements alone (no OR-Tools, nothing from solver/).

`check_plan(problem, placements)` lists every violation with its amount and cost and the
objective as their sum; the solver's plan must give the same (keys: rule, kind, date,
school_id, window, subject, amount). Placements that are not a valid return of a known
cohort (kind `unknown_cohort`, `placed_twice`, `outside_batch`) and cohorts left without
one (`unplaced`) are always hard (rule `placement`) and left out of every other rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from roster.model import RuleSpec
from roster.returns.check_preferences import check_preferences, check_siblings
from roster.returns.checking import PLACEMENT, Plan, PlanCheck, violation
from roster.returns.model import Cohort, ReturnProblem
from roster.returns.result import Placement, ReturnViolation
from roster.returns.texts import ReturnTexts


def check_plan(problem: ReturnProblem, placements: Sequence[Placement]) -> PlanCheck:
    texts = ReturnTexts(problem)
    plan, out = _valid(problem, placements, texts)
    for rule in problem.rules:
        out += CHECKS[rule.kind](plan, rule)
    found = tuple(sorted(v for v in out if v.amount > 0 and v.cost > 0))
    return PlanCheck(found, sum(v.cost for v in found))


# ---- placements themselves ----


def _valid(
    problem: ReturnProblem, placements: Sequence[Placement], texts: ReturnTexts
) -> tuple[Plan, list[ReturnViolation]]:
    plan = Plan(problem, {}, texts)
    out: list[ReturnViolation] = []
    counts = Counter(p.cohort_id for p in placements)
    for p in sorted(placements):
        cohort = problem.cohort_by_id.get(p.cohort_id)
        if cohort is None:
            out.append(
                violation(
                    plan,
                    PLACEMENT,
                    "unknown_cohort",
                    1,
                    texts.say("unknown_cohort", cohort=p.cohort_id),
                    subject=p.cohort_id,
                )
            )
        elif (p.date, p.window) not in set(problem.slots(cohort)):
            out.append(_outside(plan, cohort, p))
        elif p.cohort_id not in plan.at:
            plan.at[p.cohort_id] = p
    for cohort_id, n in sorted(counts.items()):
        if n > 1 and cohort_id in problem.cohort_by_id:
            out.append(
                violation(
                    plan,
                    PLACEMENT,
                    "placed_twice",
                    n - 1,
                    texts.say("placed_twice", cohort=texts.cohort(cohort_id), count=n),
                    subject=cohort_id,
                )
            )
    for cohort in problem.cohorts:
        if cohort.id not in counts:
            out.append(
                violation(
                    plan,
                    PLACEMENT,
                    "unplaced",
                    1,
                    texts.say("unplaced", cohort=texts.cohort(cohort)),
                    school_id=cohort.school_id,
                    subject=cohort.id,
                )
            )
    return plan, out


def _outside(plan: Plan, cohort: Cohort, p: Placement) -> ReturnViolation:
    t = plan.texts
    label = plan.problem.window_label(p.window)
    message = t.say(
        "outside_batch",
        cohort=t.cohort(cohort),
        day=t.day(p.date),
        window=label,
        batch=plan.problem.batch(cohort).name,
    )
    return violation(
        plan,
        PLACEMENT,
        "outside_batch",
        1,
        message,
        date=p.date,
        school_id=cohort.school_id,
        subject=cohort.id,
    )


# ---- capacity and buses ----


def check_capacity(plan: Plan, rule: RuleSpec) -> list[ReturnViolation]:
    """Per school, return day and window: the classes returning then, and the classes back
    from an earlier day arriving by their daily timetable, within the places."""
    problem = plan.problem
    loads: Counter = Counter()
    for cohort, p in plan.cohorts():
        loads[(cohort.school_id, p.date, p.window)] += cohort.students
    back = problem.arrivals_back({c.id: p.date for c, p in plan.cohorts()})
    t, out = plan.texts, []
    for key in sorted(set(loads) | set(back)):
        school_id, day, w = key
        load, places = loads[key] + back[key], problem.places(school_id)
        if load > places:
            label = problem.window_label(w)
            keys = {"school": t.school(school_id), "day": t.day(day), "window": label,
                    "load": load, "places": places, "detail": t.places_detail(school_id),
                    "over": load - places}  # fmt: skip
            message = (
                t.say("capacity_daily", back=back[key], **keys)
                if back[key]
                else t.say("capacity", **keys)
            )
            out.append(violation(plan, rule, "capacity", load - places, message,
                                 date=day, school_id=school_id, window=label))  # fmt: skip
    return out


def check_buses(plan: Plan, rule: RuleSpec) -> list[ReturnViolation]:
    riders: Counter = Counter()
    for cohort, p in plan.cohorts():
        if cohort.bus_route:
            riders[(cohort.bus_route, p.date)] += cohort.students
    t, out = plan.texts, []
    for (route_id, day), n in sorted(riders.items()):
        route = plan.problem.route_by_id[route_id]
        if n > route.seats_per_day:
            message = t.say(
                "buses",
                route=route.name,
                day=t.day(day),
                riders=n,
                seats=route.seats_per_day,
                buses=route.buses,
                per_bus=route.seats,
                over=n - route.seats_per_day,
            )
            out.append(
                violation(
                    plan,
                    rule,
                    "buses",
                    n - route.seats_per_day,
                    message,
                    date=day,
                    subject=route_id,
                )
            )
    return out


# ---- regions ----


def check_regions(plan: Plan, rule: RuleSpec) -> list[ReturnViolation]:
    problem, t = plan.problem, plan.texts
    regions: dict[tuple[str, date, int], set[str]] = defaultdict(set)
    gathered: Counter = Counter()
    for cohort, p in plan.cohorts():
        route = problem.route_of(cohort)
        if route is not None:
            key = (route.point_id, p.date, problem.gathering_window(cohort, p.window))
            regions[key].add(cohort.region)
            gathered[key] += cohort.students
    out = []
    for (point_id, day, g), found in sorted(regions.items()):
        label, name = problem.window_label(g), t.point(point_id)
        keys = {"date": day, "window": label, "subject": point_id}
        if len(found) > 1:
            message = t.say(
                "regions",
                point=name,
                day=t.day(day),
                window=label,
                count=len(found),
                regions=t.join(sorted(found)),
            )
            out.append(violation(plan, rule, "regions", len(found) - 1, message, **keys))
        capacity = problem.point_by_id[point_id].capacity
        load = gathered[(point_id, day, g)]
        if capacity is not None and load > capacity:
            message = t.say(
                "point_capacity",
                point=name,
                day=t.day(day),
                window=label,
                load=load,
                capacity=capacity,
                over=load - capacity,
            )
            out.append(violation(plan, rule, "point_capacity", load - capacity, message, **keys))
    if rule.param("boarding", True):
        out += _boarding(plan, rule)
    return out


def _boarding(plan: Plan, rule: RuleSpec) -> list[ReturnViolation]:
    t = plan.texts
    regions: dict[tuple[str, date, int], set[str]] = defaultdict(set)
    for cohort, p in plan.cohorts():
        if cohort.boarding:
            regions[(cohort.school_id, p.date, p.window)].add(cohort.region)
    out = []
    for (school_id, day, w), found in sorted(regions.items()):
        if len(found) > 1:
            label = plan.problem.window_label(w)
            message = t.say(
                "boarding_regions",
                school=t.school(school_id),
                day=t.day(day),
                window=label,
                count=len(found),
                regions=t.join(sorted(found)),
            )
            out.append(
                violation(
                    plan,
                    rule,
                    "boarding_regions",
                    len(found) - 1,
                    message,
                    date=day,
                    school_id=school_id,
                    window=label,
                )
            )
    return out


CHECKS = {
    "capacity": check_capacity,
    "buses": check_buses,
    "regions": check_regions,
    "siblings": check_siblings,
    "preferences": check_preferences,
}
