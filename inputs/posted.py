"""The roster.xlsx `roster solve` wrote, read back after a coordinator edited it.

People edit a posted roster on its night x group sheets (排班表, and one sheet per school):
they move a name to another cell, type a name over another, delete one. Those sheets are
the truth here; the per-person, load and uncovered sheets are derived from them and
ignored (they are stale after an edit).

A cell is what outputs/xlsx.py writes: names joined by 、 (or `, `), a role holder marked
张伟（组长）, empty seats as （空缺×2）, （组长空缺）, （缺组长）. A name is matched to a
person by exact name, then by id; 张伟（T001） names the person by id too. A name two
people share is settled by who held that seat in the roster being replaced, else it is
reported ambiguous. Every name that cannot be matched is reported with its cell
(排班表!D14), all at once. What the seats then mean is the checker's business.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from inputs.assignments import ASSIGNMENT_SHEET, read_assignments
from inputs.cells import parse_date
from inputs.tables import is_workbook
from outputs.sheet_layout import (
    SheetLayout,
    cell_date,
    cell_text,
    header_columns,
    sheet_layouts,
)
from roster.errors import InputError
from roster.model import DEFAULT_ROLE_NAMES, Scenario
from roster.result import Assignment

SEPARATORS = re.compile(r"[、，,;；\n]+")
TRAILING_NOTE = re.compile(r"^(.*?)\s*[（(]([^（）()]*)[）)]$")
MAX_REPORTED = 20  # problems listed in one error; the rest are counted

Seat = tuple[date, str, str]  # date, duty id, group id


def read_edited(
    path: Path, scenario: Scenario, previous: Sequence[Assignment] = ()
) -> list[Assignment]:
    """A roster edited by hand: assignments.csv, a workbook with an `assignments` sheet,
    or the posted roster.xlsx (`previous`, the roster it replaces, settles shared names)."""
    path = Path(path)
    if not path.is_file() or not is_workbook(path):
        return read_assignments(path, scenario)
    book = _open(path)
    if ASSIGNMENT_SHEET in {name.strip().lower() for name in book.sheetnames}:
        return read_assignments(path, scenario)
    return PostedReader(path, scenario, previous).read(book)


class PostedReader:
    """Reads the roster sheets of one workbook, collecting every unmatched name."""

    def __init__(self, path: Path, scenario: Scenario, previous: Sequence[Assignment]) -> None:
        self.path = path
        self.scenario = scenario
        self.problems: list[str] = []
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for p in scenario.people:
            self.by_name[p.name.strip()].append(p.id)
        self.roles = _role_words(scenario)
        self.held: dict[Seat, set[str]] = defaultdict(set)
        for a in previous:
            self.held[(a.date, a.duty_id, a.group_id)].add(a.person_id)

    def read(self, book: Workbook) -> list[Assignment]:
        sheets = {name.strip().casefold(): name for name in book.sheetnames}
        layouts = sheet_layouts(self.scenario)
        missing = [x.title for x in layouts if x.title.casefold() not in sheets]
        if missing:
            found = ", ".join(book.sheetnames)
            raise InputError(
                self.path.name,
                f"no roster sheet named {', '.join(repr(m) for m in missing)}; expected the "
                f"workbook `roster solve` wrote, or a sheet named 'assignments' (sheets found: "
                f"{found})",
            )
        out: list[Assignment] = []
        for layout in layouts:
            ws = book[sheets[layout.title.casefold()]]
            out += self._sheet(ws, layout)
        if self.problems:
            shown = self.problems[:MAX_REPORTED]
            more = len(self.problems) - len(shown)
            tail = f"; and {more} more" if more else ""
            raise InputError(
                self.path.name,
                f"{len(self.problems)} cell(s) could not be read: " + "; ".join(shown) + tail,
            )
        return sorted(out)

    def _sheet(self, ws: Worksheet, layout: SheetLayout) -> list[Assignment]:
        header = header_columns(ws)
        absent = [label for label in (layout.date_header, *layout.columns) if label not in header]
        if absent:
            where = f"{ws.title}!1:1"
            listing = ", ".join(repr(a) for a in absent)
            raise InputError(self.path.name, f"{where}: the header has no column {listing}")
        columns = {header[label]: pair for label, pair in layout.columns.items()}
        out: list[Assignment] = []
        for row in ws.iter_rows(min_row=2):
            cells = {c.column: c for c in row if c.value is not None and cell_text(c.value)}
            if not cells:
                continue
            date_column = header[layout.date_header]
            where = f"{ws.title}!{get_column_letter(date_column)}{row[0].row}"
            day = self._date(where, cells.get(date_column))
            if day is None:
                continue
            for column, (duty_id, group_id) in columns.items():
                cell = cells.get(column)
                if cell is not None:
                    where = f"{ws.title}!{get_column_letter(column)}{cell.row}"
                    out += self._cell(where, cell_text(cell.value), day, duty_id, group_id)
        return out

    def _date(self, where: str, cell: object) -> date | None:
        value = getattr(cell, "value", None)
        day = cell_date(value)
        if day is None and value is not None:
            day = parse_date(cell_text(value))
        if day is None or not self.scenario.start <= day <= self.scenario.end:
            shown = "empty" if value is None else repr(cell_text(value))
            self.problems.append(
                f"{where}: the date is {shown}; expected a date from "
                f"{self.scenario.start} to {self.scenario.end}"
            )
            return None
        return day

    def _cell(
        self, where: str, text: str, day: date, duty_id: str, group_id: str
    ) -> Iterator[Assignment]:
        duty = self.scenario.duty_by_id[duty_id]
        parts = [p.strip() for p in SEPARATORS.split(text)]
        parts = [p for p in parts if p and not _is_mark(p)]
        if parts and not duty.runs_on(day):
            self.problems.append(f"{where}: {duty.name} does not run on {day.isoformat()}")
            return
        for part in parts:
            for pid, role in self._entry(where, part, (day, duty_id, group_id)):
                yield Assignment(day, duty_id, group_id, role, pid)

    def _entry(self, where: str, part: str, seat: Seat) -> list[tuple[str, str]]:
        """(person id, role id) of one name; a name typed `张伟 李娜` gives both."""
        found = self._one(part, seat)
        if not isinstance(found, Unmatched):
            return [found]
        words = part.split()
        if len(words) > 1:
            each = [self._one(w, seat) for w in words]
            matched = [x for x in each if not isinstance(x, Unmatched)]
            if len(matched) == len(words):
                return matched
        self.problems.append(f"{where}: {found.why}")
        return []

    def _one(self, part: str, seat: Seat) -> tuple[str, str] | Unmatched:
        """(person id, role id) of `张伟（组长）`, or why it names nobody."""
        name, role = part, ""
        found = TRAILING_NOTE.match(name)
        if found and found[2].strip() in self.roles:
            name, role = found[1].strip(), self.roles[found[2].strip()]
        pid = self._person(name, seat)
        return pid if isinstance(pid, Unmatched) else (pid, role)

    def _person(self, name: str, seat: Seat) -> str | Unmatched:
        """The person id a name stands for: `张伟`, `T001` or `张伟（T001）`."""
        found = TRAILING_NOTE.match(name)
        if found:
            person = self.scenario.person_by_id.get(found[2].strip())
            if person is not None and found[1].strip() in ("", person.name.strip()):
                return person.id
        ids = self.by_name.get(name, [])
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            held = [pid for pid in ids if pid in self.held[seat]]
            if len(held) == 1:
                return held[0]
            return Unmatched(
                f"'{name}' is the name of {len(ids)} people ({', '.join(ids)}); write the id, "
                f"e.g. {name}（{ids[0]}）"
            )
        if name in self.scenario.person_by_id:
            return name
        return Unmatched(f"no person named '{name}' (nor with that id) in people.csv")


@dataclass(frozen=True)
class Unmatched:
    why: str


def _role_words(scenario: Scenario) -> dict[str, str]:
    """Role as written in a cell (组长, or the id) -> role id."""
    roles = {r for p in scenario.people for r in p.roles}
    roles |= {r for d in scenario.duties for g in d.groups for r in g.role_seats}
    roles |= set(scenario.role_names) | set(DEFAULT_ROLE_NAMES.get(scenario.language, {}))
    roles.discard("")  # an ordinary seat is written without a mark
    out = {r: r for r in roles}
    out.update({scenario.role_name(r): r for r in roles})
    return out


def _is_mark(part: str) -> bool:
    """（空缺×2）, （组长空缺）, （缺组长）: a note on the seats, not a name."""
    return part[0] in "（(" and part[-1] in "）)"


def _open(path: Path) -> Workbook:
    try:
        return load_workbook(path, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise InputError(path.name, f"cannot open the workbook: {err}") from None
