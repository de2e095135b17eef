"""The weekend plan (solver/weekend_plan.py): who works which weekend, and on which seat,
before the construction fills the rest."""

from __future__ import annotations

import dataclasses
import math

import pytest
from ortools.sat.python import cp_model

from roster.check import check
from roster.model import Request, RequestKind
from solver import weekend_plan
from solver.construct import construct_with_rows
from solver.rows import RowBudget
from solver.seat_rules import SeatRules
from solver.weekend_plan import PlanBudget, weekend_seats
from tests.builders import (
    START,
    day_duty,
    group,
    night,
    on_day,
    period,
    person,
    rule,
    scenario,
    with_limits,
)

BUDGET = PlanBudget(seconds=30.0, work=10.0, workers=1, seed=1)


def planned(sc) -> set[tuple[str, str, int]]:
    seats = weekend_seats(sc, SeatRules(sc), BUDGET)
    return {(pid, shift.duty_id, (shift.date - START).days) for pid, shift in seats}


def test_each_person_works_their_one_weekend_whole():
    # One seat a night, two weekends, each person at most one of them: whole weekends fill
    # all four seats; a weekend split between the two would leave the other one empty.
    sc = scenario(
        [person("a"), person("b")],
        days=14,
        rules=[rule("cover", hard=False, weight=10), rule("weekends", max=1)],
    )
    seats = planned(sc)
    assert {day for _, _, day in seats} == {5, 6, 12, 13}
    for pid in "ab":
        assert {day for p, _, day in seats if p == pid} in ({5, 6}, {12, 13})


def test_a_sunday_duty_that_may_not_follow_the_saturday_one_is_not_matched():
    # A day and a night seat each date; no day after a night. c works the Saturday alone
    # and no night, b the Sunday alone and no day, a the weekend whole: the only match of
    # all four seats gives a the Saturday night and the Sunday day, which may not follow it,
    # so one seat stays unmatched.
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=7,
        duties=[day_duty([group("1", 1)]), night([group("1", 1)])],
        rules=[
            rule("cover", hard=False, weight=10),
            rule("succession", forbidden=(("night", "day"),)),
            rule("weekends", max=1),
            rule("workload", name="days", duty="day", max=7),
            rule("workload", name="nights", duty="night", max=7),
        ],
        availability=(period("b", 5, 5), period("c", 6, 6)),
    )
    sc = with_limits(sc, ("b", "days", "max", 0), ("c", "nights", "max", 0))
    seats = planned(sc)
    assert not {("a", "night", 5), ("a", "day", 6)} <= seats
    assert len(seats) == 3


def test_a_duty_cap_spent_on_the_first_weekend_holds_on_the_next():
    # a may work one night in all; b is the only other, with two weekends to give.
    sc = scenario(
        [person("a"), person("b")],
        days=14,
        rules=[
            rule("cover", hard=False, weight=10),
            rule("weekends", max=2),
            rule("workload", name="nights", duty="night", max=1),
        ],
    )
    seats = planned(sc)
    for pid in "ab":
        assert len([s for s in seats if s[0] == pid]) <= 1


def test_without_a_cap_on_weekends_there_is_no_plan():
    sc = scenario([person("a")], days=14, rules=[rule("cover", hard=False, weight=10)])
    assert planned(sc) == set()


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_construction_seats_the_plan_before_the_weekends_fill(first):
    # One seat a night, two weekends, each person at most one; `first` is away the second
    # weekend. The fill, weekend by weekend, gives the first weekend to whichever comes
    # first among equals, and half the time leaves the second to nobody; the plan gives
    # the first weekend to the one away on the second.
    other = "b" if first == "a" else "a"
    sc = scenario(
        [person("a"), person("b")],
        days=14,
        rules=[rule("cover", hard=False, weight=10), rule("weekends", max=1)],
        availability=(period(first, 12, 13),),
    )
    budget = RowBudget(math.inf, 10.0)
    roster, report, _ = construct_with_rows(sc, rows=budget, passes=(), plan_weekends=True)
    assert report == check(sc, roster)
    on = {(a.date - START).days: a.person_id for a in roster}
    assert (on[5], on[6], on[12], on[13]) == (first, first, other, other)


