"""roster.xlsx: the roster to post, with per-person, load and uncovered-seat sheets.

Sheets (names and headers in the scenario's language):
* roster: one row per date, one column per duty group; a cell lists the group's names,
  role holders first and marked (张伟（组长）), then empty seats (（空缺×2）);
* by person: id, name, school, phone, number of duties and what they are;
* load: duties per person (all, nights, weekends, holidays) and min/avg/max lines;
* uncovered: every seat left empty, with the reason the checker gives.

Written with openpyxl (Excel, WPS and LibreOffice open it): frozen header row,
column widths from the content (CJK characters count double), long cells wrapped.
Every text cell, headers included, is a string cell, never a formula (outputs.cells).
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as WorkCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from outputs.cells import FORMULA_STARTS, clean_text
from outputs.print_setup import roster_label, set_up_printing
from outputs.tables import uncovered_sorted
from outputs.texts import ExportTexts, redact_private
from outputs.views import GroupFill, group_fills, person_loads, shortfalls
from roster.model import Scenario
from roster.result import Assignment, Result

MAX_WIDTH = 60  # characters (CJK count double); longer cells wrap
MIN_WIDTH = 6
DATE_WIDTH = 12
LINE_HEIGHT = 15  # points per wrapped line
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Table:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    frozen_columns: int = 0  # columns kept in view when scrolling right


def build_workbook(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime | None = None,
    before: Sequence[Assignment] | None = None,
    version: int | None = None,
) -> bytes:
    """The workbook as bytes; `now` stamps its document properties. With `before` (the
    roster a re-solve replaces) what changed is marked (outputs.xlsx_changes); `version`,
    the store's number for this roster, is printed in the footer with its mark."""
    from outputs.schools import roster_sheets  # builds on roster_table below

    texts = ExportTexts(scenario)
    tables = [
        *roster_sheets(scenario, texts, result.assignments),  # + a sheet per school
        people_table(scenario, texts, result.assignments),
        load_table(scenario, texts, result.assignments),
        uncovered_table(scenario, texts, result),
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        write_table(workbook.create_sheet(table.title), table)
    if before is not None:
        from outputs.xlsx_changes import show_changes

        show_changes(workbook, scenario, before, result.assignments)
    label = roster_label(result.assignments, scenario.language, version)
    set_up_printing(workbook, title=scenario.name, label=label, language=scenario.language, now=now)
    workbook.properties.creator = "roster"
    workbook.properties.title = clean_text(scenario.name)
    if now is not None:
        # openpyxl stores naive datetimes as UTC
        workbook.properties.created = now.astimezone(UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- the tables ----


def roster_table(
    scenario: Scenario,
    texts: ExportTexts,
    seats: Iterable[Assignment],
    fills: Iterable[GroupFill] | None = None,
) -> Table:
    """Dates down, every duty's groups across. `fills`: the groups' fills of `seats`, when
    the caller has them (a school's, out of the whole roster's)."""
    found = group_fills(scenario, seats) if fills is None else fills
    by_group = {(f.day, f.duty.id, f.group.id): f for f in found}
    columns = [(d, g) for d in scenario.duties for g in d.groups]
    one_duty = len(scenario.duties) == 1
    holidays = {h.date: h.name for h in scenario.holidays}
    header = [texts.say("col_date"), texts.say("col_weekday")]
    if holidays:
        header.append(texts.say("col_holiday"))
    header += [g.name if one_duty else f"{d.name} · {g.name}" for d, g in columns]
    rows = []
    for day in scenario.days:
        if not any(d.runs_on(day) for d in scenario.duties):
            continue
        row: list[Cell] = [day, texts.weekday(day)]
        if holidays:
            row.append(holidays.get(day, ""))
        row += [_roster_cell(scenario, texts, by_group.get((day, d.id, g.id))) for d, g in columns]
        rows.append(row)
    return Table(texts.say("sheet_roster"), header, rows, frozen_columns=len(header) - len(columns))


def _roster_cell(scenario: Scenario, texts: ExportTexts, fill: GroupFill | None) -> str:
    """`张伟（组长）、李娜、（空缺×2）`; empty when the duty does not run that day.

    A vacant role seat shows as （组长空缺）, a full group without its leader as （缺组长）.
    """
    if fill is None:
        return ""
    parts = [texts.name_with_role(_name(scenario, a.person_id), a.role) for a in fill.seats]
    vacancies = fill.vacancies()
    parts += [texts.role_vacant(role, n) for role, n in vacancies.role_seats]
    if vacancies.plain_seats:
        parts.append(texts.uncovered(vacancies.plain_seats))
    parts += [texts.role_missing(role, n) for role, n in vacancies.lacking_roles]
    if fill.short:
        parts.append(texts.below_preferred(fill.short))
    return texts.join(parts)


def people_table(scenario: Scenario, texts: ExportTexts, seats: Iterable[Assignment]) -> Table:
    header = [
        texts.say("col_person_id"),
        texts.say("col_name"),
        texts.say("col_school"),
        texts.say("col_phone"),
        texts.say("col_count"),
        texts.say("col_schedule"),
    ]
    one_duty = len(scenario.duties) == 1
    rows = []
    for load in person_loads(scenario, seats):
        person = scenario.person_by_id.get(load.person_id)
        items = [_seat_label(texts, a, one_duty) for a in load.seats]
        rows.append(
            [
                load.person_id,
                person.name if person else "",
                person.school if person else "",
                person.phone if person else "",
                load.total,
                texts.say("schedule_sep").join(items),
            ]
        )
    return Table(texts.say("sheet_people"), header, rows, frozen_columns=2)


def _seat_label(texts: ExportTexts, a: Assignment, one_duty: bool) -> str:
    if one_duty:
        group = texts.group_name(a.duty_id, a.group_id)
        what = texts.name_with_role(group, a.role)
    else:
        what = texts.duty_summary(a.duty_id, a.group_id, a.role)
    return texts.say("schedule_item", date=a.date.isoformat(), what=what)


def load_table(scenario: Scenario, texts: ExportTexts, seats: Iterable[Assignment]) -> Table:
    header = [
        texts.say("col_person_id"),
        texts.say("col_name"),
        texts.say("col_school"),
        texts.say("col_count"),
        texts.say("col_night"),
        texts.say("col_weekend"),
        texts.say("col_holiday_count"),
    ]
    loads = person_loads(scenario, seats)
    rows: list[list[Cell]] = []
    for load in loads:
        person = scenario.person_by_id.get(load.person_id)
        rows.append(
            [
                load.person_id,
                person.name if person else "",
                person.school if person else "",
                load.total,
                load.night,
                load.weekend,
                load.holiday,
            ]
        )
    rows.append([None] * len(header))
    counts = {
        "total": [x.total for x in loads],
        "night": [x.night for x in loads],
        "weekend": [x.weekend for x in loads],
        "holiday": [x.holiday for x in loads],
    }
    stats = {key: _min_avg_max(values) for key, values in counts.items()}
    for i, label in enumerate(("stat_min", "stat_avg", "stat_max")):
        rows.append(["", texts.say(label), "", *(stats[key][i] for key in counts)])
    return Table(texts.say("sheet_load"), header, rows, frozen_columns=2)


def _min_avg_max(values: Sequence[int]) -> tuple[int, float, int]:
    if not values:
        return 0, 0.0, 0
    return min(values), round(sum(values) / len(values), 2), max(values)


def uncovered_table(scenario: Scenario, texts: ExportTexts, result: Result) -> Table:
    header = [
        texts.say("col_date"),
        texts.say("col_weekday"),
        texts.say("col_duty"),
        texts.say("col_group"),
        texts.say("col_role"),
        texts.say("col_missing"),
        texts.say("col_rule"),
        texts.say("col_hard"),
        texts.say("col_message"),
    ]
    rows = [
        [
            v.date,
            texts.weekday(v.date) if v.date else "",
            texts.duty_name(v.duty_id) if v.duty_id else "",
            texts.group_name(v.duty_id, v.group_id) if v.group_id else "",
            texts.role(v.role) if v.role else "",
            v.amount,
            v.rule,
            texts.yes_no(v.hard),
            redact_private(scenario, v.message),
        ]
        for v in uncovered_sorted(scenario, shortfalls(scenario, result))
    ]
    return Table(texts.say("sheet_uncovered"), header, rows, frozen_columns=1)


def _name(scenario: Scenario, person_id: str) -> str:
    person = scenario.person_by_id.get(person_id)
    return person.name if person is not None else person_id


# ---- writing a table to a sheet ----


def write_table(ws: Worksheet, table: Table) -> None:
    for cell in _append(ws, table.header):
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = TOP_WRAP
    for values in table.rows:
        _append(ws, values)
    widths = _column_widths(table)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _style_body(ws, widths)
    ws.freeze_panes = ws.cell(row=2, column=table.frozen_columns + 1)


def _style_body(ws: Worksheet, widths: Sequence[float]) -> None:
    # `cell.alignment = TOP` looks the Alignment up in the book's list by its hash, which
    # openpyxl works out from every field each time: half the workbook's time. Each is
    # looked up once, when first used (so the book's list is in the same order), and the
    # cells given its index, as the assignment would.
    alignments = ws.parent._alignments
    index: dict[bool, int] = {}

    def align(cell: WorkCell, wrap: bool) -> None:
        if wrap not in index:
            index[wrap] = alignments.add(TOP_WRAP if wrap else TOP)
        if cell._style is None:
            cell._style = StyleArray()
        cell._style.alignmentId = index[wrap]

    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            if isinstance(cell.value, str):
                needed = _lines(cell.value, widths[cell.column - 1])
                align(cell, needed > 1)
                lines = max(lines, needed)
            else:
                align(cell, False)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * LINE_HEIGHT


def _column_widths(table: Table) -> list[float]:
    widths = []
    for index, title in enumerate(table.header):
        values = [row[index] for row in table.rows if index < len(row)]
        longest = max([display_width(str(title))] + [_cell_width(v) for v in values])
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _cell_width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return DATE_WIDTH - 2
    return max(display_width(line) for line in str(value).split("\n"))


@lru_cache(maxsize=65536)  # names and dates come back row after row
def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    usable = max(1.0, width - 2)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def _append(ws: Worksheet, values: Sequence[Cell]) -> list[WorkCell]:
    """A row under the export policy (outputs.cells): text is text, never a formula.

    The cells are made here and handed to `append`, rather than looked up after it:
    looking up the last row (`max_row`, `ws[n]`) scans every cell of the sheet, which
    made a sheet of n rows take n² steps."""
    cells = [_cell(ws, clean_text(v) if isinstance(v, str) else v) for v in values]
    ws.append(cells)
    return cells


def _cell(ws: Worksheet, value: Cell) -> WorkCell:
    cell = WorkCell(ws, value=value)
    if isinstance(value, str):
        keep_text(cell)
    return cell


def keep_text(cell: WorkCell) -> None:
    """A text cell stays text: never a formula, even when it is edited (outputs.cells)."""
    cell.data_type = "s"
    if str(cell.value).startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # Excel keeps it text even when it is edited
