"""Plan a staggered return (docs/returns.md): solved, checked, written."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from roster import progress
from roster.app.common import agree, check_out, verified, with_settings
from roster.app.executing import ExecutorSpec, executing

if TYPE_CHECKING:
    from outputs.returns.export import ReturnReport
    from roster.returns.model import ReturnProblem
    from roster.returns.result import PlanResult


@dataclass(frozen=True)
class ReturnPlanned:
    """What `plan_return` did; `report` is None when the solver found no plan (then
    nothing was written)."""

    plan: PlanResult
    report: ReturnReport | None
    out_dir: Path

    @property
    def hard_broken(self) -> bool:
        """No plan, or one where a hard rule does not hold (the CLI's exit code 3)."""
        if self.report is None:
            return True
        daily = self.report.daily
        gate = self.report.gate
        return bool(
            self.report.plan.hard_violations
            or (daily is not None and daily.hard_violations)
            or (gate is not None and gate.hard_violations)
        )


def plan_return(
    scenario_dir: Path | str,
    out_dir: Path | str,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    deterministic: bool | None = None,
    gate_duty: bool = True,
    executor: ExecutorSpec = None,
) -> ReturnPlanned:
    """Each class a return day and window within its batch, a daily timetable for day
    schools and, with `gate_duty`, the gate duty roster; every result checked by the
    independent checkers and written to `out_dir` as one unit. `time_limit` is per model.
    `executor` runs the schools and parts (roster.app.solving.solve_folder says how)."""
    from inputs.returns.load import load_return
    from outputs.returns.export import ReturnReport, write_return_outputs
    from roster.returns.explain import explain_plan
    from roster.returns.gate_duty import gate_loads
    from solver.returns.run import solve_return

    check_out(out_dir)  # before the solve: a bad output folder costs nothing
    with executing(executor):
        progress.emit("load")
        inputs = load_return(Path(scenario_dir))
        settings = with_settings(inputs.problem.solver, time_limit_s=time_limit, seed=seed,
                                 workers=workers, deterministic=deterministic)  # fmt: skip
        problem = inputs.problem
        if settings is not problem.solver:
            problem = dataclasses.replace(problem, solver=settings)
        base = inputs.base if gate_duty else None
        if base is not None:
            base = dataclasses.replace(base, solver=problem.solver)
        outcome = solve_return(problem, base)
        problem = outcome.problem  # with the daily slots the plan counted at the gates
        if outcome.plan.objective is None:
            progress.emit("done", status=outcome.plan.status.value)
            return ReturnPlanned(outcome.plan, None, Path(out_dir))
        progress.emit("check")
        plan = verified_plan(problem, outcome.plan)
        daily = verified_daily(problem, outcome.daily)
        gate = outcome.gate
        if gate is not None and outcome.gate_scenario is not None:
            gate = verified(outcome.gate_scenario, gate)
        times = daily.times if daily is not None else ()
        violations = [*plan.violations, *(daily.violations if daily is not None else ())]
        hard = [v for v in violations if v.hard]
        report = ReturnReport(
            problem, plan, daily, outcome.gate_scenario, gate,
            gate_loads(problem, plan.placements, times), explain_plan(problem, hard),
            people=inputs.base,
        )  # fmt: skip
        progress.emit("export")
        write_return_outputs(report, Path(out_dir), now=datetime.now(UTC))
        progress.emit("done", status=plan.status.value, objective=plan.objective,
                      bound=plan.best_bound)  # fmt: skip
        return ReturnPlanned(plan, report, Path(out_dir))


def verified_plan(problem: ReturnProblem, plan: PlanResult) -> PlanResult:
    """The independent checker re-derives every rule; its words go to the report."""
    from roster.returns.check import check_plan

    report = check_plan(problem, plan.placements)
    agree("plan ", report.objective, plan.objective)
    return dataclasses.replace(plan, violations=report.violations)


def verified_daily(problem: ReturnProblem, daily: PlanResult | None) -> PlanResult | None:
    from roster.returns.check_daily import check_daily

    if daily is None or daily.objective is None:
        return daily
    report = check_daily(problem, daily.times)
    agree("daily timetable ", report.objective, daily.objective)
    return dataclasses.replace(daily, violations=report.violations)
