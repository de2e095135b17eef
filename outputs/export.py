"""Write every output of a roster into one folder, all or nothing.

Every file is built in memory first, then the folder is replaced as one unit
(outputs.folder): a failure while building or writing leaves the files of the
previous run exactly as they were, and the caller's `commit` (recording the version)
runs only once the new files are all in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from outputs.folder import write_folder
from outputs.ical import build_calendars
from outputs.ledger import ledger_files
from outputs.poster_files import export_posters, is_poster
from outputs.report import report_html
from outputs.schools import school_calendar_files, school_csv_files
from outputs.summary import summary_json
from outputs.tables import assignments_csv, uncovered_csv, violations_csv
from outputs.xlsx import build_workbook
from roster.model import Scenario
from roster.result import Assignment, EventRecord, Result

CALENDAR_DIR = "calendars"
T = TypeVar("T")
# A sample roster for `export_seconds`: this many duties, this many to a person.
SAMPLE_DUTIES = 40
SAMPLE_PER_PERSON = 10


def build_outputs(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
) -> tuple[dict[str, bytes], dict[str, EventRecord]]:
    """Every output file by its path relative to the output folder, and the event records."""
    calendars, records = build_calendars(scenario, result.assignments, now=now, previous=previous)
    files = {
        "assignments.csv": assignments_csv(scenario, result),
        "uncovered.csv": uncovered_csv(scenario, result),
        "violations.csv": violations_csv(scenario, result),
        "roster.xlsx": build_workbook(scenario, result, now=now),
        "summary.json": summary_json(scenario, result),
        "report.html": report_html(scenario, result, now=now),
    }
    files.update(export_posters(scenario, result, now=now))
    files.update({f"{CALENDAR_DIR}/{name}": data for name, data in calendars.items()})
    files.update(school_files(scenario, result, now=now))
    return files, records


def export_seconds(scenario: Scenario) -> float:
    """How long the calendars of a full roster of this scenario take to build on this
    machine: a sample of duties timed now, scaled to the scenario's seats. Calendars are
    most of the export's work, and the command must leave time for them (solver/budget.py)."""
    shifts = scenario.shifts[:SAMPLE_DUTIES]
    # A scenario with fewer people than the sample needs reuses them (a starter has two).
    people = scenario.people[: -(-len(shifts) // SAMPLE_PER_PERSON)]
    if not shifts or not people:
        return 0.0
    sample = [
        Assignment(s.date, s.duty_id, scenario.duty_by_id[s.duty_id].groups[0].id, "",
                   people[i // SAMPLE_PER_PERSON % len(people)].id)
        for i, s in enumerate(shifts)
    ]  # fmt: skip
    started = time.perf_counter()
    build_calendars(scenario, sample, now=datetime.now(UTC))
    spent = time.perf_counter() - started
    cover = scenario.cover
    seats = sum(cover.shift_headcount(s.duty_id, s.date).preferred for s in scenario.shifts)
    return spent * seats / len(sample)


def school_files(scenario: Scenario, result: Result, *, now: datetime) -> dict[str, bytes]:
    """Per school: schools/<school_id>.csv to post, calendars/schools/<school_id>.ics."""
    seats = list(result.assignments)
    files = school_csv_files(scenario, seats)
    calendars = school_calendar_files(scenario, seats, now=now)
    files.update({f"{CALENDAR_DIR}/{name}": data for name, data in calendars.items()})
    return files


def export_files(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
) -> tuple[dict[str, bytes], dict[str, EventRecord]]:
    """`build_outputs` and history.csv, the ledger to carry into the next roster."""
    files, records = build_outputs(scenario, result, now=now, previous=previous)
    files.update(ledger_files(scenario, result))
    return files, records


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
    files, records = export_files(scenario, result, now=now, previous=previous)
    write_export(out_dir, files)
    return records


def _stale_calendar(name: str) -> bool:
    return name.startswith(f"{CALENDAR_DIR}/") and name.endswith(".ics") or is_poster(name)
