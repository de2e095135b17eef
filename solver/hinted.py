"""A long horizon searched from a roster built seat by seat (solver/construct.py).

On a quarter or a year (Curtois & Qu Instances 19-24: 84 to 364 days, up to 150 people and
32 shift types) the phases of solver/phases.py spend the clock before the search: the
person bounds alone took 80 of 96 seconds on 50 people x 182 days, and with the whole
objective at once CP-SAT found no roster in 60 seconds from the constructed roster given as
a partial hint (docs/decisions.md, "Long horizons"). The constructed roster, completed into
every variable of the model (each penalty at its amount: a solve with the roster's duties
fixed, which propagation alone settles), is a complete hint from which the search improves
at once; so a long horizon of many pairs is searched that way, with the whole clock left.
So is a shorter horizon of very many pairs (four weeks of 120 people and 18 shift types),
where the phases' relaxation cannot converge in its share and their first roster comes late.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from roster import progress
from roster.components import check_by_parts
from roster.model import Scenario
from roster.result import Assignment, Result, Status
from solver import blocks, params, phases, progress_callback, relax
from solver import budget as clock
from solver.budget import (
    COMPLETE_SHARE,
    HARD_FROM_HINT_SHARE,
    HINTED_SEARCH_SHARE,
    LNS_DIRECT_SHARE,
    ROWS_ALONE_SHARE,
    ROWS_SHARE,
    ROWS_WORK_SHARE,
)
from solver.construct import construct_with_rows
from solver.lower_bound import Columns
from solver.penalty import Penalty
from solver.rows import ROWS_ONLY_PASSES, RowBudget, hint_every
from solver.shortage import least_shortage
from solver.variables import Vars

LONG_HORIZON_DAYS = 84  # twelve weeks; the shipped examples span nine
HINTED_MIN_PAIRS = 5_000  # candidate (person, shift) pairs
# A shorter horizon goes the same way from this many pairs on: there the phases' relaxation
# (solver/lower_bound.py) ends its share far from converging, so their first roster is
# rows chosen from each person's cheapest schedule, and it comes late; the construction's
# rows come sooner and leave the neighbourhood search more of the clock (Curtois
# Instance13, 120 people x 28 days; docs/decisions.md, "Four weeks of many pairs").
HINTED_SHORT_MIN_PAIRS = 30_000
# A ward's staff, not a district's pool: the construction's rows are chosen again person by
# person (a few tenths of a second a row), so a pass over a pool of a thousand takes
# minutes, while the phases' person bounds and their roster at the bounds are fast on a
# pool of many people alike (docs/decisions.md, "A crisis of a thousand over four months").
HINTED_MAX_PEOPLE = 200
# From this many candidate pairs on a long horizon, no model is built: the search from the
# completed construction improved nothing there, and the build and the completion's copy
# of the model took the clock and the memory the rows put to use (docs/decisions.md,
# "Rows faster, in pairs, for the whole clock on the largest horizons").
CONSTRUCTION_ONLY_PAIRS = 200_000


def applicable(scenario: Scenario, pairs: int) -> bool:
    """A staff of at most HINTED_MAX_PEOPLE over a long horizon of HINTED_MIN_PAIRS
    candidate (person, shift) pairs or more, or over a shorter one of HINTED_SHORT_MIN_PAIRS
    or more: searched from the constructed roster, as one model (not in teams:
    solver/teams.py)."""
    if _long_rows(scenario):
        return pairs >= HINTED_MIN_PAIRS
    return len(scenario.people) <= HINTED_MAX_PEOPLE and pairs >= HINTED_SHORT_MIN_PAIRS


def _long_rows(scenario: Scenario) -> bool:
    """A long horizon for a staff few enough to choose each person's row again."""
    few = len(scenario.people) <= HINTED_MAX_PEOPLE
    return few and len(scenario.days) >= LONG_HORIZON_DAYS


def too_large(scenario: Scenario) -> bool:
    """A long horizon of a staff (`applicable`) with CONSTRUCTION_ONLY_PAIRS candidate
    pairs or more."""
    from solver.teams import candidate_pairs  # teams builds on the solve, as this does

    if not _long_rows(scenario):
        return False
    return candidate_pairs(scenario) >= CONSTRUCTION_ONLY_PAIRS


