"""What every job shares: the scenario, the store, versions, the independent check."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from inputs.bounds import MAX_VERSION
from roster import progress
from roster.errors import RosterError
from roster.model import Scenario, SolverSettings
from roster.result import Assignment, EventRecord, Result

if TYPE_CHECKING:
    from roster.store import Store

T = TypeVar("T")
Version = str | int  # 'published', 'latest' or a version number


class CheckerDisagrees(RuntimeError):
    """The independent checker's objective differs from the solver's: a bug to report."""


def load(scenario_dir: Path | str) -> Scenario:
    from inputs.load import load_scenario

    progress.emit("load")
    return load_scenario(Path(scenario_dir))


def open_store(
    scenario_dir: Path | str, store_path: Path | str | None, *, create: bool = True
) -> Store:
    """The scenario's store; only jobs that record a version pass `create`, so a
    mistyped store path of a reading job makes no empty store."""
    from roster.store import Store, default_store_path

    return Store.open(Path(store_path or default_store_path(Path(scenario_dir))), create=create)


def check_out(out_dir: Path | str | None) -> None:
    """The output folder checked before any work (RosterError naming the path)."""
    from outputs.folder import check_out_dir

    if out_dir is not None:
        check_out_dir(Path(out_dir))


def optional_path(path: Path | str | None) -> Path | None:
    return None if path is None else Path(path)


def with_settings(settings: SolverSettings, **overrides: Any) -> SolverSettings:
    """`settings` with every override that is not None."""
    changes = {k: v for k, v in overrides.items() if v is not None}
    return dataclasses.replace(settings, **changes) if changes else settings


def verified(scenario: Scenario, result: Result) -> Result:
    """Re-derive every rule with the independent checker; its words go to the report."""
    if result.objective is None:
        return result
    progress.emit("check")
    return checked(scenario, result)


def checked(scenario: Scenario, result: Result) -> Result:
    """`verified` without a word to the progress line: the check as a task of the export
    (`export_checked`), beside the files."""
    from roster.components import check_by_parts, explain_by_parts
    from solver.budget import explain_until

    if result.objective is None:
        return result
    # Part by part when schools share nobody: the same report, in time for a city.
    report = check_by_parts(scenario, result.assignments)
    agree("", report.objective, result.objective)
    return dataclasses.replace(
        result,
        violations=report.violations,
        messages=tuple(
            explain_by_parts(
                scenario, report.violations, result.assignments, explain_until(scenario.solver)
            )
        ),
    )


def agree(what: str, checked: int, solved: int | None) -> None:
    """Raise CheckerDisagrees unless the checker's objective is the solver's."""
    if checked != solved:
        raise CheckerDisagrees(
            f"internal error: the checker's {what}objective {checked} differs from the "
            f"solver's {solved}; please report this scenario"
        )


def version_number(name: str) -> int | None:
    """A version typed as a number, within what the store can hold (str.isdigit would
    also take '²', which int() refuses)."""
    if re.fullmatch(r"[0-9]{1,19}", name) is None or not 1 <= int(name) <= MAX_VERSION:
        return None
    return int(name)


def resolve_version(store: Store, name: Version | None) -> int:
    """'published', 'latest' (default) or a number -> an existing version id."""
    name = str(name) if isinstance(name, int) else name
    if name in (None, "latest"):
        found = store.latest()
    elif name == "published":
        found = store.published_version()
    elif (number := version_number(name)) is not None:
        found = store.version(number).id
    else:
        raise RosterError(
            f"version {name!r}: expected 'published', 'latest' or a number from 1 to {MAX_VERSION}"
        )
    if found is None:
        what = "published" if name == "published" else "recorded"
        raise RosterError(f"no {what} version yet in the store; run `roster solve` first")
    return found


def export_result(
    scenario: Scenario,
    result: Result,
    out_dir: Path,
    previous: Mapping[str, EventRecord],
    *,
    commit: Callable[[], T],
    extra: Mapping[str, bytes] | None = None,
    before: Sequence[Assignment] | None = None,
    version: int | None = None,
) -> T:
    """Write the roster's files (and `extra` ones) to `out_dir`, then `commit` (record or
    publish) as one unit (outputs.folder). With `before`, the roster this one replaces,
    roster.xlsx marks what changed; `version` is the number the files print: the one
    `commit` records (it must check that: Store.record's `expect`) or publishes."""
    _, done = export_checked(scenario, result, out_dir, previous, commit=lambda _: commit(),
                             extra=extra, before=before, version=version, check=None)  # fmt: skip
    return done


def export_checked(
    scenario: Scenario,
    result: Result,
    out_dir: Path,
    previous: Mapping[str, EventRecord],
    *,
    commit: Callable[[Result], T],
    extra: Mapping[str, bytes] | None = None,
    before: Sequence[Assignment] | None = None,
    version: int | None = None,
    check: Callable[[Scenario, Result], Result] | None = checked,
) -> tuple[Result, T]:
    """`export_result` of a roster the independent checker has not seen yet: it is checked
    (`checked`) while the files that show only its seats are built, and the rest show the
    checker's words; `commit` gets the checked result once the files are in place, and its
    answer is returned with that result. A checker that disagrees with the solver
    (CheckerDisagrees) stops it before anything is written."""
    from outputs.export import export_files, write_export
    from solver.executor import frozen_heap

    if check is not None:
        progress.emit("check")
    progress.emit("export")
    now = datetime.now(UTC)
    if before is not None and sorted(before) == sorted(result.assignments):
        before = None  # nothing changed: no changes sheet
    with frozen_heap():  # the solve's objects: left out of the collections meanwhile
        files, _, result = export_files(
            scenario, result, now=now, previous=previous, before=before, version=version,
            check=check,
        )  # fmt: skip
        files.update(extra or {})
        done = write_export(Path(out_dir), files, commit=functools.partial(commit, result))
    return result, done  # type: ignore[return-value]


def stored_result(scenario: Scenario, store: Store, version: int) -> Result:
    """A recorded version as a result: its seats and solver numbers from the store, its
    violations from the independent checker (the solver's objective when it solved it)."""
    from roster.check import check

    assignments = store.assignments(version)
    report = check(scenario, assignments)
    info = store.version(version)
    return Result(info.status, report.objective, info.best_bound, info.wall_time_s or 0.0,
                  assignments, report.violations)  # fmt: skip
