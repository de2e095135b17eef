"""history.csv, the fairness ledger: duties per person and category from earlier rosters.

`roster solve --out` writes the ledger to carry into the next roster (outputs/ledger.py);
this reads it back, or a table the coordinator keeps by hand (docs/scenario.md).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from inputs.cells import date_cell, optional_count, required_text
from inputs.tables import Row, Table
from outputs.cells import read_back
from roster.fairness import CATEGORIES, known_categories
from roster.model import LedgerEntry

HISTORY_COLUMNS = ("person_id", "category", "count")
THROUGH_COLUMN = "through"  # optional: the last date the counts include


def read_history(
    table: Table | None, person_ids: Collection[str], duty_ids: Collection[str], start: date
) -> tuple[LedgerEntry, ...]:
    """Validated rows (none without a table); `start` is this roster's first date."""
    if table is None:
        return ()
    table.require(*HISTORY_COLUMNS)
    first_row: dict[tuple[str, str], int] = {}
    out = []
    for row in table:
        entry = _entry(table, row, person_ids, duty_ids)
        _check_through(table, row, start)
        key = (entry.person_id, entry.category)
        if key in first_row:
            raise table.error(
                row,
                "category",
                f"'{entry.category}' of person_id '{entry.person_id}' is already in row "
                f"{first_row[key]}; expected one row per person and category",
            )
        first_row[key] = row.number
        out.append(entry)
    return tuple(out)


def _entry(
    table: Table, row: Row, person_ids: Collection[str], duty_ids: Collection[str]
) -> LedgerEntry:
    person_id = read_back(required_text(table, row, "person_id"), person_ids)
    if person_id not in person_ids:
        raise table.error(
            row,
            "person_id",
            f"no person with person_id '{person_id}' in the people table; "
            "remove the row or add the person",
        )
    return LedgerEntry(person_id, _category(table, row, duty_ids), _count(table, row))


def _category(table: Table, row: Row, duty_ids: Collection[str]) -> str:
    value = required_text(table, row, "category")
    # the fixed names are typed in any case; a duty id keeps its own spelling
    category = value.lower() if value.lower() in CATEGORIES else value
    if category.lower().startswith("duty:"):
        category = "duty:" + category[5:].strip()
    known = known_categories(duty_ids)
    if category not in known:
        raise table.error(
            row, "category", f"unknown category '{value}'; expected one of: {', '.join(known)}"
        )
    return category


def _count(table: Table, row: Row) -> int:
    count = optional_count(table, row, "count")
    if count is None:
        raise table.error(row, "count", "'count' is empty; expected a whole number >= 0")
    return count


def _check_through(table: Table, row: Row, start: date) -> None:
    """Counts that reach into this roster's period would be counted twice."""
    if not row.get(THROUGH_COLUMN):
        return
    through = date_cell(table, row, THROUGH_COLUMN)
    if through >= start:
        raise table.error(
            row,
            THROUGH_COLUMN,
            f"counts through {through.isoformat()}, inside this roster's period (from "
            f"{start.isoformat()}); history must come from rosters that ended before it",
        )
