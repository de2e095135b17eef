"""Seats proven empty by weekends and by minutes, and the least cost of a soft cover's
empty seats as a floor under the reported bound (solver/shortage.py, solver/floor.py)."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from outputs.summary import human_summary, summary_dict
from roster.conflicts import explain_conflicts
from roster.result import Result, Status, Violation
from solver.floor import with_floor
from solver.shortage import (
    cover_floor,
    least_shortage,
    minute_windows,
    seats_short,
    weekend_windows,
)
from tests.builders import (
    day_duty,
    group,
    levels_group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    with_demand,
)


def _weekends_short(cover_hard: bool = True, weight: int = 100):
    """Two weeks of nights of two seats (START is a Monday: two weekends, 8 weekend seats);
    three people, each at most one weekend: they can take 6."""
    cover = rule("cover") if cover_hard else rule("cover", hard=False, weight=weight)
    return scenario(
        [person(f"p{i}") for i in range(3)],
        days=14,
        duties=[night([group("1", 2)])],
        rules=[cover, rule("weekends", max=1)],
    )


def _weekends_one_day_each():
    """Two weeks of nights; the first weekend asks two on Saturday and none on Sunday, the
    second the reverse. Three people, each at most one weekend, fill one seat each: a
    weekend worked on its quiet day too fills nothing more, so 3 of the 4 seats."""
    quiet = ("1", "", 0, 0, 0)
    busy = ("1", "", 2, 2, 2)
    return with_demand(_weekends_short(), (5, *busy), (6, *quiet), (12, *quiet), (13, *busy))


WEEKEND_CASES = [  # scenario, weekend seats needed, the most filled
    pytest.param(_weekends_short, 8, 6, id="capped per person"),
    pytest.param(_weekends_one_day_each, 4, 3, id="one day asked"),
]


@pytest.mark.parametrize("build, needed, most", WEEKEND_CASES)
def test_weekends_capped_prove_their_empty_seats(build, needed, most):
    found = least_shortage(build())
    assert found.seats == needed - most
    assert [(w.kind, w.needed, w.capacity) for w in found.windows] == [("weekends", needed, most)]


@pytest.mark.parametrize("build, needed, most", WEEKEND_CASES)
def test_weekends_capped_leave_only_their_proven_seats_empty(build, needed, most):
    result = solve_checked(build())
    empty = [v for v in result.violations if v.kind == "cover"]
    assert sum(v.amount for v in empty) == needed - most
    assert all(v.date is not None and v.date.weekday() >= 5 for v in empty)
    assert result.stats["least_empty_seats"] == needed - most
    assert result.status is Status.OPTIMAL


def test_weekends_asking_one_day_explained_in_chinese():
    sc = dataclasses.replace(_weekends_one_day_each(), language="zh")
    (line,) = explain_conflicts(sc, solve_checked(sc).violations)
    assert "可值班的3人合计最多上3个周末" in line
    assert "至少1个岗位空缺" in line


def test_a_short_weekday_adds_to_the_short_weekends():
    """Wednesday 5 February: two of the three away, one seat of two empty; the weekends
    count other seats, so both proofs add up."""
    sc = dataclasses.replace(
        _weekends_short(), availability=(period("p1", 2, 2), period("p2", 2, 2))
    )
    found = least_shortage(sc)
    assert found.seats == 3
    assert sorted((w.kind, w.short) for w in found.windows) == [("", 1), ("weekends", 2)]


def test_a_weekend_cap_on_one_duty_proves_nothing_of_the_weekends():
    sc = scenario(
        [person(f"p{i}") for i in range(3)],
        days=14,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("weekends", max=1, duty="night")],
    )
    assert weekend_windows(sc) == []


def _minutes_short():
    """A week of one 9-hour day seat a date (3,780 minutes); two people of at most three
    such shifts each (3,240 minutes): 540 minutes, one seat, stay empty."""
    return scenario(
        [person("a"), person("b")],
        days=7,
        duties=[day_duty()],
        rules=[rule("cover"), rule("workload", unit="minutes", max=3 * 9 * 60)],
    )


def test_minutes_capped_per_person_prove_their_empty_seats():
    sc = _minutes_short()
    assert [(w.needed, w.capacity, w.short) for w in minute_windows(sc)] == [(3780, 3240, 1)]
    assert least_shortage(sc).seats == 1
    result = solve_checked(sc)
    assert sum(v.amount for v in result.violations if v.kind == "cover") == 1
    assert result.status is Status.OPTIMAL


def test_missing_minutes_count_whole_seats_of_the_longest_shift():
    """61 minutes short of 9-hour shifts: one seat, not 61 and not none."""
    sc = scenario(
        [person("a"), person("b")],
        days=7,
        duties=[day_duty()],
        rules=[rule("cover"), rule("workload", unit="minutes", max=3780 // 2 - 31)],
    )
    assert [w.short for w in minute_windows(sc)] == [1]


def test_shifts_apart_on_one_date_are_both_counted():
    """A day duty 08-17 and a night 17-07 start on the same date and do not overlap: one
    person can work both, so one person for both proves nothing."""
    sc = scenario([person("a")], days=1, duties=[night(), day_duty()], rules=[rule("cover")])
    assert least_shortage(sc).seats == 0


def test_shifts_at_the_same_time_count_once():
    """Two duties 08-17 on the same date: one person takes one of them."""
    duties = [day_duty(), day_duty(duty_id="gate", start=time(9), end=time(18))]
    sc = scenario([person("a")], days=1, duties=duties, rules=[rule("cover")])
    assert least_shortage(sc).seats == 1


def test_a_soft_cover_proves_its_floor_at_its_weight():
    sc = _weekends_short(cover_hard=False, weight=100)
    assert least_shortage(sc).seats == 0  # soft: no seat must be filled
    assert seats_short(sc)[0] == 2
    assert cover_floor(sc, least_shortage(sc)) == 200


def test_seats_below_preferred_cost_their_short_weight():
    """Hard min 0, preferred 2 a night, short weight 7; one person for a week of nights,
    at most three in the week by minutes: 14 preferred seats, 3 taken at most."""
    sc = scenario(
        [person("a")],
        days=7,
        duties=[night([levels_group("1", 2, 0, 2)])],
        rules=[
            rule("cover", short_weight=7),
            rule("workload", unit="minutes", max=3 * 14 * 60),
        ],
    )
    assert least_shortage(sc).seats == 0
    assert seats_short(sc, "preferred")[0] == 14 - 3
    assert cover_floor(sc, least_shortage(sc)) == 7 * 11


def test_a_soft_cover_solved_reports_its_floor_as_bound():
    sc = _weekends_short(cover_hard=False, weight=100)
    result = solve_checked(sc)
    assert result.objective == 200
    assert result.best_bound == 200
    assert result.status is Status.OPTIMAL


def _feasible(objective: int, bound: int | None, *violations: Violation) -> Result:
    return Result(Status.FEASIBLE, objective, bound, 1.0, violations=violations)


def test_the_floor_raises_a_weaker_bound_and_proves_a_roster_at_it():
    sc = _weekends_short(cover_hard=False, weight=100)
    raised = with_floor(sc, _feasible(200, 0))
    assert (raised.best_bound, raised.status) == (200, Status.OPTIMAL)
    assert raised.stats["least_cover_cost"] == 200
    above = with_floor(sc, _feasible(300, None))
    assert (above.best_bound, above.status) == (200, Status.FEASIBLE)


def test_the_floor_leaves_a_stronger_bound_alone():
    sc = _weekends_short(cover_hard=False, weight=100)
    result = _feasible(400, 350)
    assert with_floor(sc, result) is result


def test_a_roster_breaking_a_hard_rule_the_proof_reads_keeps_its_own_bound():
    """Relaxed hard rules (a weekend over the cap) can fill seats the proof counts empty."""
    sc = _weekends_short(cover_hard=False, weight=100)
    broken = Violation("weekends", "weekends", True, 1, 100_000, person_id="p0")
    result = _feasible(100_000, 0, broken)
    assert with_floor(sc, result) is result


def test_a_hard_cover_without_levels_adds_nothing():
    sc = scenario(
        [person(f"p{i}") for i in range(3)],
        days=14,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("weekends", max=1)],
    )
    assert cover_floor(sc, least_shortage(sc)) == 0


@pytest.mark.parametrize(
    "build, line",
    [
        (
            _weekends_short,
            "weekends 2020-02-08 to 2020-02-16: 8 seats to fill, but weekends lets the 3 "
            "people available then take at most 6 of them, so at least 2 stay empty",
        ),
        (
            _weekends_one_day_each,
            "weekends 2020-02-08 to 2020-02-16: 4 seats to fill, but weekends lets the 3 "
            "people available then work at most 3 weekends between them, and Saturdays and "
            "Sundays ask for different numbers of people, so those weekends fill at most 3 "
            "seats: at least 1 stay empty",
        ),
    ],
)
def test_the_explanation_counts_the_weekends_and_their_cap(build, line):
    sc = build()
    assert explain_conflicts(sc, solve_checked(sc).violations) == [line]


def test_the_explanation_counts_the_minutes_and_their_cap():
    sc = _minutes_short()
    result = solve_checked(sc)
    lines = explain_conflicts(sc, result.violations)
    assert (
        "2020-02-03 to 2020-02-09: 3780 minutes of shifts to fill, but workload lets the 2 "
        "people work at most 3240, so at least 1 seat(s) stay empty (each at most 540 minutes)"
    ) in lines


def test_the_weekends_explained_in_chinese():
    sc = dataclasses.replace(_weekends_short(), language="zh")
    result = solve_checked(sc)
    (line,) = explain_conflicts(sc, result.violations)
    assert line.startswith("2020-02-08至2020-02-16的周末：共需8人次")
    assert "至少2个岗位空缺" in line


def test_the_summary_names_the_empty_seats_as_the_bound():
    sc = _weekends_short(cover_hard=False, weight=100)
    raised = with_floor(sc, _feasible(300, 0))
    assert summary_dict(sc, raised)["bound_source"] == "empty_seats"
    assert "bound 200 (empty seats proven)" in human_summary(sc, raised)
