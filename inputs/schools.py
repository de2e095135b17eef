"""schools.csv, and which school each person of people.csv belongs to."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from inputs.cells import required_text
from inputs.tables import Row, Table
from roster.errors import InputError
from roster.model import Person, School

SCHOOL_COLUMNS = ("school_id", "name")
SCHOOL_ID = re.compile(r"[a-z0-9-]+")


def read_schools(table: Table) -> tuple[School, ...]:
    """One school per row: `school_id`, `name`, optional `area` (or `district`), `address`."""
    table.require(*SCHOOL_COLUMNS)
    if not table.rows:
        raise InputError(table.file, "no schools listed; expected one school per row")
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    out = []
    for row in table:
        school = _school(table, row)
        for seen, value, column in ((ids, school.id, "school_id"), (names, school.name, "name")):
            if value in seen:
                raise table.error(
                    row,
                    column,
                    f"'{value}' is already used in row {seen[value]}; "
                    f"each school's {column} must be unique",
                )
            seen[value] = row.number
        out.append(school)
    return tuple(out)


def _school(table: Table, row: Row) -> School:
    school_id = required_text(table, row, "school_id")
    if not SCHOOL_ID.fullmatch(school_id):
        raise table.error(
            row,
            "school_id",
            f"'{school_id}' is not a valid id; expected lower-case letters, digits and '-' "
            "(e.g. lg-shiyan): it names files and calendar entries",
        )
    return School(
        id=school_id,
        name=required_text(table, row, "name"),
        area=row.get("area") or row.get("district"),
        address=row.get("address"),
    )


def assign_schools(
    people: Sequence[Person], schools: Sequence[School], table: Table
) -> tuple[Person, ...]:
    """Each person's `school` cell matched to schools.csv: by school_id, else by name.

    The checkpoint example's people.csv holds school names, so both are accepted. A
    matched person's `school` becomes the school's name and `school_id` its id; an
    empty cell is no school (such a person serves no school's rotation).
    """
    by_id = {s.id: s for s in schools}
    by_name = {s.name: s for s in schools}
    out = []
    for person, row in zip(people, table.rows, strict=True):
        value = person.school
        if not value:
            out.append(person)
            continue
        school = by_id.get(value) or by_name.get(value)
        if school is None:
            raise table.error(
                row,
                "school",
                f"no school '{value}' in schools.csv; expected a school_id or a name listed "
                "there (or an empty cell)",
            )
        out.append(dataclasses.replace(person, school=school.name, school_id=school.id))
    return tuple(out)
