"""A roster on every path: the construction without CP-SAT (solver/construct.py) and the
fallback that carries it when a search ends without a roster (solver/fallback.py).

The searches here are starved by a deadline already passed and no work budget, so every
path ends without a roster of its own; every roster returned is verified by the checker.
"""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from roster.check import check
from roster.model import Duty, Group, Person, Scenario, School
from roster.result import Assignment, Result, Status
from solver import blocks, phases, teams
from solver.baseline import Baseline
from solver.construct import construct
from solver.fallback import with_fallback
from solver.shortage import least_shortage
from tests.builders import (
    START,
    day_duty,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    with_pairs,
)

RULES = [
    rule("cover"),
    rule("roles"),
    rule("rest", free_days=1),
    rule("max_in_window", max=2, days=5),
    rule("fairness", categories={"all": 10}),
]


def starved(sc: Scenario) -> Scenario:
    """No time and no work left: every CP-SAT call returns at once."""
    settings = dataclasses.replace(
        sc.solver, deterministic_time=0.0, deadline=0.0, workers=1, seed=3
    )
    return dataclasses.replace(sc, solver=settings)


def pool(n: int = 12, days: int = 8) -> Scenario:
    people = [
        person(f"p{i:02}", f"S{i % 3}", *(["leader"] if i % 3 == 0 else [])) for i in range(n)
    ]
    duties = [night([group("1", 2, leader=1), group("2", 1)]), day_duty([group("1", 1)])]
    return scenario(
        people, days=days, duties=duties, rules=RULES, availability=[period("p04", 2, 4)]
    )


def empty_seats(result_or_report) -> int:
    return sum(v.amount for v in result_or_report.violations if v.hard and v.kind == "cover")


def assert_fallback(result: Result, sc: Scenario) -> None:
    """A checked roster, honest about what it is: no hard rule broken but empty seats, as
    few as the construction leaves, a proven bound, and what stopped the search."""
    assert result.objective is not None and result.assignments
    assert {v.kind for v in result.hard_violations} <= {"cover", "roles"}
    assert result.best_bound is not None and result.best_bound <= result.objective
    assert result.status in (Status.FEASIBLE, Status.OPTIMAL)
    if result.status is Status.FEASIBLE:
        assert result.stats["stopped_by"] in ("time_limit", "work_budget")
    assert empty_seats(result) <= empty_seats(construct(sc)[1])


# ---- the construction alone ----


def test_the_construction_keeps_rest_window_caps_and_roles_on_an_exact_case():
    """Three leaders, one leader seat a night, rest of one free day and at most two nights
    in any five: nights 1-6 need two leaders in turn and a third for the cap; all fit."""
    people = [person("a", "S", "leader"), person("b", "S", "leader"), person("c", "S", "leader")]
    people += [person("m", "S"), person("n", "S")]
    sc = scenario(people, days=6, duties=[night([group("1", 2, leader=1)])], rules=RULES[:4])
    roster, report = construct(sc)
    assert report == check(sc, roster)
    assert not report.hard
    leaders = [a for a in roster if a.role == "leader"]
    assert len(leaders) == 6 and all(a.person_id in "abc" for a in leaders)
    assert len(roster) == 12


def test_the_construction_leaves_a_seat_empty_rather_than_break_a_rule():
    """One person, three nights, one free day between duties: two nights, one seat empty."""
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("rest", free_days=1)])
    roster, report = construct(sc)
    assert [(a.date - START).days for a in roster] == [0, 2]
    assert [v.kind for v in report.hard] == ["cover"]
    assert least_shortage(sc).seats == empty_seats(report)


def test_the_construction_keeps_pairs_apart_and_overlapping_duties_apart():
    people = [person("a"), person("b"), person("c"), person("d")]
    duties = [night([group("1", 2)]), day_duty([group("1", 1)], start=time(16), end=time(20))]
    sc = with_pairs(
        scenario(people, days=4, duties=duties, rules=[rule("cover")]), "apart", ("a", "b")
    )
    roster, report = construct(sc)
    assert not report.hard
    days = {(a.person_id, a.date) for a in roster}
    assert not any(("a", d) in days and ("b", d) in days for _, d in days)


def test_the_construction_is_the_same_for_the_same_seed():
    sc = pool()
    assert construct(sc)[0] == construct(sc)[0]


# ---- the fallback on every path ----


@pytest.mark.parametrize("deadline", [0.0, None], ids=["deadline passed", "no work budget"])
def test_a_starved_single_model_returns_a_checked_roster(deadline: float | None):
    sc = starved(pool())
    sc = dataclasses.replace(sc, solver=dataclasses.replace(sc.solver, deadline=deadline))
    result = solve_checked(sc)
    assert result.stats["fallback"] == "constructed"
    assert_fallback(result, sc)


def test_a_starved_phased_solve_returns_a_checked_roster(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)
    sc = starved(pool())
    result = solve_checked(sc)
    assert "fallback" in result.stats
    assert_fallback(result, sc)


