"""history.csv: the fairness ledger to carry into the next roster.

Per person and category (those of the fairness rules, and any the incoming history
had): the duties carried before this roster plus this roster's. The next roster's
folder reads it back as its history.csv (inputs/history.py). UTF-8 with a BOM and CRLF,
like the other CSV outputs; `export_all` writes it atomically with them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from outputs.tables import csv_bytes
from roster.fairness import ledger_categories, next_ledger
from roster.model import Scenario, Shift
from roster.result import Assignment, Result

LEDGER_FILE = "history.csv"
LEDGER_COLUMNS = ("person_id", "category", "count", "through")


def ledger_files(scenario: Scenario, result: Result) -> dict[str, bytes]:
    """{"history.csv": ...}, or nothing when no category is counted at all."""
    if not ledger_categories(scenario):
        return {}
    return {LEDGER_FILE: ledger_csv(scenario, result.assignments)}


def ledger_csv(scenario: Scenario, assignments: Iterable[Assignment]) -> bytes:
    through = scenario.end.isoformat()
    rows = [
        (e.person_id, e.category, e.count, through)
        for e in next_ledger(scenario, worked_shifts(scenario, assignments))
    ]
    return csv_bytes(LEDGER_COLUMNS, rows)


def worked_shifts(scenario: Scenario, assignments: Iterable[Assignment]) -> dict[str, set[Shift]]:
    """Person -> distinct shifts worked; seats of unknown shifts or people count for nobody."""
    out: dict[str, set[Shift]] = defaultdict(set)
    for a in assignments:
        shift = scenario.shift_by_id.get(a.shift_id)
        if shift is not None and a.person_id in scenario.person_by_id:
            out[a.person_id].add(shift)
    return out
