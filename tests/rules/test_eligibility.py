"""`eligibility` (always hard, implicit): a duty with `requires` is served only by holders of
one of those roles (docs/rules.md#eligibility). The solver creates no variable for anyone
else; the checker reports a hand-edited seat. Schools' rotations (`staff_from`) are tested
with the schools (tests/test_schools_solve.py)."""

from __future__ import annotations

from dataclasses import replace

from roster.check import check
from roster.result import Assignment
from tests.builders import HARD, START, day_duty, person, rule, scenario, solve_checked

NURSE_DUTY = replace(day_duty(), requires=frozenset({"nurse"}))


def test_a_duty_requiring_a_role_is_served_only_by_its_holders():
    people = [person("a"), person("b", "S1", "nurse")]
    sc = scenario(people, days=2, duties=[NURSE_DUTY], rules=[rule("cover")])
    r = solve_checked(sc)
    assert r.objective == 0
    assert {a.person_id for a in r.assignments} == {"b"}


def test_nobody_qualified_leaves_the_seat_empty():
    sc = scenario([person("a")], days=1, duties=[NURSE_DUTY], rules=[rule("cover")])
    r = solve_checked(sc)
    assert r.assignments == () and [v.kind for v in r.violations] == ["cover"]


def test_a_hand_edited_seat_of_someone_not_qualified_is_hard():
    sc = scenario([person("a"), person("b", "S1", "nurse")], days=1, duties=[NURSE_DUTY])
    report = check(sc, [Assignment(START, "day", "1", "", "a")])
    (found,) = report.violations
    assert (found.rule, found.kind, found.hard, found.amount, found.cost) == (
        "eligibility",
        "eligibility",
        True,
        1,
        HARD,
    )
    assert (found.date, found.person_id, found.duty_id, found.group_id) == (START, "a", "day", "1")
