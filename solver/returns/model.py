"""One model of a return problem: variables -> rule families -> cuts -> objective -> CP-SAT.

Never fails on an overfull plan: every cohort is placed, and what does not fit is
reported as a hard violation with its amount (docs/returns.md). How the plan's parts and
schools are put together: solver/returns/solve.py.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.returns.model import Cohort, ReturnProblem
from roster.returns.result import Placement, PlanResult, ReturnViolation
from solver import params, progress_callback
from solver.returns import bounds, buses, capacity, preferences, regions, siblings, variables
from solver.returns.greedy import greedy_plans
from solver.returns.hints import add_hint, complete_values
from solver.returns.penalty import ReturnPenalty
from solver.status import STATUS

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


@dataclass(frozen=True)
class Options:
    """How solve_model treats a problem beyond its rules.

    start: the plan to begin from (else the better greedy plan).
    keep: classes sharing a window in `start` keep sharing one, and classes of a school
      sharing a day keep sharing one: only whole windows and days move (the joining of
      plans made school by school, solver/returns/solve.py). Every hard rule must then
      hold (no slack): the result is a plan that keeps them, or none. Its bound is that
      of the restricted model, not of the problem's.
    floors: per school, a lower bound of its own costs (from solving it alone), posted as
      a cut when the hard rules hold (bounds.floors_hold).
    interleave: CP-SAT's subsolvers take turns in the one worker (solver/returns/solve.py
      uses it to improve a plan the plain search left short of its bound).
    """

    start: tuple[Placement, ...] | None = None
    keep: bool = False
    floors: Mapping[str, int] = field(default_factory=dict)
    interleave: bool = False


def solve_model(problem: ReturnProblem, options: Options | None = None) -> PlanResult:
    """One model for every cohort of the problem, hinted with a first plan."""
    options = options or Options()
    started = time.perf_counter()
    model = cp_model.CpModel()
    v = variables.create(model, problem)
    penalties: list[ReturnPenalty] = []
    for rule in problem.rules:
        penalties += FAMILIES[rule.kind](model, problem, v, rule)
    model.minimize(sum(p.unit_cost * p.var for p in penalties))
    values, cost = _first_plan(problem, v, penalties, options)
    add_hint(model, values)
    floor, cuts = 0, 0
    if cost < problem.hard_weight or options.keep:
        _keep_hard_rules(model, penalties)
        uses = bounds.Uses.of(problem, {r.kind for r in problem.rules if r.hard})
        cuts = bounds.add(model, problem, v, penalties, uses)
        if bounds.floors_hold(problem):
            floor = bounds.add_floors(model, penalties, options.floors)
    else:
        cuts = bounds.add(model, problem, v, penalties, bounds.Uses())
    if options.keep and options.start is not None:
        keep_together(model, problem, v, options.start)
    build_s = time.perf_counter() - started
    solver = cp_model.CpSolver()
    params.configure(solver, problem.solver)
    # Presolve's symmetry breaking would otherwise drop the hinted plan, and a part could
    # end worse than the plan it was started from.
    solver.parameters.keep_all_feasible_solutions_in_presolve = True
    if options.interleave and problem.solver.deterministic:
        # One worker runs a single search; interleaved, it takes turns with CP-SAT's
        # neighbourhood searches (LNS), still deterministic.
        solver.parameters.interleave_search = True
    code = progress_callback.solve(solver, model, "plan")
    stats = {
        "variables": len(model.proto.variables),
        "constraints": len(model.proto.constraints),
        "cuts": cuts,
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
        max(floor, int(round(solver.best_objective_bound))),
        time.perf_counter() - started,
        placements=placements(v, solver),
        violations=tuple(found),
        stats=stats,
    )


def _values(
    v: variables.PlanVars, penalties: list[ReturnPenalty], plan: dict
) -> tuple[dict[int, int], int]:
    decisions = ((x, int(plan.get(c) == (d, w))) for (c, d, w), x in v.x.items())
    return complete_values(decisions, v.flags, penalties)


def _first_plan(
    problem: ReturnProblem,
    v: variables.PlanVars,
    penalties: list[ReturnPenalty],
    options: Options,
) -> tuple[dict[int, int], int]:
    """Every variable's value in the cheapest of `start` and the greedy plans (the greedy
    ones only when `start` is missing or breaks a hard rule and need not be kept), and its
    cost."""
    plans = []
    if options.start is not None:
        plans.append({p.cohort_id: (p.date, p.window) for p in options.start})
    first = [_values(v, penalties, plan) for plan in plans]
    if not first or (first[0][1] >= problem.hard_weight and not options.keep):
        first += [_values(v, penalties, plan) for plan in greedy_plans(problem)]
    return min(first, key=lambda x: x[1])


def keep_together(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: variables.PlanVars,
    plan: tuple[Placement, ...],
) -> None:
    """Classes sharing a window in `plan` share one, two such groups of a school never
    share one, and classes of a school sharing a day share one: whole windows and days
    move (to other windows and days), nothing else, so each school's busiest window and
    grade days stay as they were."""
    slots: dict[tuple, list[Cohort]] = defaultdict(list)
    days: dict[tuple, list[Cohort]] = defaultdict(list)
    for p in plan:
        c = problem.cohort_by_id[p.cohort_id]
        slots[(c.school_id, p.date, p.window)].append(c)
        days[(c.school_id, p.date)].append(c)
    apart: dict[tuple, list] = defaultdict(list)  # (school, day, window) -> groups there
    for (school_id, _, _), members in slots.items():
        for a, b in itertools.pairwise(members):
            for day, window, x in v.by_cohort[a.id]:
                model.add(x == v.at(b, day, window))
        for day, window, x in v.by_cohort[members[0].id]:
            apart[(school_id, day, window)].append(x)
    for literals in apart.values():
        model.add_at_most_one(literals)
    for members in days.values():
        for a, b in itertools.pairwise(members):
            for day in problem.batch(a).dates:
                model.add(v.day(a, day) == v.day(b, day))


def _keep_hard_rules(model: cp_model.CpModel, penalties: list[ReturnPenalty]) -> None:
    """No slack on hard rules when the first plan keeps them all for less than one unit of
    hard_weight: no plan that breaks one can be better, so the optimum and the bound stay
    those of the model with slacks, and propagation (and the cuts) can rely on the rules."""
    for p in penalties:
        if p.rule.hard:
            model.add(p.var == 0)


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
