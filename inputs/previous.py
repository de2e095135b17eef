"""previous.csv (or sheet `previous`): the duties people worked before this roster's start.

Columns `date`, `duty` and `person_id`; any others (`group`, `role`, `name`, ...) are
ignored, so the previous period's assignments.csv serves as it is. The sequence and rest
rules count these duties at the horizon's start (roster/previous.py, docs/scenario.md).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from inputs.cells import date_cell, required_text
from inputs.tables import Row, Table
from outputs.cells import read_back
from roster.model import Duty, PastDuty

PREVIOUS_COLUMNS = ("date", "duty", "person_id")


def read_previous(
    table: Table | None,
    person_ids: Collection[str],
    duties: Mapping[str, Duty],
    start: date,
) -> tuple[PastDuty, ...]:
    """Validated rows, by date, once each (an assignments.csv has a row per seat); rows of
    people not in this period's people table are left out: they have left."""
    if table is None:
        return ()
    table.require(*PREVIOUS_COLUMNS)
    found: dict[tuple[str, date, str], PastDuty] = {}
    for row in table:
        duty = _duty(table, row, duties)
        day = _date(table, row, start)
        person_id = read_back(required_text(table, row, "person_id"), person_ids)
        if person_id in person_ids:
            found.setdefault((person_id, day, duty), PastDuty(person_id, day, duty))
    return tuple(sorted(found.values(), key=lambda p: (p.date, p.duty_id, p.person_id)))


def _duty(table: Table, row: Row, duties: Mapping[str, Duty]) -> str:
    duty_id = read_back(required_text(table, row, "duty"), duties)
    if duty_id not in duties:
        raise table.error(
            row,
            "duty",
            f"no duty with id '{duty_id}' in scenario.toml; expected one of: "
            f"{', '.join(duties)} (its times give the rest after it)",
        )
    return duty_id


def _date(table: Table, row: Row, start: date) -> date:
    day = date_cell(table, row, "date")
    if day >= start:
        raise table.error(
            row,
            "date",
            f"{day.isoformat()} is inside this roster's period (from {start.isoformat()}); "
            "previous.csv holds duties before it",
        )
    return day
