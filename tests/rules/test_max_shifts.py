"""`max_shifts` on tiny scenarios with exact answers: docs/rules.md#max_shifts.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from roster.fairness import fair_shares, person_cap
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


def test_max_shifts_personal_and_global_caps():
    people = [person("a", max_shifts=1), person("b"), person("c")]
    sc = scenario(people, days=6, rules=[rule("cover"), rule("max_shifts", max=3)])
    r = solve_checked(sc)
    loads = {p: sum(1 for q, _ in worked(r) if q == p) for p in "abc"}
    assert loads["a"] <= 1 and loads["b"] <= 3 and loads["c"] <= 3
    assert r.objective == 0 and sum(loads.values()) == 6


def test_limits_override_raises_one_persons_max_shifts():
    base = scenario(
        [person("a"), person("b")], days=4, rules=[rule("cover"), rule("max_shifts", max=1)]
    )
    assert solve_checked(base).objective == 2 * HARD
    r = solve_checked(with_limits(base, ("b", "max_shifts", "max", 3)))
    assert r.objective == 0 and (count_of(r, "a"), count_of(r, "b")) == (1, 3)


def test_people_csv_column_still_caps_under_an_override():
    sc = scenario(
        [person("a"), person("b", max_shifts=2)],
        days=4,
        rules=[rule("cover"), rule("max_shifts", max=1), rule("fairness", categories={"all": 1})],
    )
    sc = with_limits(sc, ("b", "max_shifts", "max", 3))
    assert (person_cap(sc, "a"), person_cap(sc, "b")) == (1, 2)
    assert fair_shares(sc, "all")["b"].share == 2
    r = solve_checked(sc)
    assert r.objective == HARD and count_of(r, "b") == 2
