"""A coordinator's existing volunteer list (CSV or a workbook's sheet), read leniently for
`roster init --people`: headers mapped through the vocabulary, the ones it does not know
reported and left out, since such a list is a starting point, not a scenario yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inputs.tables import Table, is_workbook, read_csv_table, read_sheet_table, workbook_sheets
from inputs.vocabulary import IGNORED_COLUMNS, header_column, normal, sheet_table
from roster.errors import InputError


@dataclass(frozen=True)
class PeopleList:
    file: str
    rows: tuple[dict[str, str], ...]  # column of the people table -> cell
    mapped: tuple[tuple[str, str], ...]  # (header as written, column it was read as)
    unrecognised: tuple[str, ...]  # headers left out

    def has(self, column: str) -> bool:
        return any(column == c for _, c in self.mapped)


def read_people_list(path: Path) -> PeopleList:
    table = _table(Path(path))
    mapped: list[tuple[str, str]] = []  # the first header of a column wins
    unrecognised: list[str] = []
    for name in table.columns:
        column = header_column("people", name)
        if column is not None and all(c != column for _, c in mapped):
            mapped.append((name, column))
        elif normal(name) not in IGNORED_COLUMNS:
            unrecognised.append(name)
    names = next((written for written, column in mapped if column == "name"), None)
    if names is None:
        raise InputError(
            table.file,
            "no column of names (姓名 / name); found: " + (", ".join(table.columns) or "none"),
            row=1,
        )
    for row in table:
        if not row.get(names):
            raise InputError(table.file, "the name is empty", row=row.number, column=names)
    rows = tuple({column: row.get(written) for written, column in mapped} for row in table)
    return PeopleList(table.file, rows, tuple(mapped), tuple(unrecognised))


def _table(path: Path) -> Table:
    if not path.is_file():
        raise InputError(str(path), "not found; expected a CSV file or an .xlsx workbook")
    if not is_workbook(path):
        return read_csv_table(path)
    sheets = list(workbook_sheets(path).values())
    if not sheets:
        raise InputError(path.name, "the workbook has no sheets")
    chosen = next((s for s in sheets if sheet_table(s) == "people"), sheets[0])
    return read_sheet_table(path, chosen)
