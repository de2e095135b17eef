"""CSV exports: assignments.csv, uncovered.csv, violations.csv.

UTF-8 with a BOM (so Excel and WPS on Chinese Windows open them as UTF-8) and CRLF
line ends; text that could run as a formula in a spreadsheet is quoted (outputs.cells).
Column names are fixed English identifiers, since scripts and
`roster check` read these files back; the values keep their Chinese text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from outputs.cells import csv_cell
from outputs.texts import ExportTexts, redact_private
from outputs.views import (
    duty_rank,
    group_rank,
    shift_times,
    shortfalls,
    sorted_seats,
    violation_key,
)
from roster.model import Scenario
from roster.result import Result, Violation

ASSIGNMENT_COLUMNS = (
    "date",
    "duty",
    "duty_name",
    "group",
    "group_name",
    "role",
    "person_id",
    "name",
    "school",
    "phone",
    "start",
    "end",
)
UNCOVERED_COLUMNS = (
    "date",
    "duty",
    "duty_name",
    "group",
    "group_name",
    "role",
    "missing",
    "rule",
    "kind",
    "hard",
    "cost",
    "message",
)
VIOLATION_COLUMNS = (
    "rule",
    "kind",
    "hard",
    "date",
    "duty",
    "group",
    "role",
    "person_id",
    "amount",
    "cost",
    "message",
)


def assignments_csv(scenario: Scenario, result: Result) -> bytes:
    """One row per seat: date the shift starts, duty, group, role, person, start and end.

    With schools.csv a last column `school_id` names the school whose duty it is (empty
    for a duty of no school, like the checkpoint), to filter one school's seats.
    """
    texts = ExportTexts(scenario)
    with_schools = bool(scenario.schools)
    rows = []
    for a in sorted_seats(scenario, result.assignments):
        person = scenario.person_by_id.get(a.person_id)
        duty = scenario.duty_by_id.get(a.duty_id)
        start, end = shift_times(scenario, duty, a.date) if duty is not None else ("", "")
        extra = (duty.school_id if duty is not None else "",) if with_schools else ()
        rows.append(
            (
                a.date.isoformat(),
                a.duty_id,
                texts.duty_name(a.duty_id),
                a.group_id,
                texts.group_name(a.duty_id, a.group_id),
                a.role,
                a.person_id,
                person.name if person else "",
                person.school if person else "",
                person.phone if person else "",
                _iso(start),
                _iso(end),
                *extra,
            )
        )
    header = ASSIGNMENT_COLUMNS + (("school_id",) if with_schools else ())
    return csv_bytes(header, rows)


def uncovered_csv(scenario: Scenario, result: Result) -> bytes:
    """One row per group (and role) of a shift with seats left empty, and per group below its
    preferred size (kind `cover_short`, cost 0 when no rule prices it)."""
    texts = ExportTexts(scenario)
    rows = [
        (
            _day(v.date),
            v.duty_id,
            texts.duty_name(v.duty_id) if v.duty_id else "",
            v.group_id,
            texts.group_name(v.duty_id, v.group_id) if v.group_id else "",
            v.role,
            v.amount,
            v.rule,
            v.kind,
            _flag(v.hard),
            v.cost,
            redact_private(scenario, v.message),
        )
        for v in uncovered_sorted(scenario, shortfalls(scenario, result))
    ]
    return csv_bytes(UNCOVERED_COLUMNS, rows)


def violations_csv(scenario: Scenario, result: Result) -> bytes:
    """Every rule bent or broken: hard first, then by rule, date, duty, group, person."""
    rows = [
        (
            v.rule,
            v.kind,
            _flag(v.hard),
            _day(v.date),
            v.duty_id,
            v.group_id,
            v.role,
            v.person_id,
            v.amount,
            v.cost,
            redact_private(scenario, v.message),
        )
        for v in sorted(result.violations, key=violation_key)
    ]
    return csv_bytes(VIOLATION_COLUMNS, rows)


def uncovered_sorted(scenario: Scenario, violations: Iterable[Violation]) -> list[Violation]:
    """Empty seats by date, duty and group in scenario order, plain seats before role seats."""
    return sorted(
        violations,
        key=lambda v: (
            v.date or date.min,
            duty_rank(scenario, v.duty_id),
            v.duty_id,
            group_rank(scenario, v.duty_id, v.group_id),
            v.group_id,
            v.kind,
            v.role,
            v.rule,
        ),
    )


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The one CSV writer of roster: every cell under the export policy (outputs.cells)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _flag(value: bool) -> str:
    return "true" if value else "false"
