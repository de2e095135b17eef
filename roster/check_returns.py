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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from roster.model import RuleSpec
from roster.return_texts import ReturnTexts
from roster.returns import Cohort, Placement, ReturnProblem, ReturnViolation


@dataclass(frozen=True)
class PlanCheck:
    violations: tuple[ReturnViolation, ...]
    objective: int

    @property
    def hard(self) -> tuple[ReturnViolation, ...]:
        return tuple(v for v in self.violations if v.hard)


@dataclass(frozen=True)
class Plan:
    """The valid placements of a plan, indexed as the rules read them."""

    problem: ReturnProblem
    at: dict[str, Placement]  # cohort -> its placement
    texts: ReturnTexts

    def cohorts(self) -> Iterable[tuple[Cohort, Placement]]:
        for cohort in self.problem.cohorts:
            if cohort.id in self.at:
                yield cohort, self.at[cohort.id]

    def start(self, cohort_id: str) -> int:
        return self.problem.windows[self.at[cohort_id].window].start_minute


def check_plan(problem: ReturnProblem, placements: Sequence[Placement]) -> PlanCheck:
    texts = ReturnTexts(problem)
    plan, out = _valid(problem, placements, texts)
    for rule in problem.rules:
        out += CHECKS[rule.kind](plan, rule)
    found = tuple(sorted(v for v in out if v.amount > 0 and v.cost > 0))
    return PlanCheck(found, sum(v.cost for v in found))


def violation(plan: Plan, rule: RuleSpec, kind: str, amount: int, message: str, **keys: object):
    cost = amount * plan.problem.cost(rule)
    return ReturnViolation(rule.name, kind, rule.hard, amount, cost, message=message, **keys)


# ---- placements themselves ----

PLACEMENT = RuleSpec("placement", "placement", True, 0)


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
    loads: Counter = Counter()
    for cohort, p in plan.cohorts():
        loads[(cohort.school_id, p.date, p.window)] += cohort.students
    t, out = plan.texts, []
    for (school_id, day, w), load in sorted(loads.items()):
        places = plan.problem.places(school_id)
        if load > places:
            label = plan.problem.window_label(w)
            message = t.say(
                "capacity",
                school=t.school(school_id),
                day=t.day(day),
                window=label,
                load=load,
                places=places,
                detail=t.places_detail(school_id),
                over=load - places,
            )
            out.append(
                violation(
                    plan,
                    rule,
                    "capacity",
                    load - places,
                    message,
                    date=day,
                    school_id=school_id,
                    window=label,
                )
            )
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


# ---- siblings ----


def check_siblings(plan: Plan, rule: RuleSpec) -> list[ReturnViolation]:
    families: dict[str, list[Cohort]] = defaultdict(list)
    for cohort in plan.problem.cohorts:
        for family in cohort.family_groups:
            families[family].append(cohort)
    gap = int(rule.param("gap_minutes", 0) or 0)
    out = []
    for family, cohorts in sorted(families.items()):
        for a, b in combinations(sorted(cohorts, key=lambda c: c.id), 2):
            if a.id in plan.at and b.id in plan.at:
                out += _sibling_pair(plan, rule, family, (a, b), gap)
    return out


def _sibling_pair(
    plan: Plan, rule: RuleSpec, family: str, pair: tuple[Cohort, Cohort], gap: int
) -> list[ReturnViolation]:
    a, b = pair
    pa, pb, t = plan.at[a.id], plan.at[b.id], plan.texts
    subject = f"{family}:{a.id}+{b.id}"
    if pa.date != pb.date:
        message = t.say(
            "siblings_day",
            family=family,
            a=t.cohort(a),
            b=t.cohort(b),
            da=t.day(pa.date),
            db=t.day(pb.date),
        )
        return [violation(plan, rule, "siblings_day", 1, message, subject=subject)]
    if gap > 0 and a.school_id != b.school_id and abs(plan.start(a.id) - plan.start(b.id)) < gap:
        wa, wb = plan.problem.window_label(pa.window), plan.problem.window_label(pb.window)
        message = t.say(
            "siblings_gap",
            family=family,
            day=t.day(pa.date),
            a=t.cohort(a),
            wa=wa,
            b=t.cohort(b),
            wb=wb,
            gap=gap,
        )
        return [violation(plan, rule, "siblings_gap", 1, message, date=pa.date, subject=subject)]
    return []


