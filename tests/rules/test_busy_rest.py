"""`busy_rest` (always soft): hours kept free between a duty and a busy time
(docs/rules.md#busy_rest). Every solve is re-checked by the independent checker."""

from __future__ import annotations

from datetime import time

from tests.builders import START, person, rule, scenario, solve_checked, with_busy, worked


def busy_rest(**hours: int):
    return rule("busy_rest", hard=False, weight=5, **{"before_hours": 0, "after_hours": 0} | hours)


def test_a_night_ending_before_a_morning_lesson_goes_to_someone_else():
    rules = [rule("cover"), busy_rest(before_hours=3)]
    sc = scenario([person("a"), person("b")], days=2, rules=rules)
    r = solve_checked(with_busy(sc, "a", 1, time(9), time(10)))
    assert r.objective == 0 and ("a", 0) not in worked(r)


def test_too_close_on_each_side_costs_the_weight_once_per_side():
    rules = [rule("cover"), busy_rest(before_hours=3, after_hours=8)]
    sc = scenario([person("a")], days=2, rules=rules)
    # The night of day 0 ends 07:00, 2 h before the lesson; the night of day 1 starts
    # 17:00, 7 h after it.
    r = solve_checked(with_busy(sc, "a", 1, time(9), time(10)))
    assert r.objective == 2 * 5
    assert sorted((v.role, (v.date - START).days) for v in r.violations) == [
        ("after", 1),
        ("before", 0),
    ]
