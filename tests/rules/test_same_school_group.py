"""`same_school_group` on tiny scenarios with exact answers: docs/rules.md#same_school_group.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from roster.result import Status
from tests.builders import (
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)


def test_same_school_group_keeps_schools_together():
    people = [person("a", "S1"), person("b", "S2"), person("c", "S1"), person("d", "S2")]
    sc = scenario(
        people,
        days=1,
        duties=[night([group("1", 2), group("2", 2)])],
        rules=[rule("cover"), rule("same_school_group", hard=False, weight=1)],
    )
    r = solve_checked(sc)
    groups = {a.person_id: a.group_id for a in r.assignments}
    assert groups["a"] == groups["c"] and groups["b"] == groups["d"]
    assert r.objective == 0


def test_a_school_too_large_for_one_group_is_spread_and_the_bound_says_so():
    """Three of S1 and one of S2 in two groups of two: S1 must take both groups (spread 1,
    cost 5), so the optimum is 5 and the bound, the split's least cost, is 5 too."""
    from solver import grouping

    people = [person("a", "S1"), person("b", "S1"), person("c", "S1"), person("d", "S2")]
    sc = scenario(
        people,
        days=1,
        duties=[night([group("1", 2), group("2", 2)])],
        rules=[rule("cover"), rule("same_school_group", hard=False, weight=5)],
    )
    r = solve_checked(sc)
    assert r.objective == r.best_bound == 5 and r.status is Status.OPTIMAL
    assert r.stats["split_least"] == 5
    shift = sc.shifts[0]
    two = [("a", grouping.MEMBER), ("b", grouping.MEMBER)]  # two of S1 fit one group
    (rule_,) = sc.rule("same_school_group")
    assert grouping.split_shift(sc, shift, two, rule_).least_spread == 0
