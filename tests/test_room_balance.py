"""The room placed pairs leave for role seats, the teams' balanced seats, and availability
read from its per-date cache at the horizon's edges."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from roster.cover import Cover
from roster.model import Pair
from solver import blocks
from solver.room import Room
from solver.team_balance import _rounded, balance
from solver.team_seats import Proposal
from tests.builders import START, day_duty, group, night, period, person, rule, scenario


def _leader_nights(days: int = 3):
    """A night of two seats, one of them a leader's; a and b (no leaders) must share nights."""
    sc = scenario(
        [person("a"), person("b"), person("L", "S1", "leader"), person("M", "S1", "leader")],
        days=days,
        duties=[night([group("1", 2, leader=1)])],
        rules=[
            rule("cover"),
            rule("roles"),
            rule("together", hard=True),
            rule("fairness", categories={"all": 10}),
        ],
    )
    return dataclasses.replace(sc, pairs=(Pair("together", "a", "b"),))


def test_members_may_not_take_the_seats_a_role_needs():
    sc = _leader_nights()
    sid = sc.shifts[0].id
    room = Room.of(sc)
    assert not room.fits([("a", sid, ""), ("b", sid, "")])  # no seat left for the leader
    assert room.fits([("a", sid, ""), ("L", sid, "leader")])
    room.take([("a", sid, "")])
    assert not room.fits([("b", sid, "")])
    assert room.fits([("L", sid, "leader")])
    assert not room.fits([("L", sid, "leader"), ("M", sid, "leader")])  # the role's max


def test_a_placed_pair_never_fills_a_night_without_its_leader():
    sc = _leader_nights()
    shares = blocks.all_shares(sc)
    found = blocks.placed(sc, blocks.person_bounds(sc, processes=1, shares=shares), shares)
    pair = next(b for b in found if b.people == ("a", "b"))
    nights = [sid for _, sid, _ in pair.schedule]
    if pair.placed:
        assert not nights  # sharing a night takes both seats: only no night fits
    room = Room.of(sc)
    for b in found:
        if b.placed:
            assert room.fits(b.schedule)
            room.take(b.schedule)


def test_rounding_keeps_the_sum_and_the_floors():
    assert sorted(_rounded([1.5, 1.5, 2.0], [0, 0, 0], 0)) == [1, 2, 2]
    assert sum(_rounded([1.5, 1.5, 2.0], [0, 0, 0], 1)) == 5
    assert _rounded([0.2, 0.8], [1, 0], 0) == [1, 0]
    assert _rounded([3.0, 0.0], [0, 2], 0) == [1, 2]  # floors above the values: others give


def test_balance_moves_seats_to_the_team_whose_people_want_them():
    """Two nights of two seats, all proposed to team 0, whose people want none of them; team
    1's people want both nights in their own cheapest schedules."""
    sc = scenario([person(x) for x in "abcd"], days=2, duties=[night([group("1", 2)])])
    teams = [("a", "b"), ("c", "d")]
    shared = {
        s.id: Proposal([Cover(2, 2, 2), Cover(0, 0, 0)], {}, [{"": 2}, {"": 2}], [{}, {}])
        for s in sc.shifts
    }
    wanted = {s.id: {(1, ""): 2} for s in sc.shifts}
    moved = balance(sc, teams, [], shared, {}, wanted)
    for p in moved.values():
        assert [c.min for c in p.heads] == [0, 2]
        assert sum(c.max for c in p.heads) == 2


def test_balance_keeps_what_a_team_holds_and_its_role_seats_within_its_headcount():
    sc = scenario(
        [person("a"), person("b", "S1", "leader"), person("c", "S1", "leader")],
        days=1,
        duties=[night([group("1", 2, leader=1)])],
    )
    sid = sc.shifts[0].id
    shared = {
        sid: Proposal(
            [Cover(1, 1, 1), Cover(1, 1, 1)],
            {"leader": [Cover(1, 1, 1), Cover(0, 0, 0)]},
            [{"": 2, "leader": 1}, {"": 1, "leader": 1}],
            [{"": 1, "leader": 1}, {}],  # team 0's placed pair holds its leader seat
        )
    }
    wanted = {sid: {(1, ""): 1, (1, "leader"): 1}}
    p = balance(sc, [("a", "b"), ("c",)], [], shared, {}, wanted)[sid]
    assert [c.min for c in p.roles["leader"]] == [1, 0]  # as proposed
    assert all(h.min >= r.min for h, r in zip(p.heads, p.roles["leader"], strict=True))
    assert sum(c.min for c in p.heads) == 2


