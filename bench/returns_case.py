"""Benchmark case: the shipped county return (inputs/scenarios/county-return).

The return plan, the daily timetable and gate duty, solved as `roster return-plan` does.
The runner checks the gate-duty roster with roster.check (the Result returned); the plan
and the timetable are checked here with their own checkers and reported in `extra`.
"""

from __future__ import annotations

import time
from pathlib import Path

from roster.model import Scenario
from roster.result import Result

COUNTY = Path(__file__).resolve().parent.parent / "inputs" / "scenarios" / "county-return"


def solve_county_return() -> tuple[Scenario, Result, dict]:
    from inputs.returns.load import load_return
    from roster.returns.check import check_plan
    from roster.returns.check_daily import check_daily
    from solver.returns.run import solve_return

    started = time.perf_counter()
    inputs = load_return(COUNTY)
    loaded = time.perf_counter() - started
    outcome = solve_return(inputs.problem, inputs.base)
    plan, daily, gate = outcome.plan, outcome.daily, outcome.gate
    assert outcome.gate_scenario is not None and gate is not None and daily is not None
    extra = {
        "load_s": round(loaded, 1),
        "cohorts": len(inputs.problem.cohorts),
        "students": sum(c.students for c in inputs.problem.cohorts),
        "plan": _figures(plan),
        "plan_checker_agrees": check_plan(outcome.problem, plan.placements).objective
        == plan.objective,
        "plan_parts": plan.stats.get("parts"),
        "daily": _figures(daily),
        "daily_checker_agrees": check_daily(inputs.problem, daily.times).objective
        == daily.objective,
        "gate_duties": len(outcome.gate_scenario.shifts),
        "gate_seats": sum(d.preferred for d in outcome.gate_scenario.demand),
        "gate_s": round(gate.wall_time_s, 1),
    }
    return outcome.gate_scenario, gate, extra


def _figures(result) -> dict:  # noqa: ANN001
    gap = None if result.gap is None else f"{100 * result.gap:.2f}%"
    return {
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": gap,
        "s": round(result.wall_time_s, 1),
    }
