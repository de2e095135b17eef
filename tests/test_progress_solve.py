"""Progress from inside the solver: the phases of a solve, the best roster and bound from
CP-SAT's callbacks, and a roster that does not depend on whether anyone listens."""

from __future__ import annotations

import pytest

from roster import progress
from roster.result import Result
from solver import phases, teams
from tests.builders import (
    day_duty,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
)


def wishes():
    """Five people, two seats a night for ten nights, each wishing four nights off, with a
    fairness band and rest: rosters of several costs for the search to improve on, small
    enough to solve at once (optimum 25 above a first roster of 40 in phases)."""
    days = 10
    crew = [person(f"p{i}") for i in range(5)]
    avoid = [period(f"p{i}", 3 * i % days, min(days - 1, 3 * i % days + 3), "prefer_not")
             for i in range(5)]  # fmt: skip
    rules = [
        rule("cover"),
        rule("preferences", prefer_not_weight=20),
        rule("fairness", categories={"all": 10}),
        rule("rest", free_days=1, hard=False, weight=5),
    ]
    duties = [night([group("1", 2)])]
    return scenario(crew, days=days, rules=rules, availability=avoid, duties=duties)


def listened(sc) -> tuple[Result, list[dict]]:
    events: list[dict] = []
    with progress.reporting(events.append):
        result = solve_checked(sc)
    return result, events


@pytest.fixture
def phased(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every model, however small, is solved in phases."""
    monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)


def test_a_direct_solve_reports_its_best_roster_and_bound_from_cp_sat():
    result, events = listened(wishes())
    search = [e for e in events if e["phase"] == "search"]
    assert [e["phase"] for e in events][:2] == ["build", "search"]
    last = search[-1]  # the solve's own final values, always sent
    assert last["objective"] == result.objective
    assert last["bound"] <= last["objective"]
    assert all(isinstance(e["objective"], int) for e in search if "objective" in e)
    assert all(e["bound"] >= 0 for e in search if "bound" in e)  # none before a roster


def test_a_phased_solve_reports_bounds_first_roster_then_search(phased):
    result, events = listened(wishes())
    seen = [e["phase"] for e in events]
    assert seen.index("bounds") < seen.index("first_roster") < seen.index("search")
    tries = [e for e in events if e["phase"] == "first_roster" and "label" in e]
    assert tries[0]["label"] == "at_bounds"
    # A try's own objective (empty seats) is not the roster's cost: not reported as one.
    assert all("objective" not in e for e in tries)
    first = next(e for e in events if e["phase"] == "first_roster" and "objective" in e)
    assert first["objective"] == result.stats["first_roster_cost"] > result.objective
    assert events[-1]["objective"] == result.objective


def test_listening_does_not_change_the_roster(phased):
    """Same seed and settings: the same roster and objective with the sink and without."""
    sc = wishes()
    alone = solve_checked(sc)
    heard, events = listened(sc)
    assert any(e["phase"] == "search" for e in events)
    assert heard.assignments == alone.assignments
    assert (heard.objective, heard.best_bound) == (alone.objective, alone.best_bound)


def test_listening_does_not_change_a_direct_solve():
    sc = wishes()
    alone = solve_checked(sc)
    heard, events = listened(sc)
    assert any("objective" in e for e in events)
    assert heard.assignments == alone.assignments and heard.objective == alone.objective


def test_a_pool_in_teams_reports_teams_done_of_total_then_regroups(monkeypatch):
    """Twelve people of three schools dealt into teams of a few people each (solved in
    worker processes, which report nothing themselves: the parent reports the teams)."""
    monkeypatch.setattr(teams, "TEAMS_MIN_PAIRS", 0)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 40)
    people = [
        person(f"p{i:02}", f"S{i % 3}", *(["leader"] if i % 4 == 0 else [])) for i in range(12)
    ]
    duties = [night([group("1", 2, leader=1), group("2", 1)]), day_duty([group("1", 2)])]
    rules = [rule("cover"), rule("roles"), rule("rest", free_days=1, hard=True),
             rule("fairness", categories={"all": 10})]  # fmt: skip
    result, events = listened(scenario(people, days=6, duties=duties, rules=rules))
    dealt = len(result.stats["teams"])
    counted = [(e["done"], e["total"]) for e in events if e["phase"] == "teams"]
    assert dealt >= 2 and counted[:2] == [(0, dealt), (dealt, dealt)]
    seen = [e["phase"] for e in events]
    assert seen.index("teams") < seen.index("regroup")