@pytest.mark.parametrize("who", ["a", "b"])
def test_a_weekend_seat_someone_asked_not_to_work_goes_to_another(who):
    # A day and a night seat each date, two people each working the weekend whole: `who`
    # asked not to work the Saturday night, so the other takes it.
    sc = scenario(
        [person("a"), person("b")],
        days=7,
        duties=[day_duty([group("1", 1)]), night([group("1", 1)])],
        rules=[
            rule("cover", hard=False, weight=10),
            rule("requests", hard=False, weight=1),
            rule("weekends", max=1),
        ],
    )
    sc = dataclasses.replace(sc, requests=(Request(who, on_day(5), RequestKind.NOT, "night"),))
    seats = planned(sc)
    assert len(seats) == 4
    assert (who, "night", 5) not in seats


def first_plan(sc) -> dict[str, list[int]]:
    """The plan made in one pass: per person, the days worked, in date order."""
    rules = SeatRules(sc)
    weekends = [weekend_plan._Weekend(sc, rules, sat) for sat in rules.saturdays]
    choices = weekend_plan._greedy(weekends, weekend_plan._caps(sc, rules))
    out: dict[str, list[int]] = {}
    for (_, pid), days in sorted(choices.items()):
        out.setdefault(pid, []).extend((d - START).days for d in days)
    return out


def test_the_first_plan_spends_each_cap_on_weekends_still_asking():
    # One seat a night, three weekends; a and b may work one, c two. a takes the first
    # weekend whole, b the next still asking, c the last; none is left for c's second.
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=21,
        rules=[rule("cover", hard=False, weight=10), rule("weekends", max=1)],
    )
    sc = with_limits(sc, ("c", "weekends", "max", 2))
    assert first_plan(sc) == {"a": [5, 6], "b": [12, 13], "c": [19, 20]}


def test_the_first_plan_keeps_a_persons_weekends_apart():
    sc = scenario(
        [person("a")],
        days=21,
        rules=[rule("cover", hard=False, weight=10), rule("weekends", max=2)],
    )
    assert first_plan(sc) == {"a": [5, 6, 19, 20]}


def test_the_first_plan_serves_those_with_fewest_open_weekends_first():
    # b is away the second weekend: b first takes the first, a the second.
    sc = scenario(
        [person("a"), person("b")],
        days=14,
        rules=[rule("cover", hard=False, weight=10), rule("weekends", max=1)],
        availability=(period("b", 12, 13),),
    )
    assert first_plan(sc) == {"a": [12, 13], "b": [5, 6]}


def test_the_plan_model_is_hinted_with_the_choices_completed():
    # Two ways, the first cheaper; the choices take the second. The hint holds every
    # variable, and a solve held to it returns the second with its cost settled.
    model = cp_model.CpModel()
    first, second = model.new_bool_var("first"), model.new_bool_var("second")
    model.add_exactly_one(first, second)
    cost = model.new_int_var(0, 10, "cost")
    model.add(cost == 3 * second)
    model.minimize(cost)
    saturday, sunday = on_day(5), on_day(6)
    options = {(saturday, "a"): [(first, (saturday,)), (second, (saturday, sunday))]}
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10.0
    weekend_plan._hint_completed(model, options, {(saturday, "a"): (saturday, sunday)}, solver)
    assert list(model.proto.solution_hint.vars) == [0, 1, 2]
    held = cp_model.CpSolver()
    held.parameters.fix_variables_to_their_hinted_value = True
    held.parameters.num_workers = 1
    assert held.solve(model) == cp_model.OPTIMAL
    assert (held.value(first), held.value(second), held.value(cost)) == (0, 1, 3)
