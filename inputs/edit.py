"""Small edits to a scenario folder the coordinator would otherwise make by hand.

The folder's files belong to the coordinator, who also opens them in Excel or WPS: an
edit appends to the file as it is (same encoding, same line endings, earlier bytes
untouched) and replaces it in one rename, so a failed edit leaves the old file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from inputs.edit_workbook import add_workbook_unavailability
from inputs.tables import without_controls
from inputs.vocabulary import STATUS_WORDS, header_column, sheet_table
from outputs.atomic import write_bytes_atomic
from roster.errors import InputError

AVAILABILITY_FILE = "availability.csv"
PEOPLE_FILE = "people.csv"
WORKBOOK_FILE = "scenario.xlsx"
AVAILABILITY_COLUMNS = ("person_id", "start_date", "end_date", "status", "reason")
UTF8_BOM = b"\xef\xbb\xbf"


def add_unavailability(
    scenario_dir: Path, person_id: str, start: date, end: date, reason: str
) -> Path:
    """Append an `unavailable` period for a person to availability.csv, or to the
    workbook's availability sheet when the scenario keeps its tables in scenario.xlsx;
    return the file's path."""
    scenario_dir = Path(scenario_dir)
    path = scenario_dir / AVAILABILITY_FILE
    if start > end:
        raise InputError(
            AVAILABILITY_FILE,
            f"start date {start.isoformat()} is after end date {end.isoformat()}",
        )
    if person_id not in _person_ids(scenario_dir):
        raise InputError(PEOPLE_FILE, f"no person with person_id '{person_id}'")
    values = {
        "person_id": person_id,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "status": "unavailable",
        "reason": without_controls(reason),
    }
    workbook = scenario_dir / WORKBOOK_FILE
    if not path.exists() and workbook.exists():
        add_workbook_unavailability(workbook, values)
        return workbook
    data = _appended(_read(path), values) if path.exists() else _new_file(values)
    _replace_file(path, data)
    return path


# ---- availability.csv ----


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(path.name, "is a folder; expected a CSV file") from None
    except OSError as err:
        raise InputError(path.name, f"cannot read the file ({err.strerror})") from None


def _new_file(values: dict[str, str]) -> bytes:
    rows = [list(AVAILABILITY_COLUMNS), [values[c] for c in AVAILABILITY_COLUMNS]]
    return UTF8_BOM + _csv_lines(rows, "\r\n").encode("utf-8")


def _appended(raw: bytes, values: dict[str, str]) -> bytes:
    encoding, text = _decode(raw, AVAILABILITY_FILE)
    newline = _line_ending(text)
    written = _header(text)
    header = [header_column("availability", c) or c for c in written]
    if "status" in header and not written[header.index("status")].isascii():
        # A sheet with Chinese headers gets the status in Chinese: 不可值班.
        values = {**values, "status": STATUS_WORDS[values["status"]][0]}
    row = _row_for(header, values)
    separator = "" if not text or text.endswith(("\n", "\r")) else newline
    # The earlier bytes are kept as they are; only the new line is encoded.
    return raw + (separator + _csv_lines([row], newline)).encode(encoding)


def _header(text: str) -> list[str]:
    first = next(_nonblank_rows(text), None)
    if first is None:
        raise InputError(AVAILABILITY_FILE, "the file has no header row", row=1)
    return [cell.strip().lower() for cell in first]


def _nonblank_rows(text: str) -> Iterator[list[str]]:
    """CSV rows, skipping empty ones as the loader does."""
    return (row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row))


def _row_for(header: list[str], values: dict[str, str]) -> list[str]:
    for column in AVAILABILITY_COLUMNS:
        if column not in header and (column != "reason" or values["reason"]):
            raise InputError(
                AVAILABILITY_FILE,
                f"the header has no '{column}' column; add it (columns: "
                f"{', '.join(AVAILABILITY_COLUMNS)})",
                row=1,
            )
    return [values.get(column, "") for column in header]


def _csv_lines(rows: list[list[str]], newline: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


def _line_ending(text: str) -> str:
    """The file's own line ending; CRLF (what Excel writes) when it has none yet."""
    if "\r\n" in text:
        return "\r\n"
    if "\n" in text:
        return "\n"
    if "\r" in text:
        return "\r"
    return "\r\n"


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """(encoding to write new text in, text): UTF-8 with or without BOM, else GB18030."""
    if raw.startswith(UTF8_BOM):
        return "utf-8", raw[len(UTF8_BOM) :].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return encoding, raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(name, "cannot read the file: save it as UTF-8 or GB18030 (GBK) CSV")


# ---- people ----


def _person_ids(scenario_dir: Path) -> set[str]:
    path = scenario_dir / PEOPLE_FILE
    if path.exists():
        return _csv_person_ids(path)
    if (scenario_dir / WORKBOOK_FILE).exists():
        return _workbook_person_ids(scenario_dir / WORKBOOK_FILE)
    raise InputError(PEOPLE_FILE, f"not found in {scenario_dir}")


def _csv_person_ids(path: Path) -> set[str]:
    _, text = _decode(_read(path), PEOPLE_FILE)
    rows = _nonblank_rows(text)
    header = [header_column("people", c) for c in next(rows, [])]
    if "person_id" not in header:
        raise InputError(PEOPLE_FILE, "the header has no 'person_id' (工号) column", row=1)
    column = header.index("person_id")
    return {row[column].strip() for row in rows if len(row) > column and row[column].strip()}


def _workbook_person_ids(path: Path) -> set[str]:
    from openpyxl import load_workbook  # only workbook scenarios need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise InputError(WORKBOOK_FILE, f"cannot open the workbook: {err}") from None
    try:
        sheet = next((n for n in workbook.sheetnames if sheet_table(n) == "people"), None)
        if sheet is None:
            raise InputError(WORKBOOK_FILE, "no 'people' (人员) sheet and no people.csv")
        rows = workbook[sheet].iter_rows(values_only=True)
        header = [header_column("people", str(cell or "")) for cell in next(rows, ())]
        if "person_id" not in header:
            raise InputError(
                WORKBOOK_FILE, f"the '{sheet}' sheet has no 'person_id' (工号) column"
            )
        column = header.index("person_id")
        return {
            _cell_text(row[column]) for row in rows if len(row) > column and row[column] is not None
        }
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    # Excel stores ids typed as 12 as the number 12.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---- writing ----


def _replace_file(path: Path, data: bytes) -> None:
    """Write next to `path`, then rename over it: the old file stays whole on failure."""
    try:
        write_bytes_atomic(path, data, keep_mode=True)
    except PermissionError as err:
        raise InputError(
            path.name, f"cannot write the file ({err.strerror}); close it in Excel or WPS"
        ) from err