def test_a_starved_pool_in_teams_returns_a_checked_roster(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(teams, "TEAMS_MIN_PAIRS", 0)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 40)
    # No work left, but a clock: the teams are tried (past a deadline they are not).
    sc = starved(pool())
    sc = dataclasses.replace(sc, solver=dataclasses.replace(sc.solver, deadline=None))
    result = solve_checked(sc)
    assert len(result.stats["teams"]) >= 2
    # The teams' roster (built seat by seat where a team found none) is scored whole, or
    # itself the fallback when even that found no time; never more seats empty than the
    # construction leaves.
    assert_fallback(result, sc)


def test_a_team_without_a_roster_takes_its_share_by_construction():
    sc = starved(pool())
    settings = dataclasses.replace(sc.solver, deterministic_time=20.0, deadline=None)
    found = blocks.person_bounds(dataclasses.replace(sc, solver=settings), processes=1)
    tried = Result(Status.UNKNOWN, None, None, 0.0)
    share = teams._share_without_search(sc, found, tried)
    own = teams._own_schedules(sc, found, tried)
    assert empty_seats(check(sc, share.assignments)) <= empty_seats(check(sc, own.assignments))
    assert {v.kind for v in check(sc, share.assignments).hard} <= {"cover", "roles"}


def _school(school: str) -> Duty:
    return Duty(
        f"{school}:night", f"School {school}", "School", time(17), time(8),
        (Group("1", "Duty", 1),), school_id=school, staff_schools=frozenset({school}),
    )  # fmt: skip


def test_starved_school_parts_each_return_a_checked_roster():
    people = [
        Person(f"{s}{i}", f"Name {s}{i}", f"School {s}", school_id=s)
        for s in "ab"
        for i in range(3)
    ]
    sc = scenario(people, days=5, duties=[_school("a"), _school("b")], rules=RULES[:3])
    sc = starved(dataclasses.replace(sc, schools=(School("a", "A"), School("b", "B"))))
    result = solve_checked(sc)
    assert result.stats["decomposed"] is True
    assert all(p["objective"] is not None for p in result.stats["parts"])
    assert_fallback(result, sc)


def test_a_starved_resolve_drops_who_is_gone_and_leaves_no_more_seats_empty():
    sc = pool()
    base = solve_checked(sc).assignments
    gone = base[0].person_id
    later = dataclasses.replace(sc, availability=(*sc.availability, period(gone, 0, 7)))
    later = starved(later)
    result = solve_checked(later, Baseline(base))
    assert "fallback" in result.stats
    assert gone not in {a.person_id for a in result.assignments}
    assert_fallback(result, later)


def test_a_starved_resolve_with_nothing_changed_keeps_the_base():
    sc = pool()
    base = solve_checked(sc).assignments
    result = solve_checked(starved(sc), Baseline(base))
    assert result.stats["fallback"] == "constructed"
    assert set(base) <= set(result.assignments)
    assert_fallback(result, sc)


def test_the_fallback_never_leaves_more_seats_empty_than_the_construction():
    sc = starved(pool(n=7))
    nothing = Result(Status.UNKNOWN, None, None, 0.0)
    worse = [Assignment(START, "night", "1", "", "p01")]
    result = with_fallback(sc, nothing, tried=[worse])
    assert result.stats["fallback"] == "constructed"
    assert check(sc, result.assignments).objective == result.objective
    assert empty_seats(result) == empty_seats(construct(sc)[1])


def test_a_searched_roster_with_more_empty_seats_than_the_construction_gives_way():
    sc = pool(n=7)
    sparse = [Assignment(START, "night", "1", "leader", "p00")]
    report = check(sc, sparse)
    searched = Result(Status.FEASIBLE, report.objective, 0, 0.0, tuple(sparse), report.violations)
    result = with_fallback(sc, searched)
    assert result.stats["fallback"] == "constructed"
    assert result.stats["search_objective"] == report.objective > result.objective
    assert check(sc, result.assignments).objective == result.objective
    assert empty_seats(result) == empty_seats(construct(sc)[1]) < empty_seats(report)
    proven = dataclasses.replace(searched, status=Status.OPTIMAL)
    assert with_fallback(sc, proven) is proven


def test_a_result_that_is_the_construction_is_not_built_a_second_time(monkeypatch):
    """A search that held no roster reported the construction it started from (a phased
    least-short try, a long horizon): the fallback weighs it as it is, without a second
    construction after the deadline."""
    from solver import fallback

    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("rest", free_days=1)])
    roster, report = construct(sc)
    assert empty_seats(report) == 1  # more than the search proved (0): worth a fallback
    stats = {"fallback": "constructed", "least_empty_seats": 0, "stopped_by": "time_limit"}
    result = Result(
        Status.FEASIBLE, report.objective, 0, 1.0, roster, tuple(report.violations), stats=stats
    )

    def not_again(*args, **kwargs):
        raise AssertionError("constructed a second time")

    monkeypatch.setattr(fallback, "construct", not_again)
    assert with_fallback(sc, result) is result
    # a search's roster that started from the construction completed: no fewer empty there
    from_it = {"fallback": None, "least_short_hint": "complete"}
    searched = dataclasses.replace(result, stats=stats | from_it)
    assert with_fallback(sc, searched) is searched