def construction_only(scenario: Scenario) -> Result:
    """The constructed roster, its rows chosen again for ROWS_ALONE_SHARE of the clock (of
    the work budget in deterministic mode), as the solve's result: no model is built."""
    started = time.perf_counter()
    progress.emit("construct")
    settings = scenario.solver
    if settings.deterministic:
        budget = RowBudget(math.inf, ROWS_ALONE_SHARE * settings.deterministic_time)
    else:
        seconds = ROWS_ALONE_SHARE * clock.wall(settings, settings.time_limit_s)
        budget = RowBudget(time.time() + seconds, math.inf)
    roster, report, rows = construct_with_rows(
        scenario, rows=budget, passes=ROWS_ONLY_PASSES, processes=True, plan_weekends=True
    )
    wall_s = time.perf_counter() - started
    stats = {
        "hinted": True,
        "construction_only": True,
        "construction_cost": report.objective,
        "construct_s": round(wall_s, 3),
        "rows": rows.summary(),
        "fallback": "constructed",
        "search_status": "unknown",
    }
    violations = tuple(report.violations)
    return Result(Status.FEASIBLE, report.objective, None, wall_s, roster, violations, stats=stats)


def solve_from_construction(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    columns: Columns | None = None,
) -> phases.Run:
    """Minimise the penalties' cost from the constructed roster as a complete hint: first
    the hard rules' slacks alone (the roster the construction could not mend: a workload
    min, a short stretch), for at most HARD_FROM_HINT_SHARE of the clock, then the whole
    cost, its hard part held at most where the first stage left it. Under the wall clock,
    the constructed roster gives way to one schedule per person among the relaxation's
    `columns` (solver/columns.py) when that costs less, the main search takes
    `search_share` of what is left of the clock (from a roster held, a short one: a proof
    where one comes at once), and the neighbourhood search (solver/lns.py) the rest: from
    the rows' roster it improves faster than the main search (docs/decisions.md)."""
    started = time.perf_counter()
    progress.emit("construct")
    roster, report, rows = construct_with_rows(scenario, rows=_row_budget(scenario), processes=True)
    extra: dict = {
        "hinted": True,
        "construction_cost": report.objective,
        "construct_s": round(time.perf_counter() - started, 3),
        "rows": rows.summary(),
    }
    hard = [p for p in penalties if relax.counts_as_hard(p.rule)]
    hard_cost = _cost(hard)
    model.minimize(hard_cost)
    # The last solver holding a roster: the search's own result falls back to the one
    # before it (the completed construction at least) rather than to nothing.
    held: cp_model.CpSolver | None = completed(model, v, roster, scenario)
    extra["construction_completed"] = held is not None
    fast = not scenario.solver.deterministic
    if held is not None and columns is not None and fast:
        held = phases.with_dive(model, penalties, scenario, v, held, columns, extra)
        held = phases.among_columns(model, penalties, scenario, v, held, columns, extra)
    if held is not None:
        hint_every(model, held.response_proto.solution)
    # A construction keeping every hard rule skips the first stage: its roster is already
    # the least there, and that stage's would be any roster as good, not this one.
    if hard and (held is None or round(held.value(hard_cost)) > 0):
        first = _solver(scenario, started, HARD_FROM_HINT_SHARE)
        code = progress_callback.solve(first, model, "first_roster", costs=False)
        extra["hard_first"] = {"status": first.status_name(code), "s": round(first.wall_time, 3)}
        if code in phases.HAS_SOLUTION:
            held = first
            hint_every(model, first.response_proto.solution)
            model.add(hard_cost <= round(first.objective_value))
    whole = _cost(penalties)
    model.minimize(whole)
    solver = _solver(scenario, started, search_share(scenario, held is not None))
    code = progress_callback.solve(solver, model, "search")
    phases.note_clock(extra, solver, code)
    run = _searched(solver, code, held, whole, extra)
    if run is None:
        extra["constructed"] = roster  # solver/solve.py reports it (not a stat: popped)
        return phases.Run(solver, code, phases.cp_bound(solver, code), extra)
    run.bound = _with_person_bound(run.bound, scenario, v, extra)
    if not fast:
        return run
    guide = () if columns is None else columns.guide
    return phases.then_neighbourhoods(
        run, model, penalties, scenario, v, False, started, 0.0, guide
    )


def _with_person_bound(bound: int | None, scenario: Scenario, v: Vars, extra: dict) -> int | None:
    """On a horizon shorter than LONG_HORIZON_DAYS, the search's bound raised to the
    phases' own (their person bounds with the seats proven empty, solver/phases.py): there
    the people's models are small and solved in a moment, where on a long horizon they
    take most of the clock."""
    if _long_rows(scenario) or not blocks.applicable(scenario):
        return bound
    found = phases.person_bounds(scenario, v, extra)
    lower = phases.pooled_bound(scenario, found, least_shortage(scenario), extra)
    return lower if bound is None or lower > bound else bound


