"""`succession` on tiny scenarios: docs/rules.md#succession.

Every solve goes through solve_checked: the independent checker must report the same
violations and objective. Two duty types: `day` 08:00-17:00 and `night` 17:00-07:00.
"""

from __future__ import annotations

from tests.builders import (
    HARD,
    START,
    day_duty,
    days_of,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)


def test_succession_hard_night_then_day_is_never_worked():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[rule("cover"), rule("succession", forbidden=(("night", "day"),))],
    )
    r = solve_checked(sc)
    assert r.objective == HARD
    assert not (0 in days_of(r, "a", "night") and 1 in days_of(r, "a", "day"))


def test_succession_soft_one_per_occurrence_none_past_the_last_date():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[
            rule("cover"),
            rule("succession", hard=False, weight=4, forbidden=(("night", "day"),)),
        ],
    )
    r = solve_checked(sc)
    assert len(r.assignments) == 4
    (v,) = r.violations
    assert ((v.date - START).days, v.duty_id, v.amount, v.cost) == (0, "night", 1, 4)
    assert r.objective == 4


def test_succession_same_duty_twice_is_no_two_in_a_row():
    sc = scenario(
        [person("a")],
        days=3,
        rules=[rule("cover"), rule("succession", forbidden=(("night", "night"),))],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2]
    assert r.objective == HARD
