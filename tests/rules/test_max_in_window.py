"""`max_in_window` on tiny scenarios with exact answers: docs/rules.md#max_in_window.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from tests.builders import (
    HARD,
    count_of,
    person,
    rule,
    scenario,
    solve_checked,
    with_limits,
    worked,
)


def test_max_in_window_caps_duties_per_window():
    sc = scenario(
        [person("a")], days=7, rules=[rule("cover"), rule("max_in_window", max=2, days=7)]
    )
    r = solve_checked(sc)
    assert len(r.assignments) == 2
    assert r.objective == 5 * HARD


def test_max_in_window_windows_inside_the_horizon_only():
    # 8 days, windows of 7: days 0-6 and 1-7. Max 1: a duty on day 0 and day 7 is fine.
    sc = scenario(
        [person("a")],
        days=8,
        rules=[rule("cover", hard=False, weight=1), rule("max_in_window", max=1, days=7)],
    )
    r = solve_checked(sc)
    assert worked(r) == {("a", 0), ("a", 7)}
    assert r.objective == 6


def test_limits_override_max_in_window_for_one_person():
    base = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("max_in_window", max=1, days=4)],
    )
    assert solve_checked(base).objective == 2 * HARD
    r = solve_checked(with_limits(base, ("a", "max_in_window", "max", 3)))
    assert r.objective == 0 and (count_of(r, "a"), count_of(r, "b")) == (3, 1)
