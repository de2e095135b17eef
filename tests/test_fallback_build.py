"""The time limit covers the model's build: a build that runs into the deadline stops
(solver/budget.py, `check_build`) and the solve hands over to the roster built seat by
seat (solver/fallback.py), checked, with an honest status and `stopped_by`.

No test waits on the clock: the deadline is one already passed, or the check is told
which rule family it has reached.
"""

from __future__ import annotations

import dataclasses
import importlib
import time

import pytest

from roster.model import Scenario
from roster.result import Status
from solver import budget, solve
from tests.builders import period, person, rule, scenario, solve_checked

# The module (the package's `solve` is its function of that name).
solve_module = importlib.import_module("solver.solve")

RULES = [
    rule("cover"),
    rule("consecutive", max=3),
    rule("days_off", min=2),
    rule("weekends", max=1),
]


def crew() -> Scenario:
    people = [person(f"p{i}") for i in range(4)]
    return scenario(people, days=10, rules=RULES, availability=[period("p1", 2, 3)])


def with_deadline(sc: Scenario, deadline: float, limit: float = 60.0) -> Scenario:
    settings = dataclasses.replace(sc.solver, deadline=deadline, time_limit_s=limit, workers=1)
    return dataclasses.replace(sc, solver=settings)


def assert_handed_over(result, at: str) -> None:
    assert result.stats["not_built"] is True
    assert result.stats["build_stopped_at"] == at
    assert result.stats["fallback"] == "constructed"
    # Optimal only when the constructed roster meets the proven bound (the least shortage).
    assert result.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert result.best_bound is not None and result.best_bound <= result.objective
    proven = result.status is Status.OPTIMAL
    assert result.stats["stopped_by"] == ("proof" if proven else "time_limit")
    assert {v.kind for v in result.hard_violations} <= {"cover"}


def test_a_build_past_its_deadline_stops_at_the_variables(monkeypatch):
    # Let the solve start (the check before building looks at the same clock), then find
    # the deadline gone as the variables are made.
    monkeypatch.setattr(solve_module, "out_of_time", lambda *a, **k: False)
    sc = with_deadline(crew(), deadline=time.time() - 1.0)
    result = solve_checked(sc)
    assert_handed_over(result, "variables")


@pytest.mark.parametrize("family", ["cover", "days_off", "weekends"])
def test_a_build_stops_between_rule_families(monkeypatch, family):
    def check_build(settings, at: str) -> None:
        if at == family:
            raise budget.BuildStopped(at)

    monkeypatch.setattr(solve_module, "check_build", check_build)
    result = solve_checked(crew())
    assert_handed_over(result, family)


def test_check_build_stops_with_less_than_its_share_left():
    limit = 100.0
    least = budget.BUILD_STOP_SHARE * limit
    with pytest.raises(budget.BuildStopped) as stopped:
        budget.check_build(with_deadline(crew(), time.time() + least / 2, limit).solver, "x")
    assert stopped.value.at == "x"
    budget.check_build(with_deadline(crew(), time.time() + 10 * least, limit).solver, "x")
    budget.check_build(crew().solver, "x")  # no deadline: never stops


def test_the_same_scenario_builds_and_solves_with_time_left():
    result = solve(crew())
    assert "not_built" not in result.stats
    assert result.objective is not None


def test_short_shifts_past_their_time_are_counted_not_explained():
    from roster.check import check
    from roster.explain import explain_shortages

    sc = scenario([person("a")], days=4, rules=[rule("cover")])
    report = check(sc, ())
    every = explain_shortages(sc, report.violations, ())
    assert len(every) == 4
    counted = explain_shortages(sc, report.violations, (), until=time.time() - 1.0)
    assert counted == ["4 more shift(s) with empty seats, not explained in the time limit"]
