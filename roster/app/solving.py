"""Solve a scenario folder, and check a roster against it."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roster import progress
from roster.app.common import (
    Version,
    check_out,
    export_checked,
    load,
    open_store,
    resolve_version,
    with_settings,
)
from roster.app.executing import ExecutorSpec, executing
from roster.errors import RosterError
from roster.model import Scenario
from roster.result import Result

if TYPE_CHECKING:
    from roster.changes import Change
    from roster.check import CheckReport
    from roster.store import Store
    from solver.baseline import Baseline


@dataclass(frozen=True)
class Solved:
    """What `solve_folder` did. `version` is None when the solver found no roster: then
    nothing was written or recorded."""

    scenario: Scenario
    result: Result  # checked: violations and messages are the independent checker's
    version: int | None
    out_dir: Path
    changes: tuple[Change, ...] | None = None  # against the base, when re-solving
    warnings: tuple[str, ...] = ()  # what the precheck (and the poster font check) saw first

    @property
    def hard_broken(self) -> bool:
        """No roster, or one that breaks a hard rule (the CLI's exit code 3)."""
        return self.version is None or bool(self.result.hard_violations)


def solve_folder(
    scenario_dir: Path | str,
    out_dir: Path | str,
    *,
    store: Path | str | None = None,
    base: Version | None = None,
    as_of: date | None = None,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    deterministic: bool | None = None,
    work_limit: float | None = None,
    warn: Callable[[str], None] | None = None,
    started: float | None = None,
    executor: ExecutorSpec = None,
) -> Solved:
    """Solve the scenario in `scenario_dir`, check the roster with the independent checker,
    write every file to `out_dir` and record the roster as a version, as one unit.

    `base` ('published', 'latest' or a number) re-solves against that version: duties
    before `as_of` stay as worked and the fewest duties change. `time_limit` bounds the
    whole job in seconds (the solve stops in time to check and write); `work_limit` is the
    deterministic search's work budget. The other settings override scenario.toml's
    [solver]. `warn` hears the precheck's warnings before the solve starts. `started`
    (seconds since the epoch) is when the job began, if before this call: the console
    script notes it before its imports. `executor` runs the independent parts of the solve
    and of the export: a spec (`serial`, `local`, `local:spawn`, `local:N`,
    `dask://HOST:8786`, `tls://HOST:8786`) or an Executor; None: $ROSTER_EXECUTOR, else
    `local`. A cluster out of reach or unfit fails before anything is solved or written.
    """
    # The time limit counts the whole job, the imports below included.
    started = time.time() if started is None else started
    from outputs.export import export_seconds
    from outputs.poster_files import font_warning
    from roster.components import precheck_by_parts
    from solver.budget import precheck_until, with_deadline

    if as_of is not None and base is None:
        raise RosterError("as_of needs a base (the roster whose past is kept)")
    check_out(out_dir)  # before the solve: a bad output folder costs nothing
    with executing(executor):
        scenario = load(scenario_dir)
        settings = with_settings(
            scenario.solver,
            time_limit_s=time_limit,
            seed=seed,
            workers=workers,
            deterministic=deterministic,
            deterministic_time=work_limit,
        )
        # The files take time to write after the solve: the solve leaves it (solver/budget.py).
        progress.set_limit(settings.time_limit_s)
        export_s = export_seconds(scenario)
        scenario = dataclasses.replace(scenario, solver=with_deadline(settings, started, export_s))
        progress.emit("precheck")
        until = precheck_until(scenario.solver)
        warnings = (*precheck_by_parts(scenario, until), *font_warning())  # outputs/poster_files.py
        for line in warnings:
            if warn is not None:
                warn(line)
        with open_store(scenario_dir, store) as opened:
            solved = _solve_and_record(
                scenario, Path(scenario_dir), Path(out_dir), opened, base, as_of, warnings
            )
        r = solved.result
        progress.emit("done", status=r.status.value, objective=r.objective, bound=r.best_bound,
                      version=solved.version)  # fmt: skip
        return solved


def _solve_and_record(
    scenario: Scenario,
    scenario_dir: Path,
    out_dir: Path,
    store: Store,
    base: Version | None,
    as_of: date | None,
    warnings: tuple[str, ...],
) -> Solved:
    from roster.store import inputs_hash
    from solver import solve as run_solver

    base_version = resolve_version(store, base) if base is not None else None
    baseline = _baseline(scenario, store, base_version, as_of)
    result = run_solver(scenario, baseline)  # checked while its files are built
    if result.objective is None:
        return Solved(scenario, result, None, out_dir, warnings=warnings)
    number = store.next_version()  # printed on the files; recorded only if still free
    record = functools.partial(  # of the checked result, once the files are written
        store.record,
        kind="resolve" if baseline else "solve",
        inputs_hash=inputs_hash(scenario_dir),
        params=_params(scenario, base_version, as_of),
        base_version=base_version,
        expect=number,
    )
    changes, extra = _changes(scenario, result, baseline)
    previous = store.published_events()
    before = baseline.assignments if baseline is not None else None
    result, version = export_checked(scenario, result, out_dir, previous, commit=record,
                                     extra=extra, before=before, version=number)  # fmt: skip
    return Solved(scenario, result, version, out_dir, changes, warnings)


def _baseline(
    scenario: Scenario, store: Store, version: int | None, as_of: date | None
) -> Baseline | None:
    from solver.baseline import Baseline

    if version is None:
        return None
    return Baseline(store.assignments(version), as_of, scenario.solver.change_weight)


def _params(scenario: Scenario, base_version: int | None, as_of: date | None) -> dict[str, Any]:
    settings = dataclasses.asdict(scenario.solver)
    settings.pop("deadline", None)  # this run's clock, not a setting
    day = as_of.isoformat() if as_of is not None else None
    return settings | {"base_version": base_version, "as_of": day}


def _changes(
    scenario: Scenario, result: Result, baseline: Baseline | None
) -> tuple[tuple[Change, ...] | None, dict[str, bytes]]:
    """A re-solve's changes against its base, and changes.csv / messages.txt for them."""
    from outputs.changes import changes_files
    from roster.changes import diff, group_changes, messages

    if baseline is None:
        return None, {}
    old, new = baseline.assignments, result.assignments
    changes = tuple(diff(old, new))
    notices = messages(scenario, changes, group_changes(old, new))
    return changes, changes_files(scenario, changes, notices)


def check_roster(scenario_dir: Path | str, assignments: Path | str) -> CheckReport:
    """Every hard violation and soft penalty of a roster file (assignments .csv or .xlsx,
    or an edited roster.xlsx) and its objective, computed without the solver."""
    from inputs.posted import read_edited
    from roster.app.versions import replaced_roster
    from roster.check import check

    scenario = load(scenario_dir)
    previous = replaced_roster(scenario_dir, None)
    roster = read_edited(Path(assignments), scenario, previous)
    progress.emit("check")
    report = check(scenario, roster)
    progress.emit("done", objective=report.objective, hard=len(report.hard))
    return report
