"""The solve: variables -> rule families -> objective -> CP-SAT -> Result.

Never raises on an infeasible model: the Result carries the status, and every
relaxed hard rule appears among its violations.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from roster.model import Scenario
from roster.result import Assignment, Result, Status, Violation
from solver import grouping, params, variables
from solver.penalty import Penalty
from solver.rules import RULES, cover, overlap, roles

STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}
SPLIT_KINDS = ("cover", "roles")  # reported per group, after the split


def solve(scenario: Scenario) -> Result:
    started = time.perf_counter()
    model = cp_model.CpModel()
    v = variables.create(model, scenario)
    penalties = build(model, scenario, v)
    model.minimize(sum(p.unit_cost * p.var for p in penalties))
    build_s = time.perf_counter() - started

    solver = cp_model.CpSolver()
    params.configure(solver, scenario.solver)
    code = solver.solve(model)
    status = STATUS[code]
    stats = _stats(model, solver, build_s)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result(status, None, None, time.perf_counter() - started, stats=stats)

    assignments, violations = _extract(scenario, solver, v, penalties)
    objective = sum(x.cost for x in violations)
    bound = _bound(solver, penalties, violations)
    return Result(
        status,
        objective,
        bound,
        time.perf_counter() - started,
        tuple(assignments),
        tuple(violations),
        stats=stats,
    )


def build(model: cp_model.CpModel, scenario: Scenario, v: variables.Vars) -> list[Penalty]:
    cover.add_capacity(model, scenario, v)
    roles.add_capacity(model, scenario, v)
    overlap.add(model, scenario, v)
    penalties: list[Penalty] = []
    for rule in scenario.rules:
        penalties += RULES[rule.kind](model, scenario, v, rule)
    return penalties


def _extract(
    scenario: Scenario, solver: cp_model.CpSolver, v: variables.Vars, penalties: list[Penalty]
) -> tuple[list[Assignment], list[Violation]]:
    workers = _workers(scenario, solver, v)
    school_rule = next(iter(scenario.rule("same_school_group")), None)
    assignments: list[Assignment] = []
    violations = [_violation(solver, p) for p in penalties if p.rule.kind not in SPLIT_KINDS]
    for shift in scenario.shifts:
        split = grouping.split_shift(scenario, shift, workers.get(shift.id, []), school_rule)
        assignments += split.assignments
        violations += _split_violations(scenario, shift, split, school_rule)
    return sorted(assignments), sorted(v for v in violations if v.amount > 0)


def _workers(
    scenario: Scenario, solver: cp_model.CpSolver, v: variables.Vars
) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (pid, shift_id), x in v.works.items():
        if solver.boolean_value(x):
            out[shift_id].append((pid, grouping.MEMBER))
    for (pid, shift_id, role), r in v.role.items():
        if solver.boolean_value(r):
            out[shift_id] = [(p, role if p == pid else c) for p, c in out[shift_id]]
    return out


def _violation(solver: cp_model.CpSolver, p: Penalty) -> Violation:
    amount = max(0, *(int(solver.value(part)) for part in p.parts))
    return Violation(
        rule=p.rule.name,
        kind=p.rule.kind,
        hard=p.rule.hard,
        amount=amount,
        cost=amount * p.unit_cost,
        date=p.date,
        person_id=p.person_id,
        duty_id=p.duty_id,
        group_id=p.group_id,
        role=p.role,
    )


def _split_violations(scenario, shift, split: grouping.Split, school_rule) -> list[Violation]:
    duty = scenario.duty_by_id[shift.duty_id]
    out = []
    for rule in scenario.rules:
        cost = scenario.solver.hard_weight if rule.hard else rule.weight
        for g in duty.groups:
            if rule.kind == "cover":
                out.append(
                    _group_violation(rule, cost, shift, g.id, "", g.size - split.seats[g.id])
                )
            elif rule.kind == "roles":
                for role, q in sorted(g.role_seats.items()):
                    missing = q - split.role_seats.get((g.id, role), 0)
                    out.append(_group_violation(rule, cost, shift, g.id, role, missing))
    if school_rule is not None:
        for _school, extra in grouping.school_spread(scenario, split.assignments).items():
            out.append(_group_violation(school_rule, school_rule.weight, shift, "", "", extra))
    return out


def _group_violation(rule, cost: int, shift, group_id: str, role: str, amount: int) -> Violation:
    return Violation(
        rule=rule.name,
        kind=rule.kind,
        hard=rule.hard,
        amount=amount,
        cost=amount * cost,
        date=shift.date,
        duty_id=shift.duty_id,
        group_id=group_id,
        role=role,
    )


def _bound(solver: cp_model.CpSolver, penalties: list[Penalty], violations: list[Violation]) -> int:
    """Bound of the whole objective: the first stage's bound plus the split's cost.

    The split is solved to optimality for the chosen shifts, so the sum bounds the
    objective *of this two-stage decomposition* (README, "Objective and bound").
    """
    split_cost = sum(x.cost for x in violations if x.kind == "same_school_group")
    return int(round(solver.best_objective_bound)) + split_cost


def _stats(model: cp_model.CpModel, solver: cp_model.CpSolver, build_s: float) -> dict:
    proto = model.proto
    return {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "build_s": round(build_s, 3),
        "solve_s": round(solver.wall_time, 3),
        "deterministic_time": round(solver.deterministic_time, 3),
        "first_stage_objective": int(round(solver.objective_value)),
        "first_stage_bound": int(round(solver.best_objective_bound)),
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
    }
