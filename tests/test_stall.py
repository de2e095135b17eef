"""A wall-clock solve stopped once its incumbent stops improving (solver/stall.py)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver import phases
from solver.stall import solve_until_stalled
from tests.builders import person, scenario


def _odd_cycle_cover(n: int = 301) -> cp_model.CpModel:
    """Pick vertices of an odd cycle so every edge has one: the least is (n + 1) / 2, which
    local search reaches but can never prove (it proves nothing)."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(n)]
    for i in range(n):
        model.add_bool_or([x[i], x[(i + 1) % n]])
    model.minimize(sum(x))
    return model


def _local_search(limit_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.use_ls_only = True
    p.random_seed = 1
    p.max_time_in_seconds = limit_s
    return solver


def test_a_search_that_cannot_prove_its_minimum_ends_when_it_stops_improving():
    solver = _local_search(limit_s=60)  # only the stall can end it before that
    code, stalled = solve_until_stalled(solver, _odd_cycle_cover(), stall_s=0.2)
    assert stalled
    assert code == cp_model.FEASIBLE
    assert solver.objective_value >= 151


def test_a_search_that_proves_its_minimum_ends_on_its_own():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    model.add(x >= 3)
    model.minimize(x)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    code, stalled = solve_until_stalled(solver, model, stall_s=600)
    assert (code, stalled, solver.objective_value) == (cp_model.OPTIMAL, False, 3)


def test_a_solve_with_a_work_budget_is_never_stopped_by_the_clock():
    """Reproducible solves stop on their work budget only: no stall stop, however short."""
    sc = scenario([person("a")], days=1)
    assert sc.solver.deterministic
    solver = _local_search(limit_s=600)
    solver.parameters.max_deterministic_time = 0.5
    code, stalled = phases._solve_try(solver, _odd_cycle_cover(), sc, stall=0.0)
    assert not stalled
    assert code == cp_model.FEASIBLE
