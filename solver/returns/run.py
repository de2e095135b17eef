"""The whole staggered return: the plan, the daily timetable, and gate duty rostered with
the duty-roster engine (`solver.solve`) on the duties the plan derives."""

from __future__ import annotations

from dataclasses import dataclass

from roster.gate_duty import gate_loads, gate_scenario
from roster.model import Scenario
from roster.result import Result
from roster.return_result import PlanResult
from roster.returns import ReturnProblem
from solver.returns.daily import solve_daily
from solver.returns.solve import solve_plan


@dataclass(frozen=True)
class ReturnOutcome:
    plan: PlanResult
    daily: PlanResult | None  # None without [return.daily]
    gate_scenario: Scenario | None  # None without people.csv, or no window needs anyone
    gate: Result | None


def solve_return(problem: ReturnProblem, base: Scenario | None) -> ReturnOutcome:
    from solver import solve

    plan = solve_plan(problem)
    daily = solve_daily(problem)
    if base is None or plan.objective is None:
        return ReturnOutcome(plan, daily, None, None)
    times = daily.times if daily is not None else ()
    scenario = gate_scenario(
        problem, base, gate_loads(problem, plan.placements, times), plan.placements
    )
    return ReturnOutcome(plan, daily, scenario, solve(scenario) if scenario else None)
