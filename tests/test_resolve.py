"""Re-solving against a published roster: fewest changes, a frozen past, exact small cases."""

from __future__ import annotations

from datetime import timedelta

from roster.result import Assignment
from solver.baseline import Baseline
from tests.builders import (
    HARD,
    START,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)


def day(n: int):
    return START + timedelta(n)


def published(*pairs: tuple[str, int]) -> tuple[Assignment, ...]:
    return tuple(Assignment(day(d), "night", "1", "", pid) for pid, d in pairs)


ALTERNATING = published(("a", 0), ("b", 1), ("a", 2), ("b", 3), ("a", 4), ("b", 5))


def four_people(*availability) -> object:
    return scenario(
        [person(p) for p in "abcd"],
        days=6,
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
        availability=availability,
    )


def test_quarantine_costs_exactly_its_removals_and_their_replacements():
    sc = four_people(period("a", 2, 5))
    result = solve_checked(sc, Baseline(ALTERNATING, freeze_before=day(2)))
    # a's nights 2 and 4 go (2 changes) and two others take them (2 changes); b keeps all.
    assert result.stats["changes"] == 4 and result.stats["changes_proven_minimal"] is True
    assert result.objective == 0
    nights = worked(result)
    assert {("a", 0), ("b", 1), ("b", 3), ("b", 5)} <= nights
    assert not {("a", 2), ("a", 4)} & nights and len(nights) == 6


def test_frozen_past_never_changes_even_if_now_unavailable_then():
    # a is now marked unavailable on night 0 too, but night 0 is history.
    sc = four_people(period("a", 0, 0), period("a", 2, 5))
    result = solve_checked(sc, Baseline(ALTERNATING, freeze_before=day(2)))
    assert {("a", 0), ("b", 1)} <= worked(result)
    assert {(v.kind, v.person_id, v.date) for v in result.hard_violations} == {
        ("availability", "a", day(0))
    }


def test_no_change_needed_changes_nothing():
    sc = four_people()
    result = solve_checked(sc, Baseline(ALTERNATING, freeze_before=day(2)))
    assert result.stats["changes"] == 0 and worked(result) == {
        (a.person_id, (a.date - START).days) for a in ALTERNATING
    }


def test_short_of_people_reports_the_uncovered_nights():
    sc = scenario(
        [person("a"), person("b")],
        days=6,
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
        availability=[period("a", 2, 5)],
    )
    result = solve_checked(sc, Baseline(ALTERNATING, freeze_before=day(2)))
    # b cannot take a's nights (rest): nights 2 and 4 stay empty, nothing else moves.
    assert result.stats["changes"] == 2
    assert sorted((v.kind, v.date) for v in result.uncovered) == [
        ("cover", day(2)),
        ("cover", day(4)),
    ]
    assert result.objective == 2 * HARD


def test_change_weight_trades_changes_against_fairness():
    # A published roster that gives every night to a; fairness wants them shared.
    sc = scenario(
        [person(p) for p in "abc"],
        days=6,
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), rule("fairness", hard=False, categories={"all": 10})],
    )
    unfair = published(*(("a", d) for d in range(6)))
    dear = solve_checked(sc, Baseline(unfair, change_weight=1000))
    assert dear.stats["changes"] == 0
    cheap = solve_checked(sc, Baseline(unfair, change_weight=1))
    counts = sorted(sum(1 for p, _ in worked(cheap) if p == x) for x in "abc")
    assert counts == [2, 2, 2] and cheap.stats["changes"] == 8


def test_moved_people_keep_their_group_where_they_can():
    sc = scenario(
        [person(p) for p in "abcdef"],
        days=2,
        duties=[night([group("1", 2), group("2", 2)])],
        rules=[rule("cover")],
        availability=[period("a", 1, 1)],
    )
    base = tuple(
        Assignment(day(d), "night", g, "", p)
        for d in (0, 1)
        for g, p in (("1", "a"), ("1", "b"), ("2", "c"), ("2", "d"))
    )
    result = solve_checked(sc, Baseline(base, freeze_before=day(1)))
    groups = {(a.person_id, a.date): a.group_id for a in result.assignments}
    assert groups[("b", day(1))] == "1" and groups[("c", day(1))] == "2"
    assert groups[("d", day(1))] == "2" and result.stats["changes"] == 2
