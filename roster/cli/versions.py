"""Versions of a roster: history, publish, diff, unavailable, swap, import."""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from roster.cli.common import (
    EXIT_HARD_RULES_BROKEN,
    echo_violations,
    friendly_errors,
    load,
    open_store,
    out_option,
    parse_day,
    scenario_dir,
    store_option,
)
from roster.cli.solving import resolve_version
from roster.model import Scenario
from roster.result import Assignment, EventRecord, Result, Status, Violation

if TYPE_CHECKING:
    from roster.check import CheckReport
    from roster.store import Store

# Seats left empty are what the solver reports too; anything else hard is refused.
SHORTAGE_KINDS = ("cover", "roles")
T = TypeVar("T")


@click.command()
@scenario_dir
@store_option
@friendly_errors
def history(scenario_dir: Path, store_path: Path | None) -> None:
    """List the recorded versions of the roster (newest last); * marks the published one."""
    with open_store(scenario_dir, store_path, create=False) as store:
        rows = store.versions()
    if not rows:
        click.echo("no versions yet; run `roster solve`")
        return
    click.echo(
        f"{'':1} {'ver':>3}  {'created (UTC)':<19}  {'kind':<7}  {'status':<10}  "
        f"{'objective':>9}  {'duties':>6}  base  note"
    )
    for v in rows:
        mark = "*" if v.published else " "
        base = str(v.base_version or "")
        click.echo(
            f"{mark} {v.id:>3}  {v.created_at:%Y-%m-%d %H:%M:%S}  {v.kind:<7}  "
            f"{v.status.value:<10}  {v.objective if v.objective is not None else '-':>9}  "
            f"{v.n_assignments:>6}  {base:>4}  {v.note}"
        )


@click.command()
@scenario_dir
@click.argument("version", required=False)
@store_option
@out_option
@friendly_errors
def publish(
    scenario_dir: Path, version: str | None, store_path: Path | None, out_dir: Path | None
) -> None:
    """Mark a version (default: the latest) as published: what teachers have in their calendars.

    Calendar SEQUENCE numbers and cancellations of later versions are counted from
    the published one. With --out, also (re)writes that version's files there.
    """
    from outputs.ical import build_calendars

    checked_out(out_dir)
    scenario = load(scenario_dir)
    with open_store(scenario_dir, store_path, create=False) as store:
        v = resolve_version(store, version)
        assignments = store.assignments(v)
        previous = store.published_events()
        now = datetime.now(UTC)
        _, events = build_calendars(scenario, assignments, now=now, previous=previous)
        publish_it = functools.partial(store.publish, v, events)
        if out_dir is None:
            publish_it()
        else:
            _export_result(scenario, _stored_result(scenario, store, v), out_dir, previous,
                           commit=publish_it)  # fmt: skip
    click.echo(f"version {v} published ({len(assignments)} duties)")


def _stored_result(scenario: Scenario, store: Store, v: int) -> Result:
    from roster.check import check

    assignments = store.assignments(v)
    report = check(scenario, assignments)
    info = store.version(v)
    return Result(
        info.status,
        report.objective,
        info.best_bound,
        info.wall_time_s or 0.0,
        assignments,
        report.violations,
    )


def _export_result(
    scenario: Scenario,
    result: Result,
    out_dir: Path,
    previous: Mapping[str, EventRecord],
    *,
    commit: Callable[[], T],
) -> T:
    """Write the roster's files to `out_dir`, then `commit` (record or publish) as one unit."""
    from outputs.export import export_files, write_export

    files, _ = export_files(scenario, result, now=datetime.now(UTC), previous=previous)
    return write_export(out_dir, files, commit=commit)  # type: ignore[return-value]


def checked_out(out_dir: Path | None) -> None:
    """--out checked before any work (exit 2 naming the path when it cannot be written)."""
    from outputs.folder import check_out_dir

    if out_dir is not None:
        check_out_dir(out_dir)


@click.command(name="diff")
@scenario_dir
@click.argument("v1")
@click.argument("v2")
@store_option
@out_option
@friendly_errors
def diff_command(
    scenario_dir: Path, v1: str, v2: str, store_path: Path | None, out_dir: Path | None
) -> None:
    """List what changed between two versions ('published', 'latest' or numbers).

    With --out, writes changes.csv and messages.txt (one message per affected person).
    """
    from outputs.folder import write_folder
    from roster.changes import changes_files, diff, messages

    checked_out(out_dir)
    scenario = load(scenario_dir)
    with open_store(scenario_dir, store_path, create=False) as store:
        old = store.assignments(resolve_version(store, v1))
        new = store.assignments(resolve_version(store, v2))
    changes = diff(old, new)
    texts = messages(scenario, changes)
    for pid in sorted(texts):
        click.echo(texts[pid])
    click.echo(f"{len(changes)} changes for {len(texts)} people")
    if out_dir is not None:
        write_folder(out_dir, changes_files(scenario, changes, texts))


@click.command()
@scenario_dir
@click.argument("person_id")
@click.argument("start")
@click.argument("end")
@click.option("--reason", default="", help="Private note for the coordinator (never exported).")
@friendly_errors
def unavailable(scenario_dir: Path, person_id: str, start: str, end: str, reason: str) -> None:
    """Add an unavailable period (inclusive dates) for a person to availability.csv."""
    from inputs.edit import add_unavailability

    first, last = parse_day(start, "START"), parse_day(end, "END")
    path = add_unavailability(scenario_dir, person_id, first, last, reason)
    click.echo(f"{person_id} unavailable {first} to {last}, added to {path}")
    click.echo(
        f"re-solve: roster solve {scenario_dir} --base published --as-of {first} --out OUT_DIR"
    )