def search_share(scenario: Scenario, holding: bool) -> float:
    """The main search's share of what is left: all of it in deterministic mode (no
    neighbourhoods follow); under the wall clock HINTED_SEARCH_SHARE from a roster held
    (the neighbourhoods improve it faster), else what LNS_DIRECT_SHARE leaves, for the
    search to find a roster of its own."""
    if scenario.solver.deterministic:
        return 1.0
    return HINTED_SEARCH_SHARE if holding else 1.0 - LNS_DIRECT_SHARE


def _searched(
    solver: cp_model.CpSolver,
    code: int,
    held: cp_model.CpSolver | None,
    whole: cp_model.LinearExpr,
    extra: dict,
) -> phases.Run | None:
    """The search's roster, or the one it was hinted when it found none or a costlier one
    (a hint it did not take up: then with the search's bound); None when neither holds a
    roster."""
    if code not in phases.HAS_SOLUTION and held is not None:
        extra["search_found_none"] = True
        return phases.Run(held, int(cp_model.FEASIBLE), None, extra)
    if held is not None and code in phases.HAS_SOLUTION and held.value(whole) < solver.objective_value:  # fmt: skip  # noqa: E501
        extra["search_above_hint"] = True
        return phases.Run(held, int(cp_model.FEASIBLE), phases.cp_bound(solver, code), extra)
    if code not in phases.HAS_SOLUTION:
        return None
    return phases.Run(solver, code, phases.cp_bound(solver, code), extra)


def as_result(
    scenario: Scenario, roster: tuple[Assignment, ...], stats: dict, wall_s: float
) -> Result:
    """The constructed roster as the solve's result, when no search held a roster of its
    own in time: checked, as solver/fallback.py would report it (without building it
    again: a year of 150 people takes minutes to construct)."""
    report = check_by_parts(scenario, roster)
    stats = stats | {"fallback": "constructed", "search_status": "unknown"}
    return Result(
        Status.FEASIBLE,
        report.objective,
        None,
        wall_s,
        roster,
        tuple(report.violations),
        stats=stats,
    )


def _row_budget(scenario: Scenario) -> RowBudget:
    """Deterministic mode chooses rows on a work budget alone (a wall-clock cut would make
    the roster depend on the machine), the fast mode on a share of the wall clock."""
    settings = scenario.solver
    if settings.deterministic:
        return RowBudget(math.inf, ROWS_WORK_SHARE * settings.deterministic_time)
    return RowBudget(time.time() + clock.share(settings, ROWS_SHARE), math.inf)


def _cost(penalties: list[Penalty]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum(
        [p.var for p in penalties], [p.unit_cost for p in penalties]
    )


def _solver(scenario: Scenario, started: float, fraction: float) -> cp_model.CpSolver:
    """A solver with `fraction` of what is left of the clock (or of the work budget)."""
    solver = cp_model.CpSolver()
    settings = scenario.solver
    if settings.deterministic:
        budget = fraction * settings.deterministic_time
    else:
        budget = max(1.0, fraction * (settings.time_limit_s - (time.perf_counter() - started)))
    params.configure(solver, settings, budget=budget)
    return solver


def completed(
    model: cp_model.CpModel, v: Vars, roster: Sequence[Assignment], scenario: Scenario
) -> cp_model.CpSolver | None:
    """Every variable's value in the roster (the solver holding them: the copy has the
    model's variables), each penalty at its least: a copy of the model with its duties
    fixed, solved (None if that copy has no solution within its COMPLETE_SHARE of the
    budget, e.g. a hard rule the roster breaks)."""
    worked = {(a.person_id, a.shift_id) for a in roster}
    seats = {(a.person_id, a.shift_id, a.role) for a in roster if a.role}
    fixed = model.clone()
    fixed.clear_hints()
    for key, x in v.works.items():
        fixed.add(fixed.get_bool_var_from_proto_index(x.index) == int(key in worked))
    for seat, r in v.role.items():
        fixed.add(fixed.get_bool_var_from_proto_index(r.index) == int(seat in seats))
    solver = cp_model.CpSolver()
    params.configure(solver, scenario.solver, budget=clock.share(scenario.solver, COMPLETE_SHARE))
    solver.parameters.num_workers = 1
    code = solver.solve(fixed)
    return solver if code in phases.HAS_SOLUTION else None
