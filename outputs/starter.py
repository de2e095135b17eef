"""A starter scenario (`roster init`): scenario.toml and scenario.xlsx, one sheet per table.

The workbook is for a coordinator to fill in: headers and sheet names in the chosen
language (the readers know both, inputs/vocabulary.py), two example rows (or the people
of an existing list), drop-down lists for statuses, roles, schools and yes/no, date cells
checked against the horizon, columns wide enough for their text, the header frozen.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from inputs.vocabulary import SHEET_WORDS, STATUS_WORDS, TABLE_COLUMNS, column_words
from outputs.starter_toml import StarterSettings, scenario_toml
from outputs.xlsx import Table, write_table

Cell = str | int | date | None
MAX_ROWS = 1000  # rows the drop-down lists and date checks cover
YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}

SHEET_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "people": ("person_id", "name", "school", "roles", "phone"),
    "availability": ("person_id", "start_date", "end_date", "status", "reason"),
    "holidays": ("date", "name"),
    "schools": ("school_id", "name", "area", "address"),
    "cohorts": ("cohort_id", "school_id", "grade", "class", "students", "region", "boarding"),
}
KIND_SHEETS: Mapping[str, tuple[str, ...]] = {
    "checkpoint": ("people", "availability", "holidays"),
    "schools": ("schools", "people", "availability", "holidays"),
    "return": ("schools", "cohorts", "people", "availability", "holidays"),
}
DATE_COLUMNS = ("date", "start_date", "end_date")
# Room for what a coordinator will type, beyond the example rows' own widths.
MIN_WIDTHS = {"name": 10, "school": 20, "phone": 14, "reason": 16, "address": 20, "class": 12}


@dataclass(frozen=True)
class Starter:
    """What a starter holds besides its settings: the rows of each sheet, by column."""

    settings: StarterSettings
    sheets: Mapping[str, Sequence[Mapping[str, Cell]]]


def starter_files(starter: Starter) -> dict[str, bytes]:
    return {
        "scenario.toml": scenario_toml(starter.settings).encode("utf-8"),
        "scenario.xlsx": starter_workbook(starter),
    }


def starter_workbook(starter: Starter) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    zh = starter.settings.language == "zh"
    for kind in KIND_SHEETS[starter.settings.kind]:
        columns = _columns(kind, starter)
        table = Table(
            sheet_name(kind, zh),
            [header(kind, c, zh) for c in columns],
            [[row.get(c) for c in columns] for row in starter.sheets.get(kind, ())],
        )
        ws = workbook.create_sheet(table.title)
        write_table(ws, table)
        _widen(ws, columns)
        _validate(ws, kind, columns, starter)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _columns(kind: str, starter: Starter) -> tuple[str, ...]:
    """The sheet's columns, and any other column of the table the rows fill (e.g. email)."""
    base = SHEET_COLUMNS[kind]
    if kind == "schools" and starter.settings.kind == "return":
        base = (*base, "gates")
    used = {c for row in starter.sheets.get(kind, ()) for c, v in row.items() if v}
    return (*base, *(c for c in TABLE_COLUMNS[kind] if c in used and c not in base))


def sheet_name(kind: str, zh: bool) -> str:
    return SHEET_WORDS[kind][0] if zh else kind


def header(kind: str, column: str, zh: bool) -> str:
    """The header a new sheet gives the column: the table's own Chinese word first."""
    if not zh:
        return column
    return next(w for w in column_words(kind, column)[1:] if not w.isascii())


def _widen(ws: Worksheet, columns: Sequence[str]) -> None:
    for index, column in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = max(dimension.width or 0, MIN_WIDTHS.get(column, 10))


# ---- drop-down lists and checks ----


def _validate(ws: Worksheet, kind: str, columns: Sequence[str], starter: Starter) -> None:
    zh = starter.settings.language == "zh"
    for index, column in enumerate(columns, start=1):
        rule = _rule(kind, column, starter, zh)
        if rule is None:
            continue
        letter = get_column_letter(index)
        rule.add(f"{letter}2:{letter}{MAX_ROWS}")
        ws.add_data_validation(rule)


def _rule(kind: str, column: str, starter: Starter, zh: bool) -> DataValidation | None:
    settings = starter.settings
    if column == "status":
        return _list([STATUS_WORDS[s][0] if zh else s for s in STATUS_WORDS], strict=True)
    if column == "roles":
        # A cell may hold several roles (组长、司机): the list helps, a warning only.
        return _list(list(settings.roles.values()), strict=False, zh=zh)
    if column == "boarding":
        return _list(list(YES_NO[settings.language]), strict=True)
    if column == "school" and kind == "people" and starter.sheets.get("schools"):
        return _list_from(f"'{sheet_name('schools', zh)}'!$B$2:$B${MAX_ROWS}")
    # Ids of the people and schools sheets (their first column), offered where named.
    if column == "person_id" and kind != "people":
        return _list_from(f"'{sheet_name('people', zh)}'!$A$2:$A${MAX_ROWS}")
    if column == "school_id" and kind == "cohorts":
        return _list_from(f"'{sheet_name('schools', zh)}'!$A$2:$A${MAX_ROWS}")
    if column in DATE_COLUMNS:
        first, last = _date_range(kind, settings)
        return _dates(first, last, zh)
    return None


def _list(values: Sequence[str], *, strict: bool, zh: bool = True) -> DataValidation:
    rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    rule.showErrorMessage = True
    if not strict:
        rule.errorStyle = "warning"
        rule.error = "可填多个，用 、 分隔" if zh else "Several may be given, separated by ';'"
    return rule


def _list_from(cells: str) -> DataValidation:
    """A list from another sheet's cells; a value not in it is warned about, not refused."""
    rule = DataValidation(type="list", formula1=cells, allow_blank=True)
    rule.showErrorMessage = True
    rule.errorStyle = "warning"
    return rule


def _dates(first: date, last: date, zh: bool) -> DataValidation:
    rule = DataValidation(
        type="date",
        operator="between",
        formula1=_excel_date(first),
        formula2=_excel_date(last),
        allow_blank=True,
    )
    rule.error = (
        f"请填 {first.isoformat()} 至 {last.isoformat()} 之间的日期"
        if zh
        else f"Expected a date from {first.isoformat()} to {last.isoformat()}"
    )
    rule.showErrorMessage = True
    return rule


def _date_range(kind: str, settings: StarterSettings) -> tuple[date, date]:
    if kind == "holidays":
        return date(settings.start.year - 1, 1, 1), date(settings.start.year + 2, 12, 31)
    if settings.kind == "return":
        return settings.start, settings.term_end
    return settings.start, settings.end


def _excel_date(day: date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"
