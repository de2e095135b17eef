"""A long horizon searched from its construction (solver/hinted.py) under the wall clock:
the construction gives way to one schedule per person among the relaxation's when that
costs less, and the neighbourhood search follows the main search. In deterministic mode
neither: the search from the construction keeps the whole work budget."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bench.curtois.instance import read_instance
from bench.curtois.scenario import write_scenario
from inputs.load import load_scenario
from roster.model import Scenario
from solver import hinted, phases, teams
from solver.solve import build
from tests.builders import solve_checked

FIXTURE = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"


@pytest.fixture
def long_horizon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Scenario:
    """Curtois Instance1 (optimum 607) taken as a long horizon of a staff."""
    monkeypatch.setattr(hinted, "LONG_HORIZON_DAYS", 1)
    monkeypatch.setattr(hinted, "HINTED_MIN_PAIRS", 0)
    sc = load_scenario(write_scenario(read_instance(FIXTURE), tmp_path / "instance1"))
    settings = dataclasses.replace(sc.solver, workers=1, seed=1, deterministic=True)
    return dataclasses.replace(sc, solver=settings)


def test_under_the_wall_clock_the_construction_gives_way_to_the_relaxation_s_schedules(
    long_horizon: Scenario,
) -> None:
    fast = dataclasses.replace(
        long_horizon,
        solver=dataclasses.replace(long_horizon.solver, deterministic=False, time_limit_s=20),
    )
    result = solve_checked(fast)
    assert result.stats["hinted"] is True
    among = result.stats["first_columns"]
    assert among["after"] <= among["before"]
    assert result.objective == 607


def test_the_neighbourhood_search_follows_a_search_that_proves_nothing(
    long_horizon: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = dataclasses.replace(
        long_horizon,
        solver=dataclasses.replace(long_horizon.solver, deterministic=False, time_limit_s=20),
    )
    called = []

    def then(run, *args):  # noqa: ANN001, ANN202
        called.append(run.code)
        return run

    monkeypatch.setattr(phases, "then_neighbourhoods", then)
    solve_checked(fast)
    assert called


def test_in_deterministic_mode_the_search_from_the_construction_is_unchanged(
    long_horizon: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phases, "then_neighbourhoods", lambda *a: pytest.fail("no LNS"))
    result = solve_checked(long_horizon)
    assert result.stats["hinted"] is True
    assert "first_columns" not in result.stats


@pytest.mark.parametrize("deterministic", [False, True])
def test_the_main_search_from_the_construction_takes_a_short_share_under_the_wall_clock(
    long_horizon: Scenario, monkeypatch: pytest.MonkeyPatch, deterministic: bool
) -> None:
    """The neighbourhoods improve the rows' roster faster (docs/decisions.md): under the wall
    clock the main search gets HINTED_SEARCH_SHARE of what is left, in deterministic mode
    (no neighbourhoods) the whole work budget."""
    settings = dataclasses.replace(
        long_horizon.solver, deterministic=deterministic, time_limit_s=20, deterministic_time=20
    )
    shares: list[float] = []
    real = hinted._solver

    def solver(scenario, started, fraction):  # noqa: ANN001, ANN202
        shares.append(fraction)
        return real(scenario, started, fraction)

    monkeypatch.setattr(hinted, "_solver", solver)
    result = solve_checked(dataclasses.replace(long_horizon, solver=settings))
    assert result.stats["hinted"] is True
    assert shares[-1] == (1.0 if deterministic else hinted.HINTED_SEARCH_SHARE)


def test_without_a_roster_held_the_main_search_keeps_its_share_under_the_wall_clock(
    long_horizon: Scenario,
) -> None:
    """A construction the completion could not hold (a hard rule it breaks) leaves the
    main search to find a roster: it keeps what LNS_DIRECT_SHARE leaves, not the short
    share a held roster gets."""
    fast = dataclasses.replace(long_horizon.solver, deterministic=False)
    scenario = dataclasses.replace(long_horizon, solver=fast)
    assert hinted.search_share(scenario, holding=True) == hinted.HINTED_SEARCH_SHARE
    assert hinted.search_share(scenario, holding=False) == 1.0 - hinted.LNS_DIRECT_SHARE
    assert hinted.search_share(long_horizon, holding=False) == 1.0


@pytest.fixture
def short_horizon(tmp_path: Path) -> Scenario:
    """Curtois Instance1 (optimum 607) as it is: two weeks, below LONG_HORIZON_DAYS."""
    sc = load_scenario(write_scenario(read_instance(FIXTURE), tmp_path / "instance1"))
    settings = dataclasses.replace(sc.solver, workers=1, seed=1, deterministic=True)
    return dataclasses.replace(sc, solver=settings)


def test_a_short_horizon_of_very_many_pairs_is_searched_from_its_construction(
    short_horizon: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(short_horizon.days) < hinted.LONG_HORIZON_DAYS
    monkeypatch.setattr(hinted, "HINTED_SHORT_MIN_PAIRS", 0)
    result = solve_checked(short_horizon)
    assert result.stats["hinted"] is True
    assert result.objective == 607
    # The phases' bound goes with it: the people's own least costs, solved alone.
    assert result.best_bound is not None and result.best_bound >= result.stats["person_bound"]


def test_on_a_short_horizon_the_person_bounds_raise_the_search_s_bound(
    short_horizon: Scenario,
) -> None:
    v = build(short_horizon).vars
    extra: dict = {}
    lower = hinted._with_person_bound(None, short_horizon, v, extra)
    assert lower is not None and lower >= extra["person_bound"]
    assert hinted._with_person_bound(lower - 1, short_horizon, v, {}) == lower
    assert hinted._with_person_bound(lower + 1, short_horizon, v, {}) == lower + 1


def test_a_long_horizon_searched_from_its_construction_skips_the_person_bounds(
    long_horizon: Scenario,
) -> None:
    result = solve_checked(long_horizon)
    assert result.stats["hinted"] is True
    assert "person_bound" not in result.stats


def test_a_short_horizon_of_fewer_pairs_or_a_large_pool_keeps_the_phases(
    short_horizon: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    pairs = teams.candidate_pairs(short_horizon)
    monkeypatch.setattr(hinted, "HINTED_SHORT_MIN_PAIRS", pairs)
    assert hinted.applicable(short_horizon, pairs)
    assert not hinted.applicable(short_horizon, pairs - 1)
    monkeypatch.setattr(hinted, "HINTED_MAX_PEOPLE", len(short_horizon.people) - 1)
    assert not hinted.applicable(short_horizon, pairs)
    monkeypatch.setattr(hinted, "HINTED_SHORT_MIN_PAIRS", hinted.HINTED_SHORT_MIN_PAIRS)
    result = solve_checked(short_horizon)
    assert "hinted" not in result.stats
    assert result.objective == 607
