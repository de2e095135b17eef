"""preferences (always soft), each with its own weight in the rule's keys:

* `graduating_weight`, kind `graduating_late`: per (school, graduating grade, return day),
  the classes of that grade returning that day x the day's position in its batch (0 for
  the batch's first day): graduating grades come first;
* `grade_days_weight`, kind `grade_days`: per (school, grade), the return days its classes
  use, minus 1: a grade comes back together;
* `peak_weight`, kind `peak`: per (school, batch), the students of its busiest window over
  the batch's return days: arrivals spread evenly across the windows (and days).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.returns.model import Cohort, ReturnProblem
from solver.returns.penalty import ReturnPenalty, any_of, distinct_minus_one
from solver.returns.variables import PlanVars, load, upper


def add(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec
) -> list[ReturnPenalty]:
    grades = grade_classes(problem)
    out: list[ReturnPenalty] = []
    if weight(rule, "graduating_weight"):
        graduating = rule.param("graduating_grades", frozenset())
        for (_, grade), cohorts in grades.items():
            if grade in graduating:
                out += _late(model, problem, v, rule, cohorts)
    split: dict[tuple[str, int], cp_model.IntVar] = {}
    if weight(rule, "grade_days_weight"):
        for key, cohorts in grades.items():
            found = _grade_days(model, problem, v, rule, cohorts)
            if found:
                split[key] = found[0].var
            out += found
    if weight(rule, "peak_weight"):
        peaks = _peaks(model, problem, v, rule)
        _whole_grade_cuts(
            model, problem, grades, split, {(p.school_id, p.subject): p.var for p in peaks}
        )
        out += peaks
    return out


def _whole_grade_cuts(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    grades: dict[tuple[str, int], list[Cohort]],
    split: dict[tuple[str, int], cp_model.IntVar],
    peaks: dict[tuple[str, str], cp_model.IntVar],
) -> None:
    """A grade kept on one day packs its classes into one day's windows: the busiest window
    holds at least `least_peak` of them over those windows, unless the grade is split
    (grade days >= 1). `peak >= whole - (whole - base) * split` is valid either way and
    tells the solver what keeping a grade together costs in its peak."""
    windows = len(problem.windows)
    for key, cohorts in grades.items():
        batch = problem.batch(cohorts[0])
        peak = peaks.get((key[0], batch.id))
        if peak is None or key not in split:
            continue
        base = least_peak(
            [c.students for c in _batch_mates(problem, cohorts)], windows * len(batch.dates)
        )
        whole = least_peak([c.students for c in cohorts], windows)
        if whole > base:
            model.add(peak + (whole - base) * split[key] >= whole)


def _batch_mates(problem: ReturnProblem, cohorts: list[Cohort]) -> list[Cohort]:
    batch, school = problem.batch(cohorts[0]).id, cohorts[0].school_id
    return [c for c in problem.cohorts if c.school_id == school and problem.batch(c).id == batch]


def weight(rule: RuleSpec, key: str) -> int:
    return int(rule.param(key, 0) or 0)


def grade_classes(problem: ReturnProblem) -> dict[tuple[str, int], list[Cohort]]:
    out: dict[tuple[str, int], list[Cohort]] = defaultdict(list)
    for cohort in problem.cohorts:
        out[(cohort.school_id, cohort.grade)].append(cohort)
    return dict(sorted(out.items()))


def _late(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    rule: RuleSpec,
    cohorts: list[Cohort],
) -> list[ReturnPenalty]:
    by_day: dict = defaultdict(list)
    for cohort in cohorts:
        for position, day in enumerate(problem.batch(cohort).dates):
            if position:
                by_day[day].append((position, v.day(cohort, day)))
    out = []
    school_id, grade = cohorts[0].school_id, cohorts[0].grade
    for day, terms in sorted(by_day.items()):
        expr = sum(p * y for p, y in terms)
        late = model.new_int_var(0, sum(p for p, _ in terms), "graduating_late")
        model.add(late >= expr)
        out.append(
            ReturnPenalty(
                rule,
                weight(rule, "graduating_weight"),
                late,
                (expr,),
                date=day,
                kind="graduating_late",
                school_id=school_id,
                subject=str(grade),
            )
        )
    return out


def _grade_days(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    rule: RuleSpec,
    cohorts: list[Cohort],
) -> list[ReturnPenalty]:
    days = sorted({d for c in cohorts for d in problem.batch(c).dates})
    if len(cohorts) < 2 or len(days) < 2:
        return []
    groups, used = [], []
    for day in days:
        literals = [x for c in cohorts for x in v.of(c, day)]
        groups.append(literals)
        used.append(any_of(model, literals, v.flags, "grade_day"))
    extra = model.new_int_var(0, len(days) - 1, "grade_days")
    model.add(sum(used) - 1 <= extra)
    return [
        ReturnPenalty(
            rule,
            weight(rule, "grade_days_weight"),
            extra,
            (),
            kind="grade_days",
            counted=distinct_minus_one(groups),
            school_id=cohorts[0].school_id,
            subject=str(cohorts[0].grade),
        )
    ]


def _peaks(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec
) -> list[ReturnPenalty]:
    slots: dict = defaultdict(list)  # (school, batch) -> the load items of each window
    for (school_id, day, _), items in sorted(v.at_school.items()):
        for batch in problem.batches:
            if day in batch.dates:
                slots[(school_id, batch.id)].append(items)
    members: dict = defaultdict(list)
    for cohort in problem.cohorts:
        members[(cohort.school_id, problem.batch(cohort).id)].append(cohort.students)
    out = []
    for (school_id, batch_id), windows in sorted(slots.items()):
        loads = [load(items) for items in windows]
        peak = model.new_int_var(0, max(upper(items) for items in windows), "peak")
        for expr in loads:
            model.add(peak >= expr)
        model.add(peak >= least_peak(members[(school_id, batch_id)], len(windows)))
        out.append(
            ReturnPenalty(
                rule, weight(rule, "peak_weight"), peak, tuple(loads), kind="peak",
                school_id=school_id, subject=batch_id,
            )
        )  # fmt: skip
    return out


def least_peak(sizes: list[int], slots: int) -> int:
    """A lower bound of the busiest window, whatever the plan; posted as a constraint it
    gives the solver the bound it cannot find by itself.

    Classes must go into `slots` windows. With at most two to a window the best packing is
    known (LPT is optimal then): the largest classes alone, the others paired largest with
    smallest. With more classes than that, at least ceil(n / slots) share a window.
    Either way the busiest window also holds at least the average.
    """
    if not sizes:
        return 0
    ordered = sorted(sizes, reverse=True)
    average = -(-sum(sizes) // slots)
    if len(ordered) <= slots:
        return ordered[0]
    if len(ordered) <= 2 * slots:
        alone = 2 * slots - len(ordered)
        paired = ordered[alone:]
        pairs = [paired[i] + paired[-1 - i] for i in range(len(paired) // 2)]
        return max([*ordered[:alone], *pairs, average])
    k = -(-len(ordered) // slots)
    return max(sum(ordered[-k:]), average)
