"""The return plan: variables -> rule families -> objective -> CP-SAT -> PlanResult.

Never fails on an overfull plan: every cohort is placed, and what does not fit is
reported as a hard violation with its amount (docs/returns.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.result import Status
from roster.returns import Placement, PlanResult, ReturnProblem, ReturnViolation
from solver import params
from solver.returns import buses, capacity, parts, preferences, regions, siblings, variables
from solver.returns.fanout import cores, merge, run_parts
from solver.returns.greedy import greedy_plan
from solver.returns.hints import complete_hint
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
STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}


def solve_plan(problem: ReturnProblem, processes: int | None = None) -> PlanResult:
    """The plan of every cohort: its independent parts solved apart (solver/returns/parts.py),
    in parallel processes where the machine has cores, and merged."""
    found = parts.parts(problem)
    if len(found) == 1:
        return solve_whole(problem)
    started = time.perf_counter()
    items = [parts.sub_problem(problem, c, share=len(c) / len(problem.cohorts)) for c in found]
    if processes is None:
        processes = max(1, cores() // problem.solver.workers)
    results = run_parts(solve_whole, items, processes)
    return merge(results, time.perf_counter() - started)


def solve_whole(problem: ReturnProblem) -> PlanResult:
    """One model for every cohort of the problem."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    v = variables.create(model, problem)
    penalties: list[ReturnPenalty] = []
    for rule in problem.rules:
        penalties += FAMILIES[rule.kind](model, problem, v, rule)
    model.minimize(sum(p.unit_cost * p.var for p in penalties))
    plan = greedy_plan(problem)
    decisions = ((x, int(plan.get(c) == (d, w))) for (c, d, w), x in v.x.items())
    complete_hint(model, decisions, v.flags, penalties)
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
