"""Checks of the sibling and preference rules of a return plan (docs/returns.md), from the
placements alone; run by roster/returns/check.py."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from itertools import combinations

from roster.model import RuleSpec
from roster.returns.checking import Plan, soft, violation
from roster.returns.model import Cohort
from roster.returns.result import Placement, ReturnViolation

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
                soft(
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
                soft(
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
        out.append(soft(plan, rule, weight, "peak", load, message, school_id=school_id,
                         subject=batch))  # fmt: skip
    return out
