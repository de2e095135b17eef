"""The solve: variables -> rule families -> objective -> CP-SAT -> Result.

Never raises on an infeasible model: the Result carries the status, and every
relaxed hard rule appears among its violations.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster import progress
from roster.components import Part
from roster.model import Scenario
from roster.result import Result, Status
from solver import (
    fraction,
    hinted,
    lower_bound,
    params,
    phases,
    progress_callback,
    relax,
    teams,
    variables,
)
from solver.baseline import Baseline, change_terms, freeze, frozen_people, hint_published
from solver.blocks import BlockBound, Shares, seed_shares
from solver.budget import BuildStopped, check_build, out_of_time
from solver.extract import extract
from solver.fallback import with_fallback
from solver.floor import with_floor
from solver.penalty import Penalty
from solver.rules import RULES, cover, overlap, roles
from solver.status import STATUS

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

    merged = solve_in_parts(scenario, base, solve_part)
    if merged is not None:
        return _with_stop(scenario, with_floor(scenario, merged))
    result = with_fallback(scenario, solve_whole(scenario, base), base)
    if scenario.schools:
        whole = [Part(tuple(d.id for d in scenario.duties), tuple(p.id for p in scenario.people))]
        result.stats["schools"] = school_stats(scenario, whole, [result])
    return _with_stop(scenario, with_floor(scenario, result))


def solve_part(scenario: Scenario, base: Baseline | None) -> Result:
    """One part of a scenario (solver/decompose.py), with a roster even when its search
    found none in time (solver/fallback.py)."""
    return with_fallback(scenario, solve_whole(scenario, base), base)


def _with_stop(scenario: Scenario, result: Result) -> Result:
    """What ended the search: a proof (`optimal`), the work budget, or the wall clock
    (`time_limit`: a rerun may then give another roster)."""
    if result.status in (Status.OPTIMAL, Status.INFEASIBLE):
        stop = "proof"
    elif result.stats.get("stopped_by") == "time_limit" or not scenario.solver.deterministic:
        stop = "time_limit"
    else:
        stop = "work_budget"
    result.stats["stopped_by"] = stop
    return result


def solve_whole(
    scenario: Scenario,
    base: Baseline | None = None,
    shares: Shares | None = None,
    bounds: list[BlockBound] | None = None,
) -> Result:
    """Solve the scenario as one model, or a large pool in teams (solver/teams.py).

    `shares` and `bounds` are those of a larger pool the scenario is a team of (the fair
    shares and person bounds of all of it). Hard rules that contradict each other do not
    end in a bare INFEASIBLE: the scenario is solved again with them priced at
    `hard_weight` per unit (solver/relax.py).
    """
    if base is None and shares is None and _in_teams(scenario):
        if _too_late(scenario):  # the teams' bounds alone would overrun: the fallback now
            return _not_built()
        return teams.solve_in_teams(scenario, _solve_team, solve_whole)
    result = _solve(scenario, base, shares, bounds)
    if result.status is not Status.INFEASIBLE or not relax.has_hard_rules(scenario):
        return result
    return relax.as_hard(scenario, _solve(relax.priced(scenario), base, shares))


def _in_teams(scenario: Scenario) -> bool:
    """A large pool in teams, unless a long horizon is searched from its constructed
    roster (solver/hinted.py)."""
    if not teams.applicable(scenario):
        return False
    return not hinted.applicable(scenario, teams.candidate_pairs(scenario))


def _solve_team(scenario: Scenario, shares: Shares, bounds: list[BlockBound]) -> Result:
    return solve_whole(scenario, None, shares, bounds)


def _solve(
    scenario: Scenario,
    base: Baseline | None = None,
    shares: Shares | None = None,
    bounds: list[BlockBound] | None = None,
) -> Result:
    started = time.perf_counter()
    if _too_late(scenario):
        return _not_built()
    if base is None and shares is None and hinted.too_large(scenario):
        return hinted.construction_only(scenario)  # no model: its search never helped
    progress.emit("build")
    try:
        built = build(scenario, base, shares)
    except BuildStopped as stop:
        # The fallback roster (solver/fallback.py) replaces the search's.
        build_s = round(time.perf_counter() - started, 3)
        stats = {"stopped_by": "time_limit", "not_built": True, "build_stopped_at": stop.at}
        return Result(Status.UNKNOWN, None, None, build_s, stats=stats | {"build_s": build_s})
    build_s = time.perf_counter() - started
    lower = None
    if base is None and shares is None:
        lower = lower_bound.before_search(scenario, len(built.vars.works))
    if base is None:
        # The wall-clock limit covers the build and the relaxation too.
        spent = time.perf_counter() - started
        clock = lower_bound.less_work(_less_wall(scenario, spent), lower)
        if shares is None and hinted.applicable(scenario, len(built.vars.works)):
            columns = None if lower is None else lower.columns
            run = hinted.solve_from_construction(
                built.model, built.penalties, clock, built.vars, columns
            )
        else:
            run = phases.solve_fresh(built.model, built.penalties, clock, built.vars, bounds, lower)
    elif base.change_weight is None:
        run = _solve_fewest_changes_first(built, scenario)
    else:
        built.model.minimize(built.cost() + base.change_weight * built.changes)
        solver = _configured(scenario)
        code = progress_callback.solve(solver, built.model, "search")
        extra: dict = {}
        phases.note_clock(extra, solver, code)
        run = phases.Run(solver, code, None, extra)
    if lower is not None and run.relaxed is not None:
        lower = run.relaxed  # resumed after the search (solver/phases.py)
    stats = _stats(built, run, build_s) | run.extra | lower_bound.stats(lower)
    run.bound = lower_bound.better(run.bound, lower, stats)
    constructed = stats.pop("constructed", None)
    if not run.has_solution and constructed is not None:
        # The long horizon's own construction (solver/hinted.py), not built a second time.
        return hinted.as_result(scenario, constructed, stats, time.perf_counter() - started)
    if not run.has_solution:
        # The bound proven so far stays: a fallback roster is measured against it.
        return Result(STATUS[run.code], None, run.bound, time.perf_counter() - started, stats=stats)
    run, (assignments, violations, split) = _fairest(built, scenario, base, run, stats, started)
    if base is not None:
        stats["changes"] = int(run.solver.value(built.changes)) + built.forced_changes
    objective = sum(x.cost for x in violations)
    stats["split_least"] = split
    bound = None if run.bound is None else run.bound + split
    status = _with_split(STATUS[run.code], objective, bound, split, violations)
    return Result(
        status,
        objective,
        bound,
        time.perf_counter() - started,
        tuple(assignments),
        tuple(violations),
        stats=stats,
    )


def _fairest(
    built: Built,
    scenario: Scenario,
    base: Baseline | None,
    run: phases.Run,
    stats: dict,
    started: float,
) -> tuple[phases.Run, tuple[list, list, int]]:
    """Of the rosters as good as this one, the fairest to the fraction (solver/fraction.py),
    extracted. The split into groups is not in the model: when the fairer roster's split
    costs more, the first roster stays."""
    if base is not None and base.frozen(scenario.end):
        # A roster scored whole (solver/teams.py): nothing is left to choose.
        return run, extract(scenario, run.solver, built.vars, built.penalties, base)
    weight = None if base is None else base.change_weight
    changes = None if weight is None else (built.changes, weight)
    model, penalties, v = built.model, built.penalties, built.vars
    fairer = fraction.fairest(
        model, penalties, v, scenario, run, built.cost(), stats, changes, started
    )
    found = extract(scenario, fairer.solver, v, penalties, base)
    if fairer is run or not fraction.split_after(scenario):
        return fairer, found
    kept = extract(scenario, run.solver, v, penalties, base)
    if sum(x.cost for x in kept[1]) < sum(x.cost for x in found[1]):
        fraction.undone(stats)
        return run, kept
    return fairer, found


def _not_built() -> Result:
    """No model, no search: the fallback roster (solver/fallback.py) replaces it."""
    stats = {"stopped_by": "time_limit", "not_built": True}
    return Result(Status.UNKNOWN, None, None, 0.0, stats=stats)


def _too_late(scenario: Scenario) -> bool:
    """No time to build the model and search it: the fallback roster instead (budget.py)."""
    if out_of_time(scenario.solver):
        return True
    large = out_of_time(scenario.solver, large=True)
    return large and teams.candidate_pairs(scenario) >= phases.PHASED_MIN_PAIRS


def _less_wall(scenario: Scenario, spent_s: float) -> Scenario:
    s = scenario.solver
    if s.deterministic:
        return scenario
    left = max(1.0, s.time_limit_s - spent_s)
    return dataclasses.replace(scenario, solver=dataclasses.replace(s, time_limit_s=left))


def build(scenario: Scenario, base: Baseline | None = None, shares: Shares | None = None) -> Built:
    """The model: variables, the always-on families, then each rule's. Raises BuildStopped
    when the deadline comes first (solver/budget.py, `check_build`)."""
    model = cp_model.CpModel()
    clock = functools.partial(check_build, scenario.solver, "variables")
    v = variables.create(model, scenario, frozen_people(scenario, base), clock)
    if shares is not None:
        seed_shares(v, shares, scenario)
    cover.add_capacity(model, scenario, v)
    roles.add_capacity(model, scenario, v)
    overlap.add(model, scenario, v)
    penalties: list[Penalty] = []
    for rule in scenario.rules:
        check_build(scenario.solver, rule.name)  # the deadline, between rule families
        penalties += RULES[rule.kind](model, scenario, v, rule)
    built = Built(model, v, penalties)
    if base is not None:
        freeze(model, scenario, v, base)
        hint_published(model, v, base)
        built.changes, built.forced_changes = change_terms(scenario, v, base)
    return built


def _configured(scenario: Scenario, *, warm_start: bool = False) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params.configure(solver, scenario.solver, warm_start=warm_start)
    return solver


def _solve_fewest_changes_first(built: Built, scenario: Scenario) -> phases.Run:
    """Stage 1: hard rules, then fewest changes. Stage 2: the usual objective, changes capped.

    Capped at the stage-1 values, not at its bound: with a FEASIBLE stage 1 the
    minimum is only that of the incumbent (reported as not proven).
    """
    model = built.model
    model.minimize(built.cost(hard_only=True) + built.changes)
    first = _configured(scenario, warm_start=True)
    code = progress_callback.solve(first, model, "fewest_changes")
    extra: dict = {}
    phases.note_clock(extra, first, code)
    if code not in HAS_SOLUTION:
        return phases.Run(first, code, None, extra)
    fewest = int(first.value(built.changes))
    hard_cost = int(first.value(built.cost(hard_only=True)))
    extra |= {"changes_proven_minimal": code == cp_model.OPTIMAL, "stage1_s": first.wall_time}
    model.add(built.changes <= fewest)
    model.add(built.cost(hard_only=True) <= hard_cost)
    _hint_current(model, first, built.vars)
    model.minimize(built.cost())
    # Stage 1's roster is a complete hint: one worker polishes it from the start, where
    # interleaving re-runs presolve and waits for every batch (docs/decisions.md).
    second = _configured(scenario, warm_start=True)
    code = progress_callback.solve(second, model, "search")
    phases.note_clock(extra, second, code)
    return phases.Run(second, code, phases.cp_bound(second, code), extra)


def _hint_current(model: cp_model.CpModel, solver: cp_model.CpSolver, v: variables.Vars) -> None:
    model.clear_hints()
    for var in (*v.works.values(), *v.role.values()):
        model.add_hint(var, solver.boolean_value(var))


def _with_split(
    status: Status, objective: int, bound: int | None, least: int, violations: list
) -> Status:
    """The first stage's status, for the whole: optimal when the bound meets the
    objective, not when the split of a first stage proven optimal costs more than its
    least (the split is not proven then)."""
    realised = sum(x.cost for x in violations if x.kind == "same_school_group")
    if status is Status.FEASIBLE and bound is not None and bound >= objective:
        return Status.OPTIMAL
    if status is Status.OPTIMAL and realised > least:
        return Status.FEASIBLE
    return status


def _stats(built: Built, run: phases.Run, build_s: float) -> dict:
    solver = run.solver
    stats = {
        "variables": len(built.model.proto.variables),
        "constraints": len(built.model.proto.constraints),
        "build_s": round(build_s, 3),
        "solve_s": round(solver.wall_time, 3),
        "deterministic_time": round(solver.deterministic_time, 3),
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
    }
    if run.has_solution:
        stats["first_stage_objective"] = phases.exact_cost(solver, built.penalties)
        stats["first_stage_bound"] = run.bound
    return stats
