"""`roster return-plan`: the staggered return (docs/returns.md), solved, checked, written.

Exit codes as for every command: 2 bad input (file, row and column named; nothing
written), 3 written but some hard rule does not hold: a school's gate overflows, a route
lacks seats, a batch does not fit in its days (the explanation says where, by how much,
and how many more windows, days, gates or buses would make it fit), or gate duty lacks
teachers.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from roster.cli.common import (
    EXIT_HARD_RULES_BROKEN,
    SECONDS,
    SEED,
    WORKERS,
    friendly_errors,
    scenario_dir,
    verified,
)
from roster.returns.model import ReturnProblem
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
@friendly_errors
def return_plan(
    scenario_dir: Path,
    out_dir: Path | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    deterministic: bool | None,
    no_gate_duty: bool,
) -> None:
    """Plan a staggered return: each class a return day and window within its batch,
    a daily timetable for day schools, gate duty rostered; write everything to --out.

    SCENARIO_DIR holds scenario.toml with a [return] section, schools.csv, cohorts.csv
    and, for gate duty, people.csv (docs/returns.md).
    """
    from inputs.returns.load import load_return
    from outputs.folder import check_out_dir
    from outputs.returns.export import ReturnReport, write_return_outputs
    from roster.returns.explain import explain_plan
    from roster.returns.gate_duty import gate_loads
    from solver.returns.run import solve_return

    if out_dir is None:
        raise click.UsageError("--out is required: the folder for the plan's files")
    check_out_dir(out_dir)  # before the solve: a bad --out costs nothing
    inputs = load_return(scenario_dir)
    overrides = {"time_limit_s": time_limit, "seed": seed, "workers": workers,
                 "deterministic": deterministic}  # fmt: skip
    problem = _with_solver(inputs.problem, overrides)
    base = None if no_gate_duty or inputs.base is None else inputs.base
    if base is not None:
        base = dataclasses.replace(base, solver=problem.solver)
    outcome = solve_return(problem, base)
    problem = outcome.problem  # with the daily slots the plan counted at the gates
    if outcome.plan.objective is None:
        click.echo(f"no plan: the solver stopped with status {outcome.plan.status.value}")
        sys.exit(EXIT_HARD_RULES_BROKEN)
    plan = verified_plan(problem, outcome.plan)
    daily = verified_daily(problem, outcome.daily)
    gate = outcome.gate
    if gate is not None and outcome.gate_scenario is not None:
        gate = verified(outcome.gate_scenario, gate)
    times = daily.times if daily is not None else ()
    hard = [*plan.hard_violations, *(daily.hard_violations if daily is not None else ())]
    report = ReturnReport(
        problem, plan, daily, outcome.gate_scenario, gate,
        gate_loads(problem, plan.placements, times), explain_plan(problem, hard),
        people=inputs.base,
    )  # fmt: skip
    write_return_outputs(report, out_dir, now=datetime.now(UTC))
    _print(report, out_dir)


def _with_solver(problem: ReturnProblem, overrides: dict[str, object]) -> ReturnProblem:
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return problem
    return dataclasses.replace(problem, solver=dataclasses.replace(problem.solver, **changes))


def verified_plan(problem: ReturnProblem, plan: PlanResult) -> PlanResult:
    """The independent checker re-derives every rule; its words go to the report."""
    from roster.returns.check import check_plan

    report = check_plan(problem, plan.placements)
    _agree("plan", report.objective, plan)
    return dataclasses.replace(plan, violations=report.violations)


def verified_daily(problem: ReturnProblem, daily: PlanResult | None) -> PlanResult | None:
    from roster.returns.check_daily import check_daily

    if daily is None or daily.objective is None:
        return daily
    report = check_daily(problem, daily.times)
    _agree("daily timetable", report.objective, daily)
    return dataclasses.replace(daily, violations=report.violations)


def _agree(what: str, checked: int, result: PlanResult) -> None:
    if checked != result.objective:
        raise SystemExit(
            f"internal error: the checker's {what} objective {checked} differs from the "
            f"solver's {result.objective}; please report this scenario"
        )


def _line(what: str, result) -> str:  # noqa: ANN001
    gap = "" if result.gap is None else f", gap {100 * result.gap:.2f}%"
    return (
        f"{what}: {result.status.value}, objective {result.objective}, bound "
        f"{result.best_bound}{gap}, {result.wall_time_s:.1f} s"
    )


def _print(report, out_dir: Path) -> None:  # noqa: ANN001
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
    hard = report.plan.hard_violations or (report.daily and report.daily.hard_violations)
    if hard or gate_hard:
        sys.exit(EXIT_HARD_RULES_BROKEN)


COMMANDS = (return_plan,)
