"""Where roster.xlsx puts each seat: its roster sheets, a row per date, a column per group.

Shared by what reads the sheets back (inputs/posted.py) and what marks changed cells
(outputs/xlsx_changes.py), so both follow the writer (outputs/xlsx.py, outputs/schools.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.worksheet.worksheet import Worksheet

from roster.model import Scenario


@dataclass(frozen=True)
class SheetLayout:
    """One roster sheet: its title, the date column's header and the group columns."""

    title: str
    date_header: str
    columns: Mapping[str, tuple[str, str]]  # header text -> (duty id, group id)


def sheet_layouts(scenario: Scenario) -> list[SheetLayout]:
    """The roster sheets `build_workbook` writes for this scenario, in order."""
    from outputs.schools import only_duties, other_duties, roster_sheets, school_duties
    from outputs.texts import ExportTexts

    texts = ExportTexts(scenario)
    schools = [s for s in scenario.schools if school_duties(scenario, s)]
    parts = [other_duties(scenario)] if schools else [tuple(d.id for d in scenario.duties)]
    parts = [p for p in parts if p] + [school_duties(scenario, s) for s in schools]
    layouts = []
    for table, duty_ids in zip(roster_sheets(scenario, texts, ()), parts, strict=True):
        pairs = [(d.id, g.id) for d in only_duties(scenario, duty_ids).duties for g in d.groups]
        labels = table.header[len(table.header) - len(pairs) :]
        columns = dict(zip((str(x) for x in labels), pairs, strict=True))
        layouts.append(SheetLayout(table.title, texts.say("col_date"), columns))
    return layouts


def header_columns(ws: Worksheet) -> dict[str, int]:
    """Header text -> column number (1-based) of the sheet's first row."""
    return {cell_text(c.value): c.column for c in ws[1] if cell_text(c.value)}


def cell_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
