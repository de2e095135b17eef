"""The `roster` command: the one place that wires readers, solver, checker and exporters.

Exit codes: 0 done; 2 bad input (nothing written); 3 roster written, but some hard
rule could not hold (uncovered seats are listed); 1 an internal error.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from roster import __version__
from roster.errors import RosterError
from roster.model import Scenario
from roster.result import Result

EXIT_BAD_INPUT = 2
EXIT_HARD_RULES_BROKEN = 3

scenario_dir = click.argument(
    "scenario_dir", type=click.Path(exists=True, file_okay=False, path_type=Path)
)


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Bad input ends with its message and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RosterError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roster")
def main() -> None:
    """Duty rosters for volunteer teachers: checkpoint nights, school duty, staggered return.

    A scenario is a folder with scenario.toml, people.csv and availability.csv
    (see README). `roster solve` writes the roster, calendars and spreadsheets.
    """


def with_solver_overrides(scenario: Scenario, **overrides: Any) -> Scenario:
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return scenario
    return dataclasses.replace(scenario, solver=dataclasses.replace(scenario.solver, **changes))


@main.command()
@scenario_dir
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for assignments.csv, roster.xlsx, calendars/, summary.json.",
)
@click.option("--time-limit", type=float, help="Wall-clock limit in seconds (overrides toml).")
@click.option("--seed", type=int, help="Random seed (overrides scenario.toml).")
@click.option("--workers", type=int, help="Solver threads (overrides scenario.toml).")
@click.option(
    "--deterministic/--fast",
    default=None,
    help="Reproducible search (default from scenario.toml) or the faster parallel portfolio.",
)
@friendly_errors
def solve(
    scenario_dir: Path,
    out_dir: Path,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    deterministic: bool | None,
) -> None:
    """Solve a scenario and write the roster, calendars and spreadsheets to --out."""
    from inputs.load import load_scenario
    from outputs.export import export_all
    from outputs.summary import human_summary
    from roster.explain import precheck
    from solver import solve as run_solver

    scenario = with_solver_overrides(
        load_scenario(scenario_dir),
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
    )
    for line in precheck(scenario):
        click.echo(f"warning: {line}", err=True)
    result = verified(scenario, run_solver(scenario))
    export_all(scenario, result, out_dir, now=datetime.now(UTC))
    click.echo(human_summary(scenario, result))
    click.echo(f"written to {out_dir}")
    if result.hard_violations:
        sys.exit(EXIT_HARD_RULES_BROKEN)


def verified(scenario: Scenario, result: Result) -> Result:
    """Re-derive every rule with the independent checker; its words go to the report."""
    from roster.check import check
    from roster.explain import explain_shortages

    if result.objective is None:
        return result
    report = check(scenario, result.assignments)
    if report.objective != result.objective:
        raise SystemExit(
            f"internal error: the checker's objective {report.objective} differs from the "
            f"solver's {result.objective}; please report this scenario"
        )
    return dataclasses.replace(
        result,
        violations=report.violations,
        messages=tuple(explain_shortages(scenario, report.violations)),
    )


@main.command()
@scenario_dir
@click.argument("assignments_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def check(scenario_dir: Path, assignments_csv: Path) -> None:
    """Check a roster (assignments.csv, e.g. edited by hand) against every rule.

    Lists every hard violation and soft penalty and the objective, computed
    without the solver. Exit code 3 when a hard rule is broken.
    """
    from inputs.load import load_scenario, read_assignments
    from roster.check import check as run_check

    scenario = load_scenario(scenario_dir)
    report = run_check(scenario, read_assignments(assignments_csv, scenario))
    for v in report.violations:
        flag = "HARD" if v.hard else "soft"
        click.echo(f"{flag}  {v.rule:<20} cost {v.cost:>8}  {v.message}")
    click.echo(f"objective {report.objective}; hard violations {len(report.hard)}")
    if report.hard:
        sys.exit(EXIT_HARD_RULES_BROKEN)


if __name__ == "__main__":
    main()
