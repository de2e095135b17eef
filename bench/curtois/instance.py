"""The Curtois & Qu "Instances 1..24" text format, read into plain data.

Sections, in this order, each a line naming it: SECTION_HORIZON, SECTION_SHIFTS,
SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS,
SECTION_COVER. Lines starting with `#` are comments, fields are comma-separated, and the
official files end their lines with CRLF (copies elsewhere with LF): both are read.
Semantics (what each field means as a rule): bench/curtois/scenario.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class FormatError(ValueError):
    """A line the format does not allow, with its file and line number."""


@dataclass(frozen=True)
class ShiftType:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]  # shift types forbidden on the next day


@dataclass(frozen=True)
class Staff:
    id: str
    max_shifts: dict[str, int]  # per shift type; 0: never that type
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    staff_id: str
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift_id: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class Instance:
    name: str
    days: int
    shifts: tuple[ShiftType, ...]
    staff: tuple[Staff, ...]
    days_off: dict[str, tuple[int, ...]]
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]


Line = tuple[int, list[str]]  # (line number, fields)


def read_instance(path: Path) -> Instance:
    sections = _sections(path)
    where = str(path)
    horizon = sections["SECTION_HORIZON"]
    if len(horizon) != 1:
        raise FormatError(f"{where}: SECTION_HORIZON must hold one number")
    days = _int(where, horizon[0], 0)
    shifts = tuple(_shift(where, line) for line in sections["SECTION_SHIFTS"])
    known = {s.id for s in shifts}
    for shift in shifts:
        for other in shift.cannot_follow:
            if other not in known:
                raise FormatError(f"{where}: shift {shift.id} names unknown shift {other}")
    staff = tuple(_staff(where, line, known) for line in sections["SECTION_STAFF"])
    people = {s.id for s in staff}
    days_off = {
        _known(where, line, 0, people): tuple(
            _day(where, line, i, days) for i in range(1, len(line[1]))
        )
        for line in sections["SECTION_DAYS_OFF"]
    }
    on = tuple(
        _request(where, line, people, known, days) for line in sections["SECTION_SHIFT_ON_REQUESTS"]
    )
    off = tuple(
        _request(where, line, people, known, days)
        for line in sections["SECTION_SHIFT_OFF_REQUESTS"]
    )
    cover = tuple(_cover(where, line, known, days) for line in sections["SECTION_COVER"])
    return Instance(path.stem, days, shifts, staff, days_off, on, off, cover)


def _sections(path: Path) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for number, raw in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if text in SECTIONS:
            current = sections.setdefault(text, [])
            continue
        if current is None:
            raise FormatError(f"{path}:{number}: data before the first section")
        current.append((number, text.split(",")))
    missing = [name for name in SECTIONS if name not in sections]
    if missing:
        raise FormatError(f"{path}: missing {', '.join(missing)}")
    return sections


def _int(where: str, line: Line, index: int) -> int:
    number, fields = line
    try:
        return int(fields[index])
    except (IndexError, ValueError):
        raise FormatError(f"{where}:{number}: field {index + 1} should be an integer") from None


def _fields(where: str, line: Line, count: int) -> list[str]:
    number, fields = line
    if len(fields) != count:
        raise FormatError(f"{where}:{number}: expected {count} fields, found {len(fields)}")
    return fields


def _known(where: str, line: Line, index: int, ids: set[str]) -> str:
    value = line[1][index]
    if value not in ids:
        raise FormatError(f"{where}:{line[0]}: unknown id '{value}'")
    return value


def _day(where: str, line: Line, index: int, days: int) -> int:
    day = _int(where, line, index)
    if not 0 <= day < days:
        raise FormatError(f"{where}:{line[0]}: day {day} outside the horizon 0..{days - 1}")
    return day


def _shift(where: str, line: Line) -> ShiftType:
    fields = _fields(where, line, 3)
    follow = tuple(s for s in fields[2].split("|") if s)
    return ShiftType(fields[0], _int(where, line, 1), follow)


def _staff(where: str, line: Line, shifts: set[str]) -> Staff:
    fields = _fields(where, line, 8)
    caps: dict[str, int] = {}
    for item in filter(None, fields[1].split("|")):
        shift, _, value = item.partition("=")
        if shift not in shifts or not value.isdigit():
            raise FormatError(f"{where}:{line[0]}: bad MaxShifts item '{item}'")
        caps[shift] = int(value)
    numbers = [_int(where, line, i) for i in range(2, 8)]
    return Staff(fields[0], caps, *numbers)


def _request(where: str, line: Line, people: set[str], shifts: set[str], days: int) -> Request:
    _fields(where, line, 4)
    return Request(
        _known(where, line, 0, people),
        _day(where, line, 1, days),
        _known(where, line, 2, shifts),
        _int(where, line, 3),
    )


def _cover(where: str, line: Line, shifts: set[str], days: int) -> Cover:
    _fields(where, line, 5)
    return Cover(
        _day(where, line, 0, days),
        _known(where, line, 1, shifts),
        _int(where, line, 2),
        _int(where, line, 3),
        _int(where, line, 4),
    )
