"""`apart` pairs (docs/rules.md#apart): tiny exact cases, each solve re-checked by the
independent checker.
"""

from __future__ import annotations

from tests.builders import (
    HARD,
    by_day,
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
    violation_kinds,
    with_pairs,
)


def test_apart_hard_never_on_the_same_date():
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "apart",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert all(not {"a", "b"} <= people for people in by_day(r.assignments).values())


def test_apart_hard_that_cannot_hold_leaves_a_seat_empty():
    sc = with_pairs(
        scenario(
            [person("a"), person("b")],
            days=1,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "apart",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert r.objective == HARD and violation_kinds(r) == [("cover", True, 1, "")]


def test_soft_apart_costs_its_weight_per_shared_date():
    sc = with_pairs(
        scenario(
            [person("a"), person("b")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "apart",
        ("a", "b"),
        hard=False,
        weight=3,
    )
    r = solve_checked(sc)
    assert r.objective == 2 * 3 and violation_kinds(r) == [("apart", False, 1, "")] * 2
