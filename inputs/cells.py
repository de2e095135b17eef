"""Typed values from table cells, each failure naming the row and column to fix."""

from __future__ import annotations

import re
from datetime import date

from inputs.bounds import MAX_COUNT, MAX_DATE, MIN_DATE
from inputs.tables import Row, Table

DATE_FORMS = (
    f"YYYY-MM-DD (also YYYY/MM/DD or an Excel date) from {MIN_DATE} to {MAX_DATE}"
)
# Excel and WPS write dates as 2020/2/3 in CSV and as "2020-02-03 00:00:00" once read
# from a date cell; a Chinese locale may show 2020年2月3日.
_DATE = re.compile(
    r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?"
)
_INTEGER = re.compile(r"[+-]?\d+")


def parse_date(text: str) -> date | None:
    found = _DATE.fullmatch(text.strip())
    if found is None:
        return None
    try:
        day = date(*(int(g) for g in found.groups()))
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def required_text(table: Table, row: Row, column: str) -> str:
    value = row.get(column)
    if not value:
        raise table.error(row, column, f"'{table.shown(column)}' is empty; a value is required")
    return value


def date_cell(table: Table, row: Row, column: str) -> date:
    value = required_text(table, row, column)
    parsed = parse_date(value)
    if parsed is None:
        raise table.error(row, column, f"'{value}' is not a date; expected {DATE_FORMS}")
    return parsed


def optional_count(
    table: Table, row: Row, column: str, maximum: int = MAX_COUNT
) -> int | None:
    """An integer from 0 to `maximum`, or None when the cell is empty."""
    value = row.get(column)
    if not value:
        return None
    # The length test first: int() of thousands of digits is refused by Python itself.
    ok = len(value) <= 30 and _INTEGER.fullmatch(value) is not None
    if not ok or not 0 <= int(value) <= maximum:
        raise table.error(
            row,
            column,
            f"'{_shown(value)}' is not a whole number >= 0; expected e.g. 8, or empty "
            f"(allowed: 0 to {maximum})",
        )
    return int(value)


def _shown(value: str) -> str:
    """A cell quoted in a message, cut short when it is very long."""
    return value if len(value) <= 40 else value[:37] + "..."
