"""Tables as the coordinator keeps them: a CSV file or a sheet of a workbook.

Every cell is read as text (ids like "0012" keep their zeros) and stripped; column names
are stripped and, for a table of a known kind, read as the readers' names through the
vocabulary (inputs/vocabulary.py: 工号 is person_id), messages keeping the name as
written; other tables' names are lower-cased; fully empty rows are skipped. Each row
keeps the number a spreadsheet shows for it (header = row 1), so messages point at the
cell to fix.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from inputs.vocabulary import TABLE_COLUMNS, both_names, canonical_header, normal
from roster.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
# C0 controls, DEL and C1 controls: RFC 5545 forbids them in calendars and XML in
# workbooks, and no id or name needs them (docs/scenario.md, "Control characters").
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85]+")
# Columns holding ids (or lists of them): a control character there is refused, since
# an id stripped silently could match another one. Every other cell is free text.
ID_COLUMNS = frozenset(
    ("person_id", "school_id", "cohort_id", "duty", "group", "role", "roles", "rule", "key")
) | frozenset(("person_a", "person_b", "category", "teacher", "bus_route", "kind", "status"))
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Table:
    file: str  # how messages name it: "people.csv" or "scenario.xlsx, sheet 'people'"
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    kind: str | None = None  # the table of the vocabulary its header was read as
    written: Mapping[str, str] = field(default_factory=dict)  # column -> header as written

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def require(self, *names: str) -> None:
        """Raise naming the first missing column and listing the columns found."""
        for name in names:
            if name not in self.columns:
                found = ", ".join(self.shown(c) for c in self.columns) or "none"
                raise InputError(
                    self.file,
                    f"missing required column {self.both(name)} (expected "
                    f"{', '.join(names)}; found: {found})",
                    row=1,
                )

    def shown(self, column: str) -> str:
        """The column's name as the sheet writes it."""
        return self.written.get(column, column)

    def both(self, column: str) -> str:
        return both_names(self.kind, column) if self.kind else f"'{column}'"

    def error(self, row: Row, column: str, message: str) -> InputError:
        return InputError(self.file, message, row=row.number, column=self.shown(column))

    def with_cells(self, column: str, value: Callable[[str], str]) -> Table:
        """The table with every cell of `column` read through `value` (组长 as leader)."""
        rows = tuple(
            Row(r.number, {**r.values, column: value(r.values[column])})
            if column in r.values
            else r
            for r in self.rows
        )
        return dataclasses.replace(self, rows=rows)


# ---- CSV ----


def read_csv_table(path: Path, label: str | None = None, kind: str | None = None) -> Table:
    """A CSV file in UTF-8 (with or without BOM) or GB18030/GBK, as saved by Excel or WPS;
    `kind` names the table of the vocabulary its header is read as."""
    label = label or path.name
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(label, f"cannot read the file ({err.strerror})") from None
    text = decode_text(raw, label)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError:
        raise InputError(label, "the file is empty; expected a header row") from None
    except pd.errors.ParserError as err:
        raise _parser_error(label, err) from None
    return table_from_frame(frame, label, kind)


def decode_text(raw: bytes, label: str) -> str:
    """Strict UTF-8 first: GB18030 decodes almost any bytes, so it can only be the fallback."""
    if raw.startswith(UTF16_BOMS):
        raise InputError(
            label,
            "the file is UTF-16 ('Unicode text'); save it as 'CSV UTF-8' or plain CSV instead",
        )
    if raw.startswith(UTF8_BOM):
        return _decode(raw, "utf-8-sig", label)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(raw, "gb18030", label)


def _decode(raw: bytes, encoding: str, label: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            label,
            f"cannot read the text at byte {err.start}: expected UTF-8 or GB18030/GBK",
        ) from None


def _parser_error(label: str, err: Exception) -> InputError:
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
    if found is None:
        return InputError(label, f"not a valid CSV file: {err}")
    expected, line, saw = (int(g) for g in found.groups())
    return InputError(label, f"this row has {saw} cells but the header has {expected}", row=line)


# ---- workbook ----


def workbook_sheets(path: Path) -> dict[str, str]:
    """Sheet names of a workbook, keyed by their stripped lower-case form."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = [str(n) for n in book.sheet_names]
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise InputError(path.name, f"cannot open the workbook: {err}") from None
    return {n.strip().lower(): n for n in names}


def read_sheet_table(path: Path, sheet: str, kind: str | None = None) -> Table:
    """A sheet of a workbook (name matched case-insensitively); Excel dates come as text."""
    sheets = workbook_sheets(path)
    actual = sheets.get(sheet.lower())
    if actual is None:
        raise InputError(
            path.name,
            f"no sheet named '{sheet}' (sheets found: {', '.join(sheets.values()) or 'none'})",
        )
    label = f"{path.name}, sheet '{actual}'"
    frame = pd.read_excel(
        path, sheet_name=actual, header=None, dtype=str, keep_default_na=False, engine="openpyxl"
    )
    if frame.empty:
        raise InputError(label, "the sheet is empty; expected a header row")
    return table_from_frame(frame, label, kind)


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


# ---- shared ----


def table_from_frame(frame: pd.DataFrame, label: str, kind: str | None = None) -> Table:
    """First row = header; columns without a name are dropped, since nothing reads them."""
    cells = [[_cell(v) for v in values] for values in frame.itertuples(index=False)]
    written = [without_controls(c) for c in cells[0]]
    _reject_duplicate_columns([w.lower() for w in written], label)
    header = canonical_header(kind, written, label)
    named = [i for i, name in enumerate(header) if name]
    rows = tuple(
        Row(number, {header[i]: _checked(label, (number, header[i], written[i]), values[i])
                     for i in named})  # fmt: skip
        for number, values in enumerate(cells[1:], start=2)
        if any(values)
    )
    # Only another word is kept for messages: ` Person_ID ` is still person_id.
    shown = {header[i]: written[i] for i in named if normal(header[i]) != normal(written[i])}
    known = kind if kind in TABLE_COLUMNS else None
    return Table(label, tuple(header[i] for i in named), rows, known, shown)


def without_controls(text: str) -> str:
    """Free text with line breaks and tabs as one space and other controls removed."""
    return CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def control_in(text: str) -> str | None:
    """How a message names the first control character of `text`, or None."""
    found = CONTROL.search(text)
    return None if found is None else f"U+{ord(found[0]):04X}"


def _checked(label: str, where: tuple[int, str, str], value: str) -> str:
    """`where`: the row's number, the column's name and its name as written."""
    code = control_in(value)
    if code is None:
        return value
    number, column, written = where
    if column in ID_COLUMNS:
        raise InputError(
            label,
            f"a control character ({code}) in {value!r}; ids must be plain text: retype the cell",
            row=number,
            column=written,
        )
    return without_controls(value)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _reject_duplicate_columns(header: list[str], label: str) -> None:
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise InputError(label, f"column '{name}' appears twice in the header", row=1)
        seen.add(name)
