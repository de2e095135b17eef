"""Rows chosen again a few people at a time (solver/rows_groups.py).

Every roster is verified by the independent checker; the cases are small and exact.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import timedelta

from roster.check import check
from roster.model import Group, Request, RequestKind
from solver import rows_groups
from solver.construct import construct, seating
from solver.rows import Frame, RowBudget, RowStats, choose_rows, improve_rows
from solver.rows_groups import around, choose_around_short, choose_group, choose_groups, groups
from tests.builders import START, night, period, person, rule, scenario, seat_on

UNLIMITED = RowBudget(math.inf, math.inf)


def swap_case(cover_hard: bool = False):
    """Two nights of one seat (at most one), two people of exactly one duty each; each
    would rather not work the night they hold (5 each): only a swap gains."""
    sc = scenario(
        [person("a"), person("b")],
        days=2,
        duties=[night([Group("1", "G1", 1, min=1, max=1)])],
        rules=[
            rule("cover", hard=cover_hard, weight=10),
            rule("workload", min=1, max=1),
            rule("requests", hard=False, not_weight=5),
        ],
    )
    wishes = (
        Request("a", START, RequestKind.NOT),
        Request("b", START + timedelta(days=1), RequestKind.NOT),
    )
    sc = dataclasses.replace(sc, requests=wishes)
    held = [seat_on("a", START), seat_on("b", START + timedelta(days=1))]
    return sc, seating(sc, held)


def test_one_row_at_a_time_cannot_swap_two_people():
    sc, state = swap_case()
    before = check(sc, tuple(sorted(state.roster)))
    assert before.objective == 10
    choose_rows(state, ["a", "b"], UNLIMITED)
    assert check(sc, tuple(sorted(state.roster))).objective == 10


def test_a_pair_swaps_its_nights_and_the_checker_agrees():
    for cover_hard in (False, True):
        sc, state = swap_case(cover_hard)
        frame = Frame(sc)
        outcome, _ = choose_group(frame, state, ["a", "b"], UNLIMITED, (sc.days[0], sc.days[-1]))
        report = check(sc, tuple(sorted(state.roster)))
        assert outcome == "changed"
        assert report.objective == 0
        assert not report.violations
        assert {(a.person_id, a.date) for a in state.roster} == {
            ("a", START + timedelta(days=1)),
            ("b", START),
        }


def test_a_group_keeps_its_rows_when_nothing_gains():
    sc, state = swap_case()
    frame = Frame(sc)
    window = (sc.days[0], sc.days[-1])
    choose_group(frame, state, ["a", "b"], UNLIMITED, window)
    outcome, _ = choose_group(frame, state, ["a", "b"], UNLIMITED, window)
    assert outcome == "same"


def test_the_cover_of_a_group_prices_each_seat_at_its_level():
    # A night of preferred size 2 (min 1, max 3) where nobody else sits: a group of three
    # pays what the first seat gains below min, the second below preferred, the third above.
    sc = scenario(
        [person(p) for p in "abc"],
        days=1,
        duties=[night([Group("1", "G1", 2, min=1, max=3)])],
        rules=[rule("cover", hard=False, weight=10, short_weight=3, extra_weight=1)],
    )
    frame = Frame(sc)
    shift = sc.shifts[0]
    assert frame.seat_costs(shift, 0, 4) == (-10, -3, 1)
    assert frame.seat_costs(shift, 2, 4) == (1,)


def test_groups_change_with_the_turn_and_cover_everyone_of_a_full_group():
    people = [f"p{i}" for i in range(9)]
    first = groups(people, seed=7, turn=2)
    assert all(len(g) == rows_groups.GROUP_SIZE for g in first)
    assert len({p for g in first for p in g}) == len(first) * rows_groups.GROUP_SIZE
    assert groups(people, seed=7, turn=2) == first
    assert groups(people, seed=7, turn=4) != first


def test_the_construction_with_groups_keeps_every_rule_and_never_costs_more():
    # Three people whose min of 6 duties adds up to more than the 14 seats the cover asks.
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=14,
        duties=[night([Group("1", "G1", 1, min=1, max=3)])],
        rules=[
            rule("cover", hard=False, weight=10, extra_weight=1),
            rule("consecutive", max=3, min=2),
            rule("days_off", min=2),
            rule("workload", min=6, max=7),
        ],
    )
    roster, report = construct(sc, rows=UNLIMITED)
    assert report == check(sc, roster)
    assert not [v for v in report.violations if v.hard]
    state = seating(sc, roster)
    before = report.objective
    stats = choose_groups(state, ["a", "b", "c"], UNLIMITED, Frame(sc), RowStats(), turn=2)
    after = check(sc, tuple(sorted(state.roster)))
    assert stats.tried >= 1
    assert not [v for v in after.violations if v.hard]
    assert after.objective <= before


def hole_case():
    """Three nights of one seat, "a" on the first two at their max of 2, "b" free but not
    on the third: its seat is short, and only "a" can take it, by handing one of theirs
    to "b" (no row alone gains: "b" cannot sit on a full night, "a" only moves the gap)."""
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        duties=[night([Group("1", "G1", 1, min=1, max=1)])],
        rules=[rule("cover", hard=False, weight=10), rule("workload", max=2)],
        availability=[period("b", 2, 2)],
    )
    held = [seat_on("a", START), seat_on("a", START + timedelta(days=1))]
    return sc, seating(sc, held)


def test_rows_alone_leave_the_hole_the_group_around_it_fills_it():
    sc, state = hole_case()
    choose_rows(state, ["a", "b"], UNLIMITED)
    assert check(sc, tuple(sorted(state.roster))).objective == 10
    frame = Frame(sc)
    assert around(state, frame, sc.shifts[2], seed=1, turn=3) == ["a", "b"]
    stats = choose_around_short(state, UNLIMITED, frame, RowStats(), turn=3)
    report = check(sc, tuple(sorted(state.roster)))
    assert stats.changed == 1
    assert report.objective == 0
    assert not report.violations
    assert {a.date for a in state.roster if a.person_id == "a"} >= {START + timedelta(days=2)}


def test_no_group_around_a_shift_nobody_free_can_take():
    sc, state = hole_case()
    sc = dataclasses.replace(sc, availability=(period("a", 2, 2), period("b", 2, 2)))
    state = seating(sc, tuple(sorted(state.roster)))
    assert around(state, Frame(sc), sc.shifts[2], seed=1, turn=3) == []
    stats = choose_around_short(state, UNLIMITED, Frame(sc), RowStats(), turn=3)
    assert stats.tried == 0


def test_the_passes_of_improve_rows_are_those_asked_for():
    sc, state = hole_case()
    improve_rows(state, UNLIMITED, passes=("rows",))
    assert check(sc, tuple(sorted(state.roster))).objective == 10
    improve_rows(state, UNLIMITED)  # the default passes: pairs and groups around the gap too
    report = check(sc, tuple(sorted(state.roster)))
    assert report.objective == 0
    assert not report.violations
