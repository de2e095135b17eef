"""`preferences` on tiny scenarios with exact answers: docs/rules.md#preferences.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from tests.builders import (
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)


def test_preferences_prefer_not_is_avoided_and_priced_when_forced():
    prefs = rule("preferences", hard=False, prefer_not_weight=20, prefer_weight=5)
    sc = scenario(
        [person("a"), person("b")],
        days=2,
        availability=[period("a", 0, 0, "prefer_not")],
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), prefs],
    )
    assert ("a", 0) not in worked(solve_checked(sc))
    forced = scenario(
        [person("a")],
        days=1,
        availability=[period("a", 0, 0, "prefer_not")],
        rules=[rule("cover"), prefs],
    )
    assert solve_checked(forced).objective == 20


def test_preferences_prefer_costs_when_not_granted():
    prefs = rule("preferences", hard=False, prefer_not_weight=20, prefer_weight=5)
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        availability=[period("a", 0, 2, "prefer")],
        rules=[rule("cover"), rule("rest", free_days=1), prefs],
    )
    r = solve_checked(sc)
    # a can take days 0 and 2 (rest), b takes day 1: one wish (day 1) is missed.
    assert worked(r) == {("a", 0), ("b", 1), ("a", 2)}
    assert r.objective == 5
