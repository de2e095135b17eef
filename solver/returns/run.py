"""The whole staggered return: the daily timetable, the plan (which counts the timetable's
arrivals of classes already back on later return days), and gate duty rostered with the
duty-roster engine (`solver.solve`) on the duties the plan derives."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType

from roster import progress
from roster.model import Scenario
from roster.result import Result
from roster.returns.gate_duty import gate_loads, gate_scenario
from roster.returns.model import ReturnProblem
from roster.returns.result import PlanResult
from solver.returns.daily import solve_daily
from solver.returns.solve import solve_plan


@dataclass(frozen=True)
class ReturnOutcome:
    problem: ReturnProblem  # as planned: with the daily timetable's slots (daily_slots)
    plan: PlanResult
    daily: PlanResult | None  # None without [return.daily]
    gate_scenario: Scenario | None  # None without people.csv, or no window needs anyone
    gate: Result | None


def solve_return(problem: ReturnProblem, base: Scenario | None) -> ReturnOutcome:
    from solver import solve

    progress.emit("daily")
    daily = solve_daily(problem)
    if daily is not None and daily.objective is not None:
        # The timetable does not depend on the return days; the plan counts its arrivals.
        slots = MappingProxyType({t.cohort_id: t.slot for t in daily.times})
        problem = dataclasses.replace(problem, daily_slots=slots)
    progress.emit("plan")
    plan = solve_plan(problem)
    if base is None or plan.objective is None:
        return ReturnOutcome(problem, plan, daily, None, None)
    times = daily.times if daily is not None else ()
    scenario = gate_scenario(
        problem, base, gate_loads(problem, plan.placements, times), plan.placements
    )
    if scenario is None:
        return ReturnOutcome(problem, plan, daily, None, None)
    progress.emit("gate_duty")
    return ReturnOutcome(problem, plan, daily, scenario, solve(scenario))
