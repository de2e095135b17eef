"""`roster solve` and `roster check`."""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from inputs.bounds import MAX_VERSION
from roster.cli.common import (
    EXIT_HARD_RULES_BROKEN,
    SECONDS,
    SEED,
    WORKERS,
    echo_violations,
    friendly_errors,
    load,
    open_store,
    out_option,
    parse_day,
    scenario_dir,
    store_option,
    verified,
)
from roster.model import Scenario
from roster.result import Result

if TYPE_CHECKING:
    from roster.store import Store
    from solver.baseline import Baseline


def with_solver_overrides(scenario: Scenario, **overrides: Any) -> Scenario:
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return scenario
    return dataclasses.replace(scenario, solver=dataclasses.replace(scenario.solver, **changes))


@click.command()
@scenario_dir
@out_option
@store_option
@click.option("--base", help="Re-solve against a version: 'published', 'latest' or its number.")
@click.option("--as-of", help="With --base: duties before this date (YYYY-MM-DD) stay as worked.")
@click.option(
    "--time-limit",
    type=SECONDS,
    help="Wall-clock limit of the whole command, in seconds (overrides scenario.toml): the "
    "solve stops at 80 % of it at most, leaving the rest to check the roster and write the files.",
)
@click.option("--seed", type=SEED, help="Random seed (overrides scenario.toml).")
@click.option("--workers", type=WORKERS, help="Solver threads (overrides scenario.toml).")
@click.option(
    "--deterministic/--fast",
    default=None,
    help="Reproducible search (default in scenario.toml) or the parallel portfolio.",
)
@friendly_errors
def solve(
    scenario_dir: Path,
    out_dir: Path | None,
    store_path: Path | None,
    base: str | None,
    as_of: str | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    deterministic: bool | None,
) -> None:
    """Solve a scenario; write roster, calendars and spreadsheets to --out; record a version.

    With --base published --as-of DATE it re-solves after availability changes:
    duties before DATE are kept, the number of changed duties is minimised first,
    and changes.csv / messages.txt say who is affected.
    """
    from outputs.folder import check_out_dir
    from roster.components import precheck_by_parts
    from roster.store import inputs_hash
    from solver import solve as run_solver
    from solver.budget import with_deadline

    started = command_started()
    if out_dir is None:
        raise click.UsageError("--out is required: the folder for the roster files")
    if as_of is not None and base is None:
        raise click.UsageError("--as-of needs --base (the roster whose past is kept)")
    check_out_dir(out_dir)  # before the solve: a bad --out costs nothing
    scenario = with_solver_overrides(
        load(scenario_dir),
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
    )
    load_s = time.time() - started
    scenario = dataclasses.replace(scenario, solver=with_deadline(scenario.solver, started, load_s))
    for line in precheck_by_parts(scenario):
        click.echo(f"warning: {line}", err=True)
    with open_store(scenario_dir, store_path) as store:
        base_version = resolve_version(store, base) if base else None
        baseline = _baseline(scenario, store, base_version, as_of)
        result = verified(scenario, run_solver(scenario, baseline))
        if result.objective is None:
            click.echo(f"no roster: the solver stopped with status {result.status.value}")
            sys.exit(EXIT_HARD_RULES_BROKEN)
        record = functools.partial(
            store.record,
            result,
            kind="resolve" if baseline else "solve",
            inputs_hash=inputs_hash(scenario_dir),
            params=_params(scenario, base_version, as_of),
            base_version=base_version,
        )
        version = _export(scenario, result, out_dir, store, baseline, record)
    _report(scenario, result, out_dir, version)


def _baseline(
    scenario: Scenario, store: Store, version: int | None, as_of: str | None
) -> Baseline | None:
    from solver.baseline import Baseline

    if version is None:
        return None
    freeze = parse_day(as_of, "--as-of") if as_of else None
    return Baseline(store.assignments(version), freeze, scenario.solver.change_weight)


def _params(scenario: Scenario, base_version: int | None, as_of: str | None) -> dict:
    settings = dataclasses.asdict(scenario.solver)
    settings.pop("deadline", None)  # this run's clock, not a setting
    return settings | {"base_version": base_version, "as_of": as_of}


def _export(
    scenario: Scenario,
    result: Result,
    out_dir: Path,
    store: Store,
    baseline: Baseline | None,
    record: Callable[[], int],
) -> int:
    """Write every file, changes.csv and messages.txt included, then record the version:
    solve, export and record are one unit (outputs.folder)."""
    from outputs.export import export_files, write_export
    from roster.changes import changes_files, diff, messages

    now = datetime.now(UTC)
    files, _ = export_files(scenario, result, now=now, previous=store.published_events())
    if baseline is not None:
        changes = diff(baseline.assignments, result.assignments)
        files.update(changes_files(scenario, changes, messages(scenario, changes)))
        click.echo(
            f"{len(changes)} changed duties for {len({c.person_id for c in changes})} people"
        )
    return write_export(out_dir, files, commit=record)  # type: ignore[return-value]


def _report(scenario: Scenario, result: Result, out_dir: Path, version: int) -> None:
    from outputs.summary import human_summary

    click.echo(human_summary(scenario, result))
    if "changes" in result.stats:
        proven = result.stats.get("changes_proven_minimal")
        note = "proven minimal" if proven else "not proven minimal"
        click.echo(f"changed assignments: {result.stats['changes']} ({note})")
    click.echo(f"written to {out_dir}; recorded as version {version}")
    if result.hard_violations:
        sys.exit(EXIT_HARD_RULES_BROKEN)


def version_number(name: str) -> int | None:
    """A version typed as a number, within what the store can hold (str.isdigit would
    also take '²', which int() refuses)."""
    if re.fullmatch(r"[0-9]{1,19}", name) is None or not 1 <= int(name) <= MAX_VERSION:
        return None
    return int(name)


def resolve_version(store: Store, name: str | None) -> int:
    """'published', 'latest' (default) or a number -> an existing version id."""
    from roster.errors import RosterError

    if name in (None, "latest"):
        found = store.latest()
    elif name == "published":
        found = store.published_version()
    elif version_number(name) is not None:
        found = store.version(version_number(name)).id
    else:
        raise RosterError(
            f"version {name!r}: expected 'published', 'latest' or a number from 1 to {MAX_VERSION}"
        )
    if found is None:
        what = "published" if name == "published" else "recorded"
        raise RosterError(f"no {what} version yet in the store; run `roster solve` first")
    return found


@click.command()
@scenario_dir
@click.argument("assignments_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def check(scenario_dir: Path, assignments_csv: Path) -> None:
    """Check a roster (assignments.csv, e.g. edited by hand) against every rule.

    Lists every hard violation and soft penalty and the objective, computed
    without the solver. Exit code 3 when a hard rule is broken.
    """
    from inputs.load import read_assignments
    from roster.check import check as run_check

    scenario = load(scenario_dir)
    report = run_check(scenario, read_assignments(assignments_csv, scenario))
    echo_violations(report.violations)
    for line in report.improvable:
        click.echo(f"improvable: {line}")
    click.echo(f"objective {report.objective}; hard violations {len(report.hard)}")
    if report.hard:
        sys.exit(EXIT_HARD_RULES_BROKEN)


def command_started() -> float:
    """When the command started: noted by the console script before its imports, else now."""
    obj = click.get_current_context().obj
    return obj["started"] if isinstance(obj, dict) and "started" in obj else time.time()


def today() -> date:
    return datetime.now(UTC).date()


COMMANDS = (solve, check)
