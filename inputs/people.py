"""people, availability and holidays tables into model objects."""

from __future__ import annotations

import re
from collections.abc import Collection

from inputs.cells import date_cell, optional_count, required_text
from inputs.ids import spelled_as_known
from inputs.tables import Row, Table
from roster.errors import InputError
from roster.model import AvailabilityPeriod, AvailabilityStatus, Holiday, Person

PEOPLE_COLUMNS = ("person_id", "name", "school", "roles")
AVAILABILITY_COLUMNS = ("person_id", "start_date", "end_date", "status")
HOLIDAY_COLUMNS = ("date", "name")
STATUSES = tuple(s.value for s in AvailabilityStatus)
# `;` is documented; the others are what people type in a Chinese input method or Excel.
_ROLE_SEPARATORS = re.compile(r"[;；,，、\s]+")


# ---- people ----


def read_people(table: Table, known_roles: Collection[str]) -> tuple[Person, ...]:
    table.require(*PEOPLE_COLUMNS)
    if not table.rows:
        raise InputError(table.file, "no people listed; expected one person per row")
    first_row: dict[str, int] = {}
    people = []
    for row in table:
        person = _person(table, row, known_roles)
        if person.id in first_row:
            raise table.error(
                row,
                "person_id",
                f"person_id '{person.id}' is already used in row {first_row[person.id]}; "
                "ids must be unique",
            )
        first_row[person.id] = row.number
        people.append(person)
    return tuple(people)


def _person(table: Table, row: Row, known_roles: Collection[str]) -> Person:
    return Person(
        id=required_text(table, row, "person_id"),
        name=required_text(table, row, "name"),
        school=row.get("school"),
        roles=_roles(table, row, known_roles),
        phone=row.get("phone"),
        email=row.get("email"),
        max_shifts=optional_count(table, row, "max_shifts"),
    )


def _roles(table: Table, row: Row, known_roles: Collection[str]) -> frozenset[str]:
    typed = (r for r in _ROLE_SEPARATORS.split(row.get("roles")) if r)
    roles = frozenset(spelled_as_known(r, known_roles) for r in typed)
    for role in sorted(roles):
        if role not in known_roles:
            raise table.error(row, "roles", _unknown_role(role, known_roles))
    return roles


def _unknown_role(role: str, known_roles: Collection[str]) -> str:
    if not known_roles:
        return (
            f"unknown role '{role}': no group has role seats and scenario.toml declares no "
            "roles = [...]; expected an empty cell"
        )
    return (
        f"unknown role '{role}'; expected roles separated by ';' from: "
        f"{', '.join(sorted(known_roles))} (scenario.toml may declare more in roles = [...])"
    )


# ---- availability ----


def read_availability(table: Table, person_ids: Collection[str]) -> tuple[AvailabilityPeriod, ...]:
    table.require(*AVAILABILITY_COLUMNS)
    return tuple(_period(table, row, person_ids) for row in table)


def _period(table: Table, row: Row, person_ids: Collection[str]) -> AvailabilityPeriod:
    person_id = required_text(table, row, "person_id")
    if person_id not in person_ids:
        raise table.error(
            row, "person_id", f"no person with person_id '{person_id}' in the people table"
        )
    start = date_cell(table, row, "start_date")
    end = date_cell(table, row, "end_date")
    if end < start:
        raise table.error(
            row,
            "end_date",
            f"end {end.isoformat()} is before start {start.isoformat()}; "
            "expected end_date >= start_date (both dates are included)",
        )
    return AvailabilityPeriod(person_id, start, end, _status(table, row), row.get("reason"))


def _status(table: Table, row: Row) -> AvailabilityStatus:
    value = required_text(table, row, "status").lower()
    if value not in STATUSES:
        raise table.error(
            row, "status", f"unknown status '{value}'; expected one of: {', '.join(STATUSES)}"
        )
    return AvailabilityStatus(value)


# ---- holidays ----


def read_holidays(table: Table) -> tuple[Holiday, ...]:
    table.require(*HOLIDAY_COLUMNS)
    return tuple(Holiday(date_cell(table, row, "date"), row.get("name")) for row in table)
