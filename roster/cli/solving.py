"""`roster solve` and `roster check`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from roster import app
from roster.cli.common import (
    EXIT_HARD_RULES_BROKEN,
    SECONDS,
    SEED,
    WORKERS,
    command_started,
    echo_violations,
    friendly_errors,
    out_option,
    parse_day,
    scenario_dir,
    store_option,
)
from roster.cli.executor import executor_options
from roster.cli.progress import echo_above, with_progress


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
    "solve stops at 90 % of it at most, leaving the rest to check the roster and write the files.",
)
@click.option("--seed", type=SEED, help="Random seed (overrides scenario.toml).")
@click.option("--workers", type=WORKERS, help="Solver threads (overrides scenario.toml).")
@click.option(
    "--deterministic/--fast",
    default=None,
    help="Reproducible search (default in scenario.toml) or the parallel portfolio.",
)
@executor_options
@friendly_errors
@with_progress
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
    executor: Any,
) -> None:
    """Solve a scenario; write roster, calendars and spreadsheets to --out; record a version.

    With --base published --as-of DATE it re-solves after availability changes:
    duties before DATE are kept, the number of changed duties is minimised first,
    and changes.csv / messages.txt say who is affected.
    """
    started = command_started()
    if out_dir is None:
        raise click.UsageError("--out is required: the folder for the roster files")
    if as_of is not None and base is None:
        raise click.UsageError("--as-of needs --base (the roster whose past is kept)")
    solved = app.solve_folder(
        scenario_dir,
        out_dir,
        store=store_path,
        base=base,
        as_of=parse_day(as_of, "--as-of") if as_of else None,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
        warn=lambda line: echo_above(f"warning: {line}"),
        started=started,
        executor=executor,
    )
    _report(solved)
    if solved.hard_broken:
        sys.exit(EXIT_HARD_RULES_BROKEN)


def _report(solved: app.Solved) -> None:
    from outputs.summary import human_summary

    result = solved.result
    if solved.version is None:
        click.echo(f"no roster: the solver stopped with status {result.status.value}")
        return
    if solved.changes is not None:
        people = len({c.person_id for c in solved.changes})
        click.echo(f"{len(solved.changes)} changed duties for {people} people")
    click.echo(human_summary(solved.scenario, result))
    if "changes" in result.stats:
        proven = result.stats.get("changes_proven_minimal")
        note = "proven minimal" if proven else "not proven minimal"
        click.echo(f"changed assignments: {result.stats['changes']} ({note})")
    click.echo(f"written to {solved.out_dir}; recorded as version {solved.version}")


@click.command()
@scenario_dir
@click.argument("assignments_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
@with_progress
def check(scenario_dir: Path, assignments_csv: Path) -> None:
    """Check a roster (assignments.csv, say one edited by hand, or an edited roster.xlsx)
    against every rule.

    Lists every hard violation and soft penalty and the objective, computed
    without the solver. Exit code 3 when a hard rule is broken.
    """
    report = app.check_roster(scenario_dir, assignments_csv)
    echo_violations(report.violations)
    for line in report.improvable:
        click.echo(f"improvable: {line}")
    click.echo(f"objective {report.objective}; hard violations {len(report.hard)}")
    if report.hard:
        sys.exit(EXIT_HARD_RULES_BROKEN)


COMMANDS = (solve, check)