def test_balance_keeps_a_leader_seat_beside_the_plain_seats_a_placed_pair_holds():
    people = [person("a"), person("b"), person("L", "S1", "leader")]
    people += [person("c"), person("d"), person("e")]
    sc = scenario(people, days=1, duties=[night([group("1", 4, leader=1)])])
    sid = sc.shifts[0].id
    shared = {
        sid: Proposal(
            [Cover(3, 3, 3), Cover(1, 1, 1)],
            {"leader": [Cover(1, 1, 1), Cover(0, 0, 0)]},
            [{"": 3, "leader": 1}, {"": 3}],
            [{"": 2}, {}],  # team 0's pair holds two plain seats: its leader needs a third
        )
    }
    wanted = {sid: {(0, ""): 2, (1, ""): 3}}  # team 1's people would take three seats
    p = balance(sc, [("a", "b", "L"), ("c", "d", "e")], [], shared, {}, wanted)[sid]
    assert p.heads[0].min == 3
    assert sum(c.min for c in p.heads) == 4


def test_availability_at_the_horizons_edges():
    """A period from before the horizon into its second day; dates outside the horizon are
    read from the periods themselves."""
    sc = scenario(
        [person("a")],
        days=3,
        availability=[
            dataclasses.replace(period("a", 0, 1), start=START - timedelta(days=5)),
            period("a", 4, 6),
        ],
    )
    duty = sc.duties[0]
    free = [sc.is_free("a", s) for s in sc.shifts]
    assert free == [False, False, True]
    before = sc._make_shift(duty, START - timedelta(days=1))
    after = sc._make_shift(duty, START + timedelta(days=5))
    later = sc._make_shift(duty, START + timedelta(days=8))
    assert not sc.is_free("a", before) and not sc.is_free("a", after)
    assert sc.is_free("a", later)


def test_a_roster_scored_with_its_short_shifts_open_fills_them():
    """The teams' last step: every shift fixed but the one left empty, which the whole
    model fills with someone whose rest allows it (c: a and b worked the nights around)."""
    import importlib
    from datetime import timedelta as td

    from roster.check import check
    from roster.result import Assignment
    from solver.baseline import Baseline
    from solver.teams import short_shifts

    solve_module = importlib.import_module("solver.solve")
    sc = scenario(
        [person(x) for x in "abc"],
        days=3,
        rules=[rule("cover"), rule("rest", free_days=1, hard=True)],
    )
    roster = (
        Assignment(START, "night", "1", "", "a"),
        Assignment(START + td(days=2), "night", "1", "", "b"),
    )
    short = short_shifts(sc, roster)
    assert short == {sc.shifts[1].id}
    fixed = Baseline(roster, sc.end + td(days=1), 0)
    scored = solve_module.solve_whole(sc, fixed)
    filled = solve_module.solve_whole(sc, dataclasses.replace(fixed, open_shifts=short))
    assert scored.objective == sc.solver.hard_weight  # one seat empty
    assert filled.objective == 0
    assert {(a.person_id, a.date) for a in filled.assignments} == {
        ("a", START),
        ("c", START + td(days=1)),
        ("b", START + td(days=2)),
    }
    assert check(sc, filled.assignments).objective == filled.objective


def test_the_split_least_of_a_shift_the_fill_opened_is_that_of_its_new_people():
    from roster.result import Assignment
    from solver.teams import _split_least

    sc = scenario(
        [person("a", "S1"), person("b", "S1"), person("c", "S2"), person("d", "S2")],
        days=1,
        duties=[night([group("1", 2), group("2", 2)])],
        rules=[rule("cover"), rule("same_school_group", hard=False, weight=3)],
    )
    sid = sc.shifts[0].id
    roster = [Assignment(START, "night", g, "", p) for p, g in zip("abcd", "1122", strict=True)]
    assert _split_least(sc, roster, {sid: 2}, frozenset()) == 6  # as regroup found it
    assert _split_least(sc, roster, {sid: 2}, frozenset({sid})) == 0  # schools fit a group each


def test_availability_found_once_answers_as_the_rules_themselves():
    """Scenario caches who could work each shift: the answers are those of eligibility,
    free dates and busy times asked one by one, and a shift the scenario does not hold
    (another horizon's) is still judged by those rules."""
    sc = scenario(
        [person("a"), person("b", "S1", "leader")],
        days=5,
        duties=[night(), day_duty()],
        availability=[period("a", 1, 2), period("b", 4, 4)],
    )
    for p in sc.people:
        expected = [s for s in sc.shifts if sc._could_work(p.id, s)]
        assert [s for s in sc.shifts if sc.is_available(p.id, s)] == expected
        assert list(sc.available_shifts(p.id)) == expected
    assert len(sc.available_shifts("a")) == 2 * 5 - 2 * 2
    later = dataclasses.replace(sc.shifts[0], date=sc.end + timedelta(days=1))
    assert sc.is_available("a", later) and sc.is_available("nobody", sc.shifts[0])
