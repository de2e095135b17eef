"""Write every output of a roster into one folder, all or nothing.

Every file is built in memory first, then staged next to its target and renamed over
it (outputs.atomic): a failure while building or staging leaves the files of the
previous run exactly as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from outputs.atomic import write_files_atomic
from outputs.ical import build_calendars
from outputs.ledger import ledger_files
from outputs.schools import school_calendar_files, school_csv_files
from outputs.summary import summary_json
from outputs.tables import assignments_csv, uncovered_csv, violations_csv
from outputs.xlsx import build_workbook
from roster.model import Scenario
from roster.result import EventRecord, Result

CALENDAR_DIR = "calendars"


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
    }
    files.update({f"{CALENDAR_DIR}/{name}": data for name, data in calendars.items()})
    files.update(school_files(scenario, result, now=now))
    return files, records


def school_files(scenario: Scenario, result: Result, *, now: datetime) -> dict[str, bytes]:
    """Per school: schools/<school_id>.csv to post, calendars/schools/<school_id>.ics."""
    seats = list(result.assignments)
    files = school_csv_files(scenario, seats)
    calendars = school_calendar_files(scenario, seats, now=now)
    files.update({f"{CALENDAR_DIR}/{name}": data for name, data in calendars.items()})
    return files


def export_all(
    scenario: Scenario,
    result: Result,
    out_dir: Path,
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
) -> dict[str, EventRecord]:
    """Write assignments.csv, uncovered.csv, violations.csv, roster.xlsx, summary.json and
    calendars/*.ics to `out_dir`; return the calendar records to store as published.

    Calendar files of an earlier run that this run does not write (a person with no
    duty and nothing to cancel) are removed once everything else is in place, so the
    folder never hands a teacher a stale calendar.
    """
    files, records = build_outputs(scenario, result, now=now, previous=previous)
    files.update(ledger_files(scenario, result))  # history.csv: carry it to the next roster
    out_dir = Path(out_dir)
    write_files_atomic({out_dir / name: data for name, data in files.items()})
    _remove_stale_calendars(out_dir / CALENDAR_DIR, set(files))
    return records


def _remove_stale_calendars(folder: Path, written: set[str]) -> None:
    for path in sorted(folder.rglob("*.ics")):
        if f"{CALENDAR_DIR}/{path.relative_to(folder).as_posix()}" not in written:
            path.unlink(missing_ok=True)
