"""The relaxation's bound on a model solved in phases (solver/phases.py, `_relaxed`).

The threshold that phases a model is lowered here, so that a small scenario the checker
can judge takes the path of the benchmark's large ones (Curtois 12 and 13).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from roster.check import check
from roster.model import Request, RequestKind, Scenario
from roster.result import Assignment, Status
from solver import blocks, lower_bound, phases
from tests.builders import (
    START,
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
    with_pairs,
)


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
    monkeypatch.setattr(lower_bound, "PHASED_LOWER_BOUND_SHARE", 0.0)
    result = solve_checked(_tight())
    assert "relaxation" not in result.stats
    assert "bound_source" not in result.stats
    assert result.objective == 2  # the search proves it alone on a model this small


def test_not_started_under_a_clock_its_share_cannot_hold():
    # A first round that took the whole share: MIN_ROUNDS rounds cannot fit in it.
    sc = _tight(deterministic=False, time_limit_s=10.0)
    share = lower_bound.PHASED_LOWER_BOUND_SHARE * 10.0
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
    monkeypatch.setattr(phases, "person_bounds", _slow_person_bounds)
    sc = _tight(deterministic=False, time_limit_s=5.0)
    result = solve_checked(sc)
    assert "relaxation" not in result.stats
    assert result.stats["relaxation_skipped"] == {"first_round_s": 100.0}
    assert result.objective == 2


_person_bounds = phases.person_bounds


def _slow_person_bounds(scenario: Scenario, v, extra: dict):
    found = _person_bounds(scenario, v, extra)
    extra["bounds_s"] = 100.0
    return found


def _assignments(sc: Scenario, worked: tuple[tuple[str, str], ...]) -> list[Assignment]:
    shifts = sc.shift_by_id
    return [Assignment(shifts[sid].date, shifts[sid].duty_id, "1", "", pid) for pid, sid in worked]


def _wished() -> Scenario:
    """Three people, two seats a night for three nights, each at most two nights, each
    wishing to work one night (a different one, so no two share a block's model): alone
    each works their night only, three seats stay empty (30); together every seat is
    filled and every wish kept, the optimum 0."""
    sc = scenario(
        [person(p, max_shifts=2) for p in "abc"],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover", hard=False, weight=10), rule("requests", on_weight=5)],
    )
    wishes = tuple(
        Request(p, START + dt.timedelta(days=i), RequestKind.ON) for i, p in enumerate("abc")
    )
    solver = dataclasses.replace(sc.solver, seed=1, workers=1)
    return dataclasses.replace(sc, requests=wishes, solver=solver)


def test_each_persons_schedule_at_the_best_prices_keeps_their_rules():
    sc = _wished()
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert found is not None and found.value == 0
    # At zero prices, the best bound's, each works the night they wished for.
    assert set(found.schedules) == {
        (p, f"night@{START + dt.timedelta(days=i)}") for i, p in enumerate("abc")
    }
    report = check(sc, _assignments(sc, found.schedules))
    assert not [x for x in report.violations if x.hard]
    assert report.objective == 30  # three seats empty


def test_people_alike_share_their_schedule_at_the_best_prices():
    # All three wish the same night off: one model for the three, one schedule for each.
    sc = _tight()
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert found is not None
    worked = {pid: {sid for who, sid in found.schedules if who == pid} for pid in "abc"}
    assert worked["a"] == worked["b"] == worked["c"]


def test_a_block_of_two_has_no_schedule_per_person():
    sc = with_pairs(_tight(), "together", ("a", "b"))
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert found is not None and found.schedules == ()


def test_a_phased_solve_weighs_the_roster_at_the_best_prices(phased):
    result = solve_checked(_wished())
    assert result.stats["first_at_prices"] == 30
    assert result.objective == 0  # the first roster at the person bounds was cheaper


def test_without_a_first_roster_the_search_starts_at_the_best_prices(phased, monkeypatch):
    monkeypatch.setattr(phases, "_first_roster", lambda *args, **kw: (None, 0.0))
    result = solve_checked(_wished())
    assert result.stats["first_at_prices"] == 30
    assert result.objective == 0


def test_no_relaxation_once_the_first_roster_meets_the_person_bounds(phased):
    # Every seat must be filled (hard) and each may keep their night off: the roster at
    # the person bounds (0) is found and proven optimal before any relaxation.
    sc = scenario(
        [person(p, max_shifts=2) for p in "abc"],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("requests", not_weight=1)],
    )
    wishes = tuple(
        Request(p, START + dt.timedelta(days=i), RequestKind.NOT) for i, p in enumerate("abc")
    )
    result = solve_checked(dataclasses.replace(sc, requests=wishes))
    assert result.status is Status.OPTIMAL and result.objective == 0
    assert "relaxation" not in result.stats and "relaxation_skipped" not in result.stats
