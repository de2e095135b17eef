"""`roster unavailable` on a scenario kept in a workbook: one row added to its availability
sheet (可值班情况), the rest of the workbook as it was.

openpyxl rewrites the whole file when it saves, and drops what it does not read (pictures,
charts, pivot tables, macros). A workbook holding any of those is refused with the row to
add by hand; any other is saved to a temporary file, read back, compared cell by cell with
the original (only the new row may differ) and only then put in place by one rename.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from inputs.vocabulary import STATUS_WORDS, header_column, sheet_table
from outputs.atomic import write_bytes_atomic
from outputs.cells import clean_text
from outputs.xlsx import keep_text
from roster.errors import InputError

# Parts of an xlsx package that openpyxl does not keep when it saves.
DROPPED_PARTS = ("xl/drawings/", "xl/charts/", "xl/media/", "xl/pivot", "xl/vbaProject")
COLUMNS = ("person_id", "start_date", "end_date", "status", "reason")
SHEET_ZH = "可值班情况"
HEADERS_ZH = {
    "person_id": "工号",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "status": "状态",
    "reason": "原因",
}


def add_workbook_unavailability(path: Path, values: dict[str, str]) -> str:
    """Append one availability row to the workbook at `path`; return the sheet's name."""
    original = _read(path)
    _refuse_dropped_parts(path, original, values)
    workbook = _open(path, original)
    sheet = _availability_sheet(workbook)
    _append(sheet, values)
    saved = _saved(workbook)
    _verify(path, original, saved, sheet.title)
    write_bytes_atomic(path, saved)
    return str(sheet.title)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(path.name, f"cannot read the workbook ({err.strerror})") from None


def _refuse_dropped_parts(path: Path, raw: bytes, values: dict[str, str]) -> None:
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except zipfile.BadZipFile:
        raise InputError(path.name, "cannot open the workbook: not an xlsx file") from None
    if any(name.startswith(DROPPED_PARTS) for name in names):
        raise InputError(
            path.name,
            "the workbook holds pictures, charts, pivot tables or macros, which roster would "
            f"lose by saving it; add the row to its availability sheet by hand "
            f"({values['person_id']}, {values['start_date']} to {values['end_date']}, "
            "unavailable)",
        )


def _open(path: Path, raw: bytes) -> Any:
    from openpyxl import load_workbook  # only workbook scenarios need it

    try:
        return load_workbook(io.BytesIO(raw))
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise InputError(path.name, f"cannot open the workbook: {err}") from None


def _availability_sheet(workbook: Any) -> Any:
    """The availability sheet, or a new one in the language of the people sheet."""
    for name in workbook.sheetnames:
        if sheet_table(name) == "availability":
            return workbook[name]
    zh = any(sheet_table(n) == "people" and not n.isascii() for n in workbook.sheetnames)
    sheet = workbook.create_sheet(SHEET_ZH if zh else "availability")
    sheet.append([HEADERS_ZH[c] if zh else c for c in COLUMNS])
    return sheet


def _append(sheet: Any, values: dict[str, str]) -> None:
    written = [str(c.value or "").strip() for c in sheet[1]]
    header = [header_column("availability", w) or w.lower() for w in written]
    _require_columns(sheet.title, header, values)
    row = _last_filled_row(sheet) + 1
    for index, column in enumerate(header, start=1):
        if column not in values:
            continue
        value: object = values[column]
        if column == "status" and not written[index - 1].isascii():
            value = STATUS_WORDS["unavailable"][0]  # a Chinese sheet gets 不可值班
        cell = sheet.cell(row=row, column=index)
        if column.endswith("_date") and _holds_dates(sheet, index, row):
            cell.value = date.fromisoformat(str(value))
            cell.number_format = "yyyy-mm-dd"
        else:
            cell.value = clean_text(str(value))
            keep_text(cell)  # a reason such as "=HYPERLINK(...)" stays text


def _require_columns(title: str, header: list[str], values: dict[str, str]) -> None:
    for column in COLUMNS:
        if column not in header and (column != "reason" or values["reason"]):
            raise InputError(
                f"scenario.xlsx, sheet '{title}'",
                f"the header has no '{column}' column; add it (columns: {', '.join(COLUMNS)})",
                row=1,
            )


def _last_filled_row(sheet: Any) -> int:
    """The last row with a value: the sheet's dimensions also count rows that only carry
    formatting or a drop-down list, and the new row belongs right under the data."""
    last = 1
    for row in sheet.iter_rows(min_row=1):
        if any(cell.value not in (None, "") for cell in row):
            last = row[0].row
    return last


def _holds_dates(sheet: Any, column: int, below: int) -> bool:
    """Whether the column's rows above keep dates as date cells (as `roster init` writes
    them), so the new row is of the same kind; text dates get text."""
    for row in range(below - 1, 1, -1):
        value = sheet.cell(row=row, column=column).value
        if value not in (None, ""):
            return isinstance(value, date | datetime)
    return False


def _saved(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _verify(path: Path, original: bytes, saved: bytes, sheet: str) -> None:
    """Every cell of the original reads the same from the saved file (the availability
    sheet may only gain cells); else nothing is written."""
    after = _cells(saved)
    for name, cells in _cells(original).items():
        got = after.get(name)
        if name == sheet and got is not None:
            same = all(got.get(k) == v for k, v in cells.items())
        else:
            same = got == cells
        if not same:
            raise InputError(
                path.name,
                f"saving the workbook would change its sheet '{name}'; add the row by hand",
            )


def _cells(raw: bytes) -> dict[str, dict[tuple[int, int], object]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(raw), read_only=True)
    try:
        return {ws.title: dict(_values(ws.iter_rows())) for ws in workbook.worksheets}
    finally:
        workbook.close()


def _values(rows: Iterable[Any]) -> Iterable[tuple[tuple[int, int], object]]:
    for row in rows:
        for cell in row:
            value = getattr(cell, "value", None)
            if value not in (None, ""):
                yield (cell.row, cell.column), value
