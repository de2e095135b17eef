"""What each school posts: its roster sheet, `schools/<school_id>.csv`, and the calendar of
its whole rotation for its leader (`calendars/schools/<school_id>.ics`); file names as
outputs/filenames.py makes them.

A school's table is the roster sheet's (outputs/xlsx.py: one row per date, one column
per duty group, names with role holders marked) restricted to the school's duties, with
the rotation's own names as headers (领导带班 rather than 临港区实验学校·领导带班).

The school calendar holds one event per group of each shift of the school, listing who
is on duty with their phones. Its UIDs are stable (scenario, duty, group, date); it is
written whole each time (SEQUENCE 0, DTSTAMP now), so a leader subscribes to the file
rather than importing it once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime

from outputs.cells import clean_text
from outputs.filenames import file_stems
from outputs.ical import (
    SCHOOLS_DIR,
    CalendarEvent,
    _calendar_bytes,
    _utc,
    _vtimezone,
    calendar_paths,
)
from outputs.tables import csv_bytes
from outputs.texts import ExportTexts
from outputs.views import GroupFill, group_fills, shift_times, sorted_seats
from outputs.xlsx import Table, roster_table
from roster.components import Part, sub_scenario
from roster.model import Scenario, School
from roster.result import Assignment
from roster.schools import rotation_name

SCHOOL_DIR = "schools"
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def school_duties(scenario: Scenario, school: School) -> tuple[str, ...]:
    return tuple(d.id for d in scenario.duties if d.school_id == school.id)


def other_duties(scenario: Scenario) -> tuple[str, ...]:
    """Duties of no school (the checkpoint): they keep the roster sheet."""
    return tuple(d.id for d in scenario.duties if not d.school_id)


def only_duties(scenario: Scenario, duty_ids: Sequence[str]) -> Scenario:
    return sub_scenario(scenario, Part(tuple(duty_ids), tuple(p.id for p in scenario.people)))


def school_table(
    scenario: Scenario,
    texts: ExportTexts,
    school: School,
    seats: Iterable[Assignment],
    fills: Sequence[GroupFill] | None = None,
) -> Table:
    """The school's roster: dates down, its duties' groups across. `fills`: the whole
    roster's groups' fills (`group_fills` of `seats`), when the caller has them."""
    duty_ids = school_duties(scenario, school)
    mine = only_duties(scenario, duty_ids)
    theirs = set(duty_ids)
    own = None if fills is None else [f for f in fills if f.duty.id in theirs]
    table = roster_table(mine, texts, [a for a in seats if a.duty_id in theirs], own)
    labels = []
    for duty in mine.duties:
        name = rotation_name(duty, school.name)
        for group in duty.groups:
            labels.append(name if len(duty.groups) == 1 else f"{name} · {group.name}")
    fixed = len(table.header) - len(labels)
    # the school's full name on every row: the CSV is named by its code, the sheet's
    # title is cut at 31 characters
    header = [*table.header[:fixed], texts.say("col_school"), *labels]
    rows = [[*row[:fixed], school.name, *row[fixed:]] for row in table.rows]
    return Table(school.name, header, rows, fixed + 1)


def sheet_titles(names: Sequence[str], taken: Iterable[str]) -> list[str]:
    """Valid, unique sheet names: no []:*?/\\, at most 31 characters."""
    used = {t.casefold() for t in taken}
    out = []
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", clean_text(name))[:SHEET_NAME_MAX] or "_"
        title, n = base, 1
        while title.casefold() in used:
            n += 1
            suffix = f"({n})"
            title = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        used.add(title.casefold())
        out.append(title)
    return out


def school_csv_files(
    scenario: Scenario, seats: Sequence[Assignment], only: Collection[str] | None = None
) -> dict[str, bytes]:
    """`schools/<school_id>.csv` for each school with duties (of `only`, when given: the
    export builds them in batches): the table to post."""
    texts = ExportTexts(scenario)
    stems = file_stems(s.id for s in scenario.schools)
    by_duty = _by_duty(seats)
    out = {}
    for school in _chosen(scenario, only):
        duty_ids = school_duties(scenario, school)
        if not duty_ids:
            continue
        theirs = [a for d in duty_ids for a in by_duty.get(d, ())]
        table = school_table(scenario, texts, school, theirs)
        rows = [[_text(v) for v in row] for row in table.rows]
        out[f"{SCHOOL_DIR}/{stems[school.id]}.csv"] = csv_bytes(table.header, rows)
    return out


def _by_duty(seats: Iterable[Assignment]) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = {}
    for a in seats:
        out.setdefault(a.duty_id, []).append(a)
    return out


def _chosen(scenario: Scenario, only: Collection[str] | None) -> list[School]:
    return [s for s in scenario.schools if only is None or s.id in only]


def _text(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


# ---- the leader's calendar ----


def school_calendar_files(
    scenario: Scenario,
    seats: Sequence[Assignment],
    *,
    now: datetime,
    only: Collection[str] | None = None,
) -> dict[str, bytes]:
    """`schools/<school_id>.ics` (of the schools in `only`, when given): every group of every
    shift of the school, who is on it."""
    texts = ExportTexts(scenario)
    stamp = _utc(now)
    paths = calendar_paths((s.id for s in scenario.schools), SCHOOLS_DIR)
    by_duty = _by_duty(seats)
    out = {}
    for school in _chosen(scenario, only):
        duty_ids = school_duties(scenario, school)
        if not duty_ids:
            continue
        mine = only_duties(scenario, duty_ids)
        theirs = [a for d in duty_ids for a in by_duty.get(d, ())]  # group_fills sorts them
        events = [
            _event(scenario, texts, fill.day, fill.duty.id, fill.group.id, fill.seats)
            for fill in group_fills(mine, theirs)
        ]
        name = texts.say("calname_school", scenario=scenario.name, school=school.name)
        timezone = _vtimezone(scenario, events)
        numbered = [(e, 0) for e in events]
        data = _calendar_bytes(
            scenario.language, scenario.timezone, name, timezone, numbered, stamp
        )
        out[paths[school.id]] = data
    return out


def _event(
    scenario: Scenario,
    texts: ExportTexts,
    day: date,
    duty_id: str,
    group_id: str,
    seats: tuple[Assignment, ...],
) -> CalendarEvent:
    duty = scenario.duty_by_id[duty_id]
    start, end = shift_times(scenario, duty, day)
    school = scenario.school_by_id.get(duty.school_id)
    label = rotation_name(duty, school.name if school is not None else "")
    if len(duty.groups) > 1:
        label = f"{label} · {texts.group_name(duty_id, group_id)}"
    people = [texts.name_with_role(_name(scenario, a.person_id), a.role) for a in seats]
    sep = "：" if scenario.language == "zh" else ": "
    summary = f"{label}{sep}{texts.join(people)}" if people else f"{label} {texts.uncovered(1)}"
    contacts = [
        texts.contact(scenario.person_by_id.get(a.person_id), a.person_id)
        for a in sorted_seats(scenario, seats)
    ]
    lines = [texts.say("desc_duty", value=texts.duty_name(duty_id)), texts.time_span(start, end)]
    lines += contacts
    return CalendarEvent(
        uid=_uid(scenario.id, duty_id, group_id, day),
        person_id="",
        duty_id=duty_id,
        day=day,
        group_id=group_id,
        role="",
        summary=summary,
        location=duty.location,
        description="\n".join(lines),
        start=start,
        end=end,
        cancelled=False,
        reminder_minutes=None,
        alarm_text="",
    )


def _uid(scenario_id: str, duty_id: str, group_id: str, day: date) -> str:
    key = "\x1f".join((scenario_id, duty_id, group_id, day.isoformat(), "school"))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{scenario_id}-school-{day:%Y%m%d}-{digest}@roster"


def _name(scenario: Scenario, person_id: str) -> str:
    person = scenario.person_by_id.get(person_id)
    return person.name if person is not None else person_id


def roster_sheets(
    scenario: Scenario, texts: ExportTexts, seats: Sequence[Assignment]
) -> list[Table]:
    """The roster sheet of the duties of no school (the checkpoint), then one per school."""
    schools = [s for s in scenario.schools if school_duties(scenario, s)]
    if not schools:
        return [roster_table(scenario, texts, seats)]
    out = []
    others = other_duties(scenario)
    if others:
        theirs = set(others)
        mine = [a for a in seats if a.duty_id in theirs]
        out.append(roster_table(only_duties(scenario, others), texts, mine))
    fills = group_fills(scenario, seats)  # the whole roster's, once: each school takes its own
    tables = [school_table(scenario, texts, s, seats, fills) for s in schools]
    reserved = [t.title for t in out] + [texts.say(k) for k in RESERVED_SHEETS]
    titles = sheet_titles([t.title for t in tables], reserved)
    return out + [
        Table(title, t.header, t.rows, t.frozen_columns)
        for title, t in zip(titles, tables, strict=True)
    ]


RESERVED_SHEETS = (
    "sheet_roster", "sheet_people", "sheet_load", "sheet_uncovered", "sheet_changes",
)  # fmt: skip
