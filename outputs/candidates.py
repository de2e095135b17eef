"""`candidates --csv`: the ranked candidates for an empty seat, as a table to save."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from outputs.atomic import write_bytes_atomic
from outputs.tables import csv_bytes
from roster.candidates import Candidate

CSV_COLUMNS = (
    "person_id",
    "name",
    "school",
    "group",
    "role",
    "duties",
    "fair_share",
    "added_cost",
    "rules_bent",
)


def candidates_csv(found: Sequence[Candidate]) -> bytes:
    """UTF-8 with BOM and CRLF, fixed English column names, as the other CSV exports."""
    rows = [
        [
            c.person.id,
            c.person.name,
            c.person.school,
            c.seat.group_id,
            c.seat.role,
            c.duties,
            f"{float(c.share):.2f}",
            c.delta.added_cost,
            ";".join(f"{rule}:{cost}" for rule, cost in c.delta.bent),
        ]
        for c in found
    ]
    return csv_bytes(CSV_COLUMNS, rows)


def write_candidates_csv(path: Path, found: Sequence[Candidate]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, candidates_csv(found))
