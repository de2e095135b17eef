"""return_plan.xlsx: the plan for the coordinator and each school.

Sheets (titles and headers in the scenario's language): the whole plan, one per school
(return window x day, each cell the classes arriving and their students), regions and
buses (who gathers where and when, riders against seats per route and day), capacity
used, the daily timetable, and gate duty. Written with outputs/xlsx.py's table writer.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from openpyxl import Workbook

from outputs.cells import clean_text
from outputs.natural import natural_key
from outputs.returns.tables import CapacityUse, PlanRow
from outputs.xlsx import Cell, Table, write_table
from roster.model import Scenario
from roster.result import Result
from roster.returns.gate_duty import GateLoad
from roster.returns.model import ReturnProblem
from roster.returns.texts import ReturnTexts

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def build_plan_workbook(
    problem: ReturnProblem,
    rows: Sequence[PlanRow],
    uses: Sequence[CapacityUse],
    gate: tuple[Scenario, Result, Sequence[GateLoad]] | None,
    *,
    now: datetime | None = None,
) -> bytes:
    t = ReturnTexts(problem)
    tables = [
        plan_table(t, rows),
        *school_tables(problem, t, rows),
        regions_table(problem, t, rows),
    ]
    tables += [capacity_table(t, uses), daily_table(t, rows)]
    if gate is not None:
        tables.append(gate_table(problem, t, *gate))
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        write_table(workbook.create_sheet(table.title), table)
    workbook.properties.creator = "roster"
    workbook.properties.title = clean_text(problem.name)
    if now is not None:
        workbook.properties.created = now.astimezone(UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _class(t: ReturnTexts, row: PlanRow) -> str:
    return t.grade_class(row.cohort.grade, row.cohort.class_name)


def plan_table(t: ReturnTexts, rows: Sequence[PlanRow]) -> Table:
    keys = ("col_school", "col_grade", "col_class", "col_students", "col_region", "col_batch",
            "col_date", "col_window", "col_point", "col_gather", "col_route",
            "col_daily_arrival", "col_daily_dismissal", "col_teacher")  # fmt: skip
    body: list[list[Cell]] = [
        [
            t.school(r.cohort.school_id), t.grade(r.cohort.grade),
            t.class_name(r.cohort.class_name), r.cohort.students, r.cohort.region, r.batch,
            r.placement.date if r.placement else None, r.window, r.point, r.gather, r.route,
            r.arrival, r.dismissal, r.teacher,
        ]
        for r in rows
    ]  # fmt: skip
    return Table(t.say("sheet_plan"), [t.say(k) for k in keys], body, frozen_columns=3)


def school_tables(problem: ReturnProblem, t: ReturnTexts, rows: Sequence[PlanRow]) -> list[Table]:
    """Per school: a row per return window, a column per return day."""
    by_school: dict[str, list[PlanRow]] = defaultdict(list)
    for r in rows:
        if r.placement is not None:
            by_school[r.cohort.school_id].append(r)
    titles: set[str] = set()
    out = []
    for school_id, found in sorted(by_school.items(), key=lambda kv: natural_key(kv[0])):
        days = sorted({r.placement.date for r in found if r.placement})
        cells: dict[tuple[int, date], list[PlanRow]] = defaultdict(list)
        for r in found:
            assert r.placement is not None
            cells[(r.placement.window, r.placement.date)].append(r)
        body: list[list[Cell]] = []
        for w in problem.windows:
            line: list[Cell] = [w.label]
            for day in days:
                here = cells.get((w.index, day), [])
                line.append(_cell(t, here))
            body.append(line)
        header = [t.say("col_window"), *(t.day(d) for d in days)]
        out.append(Table(_title(t.school(school_id), titles), header, body, frozen_columns=1))
    return out


def _cell(t: ReturnTexts, rows: list[PlanRow]) -> str:
    if not rows:
        return ""
    names = t.join([f"{_class(t, r)} {r.cohort.students}" for r in rows])
    if len(rows) == 1:
        return names
    total = sum(r.cohort.students for r in rows)
    return f"{names}（{t.say('col_total')}{total}）" if t.lang == "zh" else f"{names} ({total})"


def _title(name: str, used: set[str]) -> str:
    """An Excel sheet title: at most 31 characters, none of []:*?/\\, unique."""
    base = _SHEET_FORBIDDEN.sub("_", clean_text(name))[:31]
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    used.add(title.lower())
    return title


def regions_table(problem: ReturnProblem, t: ReturnTexts, rows: Sequence[PlanRow]) -> Table:
    """Per region, day and gathering time: where, which route, how many; and the route's
    riders against its seats that day."""
    riders: dict[tuple[str, date], int] = defaultdict(int)
    groups: dict[tuple[str, date, str, str], list[PlanRow]] = defaultdict(list)
    for r in rows:
        if r.placement is not None and r.route:
            riders[(r.cohort.bus_route, r.placement.date)] += r.cohort.students
            groups[(r.cohort.region, r.placement.date, r.gather, r.cohort.bus_route)].append(r)
    body: list[list[Cell]] = []
    for (region, day, gather, route_id), found in sorted(groups.items()):
        route = problem.route_by_id[route_id]
        body.append([
            region, day, gather, t.point(route.point_id), route.name,
            t.join([f"{t.school(r.cohort.school_id)}{_class(t, r)}" for r in found]),
            sum(r.cohort.students for r in found), riders[(route_id, day)], route.seats_per_day,
        ])  # fmt: skip
    keys = ("col_region", "col_date", "col_gather", "col_point", "col_route", "col_classes",
            "col_students", "col_riders", "col_seats")  # fmt: skip
    return Table(t.say("sheet_regions"), [t.say(k) for k in keys], body, frozen_columns=1)


def capacity_table(t: ReturnTexts, uses: Sequence[CapacityUse]) -> Table:
    keys = ("col_school", "col_batch", "col_gates", "col_lanes", "col_places", "col_students",
            "col_busiest", "col_per_gate", "col_use", "col_when")  # fmt: skip
    body: list[list[Cell]] = [
        [
            t.school(u.school_id), u.batch, u.gates, u.lanes, u.places, u.students, u.busiest,
            u.per_gate, f"{u.use_percent}%",
            f"{t.day(u.busiest_date)} {u.busiest_window}" if u.busiest_date else "",
        ]
        for u in uses
    ]  # fmt: skip
    return Table(t.say("sheet_capacity"), [t.say(k) for k in keys], body, frozen_columns=1)


def daily_table(t: ReturnTexts, rows: Sequence[PlanRow]) -> Table:
    keys = ("col_school", "col_grade", "col_class", "col_students", "col_daily_arrival",
            "col_daily_dismissal")  # fmt: skip
    body: list[list[Cell]] = [
        [t.school(r.cohort.school_id), t.grade(r.cohort.grade),
         t.class_name(r.cohort.class_name), r.cohort.students, r.arrival, r.dismissal]
        for r in rows
        if r.arrival
    ]  # fmt: skip
    return Table(t.say("sheet_daily"), [t.say(k) for k in keys], body, frozen_columns=1)


def gate_table(
    problem: ReturnProblem,
    t: ReturnTexts,
    scenario: Scenario,
    result: Result,
    loads: Sequence[GateLoad],
) -> Table:
    names: Mapping[str, str] = {p.id: p.name for p in scenario.people}
    who: dict[tuple[date, str], list[str]] = defaultdict(list)
    for a in result.assignments:
        who[(a.date, a.duty_id)].append(names.get(a.person_id, a.person_id))
    body: list[list[Cell]] = []
    for x in loads:
        need = problem.gate.teachers_for(x.students)
        if need:
            window = f"{x.start:%H:%M}-{x.end:%H:%M}"
            body.append([x.date, window, t.school(x.school_id), x.students, need,
                         t.join(sorted(who.get((x.date, x.duty_id), [])))])  # fmt: skip
    keys = ("col_date", "col_window", "col_school", "col_students", "col_teachers_needed",
            "col_teachers")  # fmt: skip
    return Table(t.say("sheet_gate"), [t.say(k) for k in keys], body, frozen_columns=2)
