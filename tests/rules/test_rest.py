"""`rest` on tiny scenarios with exact answers: docs/rules.md#rest.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from tests.builders import (
    HARD,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)


def test_rest_hard_alternates_two_people():
    sc = scenario(
        [person("a"), person("b")], days=4, rules=[rule("cover"), rule("rest", free_days=1)]
    )
    r = solve_checked(sc)
    assert r.objective == 0
    for p in ("a", "b"):
        days = sorted(d for q, d in worked(r) if q == p)
        assert all(b - a >= 2 for a, b in zip(days, days[1:], strict=False))


def test_rest_hard_leaves_a_seat_empty_when_one_person_must_rest():
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("rest", free_days=1)])
    r = solve_checked(sc)
    assert worked(r) == {("a", 0), ("a", 2)}
    assert r.objective == HARD


def test_rest_soft_costs_each_extra_duty_per_window():
    sc = scenario(
        [person("a")],
        days=3,
        rules=[rule("cover"), rule("rest", hard=False, weight=5, free_days=1)],
    )
    r = solve_checked(sc)
    assert worked(r) == {("a", 0), ("a", 1), ("a", 2)}
    assert r.objective == 10  # windows (0,1) and (1,2) each hold one duty too many
