"""The return plan as tables: one row per class, per-school notices, capacities used.

CSV files follow outputs/tables.py: UTF-8 with a BOM, CRLF, fixed English column names
for scripts, values in the scenario's language. The notices for parents
(`notices/<school_id>.csv`) are posted as they are, so their headers are in the
scenario's language too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from outputs.natural import natural_key
from outputs.tables import csv_bytes
from roster.model import Person
from roster.returns.model import Cohort, ReturnProblem, clock
from roster.returns.result import Placement, PlanResult, ReturnViolation
from roster.returns.texts import ReturnTexts

PLAN_COLUMNS = (
    "cohort_id", "school_id", "school", "grade", "class", "students", "region", "boarding",
    "batch", "date", "window", "gathering_point", "gathering_window", "bus_route",
    "daily_arrival", "daily_dismissal", "teacher_id", "teacher",
)  # fmt: skip
NOTICE_KEYS = (
    "col_school", "col_class", "col_students", "col_date", "col_window", "col_point", "col_gather",
    "col_route", "col_daily_arrival", "col_daily_dismissal",
)  # fmt: skip
CAPACITY_COLUMNS = (
    "school_id", "school", "batch", "gates", "lanes", "places_per_window", "students",
    "busiest_students", "busiest_per_gate", "use_percent", "busiest_date", "busiest_window",
)  # fmt: skip
VIOLATION_COLUMNS = (
    "rule", "kind", "hard", "date", "school_id", "window", "subject", "amount", "cost", "message",
)  # fmt: skip


@dataclass(frozen=True)
class PlanRow:
    cohort: Cohort
    batch: str
    placement: Placement | None
    window: str
    point: str
    gather: str
    route: str
    arrival: str
    dismissal: str
    teacher: str


def plan_rows(
    problem: ReturnProblem,
    plan: PlanResult,
    daily: PlanResult | None,
    people: Mapping[str, Person],
) -> list[PlanRow]:
    """Every class, by school, grade and class, with its return and its daily times."""
    t = ReturnTexts(problem)
    at = {p.cohort_id: p for p in plan.placements}
    slots = {x.cohort_id: x.slot for x in daily.times} if daily is not None else {}
    rows = []
    for c in sorted(problem.cohorts, key=class_order):
        p, route = at.get(c.id), problem.route_of(c)
        gather = ""
        if p is not None and route is not None:
            gather = problem.window_label(problem.gathering_window(c, p.window))
        rows.append(
            PlanRow(
                cohort=c,
                batch=problem.batch(c).name,
                placement=p,
                window=problem.windows[p.window].label if p is not None else "",
                point=t.point(route.point_id) if route is not None else "",
                gather=gather,
                route=route.name if route is not None else "",
                arrival=_daily(problem, slots.get(c.id), arrival=True),
                dismissal=_daily(problem, slots.get(c.id), arrival=False),
                teacher=people[c.teacher_id].name if c.teacher_id in people else "",
            )
        )
    return rows


def class_order(c: Cohort) -> tuple[object, ...]:
    """By school, grade and class in natural order: 9班 before 10班."""
    return (natural_key(c.school_id), c.grade, natural_key(c.class_name), natural_key(c.id))


def _daily(problem: ReturnProblem, slot: int | None, *, arrival: bool) -> str:
    if slot is None or problem.daily is None:
        return ""
    window = problem.daily.arrival_window if arrival else problem.daily.dismissal_window
    start, end = window(slot)
    return f"{clock(start)}-{clock(end)}"


def plan_csv(problem: ReturnProblem, rows: Sequence[PlanRow]) -> bytes:
    t = ReturnTexts(problem)
    return csv_bytes(
        PLAN_COLUMNS,
        [
            (
                r.cohort.id, r.cohort.school_id, t.school(r.cohort.school_id), r.cohort.grade,
                r.cohort.class_name, r.cohort.students, r.cohort.region,
                "yes" if r.cohort.boarding else "no", r.batch,
                r.placement.date.isoformat() if r.placement else "", r.window, r.point,
                r.gather, r.route, r.arrival, r.dismissal, r.cohort.teacher_id, r.teacher,
            )
            for r in rows
        ],
    )  # fmt: skip


def notices(problem: ReturnProblem, rows: Sequence[PlanRow]) -> dict[str, bytes]:
    """notices/<school_id>.csv: what parents of each class need, in their language; the
    school's name on every row (the file is named by its code), dates with their year
    (a spreadsheet imports 5月7日 as that day of the current year)."""
    t = ReturnTexts(problem)
    header = [t.say(key) for key in NOTICE_KEYS]
    by_school: dict[str, list[PlanRow]] = defaultdict(list)
    for r in rows:
        by_school[r.cohort.school_id].append(r)
    return {
        school_id: csv_bytes(header, [_notice_row(t, r) for r in found])
        for school_id, found in sorted(by_school.items())
    }


def _notice_row(t: ReturnTexts, r: PlanRow) -> tuple[object, ...]:
    day = t.full_day(r.placement.date) if r.placement else ""
    name = t.grade_class(r.cohort.grade, r.cohort.class_name)
    return (t.school(r.cohort.school_id), name, r.cohort.students, day, r.window, r.point,
            r.gather, r.route, r.arrival, r.dismissal)  # fmt: skip


# ---- capacity used ----


@dataclass(frozen=True)
class CapacityUse:
    school_id: str
    batch: str
    gates: int
    lanes: int | None
    places: int
    students: int
    busiest: int
    busiest_date: date | None
    busiest_window: str

    @property
    def per_gate(self) -> int:
        return -(-self.busiest // self.gates)

    @property
    def use_percent(self) -> float:
        return round(100 * self.busiest / self.places, 1)


def capacity_use(problem: ReturnProblem, placements: Sequence[Placement]) -> list[CapacityUse]:
    """Per school and batch: the busiest window's arrivals (with the classes already back
    arriving by their daily timetable then) against the places per window."""
    loads: dict[tuple[str, str], dict[tuple[date, int], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    returning: dict[tuple[str, str], int] = defaultdict(int)
    batch_of_day: dict[tuple[str, date], str] = {}
    for p in placements:
        c = problem.cohort_by_id[p.cohort_id]
        key = (c.school_id, problem.batch(c).id)
        loads[key][(p.date, p.window)] += c.students
        returning[key] += c.students
        for day in problem.batch(c).dates:
            batch_of_day[(c.school_id, day)] = key[1]
    back = problem.arrivals_back({p.cohort_id: p.date for p in placements})
    for (school_id, day, window), n in back.items():
        if (school_id, day) in batch_of_day:
            loads[(school_id, batch_of_day[(school_id, day)])][(day, window)] += n
    out = []
    for (school_id, batch_id), found in sorted(loads.items()):
        (day, window), busiest = max(found.items(), key=lambda kv: (kv[1], kv[0]))
        school = problem.school_by_id[school_id]
        out.append(
            CapacityUse(
                school_id, problem.batch_by_id[batch_id].name, school.gates,
                problem.capacity.lane_places(school) and school.lanes, problem.places(school_id),
                returning[(school_id, batch_id)], busiest, day, problem.windows[window].label,
            )
        )  # fmt: skip
    return out


def capacity_csv(problem: ReturnProblem, uses: Sequence[CapacityUse]) -> bytes:
    t = ReturnTexts(problem)
    return csv_bytes(
        CAPACITY_COLUMNS,
        [
            (
                u.school_id, t.school(u.school_id), u.batch, u.gates,
                "" if u.lanes is None else u.lanes, u.places, u.students, u.busiest,
                u.per_gate, u.use_percent, u.busiest_date.isoformat() if u.busiest_date else "",
                u.busiest_window,
            )
            for u in uses
        ],
    )  # fmt: skip


def violations_csv(violations: Sequence[ReturnViolation]) -> bytes:
    return csv_bytes(
        VIOLATION_COLUMNS,
        [
            (
                v.rule, v.kind, "true" if v.hard else "false",
                v.date.isoformat() if v.date else "", v.school_id, v.window, v.subject,
                v.amount, v.cost, v.message,
            )
            for v in violations
        ],
    )  # fmt: skip