# ---- preferences ----


def check_preferences(plan: Plan, rule: RuleSpec) -> list[ReturnViolation]:
    out: list[ReturnViolation] = []
    weights = {
        k: int(rule.param(k, 0) or 0)
        for k in ("graduating_weight", "grade_days_weight", "peak_weight")
    }
    grades: dict[tuple[str, int], list[Placement]] = defaultdict(list)
    for cohort, p in plan.cohorts():
        grades[(cohort.school_id, cohort.grade)].append(p)
    graduating = rule.param("graduating_grades", frozenset())
    for (school_id, grade), placed in sorted(grades.items()):
        if weights["graduating_weight"] and grade in graduating:
            out += _late(plan, rule, weights["graduating_weight"], (school_id, grade), placed)
        days = {p.date for p in placed}
        if weights["grade_days_weight"] and len(days) > 1:
            message = plan.texts.say(
                "grade_days", school=plan.texts.school(school_id), grade=grade, days=len(days)
            )
            out.append(
                _soft(
                    plan,
                    rule,
                    weights["grade_days_weight"],
                    "grade_days",
                    len(days) - 1,
                    message,
                    school_id=school_id,
                    subject=str(grade),
                )
            )
    if weights["peak_weight"]:
        out += _peaks(plan, rule, weights["peak_weight"])
    return out


def _soft(
    plan: Plan, rule: RuleSpec, weight: int, kind: str, amount: int, message: str, **keys: object
) -> ReturnViolation:
    return ReturnViolation(rule.name, kind, False, amount, amount * weight, message=message, **keys)


def _late(
    plan: Plan, rule: RuleSpec, weight: int, key: tuple[str, int], placed: list[Placement]
) -> list[ReturnViolation]:
    school_id, grade = key
    t, out = plan.texts, []
    per_day = Counter(p.date for p in placed)
    for day, count in sorted(per_day.items()):
        dates = plan.problem.batch(plan.problem.cohort_by_id[placed[0].cohort_id]).dates
        position = dates.index(day)
        if position:
            message = t.say(
                "graduating_late",
                school=t.school(school_id),
                grade=grade,
                count=count,
                day=t.day(day),
                position=position + 1,
            )
            out.append(
                _soft(
                    plan,
                    rule,
                    weight,
                    "graduating_late",
                    count * position,
                    message,
                    date=day,
                    school_id=school_id,
                    subject=str(grade),
                )
            )
    return out


def _peaks(plan: Plan, rule: RuleSpec, weight: int) -> list[ReturnViolation]:
    loads: Counter = Counter()
    for cohort, p in plan.cohorts():
        batch = plan.problem.batch(cohort).id
        loads[(cohort.school_id, batch, p.date, p.window)] += cohort.students
    busiest: dict[tuple[str, str], tuple[int, date, int]] = {}
    for (school_id, batch, day, w), load in sorted(loads.items()):
        if load > busiest.get((school_id, batch), (0, day, w))[0]:
            busiest[(school_id, batch)] = (load, day, w)
    t, out = plan.texts, []
    for (school_id, batch), (load, day, w) in sorted(busiest.items()):
        message = t.say(
            "peak", school=t.school(school_id), batch=plan.problem.batch_by_id[batch].name,
            day=t.day(day), load=load, window=plan.problem.window_label(w),
        )  # fmt: skip
        out.append(_soft(plan, rule, weight, "peak", load, message, school_id=school_id,
                         subject=batch))  # fmt: skip
    return out


CHECKS = {
    "capacity": check_capacity,
    "buses": check_buses,
    "regions": check_regions,
    "siblings": check_siblings,
    "preferences": check_preferences,
}
