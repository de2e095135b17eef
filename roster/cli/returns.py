"""`roster return-plan`: the staggered return (docs/returns.md), solved, checked, written.

Exit codes as for every command: 2 bad input (file, row and column named; nothing
written), 3 written but some hard rule does not hold: a school's gate overflows, a route
lacks seats, a batch does not fit in its days (the explanation says where, by how much,
and how many more windows, days, gates or buses would make it fit), or gate duty lacks
teachers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from roster import app
from roster.cli.common import (
    EXIT_HARD_RULES_BROKEN,
    SECONDS,
    SEED,
    WORKERS,
    friendly_errors,
    scenario_dir,
)
from roster.cli.executor import executor_options
from roster.cli.progress import with_progress

if TYPE_CHECKING:
    from outputs.returns.export import ReturnReport
    from roster.result import Result
    from roster.returns.result import PlanResult


@click.command("return-plan")
@scenario_dir
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for return_plan.xlsx/.csv, notices/, calendars/, gate-duty/, summary.json.",
)
@click.option("--time-limit", type=SECONDS, help="Wall-clock limit per model (overrides toml).")
@click.option("--seed", type=SEED, help="Random seed (overrides scenario.toml).")
@click.option("--workers", type=WORKERS, help="Solver threads (overrides scenario.toml).")
@click.option(
    "--deterministic/--fast",
    default=None,
    help="Reproducible search (default in scenario.toml) or the parallel portfolio.",
)
@click.option("--no-gate-duty", is_flag=True, help="Plan the return only; roster no gate duty.")
@executor_options
@friendly_errors
@with_progress
def return_plan(
    scenario_dir: Path,
    out_dir: Path | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    deterministic: bool | None,
    no_gate_duty: bool,
    executor: Any,
) -> None:
    """Plan a staggered return: each class a return day and window within its batch,
    a daily timetable for day schools, gate duty rostered; write everything to --out.

    SCENARIO_DIR holds scenario.toml with a [return] section, schools.csv, cohorts.csv
    and, for gate duty, people.csv (docs/returns.md).
    """
    if out_dir is None:
        raise click.UsageError("--out is required: the folder for the plan's files")
    planned = app.plan_return(
        scenario_dir,
        out_dir,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
        gate_duty=not no_gate_duty,
        executor=executor,
    )
    if planned.report is None:
        click.echo(f"no plan: the solver stopped with status {planned.plan.status.value}")
    else:
        _print(planned.report, out_dir)
    if planned.hard_broken:
        sys.exit(EXIT_HARD_RULES_BROKEN)


def _line(what: str, result: PlanResult | Result) -> str:
    gap = "" if result.gap is None else f", gap {100 * result.gap:.2f}%"
    return (
        f"{what}: {result.status.value}, objective {result.objective}, bound "
        f"{result.best_bound}{gap}, {result.wall_time_s:.1f} s"
    )


def _print(report: ReturnReport, out_dir: Path) -> None:
    click.echo(_line("return plan", report.plan))
    if report.daily is not None:
        click.echo(_line("daily timetable", report.daily))
    if report.gate is not None:
        click.echo(_line("gate duty", report.gate))
    for line in report.explanation:
        click.echo(line)
    gate_hard = report.gate.hard_violations if report.gate is not None else ()
    for v in gate_hard:
        click.echo(f"HARD  {v.rule:<12} {v.message}")
    click.echo(f"written to {out_dir}")


COMMANDS = (return_plan,)
