"""What a re-solve changed, shown in roster.xlsx: the changed cells filled, and a sheet
listing every change (who, which night, from which group to which).

A cell is changed when the people in it or their role seats differ from the roster it
replaces; the changes sheet lists the same changes as changes.csv, in the scenario's
language. Written only when there is a roster to compare with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook

from outputs.sheet_layout import cell_date, header_columns, sheet_layouts
from outputs.texts import ExportTexts
from outputs.xlsx import Table, write_table
from roster.changes import diff
from roster.model import Scenario
from roster.result import Assignment

CHANGED_FILL = PatternFill("solid", fgColor="FFF2CC")  # light amber: prints as light grey

GroupKey = tuple[date, str, str]  # date, duty id, group id


def changed_groups(before: Iterable[Assignment], after: Iterable[Assignment]) -> set[GroupKey]:
    """The (date, duty, group) cells whose people or role seats differ."""
    seats: dict[GroupKey, list[list[tuple[str, str]]]] = defaultdict(lambda: [[], []])
    for side, roster in enumerate((before, after)):
        for a in roster:
            seats[(a.date, a.duty_id, a.group_id)][side].append((a.person_id, a.role))
    return {key for key, (old, new) in seats.items() if sorted(old) != sorted(new)}


def show_changes(
    workbook: Workbook,
    scenario: Scenario,
    before: Sequence[Assignment],
    after: Sequence[Assignment],
) -> None:
    """The changes sheet after the roster sheets, and the changed cells filled."""
    texts = ExportTexts(scenario)
    header, rows = changes_rows(scenario, texts, before, after)
    layouts = sheet_layouts(scenario)
    sheet = workbook.create_sheet(texts.say("sheet_changes"), index=len(layouts))
    write_table(sheet, Table(sheet.title, header, rows, frozen_columns=1))
    mark_changed_cells(workbook, scenario, before, after)


def mark_changed_cells(
    workbook: Workbook,
    scenario: Scenario,
    before: Sequence[Assignment],
    after: Sequence[Assignment],
) -> int:
    """Fill the roster sheets' changed cells; returns how many were marked."""
    changed = changed_groups(before, after)
    marked = 0
    for layout in sheet_layouts(scenario):
        if layout.title not in workbook.sheetnames:
            continue
        ws = workbook[layout.title]
        header = header_columns(ws)
        date_column = header.get(layout.date_header)
        if date_column is None:
            continue
        columns = {header[k]: pair for k, pair in layout.columns.items() if k in header}
        for row in ws.iter_rows(min_row=2):
            day = cell_date(row[date_column - 1].value)
            for column, (duty_id, group_id) in columns.items():
                if day is not None and (day, duty_id, group_id) in changed:
                    row[column - 1].fill = CHANGED_FILL
                    marked += 1
    return marked


def changes_rows(
    scenario: Scenario,
    texts: ExportTexts,
    before: Sequence[Assignment],
    after: Sequence[Assignment],
) -> tuple[list[str], list[list[str | date]]]:
    """The changes sheet: header and a row per change, by date, duty and person."""
    header = [
        texts.say(key)
        for key in ("col_date", "col_weekday", "col_duty", "col_person_id", "col_name",
                    "col_change", "col_old_seat", "col_new_seat")
    ]  # fmt: skip
    changes = sorted(diff(before, after), key=lambda c: (c.date, c.duty_id, c.person_id))
    rows: list[list[str | date]] = [
        [
            c.date,
            texts.weekday(c.date),
            texts.duty_name(c.duty_id),
            c.person_id,
            texts.person_name(c.person_id),
            texts.say(f"change_{c.kind}"),
            _seat(texts, c.duty_id, c.old_group, c.old_role),
            _seat(texts, c.duty_id, c.new_group, c.new_role),
        ]
        for c in changes
    ]
    return header, rows


def _seat(texts: ExportTexts, duty_id: str, group_id: str | None, role: str | None) -> str:
    if group_id is None:
        return ""
    return texts.name_with_role(texts.group_name(duty_id, group_id), role or "")
