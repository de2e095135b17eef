"""The return plan: variables -> rule families -> objective -> CP-SAT -> PlanResult.

Never fails on an overfull plan: every cohort is placed, and what does not fit is
reported as a hard violation with its amount (docs/returns.md).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.result import Status
from roster.return_result import Placement, PlanResult, ReturnViolation
from roster.returns import ReturnProblem
from solver import params
from solver.returns import buses, capacity, parts, preferences, regions, siblings, variables
from solver.returns.fanout import merge, run_parts
from solver.returns.greedy import greedy_plans
from solver.returns.hints import add_hint, complete_values
from solver.returns.penalty import ReturnPenalty

Family = Callable[
    [cp_model.CpModel, ReturnProblem, variables.PlanVars, RuleSpec], list[ReturnPenalty]
]
FAMILIES: dict[str, Family] = {
    "capacity": capacity.add,
    "buses": buses.add,
    "regions": regions.add,
    "siblings": siblings.add,
    "preferences": preferences.add,
}
# Share of the work budget the first round spreads over the parts by size; the rest goes
# where the first round left most to gain (measured on the county example: 6.9 % gap with
# one round by size, see docs/returns.md).
FIRST_ROUND = 1.0
STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}


def solve_plan(problem: ReturnProblem, processes: int | None = None) -> PlanResult:
    """The plan of every cohort: its independent parts solved apart (solver/returns/parts.py),
    one worker each, in as many processes at once as the machine has cores, and merged."""
    found = parts.parts(problem)
    if len(found) == 1:
        return solve_whole(problem)
    started = time.perf_counter()
    first = FIRST_ROUND / len(problem.cohorts)
    items = [parts.sub_problem(problem, c, share=first * len(c)) for c in found]
    results = run_parts(_solve_item, [(item, None) for item in items], processes)
    results = _second_round(problem, items, results, processes)
    return merge(results, time.perf_counter() - started)


def _values(
    v: variables.PlanVars, penalties: list[ReturnPenalty], plan: dict
) -> tuple[dict[int, int], int]:
    decisions = ((x, int(plan.get(c) == (d, w))) for (c, d, w), x in v.x.items())
    return complete_values(decisions, v.flags, penalties)


def _solve_item(item: tuple[ReturnProblem, tuple[Placement, ...] | None]) -> PlanResult:
    return solve_whole(*item)


def _second_round(
    problem: ReturnProblem,
    items: list[ReturnProblem],
    results: list[PlanResult],
    processes: int | None,
) -> list[PlanResult]:
    """The work the first round left goes to the parts it did not prove, in proportion to
    what each may still gain (objective - bound), each starting from its first plan. Work
    units are counted deterministically, so the plan stays reproducible."""
    used = sum(float(r.stats.get("deterministic_time", 0)) for r in results)
    left = problem.solver.deterministic_time - used
    gain = {i: r.objective - r.best_bound for i, r in enumerate(results)
            if r.status is Status.FEASIBLE and r.objective is not None
            and r.best_bound is not None and r.objective > r.best_bound}  # fmt: skip
    if not problem.solver.deterministic or left < parts.MIN_WORK or not gain:
        return results
    open_ = sorted(gain)
    total = sum(gain.values())
    again = [
        (parts.with_budget(items[i], max(parts.MIN_WORK, left * gain[i] / total)),
         results[i].placements)
        for i in open_
    ]  # fmt: skip
    out = list(results)
    for i, second in zip(open_, run_parts(_solve_item, again, processes), strict=True):
        out[i] = _better(results[i], second)
    return out


def _better(first: PlanResult, second: PlanResult) -> PlanResult:
    """The lower objective, with the higher of the two (valid) bounds."""
    if second.objective is None or first.objective is None:
        return first if second.objective is None else second
    best = second if second.objective < first.objective else first
    bound = max(b for b in (first.best_bound, second.best_bound) if b is not None)
    work = float(first.stats.get("deterministic_time", 0)) + float(
        second.stats.get("deterministic_time", 0)
    )
    status = Status.OPTIMAL if best.objective <= bound else best.status
    stats = dict(best.stats) | {"deterministic_time": round(work, 3)}
    return dataclasses.replace(best, best_bound=bound, status=status, stats=stats,
                               wall_time_s=first.wall_time_s + second.wall_time_s)  # fmt: skip


def solve_whole(problem: ReturnProblem, start: tuple[Placement, ...] | None = None) -> PlanResult:
    """One model for every cohort of the problem, hinted with `start` or a greedy plan."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    v = variables.create(model, problem)
    penalties: list[ReturnPenalty] = []
    for rule in problem.rules:
        penalties += FAMILIES[rule.kind](model, problem, v, rule)
    model.minimize(sum(p.unit_cost * p.var for p in penalties))
    if start is None:
        plans = greedy_plans(problem)
    else:
        plans = [{p.cohort_id: (p.date, p.window) for p in start}]
    add_hint(model, min((_values(v, penalties, plan) for plan in plans), key=lambda x: x[1])[0])
    build_s = time.perf_counter() - started
    solver = cp_model.CpSolver()
    params.configure(solver, problem.solver)
    # Presolve's symmetry breaking would otherwise drop the hinted plan (measured: parts
    # ending worse than their hint).
    solver.parameters.keep_all_feasible_solutions_in_presolve = True
    code = solver.solve(model)
    stats = {
        "variables": len(model.proto.variables),
        "constraints": len(model.proto.constraints),
        "build_s": round(build_s, 3),
        "solve_s": round(solver.wall_time, 3),
        "deterministic_time": round(solver.deterministic_time, 3),
    }
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return PlanResult(STATUS[code], None, None, time.perf_counter() - started, stats=stats)
    found = extract(penalties, solver)
    return PlanResult(
        STATUS[code],
        sum(x.cost for x in found),
        int(round(solver.best_objective_bound)),
        time.perf_counter() - started,
        placements=placements(v, solver),
        violations=tuple(found),
        stats=stats,
    )


def placements(v: variables.PlanVars, solver: cp_model.CpSolver) -> tuple[Placement, ...]:
    return tuple(
        sorted(Placement(c, d, w) for (c, d, w), x in v.x.items() if solver.boolean_value(x))
    )


def extract(penalties: list[ReturnPenalty], solver: cp_model.CpSolver) -> list[ReturnViolation]:
    def value(expr: cp_model.LinearExprT) -> int:
        return int(solver.value(expr))

    out = []
    for p in penalties:
        amount = p.amount(value)
        if amount > 0 and p.unit_cost > 0:
            out.append(
                ReturnViolation(
                    rule=p.rule.name,
                    kind=p.kind,
                    hard=p.rule.hard,
                    amount=amount,
                    cost=amount * p.unit_cost,
                    date=p.date,
                    school_id=p.school_id,
                    window=p.window,
                    subject=p.subject,
                )
            )
    return sorted(out)
