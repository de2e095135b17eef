"""The daily staggered timetable (错峰上下学) of day-school classes, for the whole term.

Each day-school class gets one daily slot k: it arrives in the k-th arrival window and
leaves in the k-th dismissal window, so every class keeps a school day of the same
length and the dismissal loads equal the arrival loads. Rules (docs/returns.md):
`capacity` (kind `daily_capacity`, per school and slot: students within gates x
daily students_per_gate; hard with a slack like the return plan), and the soft `daily`
weights of [return.daily]: `grade_weight` per (school, grade) per extra slot its classes
use (kind `daily_grade`), `peak_weight` per student of a school's busiest slot
(kind `daily_peak`). Schools share nothing here: one model each, solved apart.
"""

from __future__ import annotations

import time
from collections import defaultdict
from types import MappingProxyType

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.result import Status
from roster.returns.model import Cohort, DailySettings, ReturnProblem, clock
from roster.returns.result import DailyTime, PlanResult
from solver import params, progress_callback
from solver.returns.fanout import merge, run_parts
from solver.returns.hints import complete_hint
from solver.returns.model import extract
from solver.returns.parts import sub_problem
from solver.returns.penalty import Flags, ReturnPenalty, any_of, capped, distinct_minus_one
from solver.returns.preferences import least_peak
from solver.status import STATUS

Rows = list[tuple[Cohort, list[cp_model.IntVar]]]


def day_cohorts(problem: ReturnProblem) -> list[Cohort]:
    return [c for c in problem.cohorts if not c.boarding]


def daily_rule(daily: DailySettings) -> RuleSpec:
    weights = {"grade_weight": daily.grade_weight, "peak_weight": daily.peak_weight}
    return RuleSpec("daily", "daily", False, 0, MappingProxyType(weights))


def slot_label(daily: DailySettings, slot: int) -> str:
    start, end = daily.arrival_window(slot)
    return f"{clock(start)}-{clock(end)}"


def solve_daily(problem: ReturnProblem, processes: int | None = None) -> PlanResult | None:
    if problem.daily is None:
        return None
    started = time.perf_counter()
    schools: dict[str, list[Cohort]] = defaultdict(list)
    for c in day_cohorts(problem):
        schools[c.school_id].append(c)
    if not schools:
        return PlanResult(Status.OPTIMAL, 0, 0, 0.0)
    total = sum(len(c) for c in schools.values())
    items = [
        sub_problem(problem, tuple(c), share=len(c) / total) for _, c in sorted(schools.items())
    ]
    return merge(run_parts(solve_school, items, processes), time.perf_counter() - started)


def solve_school(problem: ReturnProblem) -> PlanResult:
    """One school's timetable (the problem holds that school's day classes)."""
    daily = problem.daily
    assert daily is not None
    started = time.perf_counter()
    model = cp_model.CpModel()
    rows: Rows = []
    for cohort in day_cohorts(problem):
        row = [model.new_bool_var(f"d[{cohort.id},{k}]") for k in range(daily.windows)]
        model.add_exactly_one(row)
        rows.append((cohort, row))
    flags: Flags = []
    penalties = _capacity(model, problem, rows)
    grades = _grades(model, daily, rows, flags)
    _grade_cuts(model, problem, rows, grades, [p.var for p in penalties])
    penalties += grades + _peak(model, daily, rows, grades)
    model.minimize(sum(p.unit_cost * p.var for p in penalties))
    slots = greedy_slots(problem, rows)
    decisions = ((x, int(slots[c.id] == k)) for c, row in rows for k, x in enumerate(row))
    complete_hint(model, decisions, flags, penalties)
    solver = cp_model.CpSolver()
    params.configure(solver, problem.solver)
    solver.parameters.keep_all_feasible_solutions_in_presolve = True
    code = progress_callback.solve(solver, model, "daily")
    stats = {"solve_s": round(solver.wall_time, 3), "variables": len(model.proto.variables),
             "deterministic_time": round(solver.deterministic_time, 3)}  # fmt: skip
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return PlanResult(STATUS[code], None, None, time.perf_counter() - started, stats=stats)
    times = tuple(
        DailyTime(c.id, k) for c, row in rows for k, x in enumerate(row) if solver.boolean_value(x)
    )
    found = extract(penalties, solver)
    return PlanResult(
        STATUS[code], sum(v.cost for v in found), int(round(solver.best_objective_bound)),
        time.perf_counter() - started, times=times, violations=tuple(found), stats=stats,
    )  # fmt: skip


def _places(problem: ReturnProblem, school_id: str) -> int:
    daily = problem.daily
    assert daily is not None
    return problem.school_by_id[school_id].gates * daily.students_per_gate


