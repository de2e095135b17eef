"""The solve: variables -> rule families -> objective -> CP-SAT -> Result.

Never raises on an infeasible model: the Result carries the status, and every
relaxed hard rule appears among its violations.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.components import Part
from roster.model import Scenario
from roster.result import Result, Status
from solver import params, relax, variables
from solver.baseline import Baseline, change_terms, freeze, frozen_people, hint_published
from solver.extract import extract
from solver.penalty import Penalty
from solver.rules import RULES, cover, overlap, roles

STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}
HAS_SOLUTION = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass
class Built:
    model: cp_model.CpModel
    vars: variables.Vars
    penalties: list[Penalty]
    changes: cp_model.LinearExprT = 0
    forced_changes: int = 0

    def cost(self, hard_only: bool = False) -> cp_model.LinearExprT:
        return sum(
            p.unit_cost * p.var
            for p in self.penalties
            if relax.counts_as_hard(p.rule) or not hard_only
        )


def solve(scenario: Scenario, base: Baseline | None = None) -> Result:
    """Solve a scenario; with `base`, stay as close as possible to a published roster.

    Parts that share nobody (schools whose people serve only their own school) are solved
    as independent models in parallel processes and merged (solver/decompose.py).
    """
    from solver.decompose import school_stats, solve_in_parts

    merged = solve_in_parts(scenario, base, solve_whole)
    if merged is not None:
        return merged
    result = solve_whole(scenario, base)
    if scenario.schools:
        whole = [Part(tuple(d.id for d in scenario.duties), tuple(p.id for p in scenario.people))]
        result.stats["schools"] = school_stats(scenario, whole, [result])
    return result


def solve_whole(scenario: Scenario, base: Baseline | None = None) -> Result:
    """Solve the scenario as one model.

    Hard rules that contradict each other do not end in a bare INFEASIBLE: the scenario is
    solved again with them priced at `hard_weight` per unit (solver/relax.py).
    """
    result = _solve(scenario, base)
    if result.status is not Status.INFEASIBLE or not relax.has_hard_rules(scenario):
        return result
    return relax.as_hard(scenario, _solve(relax.priced(scenario), base))


def _solve(scenario: Scenario, base: Baseline | None = None) -> Result:
    started = time.perf_counter()
    built = build(scenario, base)
    build_s = time.perf_counter() - started
    if base is not None and base.change_weight is None:
        solver, code, extra = _solve_fewest_changes_first(built, scenario)
    else:
        weight = base.change_weight if base is not None else 0
        built.model.minimize(built.cost() + weight * built.changes)
        solver, extra = _configured(scenario), {}
        code = solver.solve(built.model)
    stats = _stats(built.model, solver, build_s) | extra
    if code not in HAS_SOLUTION:
        return Result(STATUS[code], None, None, time.perf_counter() - started, stats=stats)
    assignments, violations = extract(scenario, solver, built.vars, built.penalties, base)
    if base is not None:
        stats["changes"] = int(solver.value(built.changes)) + built.forced_changes
    bound = _bound(solver, violations) if base is None or base.change_weight is None else None
    return Result(
        STATUS[code],
        sum(x.cost for x in violations),
        bound,
        time.perf_counter() - started,
        tuple(assignments),
        tuple(violations),
        stats=stats,
    )


def build(scenario: Scenario, base: Baseline | None = None) -> Built:
    model = cp_model.CpModel()
    v = variables.create(model, scenario, frozen_people(scenario, base))
    cover.add_capacity(model, scenario, v)
    roles.add_capacity(model, scenario, v)
    overlap.add(model, scenario, v)
    penalties: list[Penalty] = []
    for rule in scenario.rules:
        penalties += RULES[rule.kind](model, scenario, v, rule)
    built = Built(model, v, penalties)
    if base is not None:
        freeze(model, scenario, v, base)
        if base.hint:
            hint_published(model, v, base)
        built.changes, built.forced_changes = change_terms(scenario, v, base)
    return built


def _configured(scenario: Scenario, *, warm_start: bool = False) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params.configure(solver, scenario.solver, warm_start=warm_start)
    return solver


def _solve_fewest_changes_first(
    built: Built, scenario: Scenario
) -> tuple[cp_model.CpSolver, int, dict[str, object]]:
    """Stage 1: hard rules, then fewest changes. Stage 2: the usual objective, changes capped.

    Capped at the stage-1 values, not at its bound: with a FEASIBLE stage 1 the
    minimum is only that of the incumbent (reported as not proven).
    """
    model = built.model
    model.minimize(built.cost(hard_only=True) + built.changes)
    first = _configured(scenario, warm_start=True)
    code = first.solve(model)
    if code not in HAS_SOLUTION:
        return first, code, {}
    fewest = int(first.value(built.changes))
    hard_cost = int(first.value(built.cost(hard_only=True)))
    extra = {"changes_proven_minimal": code == cp_model.OPTIMAL, "stage1_s": first.wall_time}
    model.add(built.changes <= fewest)
    model.add(built.cost(hard_only=True) <= hard_cost)
    _hint_current(model, first, built.vars)
    model.minimize(built.cost())
    # Stage 1's roster is a complete hint: one worker polishing it measured 1.3 s to the
    # optimum on the benchmark re-solve, interleaving 5.7 s (bench/README.md).
    second = _configured(scenario, warm_start=True)
    code = second.solve(model)
    return second, code, extra


def _hint_current(model: cp_model.CpModel, solver: cp_model.CpSolver, v: variables.Vars) -> None:
    model.clear_hints()
    for var in (*v.works.values(), *v.role.values()):
        model.add_hint(var, solver.boolean_value(var))


def _bound(solver: cp_model.CpSolver, violations) -> int:  # noqa: ANN001
    """Bound of the whole objective: the first stage's bound plus the split's cost.

    The split is solved to optimality for the chosen shifts, so the sum bounds the
    objective *of this two-stage decomposition* (README, "Objective and bound").
    """
    split_cost = sum(x.cost for x in violations if x.kind == "same_school_group")
    return int(round(solver.best_objective_bound)) + split_cost


def _stats(model: cp_model.CpModel, solver: cp_model.CpSolver, build_s: float) -> dict:
    return {
        "variables": len(model.proto.variables),
        "constraints": len(model.proto.constraints),
        "build_s": round(build_s, 3),
        "solve_s": round(solver.wall_time, 3),
        "deterministic_time": round(solver.deterministic_time, 3),
        "first_stage_objective": int(round(solver.objective_value)),
        "first_stage_bound": int(round(solver.best_objective_bound)),
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
    }
