"""Role quotas with min, preferred and max per group and date: docs/rules.md#roles.

Every solve goes through `solve_checked`: the independent checker must find the same
violations and objective.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.errors import InputError
from roster.result import Status
from tests.builders import (
    HARD,
    MINI_TOML,
    cover_kinds,
    group,
    levels_group,
    load_with_demand,
    make_folder,
    night,
    night_seat,
    on_day,
    person,
    rule,
    scenario,
    solve_checked,
    with_demand,
)


def test_role_quota_with_a_preferred_level_costs_short_weight_when_nobody_holds_it():
    sc = scenario(
        [person("b"), person("c")],
        days=2,
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles", short_weight=4)],
    )
    sc = with_demand(sc, (0, "", "leader", 0, 1, 1))
    r = solve_checked(sc)
    # Day 0 prefers a leader (4 missing); day 1 keeps the default quota, a hard minimum.
    assert cover_kinds(r) == [
        ("roles", 1, "1", "leader", 1, HARD, True),
        ("roles_short", 0, "1", "leader", 1, 4, False),
    ]


def test_role_seats_above_preferred_cost_extra_weight_in_the_checker():
    people = [person("a", "S1", "leader"), person("b", "S1", "leader")]
    sc = scenario(
        people,
        days=1,
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("roles", extra_weight=3)],
    )
    sc = with_demand(sc, (0, "1", "leader", 1, 1, 2))
    report = check(sc, [night_seat(0, "a", role="leader"), night_seat(0, "b", role="leader")])
    (v,) = report.violations
    assert (v.kind, v.amount, v.cost, v.hard) == ("roles_extra", 1, 3, False)
    # The solver never pays for a role seat it does not need: b sits as a member.
    r = solve_checked(dataclasses.replace(sc, rules=(rule("cover"), rule("roles", extra_weight=3))))
    assert r.objective == 0
    assert sorted(a.role for a in r.assignments) == ["", "leader"]


def test_role_seats_that_do_not_fit_a_groups_min_are_counted_per_group():
    # G1 may stay empty but needs its leader; G2 needs 2. With one leader and one other
    # person one of the two minimums must fail: the first stage must see that too.
    sc = scenario(
        [person("a", "S1", "leader"), person("b")],
        days=1,
        duties=[night([levels_group("1", 1, 0, 1, leader=1), levels_group("2", 2, 2, 2)])],
        rules=[rule("cover"), rule("roles")],
    )
    assert not sc.cover.independent("night", on_day(0))
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL
    assert r.objective == HARD and r.best_bound == HARD


def test_per_group_counts_give_the_leader_the_group_that_needs_one():
    sc = scenario(
        [person("a", "S1", "leader"), person("b"), person("c")],
        days=1,
        duties=[night([levels_group("1", 2, 0, 2, leader=1), levels_group("2", 1)])],
        rules=[rule("cover", short_weight=1), rule("roles")],
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert [(a.group_id, a.role) for a in r.assignments if a.person_id == "a"] == [("1", "leader")]


def test_role_minimums_must_fit_the_groups_max_that_date(tmp_path: Path):
    rows = [
        ["2020-02-04", "night", "1", "", "", "0", ""],
        ["2020-02-04", "night", "1", "leader", "1", "1", ""],
    ]
    with pytest.raises(InputError) as caught:
        load_with_demand(tmp_path, rows)
    assert caught.value.file == "demand.csv" and caught.value.row in (2, 3)
    assert "each role seat is a different person" in caught.value.message


def test_role_seats_must_fit_the_groups_max(tmp_path: Path):
    toml = MINI_TOML.replace(
        "  size = 2\n  roles = { leader = 1 }", "  size = 2\n  max = 3\n  roles = { leader = 4 }", 1
    )
    with pytest.raises(InputError) as caught:
        load_scenario(make_folder(tmp_path, toml=toml))
    assert "4 role seats do not fit in a group of at most 3 (max)" in caught.value.message


def test_roles_need_a_holder_per_group():
    people = [person("a", "S1", "leader"), person("b"), person("c"), person("d")]
    sc = scenario(
        people,
        days=1,
        duties=[night([group("1", 2, leader=1), group("2", 2, leader=1)])],
        rules=[rule("cover"), rule("roles")],
    )
    r = solve_checked(sc)
    # One leader for two leader seats: one role seat is short, every seat is filled.
    assert r.objective == HARD
    (short,) = r.violations
    assert (short.kind, short.group_id, short.role) == ("roles", "2", "leader")
    leaders = [a for a in r.assignments if a.role == "leader"]
    assert [(a.person_id, a.group_id) for a in leaders] == [("a", "1")]
