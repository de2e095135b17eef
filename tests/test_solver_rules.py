"""Fairness solved on tiny scenarios, and the same inputs giving the same roster; every roster
is re-checked. (The other families' solves are tests/rules/test_<family>.py.)
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


def test_fairness_in_proportion_to_availability():
    # a available 4 nights, b 2 nights; 4 seats: shares 8/3 and 4/3.
    fair = rule("fairness", hard=False, categories={"all": 10})
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        availability=[period("b", 2, 3)],
        rules=[rule("cover"), fair],
    )
    r = solve_checked(sc)
    loads = {p: sum(1 for q, _ in worked(r) if q == p) for p in "ab"}
    assert r.objective == 0 and 2 <= loads["a"] <= 3 and 1 <= loads["b"] <= 2


def test_fairness_weekend_category_spreads_weekend_nights():
    fair = rule("fairness", hard=False, categories={"weekend": 3})
    people = [person("a"), person("b")]
    # 7 days from Monday: Saturday and Sunday nights go one to each person.
    sc = scenario(people, days=7, rules=[rule("cover"), fair])
    r = solve_checked(sc)
    weekend = [a.person_id for a in r.assignments if a.date.weekday() >= 5]
    assert sorted(weekend) == ["a", "b"] and r.objective == 0


def test_same_inputs_and_seed_give_the_same_roster():
    people = [person(f"p{i}", f"S{i % 3}", *(["leader"] if i % 4 == 0 else [])) for i in range(16)]
    rules = [
        rule("cover"),
        rule("roles"),
        rule("rest", free_days=1),
        rule("fairness", hard=False, categories={"all": 10, "weekend": 3}),
        rule("same_school_group", hard=False, weight=1),
    ]
    sc = scenario(
        people,
        days=14,
        duties=[night([group("1", 3, leader=1), group("2", 3, leader=1)])],
        rules=rules,
    )
    first, second = solve_checked(sc), solve_checked(sc)
    assert first.assignments == second.assignments
