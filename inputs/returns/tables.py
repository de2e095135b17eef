"""cohorts.csv and schools.csv of a return scenario (docs/returns.md), checked row by row.

Each failure names the file, the row as a spreadsheet shows it and the column.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from inputs.cells import optional_count, required_text
from inputs.schools import read_schools
from inputs.tables import Row, Table
from inputs.vocabulary import LIST_SEPARATORS, yes_no_value
from roster.errors import InputError
from roster.model import School
from roster.returns.model import Batch, Capacity, Cohort, GatheringPoint, ReturnSchool, Route

COHORT_COLUMNS = ("cohort_id", "school_id", "grade", "class", "students", "region", "boarding")


# ---- schools.csv ----


def read_return_schools(
    table: Table, default_gates: int, default_lanes: int | None, capacity: Capacity
) -> tuple[tuple[School, ...], tuple[ReturnSchool, ...]]:
    """schools.csv as every roster reads it (inputs/schools.py), plus a return's optional
    `gates` and `lanes` columns (empty: [return.capacity] gates and lanes)."""
    schools = read_schools(table)
    out = []
    for row, school in zip(table.rows, schools, strict=True):
        gates = optional_count(table, row, "gates")
        if gates == 0:
            raise table.error(row, "gates", "0 gates; expected a whole number >= 1, or empty")
        lanes = optional_count(table, row, "lanes")
        if lanes is not None and capacity.students_per_lane is None:
            raise table.error(
                row, "lanes", "lanes are given but [return.capacity] has no students_per_lane"
            )
        out.append(
            ReturnSchool(
                id=school.id,
                name=school.name,
                area=school.area,
                address=school.address,
                gates=gates or default_gates,
                lanes=lanes if lanes is not None else default_lanes,
            )
        )
    return schools, tuple(out)


# ---- cohorts.csv ----


def read_cohorts(
    table: Table,
    schools: Collection[str],
    routes: Mapping[str, Route],
    points: Mapping[str, GatheringPoint],
    teachers: Mapping[str, str] | None,
) -> tuple[Cohort, ...]:
    """`teachers` maps person_id -> school_id (people.csv); None when there is none."""
    table.require(*COHORT_COLUMNS)
    if not table.rows:
        raise InputError(table.file, "no cohorts listed; expected one class per row")
    cohorts: list[Cohort] = []
    first_row: dict[str, int] = {}
    for row in table:
        cohort = _cohort(table, row, schools, routes, points, teachers)
        if cohort.id in first_row:
            raise table.error(
                row,
                "cohort_id",
                f"cohort_id '{cohort.id}' is already used in row "
                f"{first_row[cohort.id]}; ids must be unique",
            )
        first_row[cohort.id] = row.number
        cohorts.append(cohort)
    return tuple(cohorts)


def _cohort(
    table: Table,
    row: Row,
    schools: Collection[str],
    routes: Mapping[str, Route],
    points: Mapping[str, GatheringPoint],
    teachers: Mapping[str, str] | None,
) -> Cohort:
    school_id = required_text(table, row, "school_id")
    if school_id not in schools:
        raise table.error(row, "school_id", f"no school '{school_id}' in schools.csv")
    region = required_text(table, row, "region")
    return Cohort(
        id=required_text(table, row, "cohort_id"),
        school_id=school_id,
        grade=_count(table, row, "grade", minimum=0),
        class_name=required_text(table, row, "class"),
        students=_count(table, row, "students", minimum=1),
        region=region,
        boarding=_yes_no(table, row, "boarding"),
        bus_route=_route(table, row, region, routes, points),
        family_groups=frozenset(g for g in LIST_SEPARATORS.split(row.get("family_group")) if g),
        teacher_id=_teacher(table, row, school_id, teachers),
    )


def _count(table: Table, row: Row, column: str, *, minimum: int) -> int:
    required_text(table, row, column)
    value = optional_count(table, row, column)
    if value is None or value < minimum:
        raise table.error(row, column, f"'{row.get(column)}' is below {minimum}")
    return value


def _yes_no(table: Table, row: Row, column: str) -> bool:
    value = yes_no_value(row.get(column))
    if value is None:
        raise table.error(row, column, f"'{row.get(column)}' is not yes or no (是/否)")
    return value


def _route(
    table: Table,
    row: Row,
    region: str,
    routes: Mapping[str, Route],
    points: Mapping[str, GatheringPoint],
) -> str:
    route_id = row.get("bus_route")
    if not route_id:
        return ""
    route = routes.get(route_id)
    if route is None:
        known = ", ".join(routes) or "none"
        raise table.error(
            row, "bus_route", f"no route '{route_id}' in [[return.routes]] (routes: {known})"
        )
    point = points[route.point_id]
    if region not in point.regions:
        raise table.error(
            row,
            "bus_route",
            f"route '{route_id}' gathers at {point.name}, which serves "
            f"{', '.join(sorted(point.regions))}, not the class's region '{region}'",
        )
    return route_id


def _teacher(table: Table, row: Row, school_id: str, teachers: Mapping[str, str] | None) -> str:
    person_id = row.get("teacher")
    if not person_id:
        return ""
    if teachers is None:
        raise table.error(row, "teacher", "a class teacher is given but there is no people.csv")
    if person_id not in teachers:
        raise table.error(row, "teacher", f"no person with person_id '{person_id}' in people.csv")
    if teachers[person_id] != school_id:
        raise table.error(
            row, "teacher", f"{person_id} teaches at '{teachers[person_id]}', not '{school_id}'"
        )
    return person_id


# ---- batches against the tables ----


def batch_of_cohorts(
    table: Table, cohorts: Sequence[Cohort], batches: Sequence[Batch]
) -> dict[str, str]:
    """cohort -> the first batch that takes it; a cohort no batch takes is reported."""
    out: dict[str, str] = {}
    for row, cohort in zip(table.rows, cohorts, strict=True):
        found = next((b for b in batches if b.takes(cohort)), None)
        if found is None:
            raise table.error(
                row,
                "grade",
                f"no [[return.batches]] takes grade {cohort.grade} of school "
                f"'{cohort.school_id}'; add it to a batch's schools/grades",
            )
        out[cohort.id] = found.id
    return out
