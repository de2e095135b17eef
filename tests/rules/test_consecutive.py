"""`consecutive` on tiny scenarios: docs/rules.md#consecutive.

Every solve goes through solve_checked: the independent checker must report the same
violations and objective. Two duty types: `day` 08:00-17:00 and `night` 17:00-07:00.
"""

from __future__ import annotations

from dataclasses import replace

from roster.model import PersonLimit
from tests.builders import (
    HARD,
    START,
    day_duty,
    days_of,
    duty_seat,
    night,
    only_on,
    period,
    person,
    reported,
    rule,
    scenario,
    solve_checked,
    worked,
)


def test_consecutive_max_trivial_two_people_share_four_nights():
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("consecutive", max=2)],
    )
    r = solve_checked(sc)
    assert r.objective == 0
    for p in ("a", "b"):
        days = days_of(r, p)
        assert not any(days[i + 2] - days[i] == 2 for i in range(len(days) - 2))


def test_consecutive_max_hard_leaves_a_seat_empty_and_reports_it():
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("consecutive", max=2)])
    r = solve_checked(sc)
    assert r.objective == HARD
    assert [(v.kind, v.hard) for v in r.violations] == [("cover", True)]
    assert len(r.assignments) == 2


def test_consecutive_max_soft_costs_each_window_over():
    sc = scenario(
        [person("a")],
        days=4,
        rules=[rule("cover"), rule("consecutive", hard=False, weight=3, max=2)],
    )
    r = solve_checked(sc)
    # Works all 4 nights; windows of 3 days starting on days 0 and 1 each hold 3.
    assert worked(r) == {("a", d) for d in range(4)}
    assert r.objective == 6
    assert sorted(((v.date - START).days, v.role) for v in r.violations) == [(0, "max"), (1, "max")]


def test_consecutive_duty_counts_only_that_duty():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[rule("cover"), rule("consecutive", max=1, duty="night")],
    )
    r = solve_checked(sc)
    # Day duties on both days are fine; only one of the two nights.
    assert r.objective == HARD
    assert days_of(r, "a", "day") == [0, 1]
    assert len(days_of(r, "a", "night")) == 1


def test_consecutive_min_soft_exact_and_edges_free():
    # a can serve days 0, 2, 4 only. Day 2 is a one-day stretch inside the horizon
    # (amount 3 - 1 = 2); days 0 and 4 touch the edges and are not penalised.
    sc = scenario(
        [person("a")],
        days=5,
        availability=[period("a", 1, 1), period("a", 3, 3)],
        rules=[rule("cover"), rule("consecutive", hard=False, weight=2, min=3)],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2, 4]
    assert r.objective == 2 * HARD + 2 * 2
    (short,) = [v for v in r.violations if v.kind == "consecutive"]
    assert ((short.date - START).days, short.amount, short.cost) == (2, 2, 4)


def test_consecutive_min_hard_that_cannot_hold_is_reported_not_raised():
    # a serves only day 1, where a day duty and a night run: working both leaves a
    # one-day stretch (1 unit at hard_weight), cheaper than two empty seats.
    sc = scenario(
        [person("a")],
        days=3,
        duties=[only_on(day_duty(), 1), only_on(night(), 1)],
        rules=[rule("cover"), rule("consecutive", min=2)],
    )
    r = solve_checked(sc)
    assert r.objective == HARD
    (v,) = r.violations
    assert (v.kind, v.hard, (v.date - START).days, v.amount) == ("consecutive", True, 1, 1)
    assert len(r.assignments) == 2


def test_consecutive_min_stretches_at_the_edges_are_not_short():
    sc = scenario([person("a")], days=5, rules=[rule("consecutive", min=3)])
    # 0 | 2,3 | - : the stretch of days 2-3 is inner and short; day 0 touches the start.
    seats = [duty_seat("a", 0), duty_seat("a", 2), duty_seat("a", 3)]
    assert reported(sc, seats, "consecutive") == [(2, "", "min", 1)]
    # a stretch touching the last date is not short
    assert reported(sc, [duty_seat("a", 3), duty_seat("a", 4)], "consecutive") == []


def test_consecutive_per_person_limit_overrides_the_rule():
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("consecutive", max=3)])
    sc = replace(sc, limits=(PersonLimit("a", "consecutive", "max", 1),))
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2]
    assert r.objective == HARD
