"""A roster edited by hand (assignments.csv, or a workbook's `assignments` sheet) read back.

Only the seat is checked here (a real duty, group, person and date); whether the seat
may be held by that person on that date is the checker's business (roster/check.py),
which reports it in the rules' words.
"""

from __future__ import annotations

from pathlib import Path

from inputs.cells import date_cell
from inputs.ids import spelled_as_known
from inputs.tables import Row, Table, is_workbook, read_csv_table, read_sheet_table
from outputs.cells import read_back
from roster.errors import InputError
from roster.model import Duty, Scenario
from roster.result import Assignment

ASSIGNMENT_COLUMNS = ("date", "duty", "group", "role", "person_id")
ASSIGNMENT_SHEET = "assignments"


def read_assignments(path: Path, scenario: Scenario) -> list[Assignment]:
    """One assignment per row, every row checked: a seat left empty is a row deleted, so
    a row without a person_id is an error (it may hide a typo anywhere in the row)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "file not found")
    table = read_sheet_table(path, ASSIGNMENT_SHEET) if is_workbook(path) else read_csv_table(path)
    table.require(*ASSIGNMENT_COLUMNS)
    return [_assignment(table, row, scenario) for row in table]


def _assignment(table: Table, row: Row, scenario: Scenario) -> Assignment:
    if not row.get("person_id"):
        raise table.error(
            row,
            "person_id",
            "'person_id' is empty; expected the person in this seat (delete the row to "
            "leave the seat empty)",
        )
    day = date_cell(table, row, "date")
    duty = _duty(table, row, scenario)
    group_id = read_back(row.get("group"), {g.id for g in duty.groups})
    if group_id not in {g.id for g in duty.groups}:
        raise table.error(
            row,
            "group",
            f"duty '{duty.id}' has no group '{group_id}'; expected one of: "
            f"{', '.join(g.id for g in duty.groups)}",
        )
    person_id = read_back(row.get("person_id"), scenario.person_by_id)
    if person_id not in scenario.person_by_id:
        raise table.error(row, "person_id", f"no person with person_id '{person_id}'")
    role = spelled_as_known(row.get("role"), duty.role_seats())
    return Assignment(day, duty.id, group_id, role, person_id)


def _duty(table: Table, row: Row, scenario: Scenario) -> Duty:
    duty_id = read_back(row.get("duty"), scenario.duty_by_id)
    duty = scenario.duty_by_id.get(duty_id)
    if duty is None:
        raise table.error(
            row,
            "duty",
            f"no duty with id '{duty_id}'; expected one of: {', '.join(scenario.duty_by_id)}",
        )
    return duty
