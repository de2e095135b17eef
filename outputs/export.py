"""Write every output of a roster into one folder, all or nothing.

Every file is built in memory first, then the folder is replaced as one unit
(outputs.folder): a failure while building or writing leaves the files of the
previous run exactly as they were, and the caller's `commit` (recording the version)
runs only once the new files are all in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from outputs.folder import write_folder
from outputs.ical import PARALLEL_EVENTS, build_calendar_files, plan_calendars
from outputs.ledger import LEDGER_FILE, ledger_files
from outputs.poster_files import export_posters, is_poster
from outputs.report import report_html
from outputs.schools import school_calendar_files, school_csv_files
from outputs.summary import summary_json
from outputs.tables import assignments_csv, uncovered_csv, violations_csv
from outputs.xlsx import build_workbook
from roster.components import WorkedShares, adopt_shares, worked_shares
from roster.model import Scenario
from roster.result import Assignment, EventRecord, Result
from solver.executor import run_tasks

CALENDAR_DIR = "calendars"
TABLES = {
    "assignments.csv": assignments_csv,
    "uncovered.csv": uncovered_csv,
    "violations.csv": violations_csv,
}
# Batches of schools for their posted tables and calendars: enough to spread over a few
# processes, few enough that each batch is worth sending.
SCHOOL_BATCHES = 16
# Tasks the posters are painted in (each poster is tens of milliseconds of Pillow's text).
POSTER_TASKS = 4
# What each task costs, in a seat's calendar events, for the batches the executor balances
# (solver/executor): a task weighed too light is batched with others and runs alone at the
# end (the district's four poster tasks, weighed by seats, ran as one batch: half the
# export's wall time, the other process idle). A poster is a duty's week of Pillow's text,
# whatever its seats; the check re-derives every rule of a seat; a school's files are a
# few rows or events per seat. The ratios are bench/README.md's ("Export tasks").
POSTER_COST = 150  # per poster
CHECKED_COST = 3.5  # per seat: the check, then roster.xlsx, the summary, report and tables
SCHOOL_COST = 0.35  # per seat of its schools
ASSIGNMENTS_COST = 0.25  # per seat: its row of assignments.csv
T = TypeVar("T")
# The sample rosters `export_seconds` times: this many seats and four times as many, this
# many to a person.
SAMPLE_SEATS = 40
SAMPLE_PER_PERSON = 10


Check = Callable[[Scenario, Result], Result]


def build_outputs(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
    before: Sequence[Assignment] | None = None,
    version: int | None = None,
) -> tuple[dict[str, bytes], dict[str, EventRecord]]:
    """Every output file by its path relative to the output folder, and the event records.
    With `before` (the roster a re-solve replaces) roster.xlsx marks what changed;
    `version` (the store's number for this roster) is printed on roster.xlsx, report.html
    and the posters.

    The files are built as independent tasks on the command's executor (solver/executor):
    the calendars, each batch of schools, the posters, each table; the folder is then
    written here, as one unit. A small roster's are built in this process
    (`PARALLEL_EVENTS`)."""
    files, records, _ = build_checked(scenario, result, now=now, previous=previous,
                                      before=before, version=version, check=None)  # fmt: skip
    return files, records


def build_checked(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
    before: Sequence[Assignment] | None = None,
    version: int | None = None,
    check: Check | None,
    ledger: bool = False,
) -> tuple[dict[str, bytes], dict[str, EventRecord], Result]:
    """`build_outputs`, and the result the files show (with history.csv if `ledger`).

    With `check` (the independent checker: the result with its violations and messages),
    the roster is checked in a task beside the files that show only its seats, and the
    files that show what it breaks (tables, roster.xlsx, summary, report) are built from
    the checker's answer in that task; that answer is the result returned. If the checker
    raises, nothing is written."""
    processes = 1 if len(result.assignments) < PARALLEL_EVENTS else None
    parts = seat_parts(scenario, result)
    if ledger:
        parts.append(ExportPart(LEDGER_FILE, max(len(result.assignments) // 8, 1)))
    if check is None:
        parts += checked_parts(result, before)
    else:
        replaced = tuple(before) if before is not None else None
        cost = _cost(CHECKED_COST * len(result.assignments))
        parts.insert(0, ExportPart("check", cost, before=replaced))
    common: ExportCommon = (scenario, result, now, previous or {}, version, check, None)
    built = _run(parts, common, processes)
    if check is not None:
        result = next(p.checked for p in built if p.checked is not None)
        shares = next((p.shares for p in built if p.shares is not None), None)
        if shares is not None:
            adopt_shares(scenario, shares)  # the summary printed here needs them too
    files: dict[str, bytes] = {}
    records: dict[str, EventRecord] = {}
    for piece in built:
        files.update(piece.files)
        records.update(piece.records)
    return files, records, result


ExportCommon = tuple[
    Scenario,
    Result,
    datetime,
    Mapping[str, EventRecord],
    int | None,
    Check | None,
    WorkedShares | None,
]


def _run(parts: list[ExportPart], common: ExportCommon, processes: int | None) -> list[Piece]:
    return run_tasks(build_part, parts, common=common, sizes=[p.size for p in parts],
                     label="export", processes=processes)  # fmt: skip


@dataclass(frozen=True)
class ExportPart:
    """One task of the export: a table (`what` = its file), the calendars, the posters (a
    shard of them), a batch of schools' posted tables or calendars (`what` = "school_csv"
    or "school_ics"), or the check."""

    what: str
    size: int
    schools: tuple[str, ...] = ()
    seats: tuple[Assignment, ...] = ()
    before: tuple[Assignment, ...] | None = None  # roster.xlsx: the replaced roster
    shard: int = 0  # posters: this task paints every POSTER_TASKS-th from this one


@dataclass(frozen=True)
class Piece:
    """What one task made: files, the calendars' event records, the checked result."""

    files: dict[str, bytes]
    records: dict[str, EventRecord] = field(default_factory=dict)
    checked: Result | None = None
    shares: WorkedShares | None = None  # the check's: the files after it need them too


