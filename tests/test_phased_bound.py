"""The relaxation's bound on a model solved in phases (solver/phases.py, `_relaxed`).

The threshold that phases a model is lowered here, so that a small scenario the checker
can judge takes the path of the benchmark's large ones (Curtois 12 and 13).
"""

from __future__ import annotations

import dataclasses

import pytest

from roster.model import Request, RequestKind, Scenario
from roster.result import Status
from solver import blocks, lower_bound, phases
from tests.builders import START, group, night, person, rule, scenario, solve_checked


@pytest.fixture
def phased(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every model, however small, is solved in phases."""
    monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)


def _tight(**settings: object) -> Scenario:
    """Three people, two seats a night for three nights, each at most two nights: every
    seat filled takes everyone twice, so two of them work the first night, which all three
    would rather not (1 each); an empty seat costs 10. Each person alone keeps their wish,
    so the person bounds sum to 0 and only the cover's prices see the 2."""
    sc = scenario(
        [person(p, max_shifts=2) for p in "abc"],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover", hard=False, weight=10), rule("requests", not_weight=1)],
    )
    wishes = tuple(Request(p, START, RequestKind.NOT) for p in "abc")
    solver = dataclasses.replace(sc.solver, seed=1, workers=1, **settings)  # type: ignore[arg-type]
    return dataclasses.replace(sc, requests=wishes, solver=solver)


def test_a_phased_solve_reports_the_relaxations_bound(phased):
    sc = _tight()
    assert blocks.pool_bound(blocks.person_bounds(sc, processes=1)) == 0
    result = solve_checked(sc)
    assert result.stats["phased"] is True
    assert result.stats["person_bound"] == 0
    assert result.stats["relaxation"]["bound"] == 2
    assert result.stats["bound_source"] == "relaxation"
    assert result.objective == result.best_bound == 2
    assert result.status is Status.OPTIMAL


def test_no_relaxation_without_its_share(phased, monkeypatch):
    monkeypatch.setattr(lower_bound, "LOWER_BOUND_SHARE", 0.0)
    result = solve_checked(_tight())
    assert "relaxation" not in result.stats
    assert "bound_source" not in result.stats
    assert result.objective == 2  # the search proves it alone on a model this small


def test_not_started_under_a_clock_its_share_cannot_hold():
    # A first round that took the whole share: MIN_ROUNDS rounds cannot fit in it.
    sc = _tight(deterministic=False, time_limit_s=10.0)
    share = lower_bound.LOWER_BOUND_SHARE * 10.0
    assert lower_bound.after_person_bounds(sc, first_round_s=share) is None
    assert not lower_bound.holds_rounds(sc.solver, first_round_s=share)


def test_started_under_a_clock_its_share_holds():
    sc = _tight(deterministic=False, time_limit_s=10.0)
    found = lower_bound.after_person_bounds(sc, first_round_s=0.0)
    assert found is not None and 0 <= found.value <= 2


def test_deterministic_mode_ignores_the_first_rounds_seconds():
    # The rounds done must not depend on the machine: the work rule alone decides.
    sc = _tight()
    slow = lower_bound.after_person_bounds(sc, first_round_s=1e9)
    fast = lower_bound.after_person_bounds(sc, first_round_s=0.0)
    assert slow is not None and fast is not None
    assert (slow.value, slow.rounds, slow.work) == (fast.value, fast.rounds, fast.work)
    assert slow.value == 2


def test_a_phased_solve_says_when_its_share_could_not_hold_the_rounds(phased, monkeypatch):
    # The person bounds' seconds as if they had taken twenty times the limit.
    monkeypatch.setattr(phases, "_person_bounds", _slow_person_bounds)
    sc = _tight(deterministic=False, time_limit_s=5.0)
    result = solve_checked(sc)
    assert "relaxation" not in result.stats
    assert result.stats["relaxation_skipped"] == {"first_round_s": 100.0}
    assert result.objective == 2


_person_bounds = phases._person_bounds


def _slow_person_bounds(scenario: Scenario, v, extra: dict):
    found = _person_bounds(scenario, v, extra)
    extra["bounds_s"] = 100.0
    return found
