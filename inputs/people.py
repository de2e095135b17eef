"""people, availability and holidays tables into model objects."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from inputs.cells import date_cell, optional_count, required_text
from inputs.ids import spelled_as_known
from inputs.tables import Row, Table
from inputs.vocabulary import STATUS_WORDS, role_ids, status_value
from roster.errors import InputError
from roster.model import AvailabilityPeriod, AvailabilityStatus, Holiday, Person

PEOPLE_COLUMNS = ("person_id", "name", "school", "roles")
AVAILABILITY_COLUMNS = ("person_id", "start_date", "end_date", "status")
HOLIDAY_COLUMNS = ("date", "name")
STATUSES = tuple(s.value for s in AvailabilityStatus)


# ---- people ----


def read_people(
    table: Table, known_roles: Collection[str], role_names: Mapping[str, str] | None = None
) -> tuple[Person, ...]:
    """`role_names` (scenario.toml's [role_names]) lets a cell name a role as 组长."""
    table.require(*PEOPLE_COLUMNS)
    if not table.rows:
        raise InputError(table.file, "no people listed; expected one person per row")
    first_row: dict[str, int] = {}
    people = []
    for row in table:
        person = _person(table, row, known_roles, role_names or {})
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


def _person(
    table: Table, row: Row, known_roles: Collection[str], role_names: Mapping[str, str]
) -> Person:
    return Person(
        id=required_text(table, row, "person_id"),
        name=required_text(table, row, "name"),
        school=row.get("school"),
        roles=_roles(table, row, known_roles, role_names),
        phone=row.get("phone"),
        email=row.get("email"),
        max_shifts=optional_count(table, row, "max_shifts"),
    )


def _roles(
    table: Table, row: Row, known_roles: Collection[str], role_names: Mapping[str, str]
) -> frozenset[str]:
    # `;` is documented; 、，, and spaces are what people type in a Chinese input method.
    typed = role_ids(row.get("roles"), role_names)
    roles = frozenset(spelled_as_known(r, known_roles) for r in typed)
    for role in sorted(roles):
        if role not in known_roles:
            raise table.error(row, "roles", _unknown_role(role, known_roles, role_names))
    return roles


def _unknown_role(role: str, known_roles: Collection[str], role_names: Mapping[str, str]) -> str:
    if not known_roles:
        return (
            f"unknown role '{role}': no group has role seats and scenario.toml declares no "
            "roles = [...]; expected an empty cell"
        )
    known = ", ".join(
        f"{r} ({role_names[r]})" if role_names.get(r) else r for r in sorted(known_roles)
    )
    return (
        f"unknown role '{role}'; expected roles separated by ';' from: {known} "
        "(scenario.toml may declare more in roles = [...])"
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
    value = required_text(table, row, "status")
    status = status_value(value)
    if status is None:
        chinese = ", ".join(STATUS_WORDS[s][0] for s in STATUSES)
        raise table.error(
            row,
            "status",
            f"unknown status '{value}'; expected one of: {', '.join(STATUSES)} ({chinese})",
        )
    return AvailabilityStatus(status)


# ---- holidays ----


def read_holidays(table: Table) -> tuple[Holiday, ...]:
    table.require(*HOLIDAY_COLUMNS)
    return tuple(Holiday(date_cell(table, row, "date"), row.get("name")) for row in table)
