"""The start of a model solved directly under the wall clock (solver/phases.py,
`_direct_start`): the cheapest of the hard rules' roster, everyone at their cheapest
schedule at the relaxation's prices, the rows of the better of them chosen again, and one
schedule per person among the relaxation's (solver/columns.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from bench.curtois.instance import read_instance
from bench.curtois.scenario import write_scenario
from inputs.load import load_scenario
from roster.check import check
from roster.model import Scenario
from roster.result import Assignment
from solver import lower_bound, phases, rows_first
from solver.solve import Built, build
from tests.builders import solve_checked

FIXTURE = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    sc = load_scenario(write_scenario(read_instance(FIXTURE), tmp_path / "instance1"))
    settings = dataclasses.replace(sc.solver, workers=1, seed=1, deterministic=True)
    return dataclasses.replace(sc, solver=settings)


def _hinted_roster(scenario: Scenario, built: Built) -> tuple[Assignment, ...]:
    hint = built.model.proto.solution_hint
    value = dict(zip(hint.vars, hint.values, strict=True))
    out = []
    for (pid, sid), x in built.vars.works.items():
        if value[x.index]:
            shift = scenario.shift_by_id[sid]
            group = scenario.duty_by_id[shift.duty_id].groups[0].id
            out.append(Assignment(shift.date, shift.duty_id, group, "", pid))
    return tuple(out)


def _started(scenario: Scenario, relaxed: lower_bound.LowerBound | None) -> tuple[int, dict]:
    """The start's cost as the checker sees it (no hard rule broken), and the stats."""
    built = build(scenario)
    extra: dict = {}
    phases._direct_start(built.model, built.penalties, scenario, built.vars, relaxed, extra)
    found = check(scenario, _hinted_roster(scenario, built))
    assert not [x for x in found.violations if x.hard]
    return sum(x.cost for x in found.violations), extra


def test_the_start_is_the_cheapest_of_the_hard_rules_roster_the_priced_one_and_its_rows(
    scenario: Scenario,
) -> None:
    relaxed = lower_bound.lower_bound(scenario, 5.0, True)
    assert relaxed is not None and relaxed.schedules
    cost, extra = _started(scenario, relaxed)
    first = min(extra["first_hard"]["cost"], extra["first_at_prices"])
    rows = extra["first_rows"]
    assert rows["before"] == first
    after_rows = min(first, rows["after"] if rows["after"] is not None else first)
    among = extra["first_columns"]
    assert among["before"] == after_rows
    assert cost == min(after_rows, among["after"])
    assert cost < extra["first_hard"]["cost"]


def test_the_dive_s_roster_replaces_the_start_when_cheaper_and_the_rows_start_there(
    scenario: Scenario,
) -> None:
    relaxed = lower_bound.lower_bound(scenario, 5.0, True, dive_budget=20.0)
    assert relaxed is not None and relaxed.columns is not None and relaxed.columns.dived
    cost, extra = _started(scenario, relaxed)
    dived = extra["dived"]
    assert dived["before"] == min(extra["first_hard"]["cost"], extra["first_at_prices"])
    rows = extra["first_rows"]
    assert rows["before"] == min(dived["before"], dived["after"])
    after_rows = min(rows["before"], rows["after"] if rows["after"] is not None else 10**9)
    among = extra["first_columns"]
    assert among["before"] == after_rows
    assert cost == min(among["before"], among["after"])


def test_without_the_relaxation_the_rows_start_from_the_hard_rules_roster(
    scenario: Scenario,
) -> None:
    cost, extra = _started(scenario, None)
    assert "first_at_prices" not in extra and "first_columns" not in extra
    assert extra["first_rows"]["before"] == extra["first_hard"]["cost"]
    assert cost <= extra["first_hard"]["cost"]


def test_a_fast_solve_from_the_priced_start_reaches_the_optimum(scenario: Scenario) -> None:
    fast = dataclasses.replace(
        scenario,
        solver=dataclasses.replace(scenario.solver, deterministic=False, time_limit_s=20),
    )
    result = solve_checked(fast)
    assert result.objective == 607
    assert "first_rows" in result.stats


def test_the_relaxation_s_value_bounds_a_model_solved_directly(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The neighbourhood search stops at the run's bound: on a model solved directly it is
    the relaxation's value when the search proved less (here nothing: its bound hidden),
    so a roster at a relaxation's value of 607, Curtois 1's optimum, ends the solve."""
    fast = dataclasses.replace(
        scenario,
        solver=dataclasses.replace(scenario.solver, deterministic=False, time_limit_s=20),
    )
    built = build(fast)
    monkeypatch.setattr(phases, "cp_bound", lambda solver, code: 0)
    relaxed = lower_bound.LowerBound(value=607, rounds=1, seconds=0.0, work=0.0, proven_rounds=1)
    run = phases.solve_fresh(built.model, built.penalties, fast, built.vars, None, relaxed)
    assert run.bound == 607
    roster = rows_first.roster_of(fast, built.vars, run.solver)
    found = check(fast, roster)
    assert not [x for x in found.violations if x.hard]
    assert sum(x.cost for x in found.violations) == 607
    assert run.code == cp_model.OPTIMAL