@click.command()
@scenario_dir
@click.argument("person_a")
@click.argument("person_b")
@click.option("--date", "day", required=True, help="Date of the duty to swap (YYYY-MM-DD).")
@click.option("--duty", help="Duty id, when a person has several that day.")
@click.option(
    "--version",
    default="published",
    show_default=True,
    help="Version to swap in: 'published', 'latest' or a number.",
)
@store_option
@out_option
@friendly_errors
def swap(
    scenario_dir: Path,
    person_a: str,
    person_b: str,
    day: str,
    duty: str | None,
    version: str,
    store_path: Path | None,
    out_dir: Path | None,
) -> None:
    """Swap two people's duties on a date (or give A's duty to B), checked against every rule.

    A swap that breaks a hard rule is refused with the reason; otherwise it is
    recorded as a new version and its soft cost is shown.
    """
    from roster.swap import swap as do_swap

    checked_out(out_dir)
    scenario = load(scenario_dir)
    with open_store(scenario_dir, store_path, create=False) as store:
        base = resolve_version(store, version)
        old = store.assignments(base)
        new = do_swap(scenario, old, person_a, person_b, parse_day(day, "--date"), duty)
        note = f"swap {person_a} {person_b} {day}"
        _accept_swap(scenario, store, old, new, base=base, note=note, out_dir=out_dir)


@click.command(name="import")
@scenario_dir
@click.argument("edited", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Accept soft violations and empty seats.")
@store_option
@out_option
@friendly_errors
def import_command(
    scenario_dir: Path, edited: Path, force: bool, store_path: Path | None, out_dir: Path | None
) -> None:
    """Import a roster edited by hand (assignments .csv or .xlsx) and record it as a version.

    Every violation is reported in plain words. Broken hard rules (a double booking,
    an unavailable person, too little rest) are refused; soft violations and empty
    seats need --force.
    """
    from inputs.load import read_assignments

    checked_out(out_dir)
    scenario = load(scenario_dir)
    new = tuple(sorted(read_assignments(edited, scenario)))
    with open_store(scenario_dir, store_path) as store:
        base = store.published_version() or store.latest()
        old = store.assignments(base) if base else ()
        _accept(
            scenario,
            store,
            old,
            new,
            kind="import",
            base=base,
            force=force,
            note=f"import {edited.name}",
            out_dir=out_dir,
        )


def _accept(
    scenario: Scenario,
    store: Store,
    old: tuple[Assignment, ...],
    new: tuple[Assignment, ...],
    *,
    kind: str,
    base: int | None,
    force: bool,
    note: str,
    out_dir: Path | None,
) -> None:
    from roster.check import check

    report = check(scenario, new)
    before = check(scenario, old).objective if old else None
    echo_violations(report.violations)
    refused = [v for v in report.hard if v.kind not in SHORTAGE_KINDS]
    needs_force = [v for v in report.violations if v not in refused]
    if refused or (needs_force and not force):
        why = "hard rules broken" if refused else "violations (use --force to accept)"
        click.echo(f"refused: {len(refused or needs_force)} {why}; nothing recorded")
        sys.exit(EXIT_HARD_RULES_BROKEN)
    version = _record(
        scenario, store, new, report, kind=kind, base=base, note=note, out_dir=out_dir
    )
    delta = "" if before is None else f" (was {before}, change {report.objective - before:+d})"
    click.echo(f"recorded as version {version}; objective {report.objective}{delta}")


def _accept_swap(
    scenario: Scenario,
    store: Store,
    old: tuple[Assignment, ...],
    new: tuple[Assignment, ...],
    *,
    base: int,
    note: str,
    out_dir: Path | None,
) -> int:
    """A swap is judged by what it adds: a hard violation the roster already had (a
    later `unavailable`, say) is not the swap's doing and does not refuse it."""
    from roster.check import check

    before, report = check(scenario, old), check(scenario, new)
    added = added_violations(before.violations, report.violations)
    echo_violations(added)
    broken = [v for v in added if v.hard]
    if broken:
        click.echo(f"refused: the swap breaks {len(broken)} hard rule(s); nothing recorded")
        sys.exit(EXIT_HARD_RULES_BROKEN)
    version = _record(
        scenario, store, new, report, kind="swap", base=base, note=note, out_dir=out_dir
    )
    # The soft part alone: a hard violation the swap happens to end is not a soft gain.
    change = _soft_cost(report.violations) - _soft_cost(before.violations)
    click.echo(
        f"recorded as version {version}; soft cost of the swap {change:+d} "
        f"(objective {report.objective}, was {before.objective})"
    )
    if report.hard:
        click.echo(f"note: {len(report.hard)} hard violation(s) the roster already had remain")
    return version


def added_violations(before: Sequence[Violation], after: Sequence[Violation]) -> list[Violation]:
    """Violations of `after` that `before` does not have, counted as a multiset. A
    person's violation is the same one in any seat of that date: moving someone who is
    already unavailable to another group adds nothing."""
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
    record = functools.partial(
        store.record, result, kind=kind, inputs_hash="", params={}, base_version=base, note=note
    )
    if out_dir is None:
        return record()
    return _export_result(scenario, result, out_dir, store.published_events(), commit=record)


COMMANDS = (history, publish, diff_command, unavailable, swap, import_command)