def seat_parts(scenario: Scenario, result: Result) -> list[ExportPart]:
    """The tasks of the files that show the roster's seats only, not what it breaks."""
    seats = max(len(result.assignments), 1)
    rows = _cost(ASSIGNMENTS_COST * seats)
    parts = [ExportPart("assignments.csv", rows), ExportPart("calendars", seats)]
    posters = _cost(POSTER_COST * len(scenario.duties) / POSTER_TASKS)
    parts += [ExportPart("posters", posters, shard=k) for k in range(POSTER_TASKS)]
    for what in ("school_csv", "school_ics"):
        parts += _school_batches(scenario, result, what)
    return parts


def checked_parts(result: Result, before: Sequence[Assignment] | None) -> list[ExportPart]:
    """The tasks of the files that show what the roster breaks (the checker's words)."""
    seats = max(len(result.assignments), 1)
    replaced = tuple(before) if before is not None else None
    return [
        ExportPart("uncovered.csv", max(seats // 4, 1)),
        ExportPart("violations.csv", max(seats // 4, 1)),
        ExportPart("roster.xlsx", seats, before=replaced),
        ExportPart("summary.json", 1),
        ExportPart("report.html", max(seats // 4, 1)),
    ]


def _school_batches(scenario: Scenario, result: Result, what: str) -> list[ExportPart]:
    ids = [s.id for s in scenario.schools]
    if not ids:
        return []
    school_of = {d.id: d.school_id for d in scenario.duties}
    mine: dict[str, list[Assignment]] = {}
    for a in result.assignments:
        mine.setdefault(school_of.get(a.duty_id, ""), []).append(a)
    count = min(SCHOOL_BATCHES, len(ids))
    out = []
    for k in range(count):
        chosen = tuple(ids[k::count])
        seats = tuple(a for school in chosen for a in mine.get(school, ()))
        out.append(ExportPart(what, _cost(SCHOOL_COST * len(seats)), schools=chosen, seats=seats))
    return out


def _cost(seats: float) -> int:
    return max(round(seats), 1)


def build_part(common: ExportCommon, part: ExportPart) -> Piece:
    """A task: the files of one part of the export (`seat_parts`, `checked_parts`), or the
    checked result."""
    scenario, result, now, previous, version, check, shares = common
    if shares is not None:  # a spawned or remote process: the check's shares came along
        adopt_shares(scenario, shares)
    if part.what == "check" and check is not None:
        return _checked_files(common, part, check)
    if part.what == "calendars":
        work = plan_calendars(scenario, result.assignments, now=now, previous=previous)
        built = build_calendar_files(work.common, [*work.files, work.everyone])
        files = {f"{CALENDAR_DIR}/{name}": data for name, data in built.items()}
        return Piece(files, records=work.records)
    if part.what == "school_csv":
        return Piece(school_csv_files(scenario, part.seats, only=part.schools))
    if part.what == "school_ics":
        found = school_calendar_files(scenario, part.seats, now=now, only=part.schools)
        return Piece({f"{CALENDAR_DIR}/{name}": data for name, data in found.items()})
    if part.what == "roster.xlsx":
        xlsx = build_workbook(scenario, result, now=now, before=part.before, version=version)
        return Piece({part.what: xlsx})
    if part.what == "summary.json":
        return Piece({part.what: summary_json(scenario, result)})
    if part.what == "report.html":
        return Piece({part.what: report_html(scenario, result, now=now, version=version)})
    if part.what == LEDGER_FILE:  # of the seats alone: the check changes none
        return Piece(ledger_files(scenario, result))
    if part.what == "posters":
        return Piece(export_posters(scenario, result, now=now, version=version,
                                    shard=(part.shard, POSTER_TASKS)))  # fmt: skip
    return Piece({part.what: TABLES[part.what](scenario, result)})


def _checked_files(common: ExportCommon, part: ExportPart, check: Check) -> Piece:
    """The check, then in the same task the files built from its answer: they wait for
    nothing else, and the other tasks of the export fill the other processes meanwhile (as
    a second round of tasks they had waited for the slowest of the first, then for
    roster.xlsx alone)."""
    scenario, result, now, previous, version, _, _ = common
    checked = check(scenario, result)
    mine: ExportCommon = (scenario, checked, now, previous, version, None, None)
    files: dict[str, bytes] = {}
    for each in checked_parts(checked, part.before):
        files.update(build_part(mine, each).files)
    return Piece(files, checked=checked, shares=worked_shares(scenario))


def export_seconds(scenario: Scenario) -> float:
    """How long the whole export of a full roster of this scenario takes on this machine
    now: a sample roster's calendars timed with what every export pays once (a VTIMEZONE
    above all), then a sample four times its size, whose time per seat's calendar events
    is scaled to what the whole export costs in those units (`export_units`: the check,
    the posters and the school files weighed as the executor weighs them). The command
    keeps a multiple of it for the check and the export after the solve
    (solver/budget.py)."""
    small, large = _sample_seats(scenario, SAMPLE_SEATS), _sample_seats(scenario, 4 * SAMPLE_SEATS)
    if not small:
        return 0.0
    once = _calendar_seconds(scenario, small)  # with what is worked out once per export
    # The least of two timings: a first one of a few milliseconds, caches still cold, came
    # out twice the second, and the estimate multiplies it by tens of thousands of seats.
    per_seat = min(_calendar_seconds(scenario, large) for _ in range(2)) / len(large)
    return once + per_seat * max(0.0, export_units(scenario) - len(small))


def export_units(scenario: Scenario) -> float:
    """The export of a roster filling every seat at its preferred headcount, in a seat's
    calendar events: the sum of its tasks' costs (`seat_parts` and the check), by the same
    weights. A checkpoint's roster is mostly its calendars; a district's has a poster per
    duty and its schools' files on top."""
    cover, school_duties = scenario.cover, {d.id for d in scenario.duties if d.school_id}
    seats = school_seats = 0
    for s in scenario.shifts:
        n = cover.shift_headcount(s.duty_id, s.date).preferred
        seats += n
        school_seats += n if s.duty_id in school_duties else 0
    per_seat = 1 + ASSIGNMENTS_COST + CHECKED_COST  # its calendar events, its row, its check
    schools = 2 * SCHOOL_COST * school_seats  # the posted table and the calendar
    return per_seat * seats + POSTER_COST * len(scenario.duties) + schools


def _sample_seats(scenario: Scenario, count: int) -> list[Assignment]:
    """`count` seats on the scenario's first shifts, SAMPLE_PER_PERSON to a person (a
    scenario with fewer shifts or people than that reuses them)."""
    shifts, people = scenario.shifts, scenario.people
    if not shifts or not people:
        return []
    return [
        Assignment(s.date, s.duty_id, scenario.duty_by_id[s.duty_id].groups[0].id, "",
                   people[i // SAMPLE_PER_PERSON % len(people)].id)
        for i, s in ((i, shifts[i % len(shifts)]) for i in range(count))
    ]  # fmt: skip


def _calendar_seconds(scenario: Scenario, seats: Sequence[Assignment]) -> float:
    """The sample's processor time, not its wall clock: a sample of a tenth of a second is
    at the mercy of one moment off the processor (timed beside busy programs, the wall
    clock gave five times the quiet figure, and the solve lost half its limit for it);
    the margins (solver/budget.py) cover a machine shared with other work."""
    started = time.process_time()
    work = plan_calendars(scenario, seats, now=datetime.now(UTC))
    build_calendar_files(work.common, [*work.files, work.everyone])
    return time.process_time() - started


def export_files(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
    before: Sequence[Assignment] | None = None,
    version: int | None = None,
    check: Check | None = None,
) -> tuple[dict[str, bytes], dict[str, EventRecord], Result]:
    """`build_checked` and history.csv, the ledger to carry into the next roster."""
    return build_checked(
        scenario, result, now=now, previous=previous, before=before, version=version,
        check=check, ledger=True,
    )  # fmt: skip


def write_export(
    out_dir: Path, files: Mapping[str, bytes], *, commit: Callable[[], T] | None = None
) -> T | None:
    """Replace the roster's files in `out_dir` as one unit, then run `commit` (outputs.folder).

    Calendars of an earlier run that this run does not write (a person with no duty and
    nothing to cancel) go with it, so the folder never hands a teacher a stale calendar.
    """
    return write_folder(Path(out_dir), files, stale=_stale_calendar, commit=commit)


def export_all(
    scenario: Scenario,
    result: Result,
    out_dir: Path,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
) -> dict[str, EventRecord]:
    """Write assignments.csv, uncovered.csv, violations.csv, roster.xlsx, summary.json,
    report.html, history.csv, calendars/ and posters/ to `out_dir`; return the calendar
    records to publish."""
    files, records, _ = export_files(scenario, result, now=now, previous=previous)
    write_export(out_dir, files)
    return records


def _stale_calendar(name: str) -> bool:
    return name.startswith(f"{CALENDAR_DIR}/") and name.endswith(".ics") or is_poster(name)