def _capacity(model: cp_model.CpModel, problem: ReturnProblem, rows: Rows) -> list:
    daily, rule = problem.daily, problem.rule("capacity")
    assert daily is not None
    school_id = rows[0][0].school_id
    total = sum(c.students for c, _ in rows)
    out = []
    for k in range(daily.windows):
        expr = sum(c.students * lits[k] for c, lits in rows)
        out.append(capped(model, rule, "daily_capacity", problem.cost(rule), expr,
                          _places(problem, school_id), total, school_id=school_id,
                          window=slot_label(daily, k)))  # fmt: skip
    return [p for p in out if p is not None]


def _grades(model: cp_model.CpModel, daily: DailySettings, rows: Rows, flags: Flags) -> list:
    if not daily.grade_weight:
        return []
    grades: dict[int, list[list[cp_model.IntVar]]] = defaultdict(list)
    for cohort, lits in rows:
        grades[cohort.grade].append(lits)
    rule, out = daily_rule(daily), []
    for grade, members in sorted(grades.items()):
        if len(members) < 2:
            continue
        groups = [[lits[k] for lits in members] for k in range(daily.windows)]
        used = [any_of(model, group, flags, "daily_grade_used") for group in groups]
        extra = model.new_int_var(0, daily.windows - 1, "daily_grade")
        model.add(sum(used) - 1 <= extra)
        out.append(ReturnPenalty(rule, daily.grade_weight, extra, (), kind="daily_grade",
                                 counted=distinct_minus_one(groups),
                                 school_id=rows[0][0].school_id, subject=str(grade)))  # fmt: skip
    return out


def _grade_cuts(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    rows: Rows,
    grades: list[ReturnPenalty],
    over: list[cp_model.IntVar],
) -> None:
    """A grade's students fit in the slots it uses, up to their overflow: students <=
    places x (extra slots + 1) + overflow. Valid for every timetable, it gives the bound
    the minimum number of slots each grade needs."""
    places = _places(problem, rows[0][0].school_id)
    for p in grades:
        students = sum(c.students for c, _ in rows if str(c.grade) == p.subject)
        if students > places:
            model.add(places * (p.var + 1) + sum(over) >= students)


def _peak(
    model: cp_model.CpModel, daily: DailySettings, rows: Rows, grades: list[ReturnPenalty]
) -> list:
    if not daily.peak_weight:
        return []
    sizes = [c.students for c, _ in rows]
    loads = [sum(c.students * lits[k] for c, lits in rows) for k in range(daily.windows)]
    peak = model.new_int_var(0, sum(sizes), "daily_peak")
    for expr in loads:
        model.add(peak >= expr)
    base = least_peak(sizes, daily.windows)
    model.add(peak >= base)
    # A grade kept in one slot puts all its students there: a cut for the trade-off.
    split = {int(p.subject): p.var for p in grades}
    for grade, var in split.items():
        whole = sum(c.students for c, _ in rows if c.grade == grade)
        if whole > base:
            model.add(peak + (whole - base) * var >= whole)
    rule = daily_rule(daily)
    return [ReturnPenalty(rule, daily.peak_weight, peak, tuple(loads), kind="daily_peak",
                          school_id=rows[0][0].school_id)]  # fmt: skip


def greedy_slots(problem: ReturnProblem, rows: Rows) -> dict[str, int]:
    """Whole grades, largest first, into the emptiest slot that holds them; a grade no slot
    holds goes class by class (largest first) into the emptiest slot."""
    daily = problem.daily
    assert daily is not None
    places = _places(problem, rows[0][0].school_id)
    load = [0] * daily.windows
    grades: dict[int, list[Cohort]] = defaultdict(list)
    for cohort, _ in rows:
        grades[cohort.grade].append(cohort)
    ordered = sorted(grades.values(), key=lambda cs: (-sum(c.students for c in cs), cs[0].grade))
    return _place_grades(ordered, load, places)


def _place_grades(ordered: list[list[Cohort]], load: list[int], places: int) -> dict[str, int]:
    """Each grade in as few parts as its students need slots, the parts balanced (largest
    class first into the lightest part), each part into the emptiest slot."""
    out: dict[str, int] = {}
    slots = range(len(load))
    for cohorts in ordered:
        n = min(len(cohorts), len(load), -(-sum(c.students for c in cohorts) // places))
        parts: list[list[Cohort]] = [[] for _ in range(n)]
        for c in sorted(cohorts, key=lambda c: (-c.students, c.id)):
            min(parts, key=lambda p: sum(x.students for x in p)).append(c)
        for part in sorted(parts, key=lambda p: -sum(x.students for x in p)):
            size = sum(x.students for x in part)
            free = [k for k in slots if load[k] + size <= places] or list(slots)
            k = min(free, key=lambda k: (load[k], k))
            load[k] += size
            out.update({c.id: k for c in part})
    return out
