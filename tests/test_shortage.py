"""When people run short: the fewest empty seats, proven, on every path; role seats filled
by the role holders who work; a clock that stops the search says so."""

from __future__ import annotations

import dataclasses
import time

import pytest

from outputs.summary import human_summary, summary_dict
from roster.check import check
from roster.conflicts import explain_conflicts
from roster.result import Assignment, Status
from solver import phases, solve
from solver.grouping import fill_role_seats
from solver.shortage import least_shortage
from tests.builders import (
    HARD,
    START,
    day_duty,
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)


@pytest.fixture(params=["one model", "phased"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same case on the single-model path and on the phased one."""
    if request.param == "phased":
        monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)
    return request.param


def _week_short_of_people():
    """Seven nights of two seats with a leader seat each; six people, two of them leaders,
    at most two nights each in any seven days. Every night has six people free, but the week
    needs 14 seats and they can take 12; 7 leader seats, and the two leaders can take 4."""
    people = [person("L1", "S1", "leader"), person("L2", "S1", "leader")]
    people += [person(f"p{i}") for i in range(4)]
    return scenario(
        people,
        days=7,
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles"), rule("max_in_window", max=2, days=7)],
    )


def test_a_shortage_over_a_window_is_proven_before_solving():
    found = least_shortage(_week_short_of_people())
    assert (found.seats, found.role_seats) == (2, 3)
    assert [(w.needed, w.capacity) for w in found.windows if not w.role] == [(14, 12)]


def test_the_fewest_empty_seats_are_left_and_the_bound_says_they_must(path):
    sc = _week_short_of_people()
    result = solve_checked(sc)
    empty = sum(v.amount for v in result.violations if v.kind == "cover")
    empty_roles = sum(v.amount for v in result.violations if v.kind == "roles")
    assert (empty, empty_roles) == (2, 3)
    assert result.stats["least_empty_seats"] == 2
    assert result.best_bound is not None and result.best_bound >= 5 * HARD
    assert result.status is Status.OPTIMAL


def test_the_summary_says_how_many_seats_cannot_be_filled():
    sc = _week_short_of_people()
    result = solve_checked(sc)
    text = human_summary(sc, result)
    assert "at least 2 seat(s) cannot be filled (proven); 2 left empty" in text
    assert summary_dict(sc, result)["least_empty_seats"] == 2


def test_a_shortage_in_one_week_leaves_the_other_weeks_full(path):
    """A bad week must not empty the rest of the horizon: only the proven seats stay empty."""
    people = [person(f"p{i}") for i in range(6)]
    sc = scenario(
        people,
        days=14,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("max_in_window", max=2, days=7)],
        availability=[_away(f"p{i}", 7, 13) for i in range(2)],  # week 2: four people left
    )
    result = solve_checked(sc)
    empty = [v for v in result.violations if v.kind == "cover"]
    assert result.stats["least_empty_seats"] == 14 - 8 + 14 - 12
    assert sum(v.amount for v in empty) == result.stats["least_empty_seats"]


def _away(pid: str, first: int, last: int):
    from tests.builders import period

    return period(pid, first, last)


def test_a_leader_in_an_ordinary_seat_takes_the_empty_leader_seat():
    sc = scenario(
        [person("a", "S1", "leader"), person("b")],
        days=1,
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles")],
    )
    shift = sc.shifts[0]
    assert fill_role_seats(sc, shift, [("b", ""), ("a", "")]) == [("b", ""), ("a", "leader")]


def test_the_checker_flags_a_leader_left_in_an_ordinary_seat():
    sc = scenario(
        [person("a", "S1", "leader"), person("b")],
        days=1,
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles")],
    )
    idle = [Assignment(START, "night", "1", "", "a"), Assignment(START, "night", "1", "", "b")]
    report = check(sc, idle)
    assert len(report.improvable) == 1 and "Name a (a)" in report.improvable[0]
    solved = solve_checked(sc)
    assert check(sc, solved.assignments).improvable == ()
    assert {(a.person_id, a.role) for a in solved.assignments} == {("a", "leader"), ("b", "")}


def _a_month_of_nights():
    """Large enough that no call proves anything the moment it starts."""
    people = [person(f"L{i}", "S1", "leader") for i in range(10)]
    people += [person(f"p{i}", f"S{i % 4}") for i in range(40)]
    return scenario(
        people,
        days=28,
        duties=[night([group(str(g), 3, leader=1) for g in range(1, 4)])],
        rules=[
            rule("cover"),
            rule("roles"),
            rule("rest", free_days=1),
            rule("fairness", hard=False, categories={"all": 10}),
            rule("same_school_group", hard=False, weight=1),
        ],
    )


def test_a_deadline_reached_stops_the_search_and_the_result_says_so(path):
    """A deadline already past: every CP-SAT call returns at once (no timing asserted)."""
    sc = _a_month_of_nights()
    settings = dataclasses.replace(sc.solver, deadline=time.time() - 1, deterministic_time=1e4)
    result = solve(dataclasses.replace(sc, solver=settings))
    assert result.stats["stopped_by"] == "time_limit"
    assert summary_dict(sc, result)["stopped_by"] == "time_limit"
    assert "stopped by the time limit: a rerun may give another roster" in human_summary(sc, result)
    if result.objective is not None:
        assert check(sc, result.assignments).objective == result.objective


def test_a_solve_ended_by_its_work_budget_or_a_proof_says_which():
    result = solve_checked(_week_short_of_people())
    assert result.stats["stopped_by"] == "proof"


def _nights_capped_per_person():
    """A week of two seats a night and a day seat a day; four people, at most two nights
    each (a workload rule of the night duty): every night has four people free and the week
    has 28 person-days, but the nights need 14 seats and the people may work 8 of them."""
    return scenario(
        [person(f"p{i}") for i in range(4)],
        days=7,
        duties=[night([group("1", 2)]), day_duty()],
        rules=[rule("cover"), rule("workload", duty="night", max=2)],
    )


def test_a_duty_capped_per_person_proves_its_empty_seats_before_solving():
    found = least_shortage(_nights_capped_per_person())
    assert found.seats == 6
    assert [(w.duty, w.needed, w.capacity) for w in found.windows] == [("night", 14, 8)]


def test_a_duty_capped_per_person_leaves_only_its_proven_seats_empty(path):
    result = solve_checked(_nights_capped_per_person())
    empty = [v for v in result.violations if v.kind == "cover"]
    assert result.stats["least_empty_seats"] == 6
    assert sum(v.amount for v in empty) == 6
    assert {v.duty_id for v in empty} == {"night"}
    assert result.status is Status.OPTIMAL


def test_a_duty_cap_in_minutes_counts_its_shortest_shift():
    sc = scenario(
        [person(f"p{i}") for i in range(4)],
        days=7,
        duties=[night([group("1", 2)]), day_duty()],
        rules=[rule("cover"), rule("workload", duty="night", unit="minutes", max=3 * 14 * 60)],
    )
    assert least_shortage(sc).seats == 14 - 4 * 3


def test_the_explanation_names_the_capped_duty_and_its_cap():
    sc = _nights_capped_per_person()
    result = solve_checked(sc)
    lines = explain_conflicts(sc, result.violations)
    assert lines == [
        "2020-02-03 to 2020-02-09: 14 Night duty seats to fill, but workload lets the 4 "
        "people who may work Night duty take at most 8, so at least 6 stay empty; 3 more "
        "volunteers (each can take 2) would close the gap"
    ]
