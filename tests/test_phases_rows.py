"""A phased solve's first roster with its rows chosen again (solver/rows_first.py).

Every roster is verified by the independent checker; the cases are small and exact.
"""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from ortools.sat.python import cp_model

from roster.check import check
from roster.model import Group, Request, RequestKind
from solver import phases, rows_first
from solver.extract import extract
from tests.builders import START, night, person, rule, scenario, solve_checked

solve_module = importlib.import_module("solver.solve")


@pytest.fixture
def phased(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every model, however small, is solved in phases."""
    monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)


def wishes_case():
    """Four nights of one seat (at most one), four people of exactly one night each, each
    wanting their own night (1 each when missed) and rather not the one after it (3)."""
    people = [person(f"p{i}") for i in range(4)]
    sc = scenario(
        people,
        days=4,
        duties=[night([Group("1", "G1", 1, min=1, max=1)])],
        rules=[
            rule("cover", hard=False, weight=10),
            rule("workload", min=1, max=1),
            rule("requests", hard=False, on_weight=1, not_weight=3),
        ],
    )
    wishes = []
    for i in range(4):
        wishes.append(Request(f"p{i}", sc.days[i], RequestKind.ON))
        wishes.append(Request(f"p{i}", sc.days[(i + 1) % 4], RequestKind.NOT))
    return dataclasses.replace(sc, requests=tuple(wishes))


def worst_roster(sc):
    """The model built and a roster keeping every hard rule at the most the wishes cost
    (a first roster as blind to the soft rules as a feasibility search can be)."""
    built = solve_module.build(sc)
    worst = built.model.clone()  # the same variables, by index
    worst.add(built.cost(hard_only=True) == 0)
    worst.maximize(built.cost())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    assert solver.solve(worst) == cp_model.OPTIMAL
    return built, solver


def test_rows_of_a_bad_first_roster_cost_less_and_the_checker_agrees():
    sc = wishes_case()
    built, first = worst_roster(sc)
    before = phases.exact_cost(first, built.penalties)
    assert before == 4 * (1 + 3)
    extra: dict = {}
    better, _ = rows_first.improved(built.model, built.penalties, sc, built.vars, first, extra)
    after = phases.exact_cost(better, built.penalties)
    # Trades of one or two people: a rotation of all four is no single move, so the rows
    # may stop above the optimum 0, but well below the first roster.
    assert after <= before // 2
    assert extra["first_rows"] == extra["first_rows"] | {"before": before, "after": after}
    roster, violations, _ = extract(sc, better, built.vars, built.penalties, None)
    report = check(sc, tuple(roster))
    assert report.objective == after == sum(v.cost for v in violations)
    assert not [v for v in report.violations if v.hard]


def test_the_first_roster_stays_when_its_rows_gain_nothing():
    sc = wishes_case()
    built = solve_module.build(sc)
    best = built.model.clone()
    best.minimize(built.cost())
    first = cp_model.CpSolver()
    first.parameters.num_workers = 1
    assert first.solve(best) == cp_model.OPTIMAL and first.objective_value == 0
    kept, _ = rows_first.improved(built.model, built.penalties, sc, built.vars, first, {})
    assert kept is first


def test_role_seats_leave_the_first_roster_as_it_is():
    sc = scenario(
        [person("a", "S1", "lead"), person("b")],
        days=2,
        duties=[night([Group("1", "G1", 1, min=1, max=1, role_seats={"lead": 1})])],
        rules=[rule("cover", hard=False, weight=10)],
    )
    built, first = worst_roster(sc)
    assert not rows_first.applicable(sc, built.vars)
    kept, used = rows_first.improved(built.model, built.penalties, sc, built.vars, first, {})
    assert kept is first and used == 0.0


@pytest.mark.usefixtures("phased")
def test_a_phased_solve_reaches_the_wishes_optimum_checked():
    result = solve_checked(wishes_case())
    assert result.objective == 0
    assert START in {a.date for a in result.assignments}
