"""`days_off` on tiny scenarios: docs/rules.md#days_off.

Every solve goes through solve_checked: the independent checker must report the same
violations and objective. Two duty types: `day` 08:00-17:00 and `night` 17:00-07:00.
"""

from __future__ import annotations

from tests.builders import (
    HARD,
    START,
    days_of,
    duty_seat,
    period,
    person,
    reported,
    rule,
    scenario,
    solve_checked,
    with_limits,
)


def test_days_off_trivial_forces_two_day_breaks():
    sc = scenario(
        [person("a")],
        days=5,
        rules=[
            rule("cover", hard=False, weight=1),
            rule("consecutive", max=2),
            rule("days_off", min=2),
        ],
    )
    r = solve_checked(sc)
    # Without days_off, 0,1,3,4 (one day off); with it only three nights fit.
    assert r.objective == 2
    assert days_of(r, "a") in ([0, 1, 4], [0, 3, 4])


def test_days_off_soft_exact_cost():
    sc = scenario(
        [person("a")],
        days=3,
        availability=[period("a", 1, 1)],
        rules=[rule("cover"), rule("days_off", hard=False, weight=5, min=3)],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2]
    assert r.objective == HARD + 2 * 5
    (v,) = [v for v in r.violations if v.kind == "days_off"]
    assert ((v.date - START).days, v.amount) == (1, 2)


def test_days_off_hard_leaves_a_seat_empty_edges_are_free():
    # Unavailable day 1: 0 and 2-3 would leave a one-day break. Days 2-3 win; the
    # off days 0-1 touch the horizon's start and are not a break.
    sc = scenario(
        [person("a")],
        days=4,
        availability=[period("a", 1, 1)],
        rules=[rule("cover"), rule("days_off", min=3)],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [2, 3]
    assert r.objective == 2 * HARD
    assert {v.kind for v in r.violations} == {"cover"}


def test_days_off_checker_counts_inner_breaks_only():
    sc = scenario([person("a")], days=7, rules=[rule("days_off", min=2)])
    seats = [duty_seat("a", d) for d in (1, 3, 6)]
    # off 0 touches the start, off 2 is a 1-day break, off 4-5 is long enough
    assert reported(sc, seats, "days_off") == [(2, "", "", 1)]


def test_days_off_without_min_holds_for_people_with_their_own_only():
    # Days 0 and 2 around one day off; the rule, stating no min, binds a person through
    # their own min 2 only (a Curtois minimum of 1 is no rule).
    def solved(own: bool) -> list[int]:
        sc = scenario(
            [person("a")],
            days=3,
            availability=[period("a", 1, 1)],
            rules=[rule("cover", hard=False, weight=1), rule("days_off")],
        )
        rows = [("a", "days_off", "min", 2)] if own else []
        return days_of(solve_checked(with_limits(sc, *rows)), "a")

    assert solved(own=False) == [0, 2]
    assert len(solved(own=True)) == 1
