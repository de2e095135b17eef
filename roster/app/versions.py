"""Versions of a roster: history, diff, swap, import; and unavailability (publishing:
roster.app.publishing)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from roster import progress
from roster.app.common import (
    Version,
    check_out,
    export_result,
    load,
    open_store,
    optional_path,
    resolve_version,
)
from roster.app.executing import ExecutorSpec, executing
from roster.model import Scenario
from roster.result import Assignment, Result, Status, Violation

if TYPE_CHECKING:
    from roster.changes import Change
    from roster.check import CheckReport
    from roster.store import Store, VersionInfo

# Seats left empty are what the solver reports too; anything else hard is refused.
SHORTAGE_KINDS = ("cover", "roles")


@dataclass(frozen=True)
class Diffed:
    changes: tuple[Change, ...]
    messages: dict[str, str]  # person id -> the notice to send them


@dataclass(frozen=True)
class Swapped:
    """A swap: recorded as `version`, or refused (None) because it breaks `broken`."""

    version: int | None
    added: tuple[Violation, ...]  # what the swap adds to the roster's violations
    objective: int
    objective_before: int
    soft_change: int  # the soft cost the swap adds (negative: saves)
    hard_left: int  # hard violations the roster already had and still has

    @property
    def broken(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.added if v.hard)


@dataclass(frozen=True)
class Imported:
    """An imported roster: recorded as `version`, or refused (None)."""

    version: int | None
    report: CheckReport
    objective_before: int | None  # of the version it replaces, if any
    refused: tuple[Violation, ...]  # hard violations no import may bring
    needs_force: tuple[Violation, ...]  # soft ones and empty seats: accepted with force


def history(scenario_dir: Path | str, store: Path | None = None) -> list[VersionInfo]:
    """The recorded versions, oldest first."""
    with open_store(scenario_dir, store, create=False) as opened:
        return opened.versions()


def diff_versions(
    scenario_dir: Path | str,
    old: Version,
    new: Version,
    *,
    store: Path | str | None = None,
    out_dir: Path | str | None = None,
) -> Diffed:
    """What changed between two versions; with `out_dir`, changes.csv and messages.txt."""
    from outputs.changes import changes_files
    from outputs.folder import write_folder
    from roster.changes import diff, group_changes, messages

    check_out(out_dir)
    scenario = load(scenario_dir)
    with open_store(scenario_dir, store, create=False) as opened:
        before = opened.assignments(resolve_version(opened, old))
        after = opened.assignments(resolve_version(opened, new))
    changes = tuple(diff(before, after))
    texts = messages(scenario, changes, group_changes(before, after))
    if out_dir is not None:
        write_folder(Path(out_dir), changes_files(scenario, changes, texts))
    return Diffed(changes, texts)


def mark_unavailable(
    scenario_dir: Path | str, person_id: str, first: date, last: date, reason: str = ""
) -> Path:
    """Add an unavailable period (inclusive) to availability.csv; returns the file."""
    from inputs.edit import add_unavailability

    return add_unavailability(Path(scenario_dir), person_id, first, last, reason)


def swap(
    scenario_dir: Path | str,
    person_a: str,
    person_b: str,
    day: date,
    *,
    duty: str | None = None,
    version: Version = "published",
    store: Path | str | None = None,
    out_dir: Path | str | None = None,
    executor: ExecutorSpec = None,
) -> Swapped:
    """Swap two people's duties on `day` (or give A's duty to B). Refused when it adds a
    hard violation; else recorded as a new version (and written to `out_dir`, its files
    built on `executor`)."""
    from roster.check import check
    from roster.swap import swap as swapped

    check_out(out_dir)
    with executing(executor):
        scenario = load(scenario_dir)
        with open_store(scenario_dir, store, create=False) as opened:
            base = resolve_version(opened, version)
            old = opened.assignments(base)
            new = swapped(scenario, old, person_a, person_b, day, duty)
            progress.emit("check")
            before, report = check(scenario, old), check(scenario, new)
            added = tuple(added_violations(before.violations, report.violations))
            recorded = None
            if not any(v.hard for v in added):
                note = f"swap {person_a} {person_b} {day.isoformat()}"
                recorded = _record(scenario, opened, new, report, kind="swap", base=base,
                                   note=note, out_dir=optional_path(out_dir))  # fmt: skip
    # The soft part alone: a hard violation the swap happens to end is not a soft gain.
    change = _soft_cost(report.violations) - _soft_cost(before.violations)
    progress.emit("done", objective=report.objective, version=recorded)
    return Swapped(recorded, added, report.objective, before.objective, change, len(report.hard))


def added_violations(before: Sequence[Violation], after: Sequence[Violation]) -> list[Violation]:
    """Violations of `after` that `before` does not have, counted as a multiset. A
    person's violation is the same one in any seat of that date: moving someone who is
    already unavailable to another group adds nothing. So a swap is judged by what it
    adds: a hard violation the roster already had (a later unavailability) is not its
    doing and does not refuse it."""
    remaining = Counter(_identity(v) for v in before)
    added = []
    for v in after:
        key = _identity(v)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            added.append(v)
    return added


def _soft_cost(violations: Sequence[Violation]) -> int:
    return sum(v.cost for v in violations if not v.hard)


def _identity(v: Violation) -> tuple[object, ...]:
    seat = ("", "") if v.person_id else (v.group_id, v.role)
    return (v.rule, v.kind, v.hard, v.date, v.person_id, v.duty_id, *seat, v.amount, v.cost)


def import_roster(
    scenario_dir: Path | str,
    edited: Path | str,
    *,
    force: bool = False,
    store: Path | str | None = None,
    out_dir: Path | str | None = None,
    executor: ExecutorSpec = None,
) -> Imported:
    """Take a roster edited by hand (assignments .csv or .xlsx, or the roster.xlsx
    `roster solve` wrote, edited on its roster sheets), check it against every rule and
    record it as a version. Broken hard rules are refused; soft violations and
    empty seats need `force`. `executor` builds the files written to `out_dir`."""
    from inputs.posted import read_edited
    from roster.check import check

    check_out(out_dir)
    with executing(executor):
        scenario = load(scenario_dir)
        # read before the store is opened for writing: bad input creates no store
        replaced = replaced_roster(scenario_dir, store)
        new = tuple(sorted(read_edited(Path(edited), scenario, replaced)))
        with open_store(scenario_dir, store) as opened:
            base = opened.published_version() or opened.latest()
            old = opened.assignments(base) if base else ()
            progress.emit("check")
            report = check(scenario, new)
            before = check(scenario, old).objective if old else None
            refused = tuple(v for v in report.hard if v.kind not in SHORTAGE_KINDS)
            needs_force = tuple(v for v in report.violations if v not in refused)
            recorded = None
            if not refused and (force or not needs_force):
                note = f"import {Path(edited).name}"
                recorded = _record(scenario, opened, new, report, kind="import", base=base,
                                   note=note, out_dir=optional_path(out_dir))  # fmt: skip
    progress.emit("done", objective=report.objective, version=recorded)
    return Imported(recorded, report, before, refused, needs_force)


def replaced_roster(scenario_dir: Path | str, store: Path | str | None) -> tuple[Assignment, ...]:
    """The roster an import replaces (published, else latest), () without a store."""
    from roster.store import default_store_path

    if not Path(store or default_store_path(Path(scenario_dir))).exists():
        return ()
    with open_store(scenario_dir, store, create=False) as opened:
        base = opened.published_version() or opened.latest()
        return opened.assignments(base) if base else ()


def _record(
    scenario: Scenario,
    store: Store,
    new: tuple[Assignment, ...],
    report: CheckReport,
    *,
    kind: str,
    base: int | None,
    note: str,
    out_dir: Path | None,
) -> int:
    """Record the roster as a version; with `out_dir`, its files first, then the version
    (outputs.folder: one unit)."""
    result = Result(Status.FEASIBLE, report.objective, None, 0.0, new, report.violations)
    number = store.next_version()  # printed on the files; recorded only if still free
    record = functools.partial(
        store.record, result, kind=kind, inputs_hash="", params={}, base_version=base, note=note,
        expect=number,
    )  # fmt: skip
    if out_dir is None:
        return record(expect=None)  # no files print the number
    before = store.assignments(base) if base else None
    return export_result(scenario, result, out_dir, store.published_events(), commit=record,
                         before=before, version=number)  # fmt: skip
