"""busy.csv: times people are busy with something that is not a duty (online teaching)."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from inputs.cells import date_cell, required_text
from inputs.tables import Row, Table
from roster.model import BusyTime

BUSY_COLUMNS = ("person_id", "date", "start", "end")
# "9:00", "09:00", and "09:00:00" as Excel writes a time cell.
_CLOCK = re.compile(r"(\d{1,2})[:：](\d{2})(?::00)?")


def read_busy(table: Table, person_ids: Collection[str], timezone: str) -> tuple[BusyTime, ...]:
    """One busy time per row; `end` at or before `start` ends the next day."""
    table.require(*BUSY_COLUMNS)
    tz = ZoneInfo(timezone)
    return tuple(_busy(table, row, person_ids, tz) for row in table)


def _busy(table: Table, row: Row, person_ids: Collection[str], tz: ZoneInfo) -> BusyTime:
    person_id = required_text(table, row, "person_id")
    if person_id not in person_ids:
        raise table.error(
            row, "person_id", f"no person with person_id '{person_id}' in the people table"
        )
    day = date_cell(table, row, "date")
    start, end = _clock(table, row, "start"), _clock(table, row, "end")
    if start == end:
        raise table.error(
            row,
            "end",
            f"end {end:%H:%M} equals start; expected a later time (or an earlier "
            "one for a time ending the next day)",
        )
    begins = datetime.combine(day, start, tzinfo=tz)
    ends = datetime.combine(day + timedelta(days=1) if end < start else day, end, tzinfo=tz)
    return BusyTime(person_id, begins, ends, row.get("what"))


def _clock(table: Table, row: Row, column: str) -> time:
    value = required_text(table, row, column)
    found = _CLOCK.fullmatch(value)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise table.error(row, column, f"'{value}' is not a time; expected HH:MM like 09:30")
    return time(int(found[1]), int(found[2]))
