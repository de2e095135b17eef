"""Cover and role quotas with min, preferred and max, per group and date (demand.csv).

Every solve goes through `solve_checked`: the independent checker must find the same
violations and objective.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.cover import Cover
from roster.errors import InputError
from roster.explain import explain_shortages
from roster.model import Demand, Group, Scenario
from roster.result import Assignment, Status
from tests.builders import (
    HARD,
    START,
    by_day,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
)
from tests.folders import MINI_TOML, make_folder, write_csv


def grp(gid: str, size: int, low: int | None = None, high: int | None = None, **roles: int):
    return Group(gid, f"G{gid}", size, MappingProxyType(roles), low, high)


def day(i: int):
    return START + timedelta(i)


def with_demand(sc: Scenario, *rows: tuple) -> Scenario:
    """rows: (day index, group, role, min, preferred, max) of duty `night`."""
    demand = tuple(Demand(day(i), "night", g, r, lo, p, hi) for i, g, r, lo, p, hi in rows)
    return dataclasses.replace(sc, demand=demand)


def kinds(result) -> list[tuple]:
    return sorted(
        (v.kind, (v.date - START).days, v.group_id, v.role, v.amount, v.cost, v.hard)
        for v in result.violations
    )


def seat(i: int, pid: str, gid: str = "1", role: str = "") -> Assignment:
    return Assignment(day(i), "night", gid, role, pid)


# ---- headcount: min, preferred, max ----


def test_default_cover_is_exactly_size():
    sc = scenario([person(p) for p in "abc"], days=2, duties=[night([group("1", 2)])])
    sc = dataclasses.replace(sc, rules=(rule("cover"),))
    r = solve_checked(sc)
    assert r.objective == 0 and all(len(p) == 2 for p in by_day(r.assignments).values())
    assert sc.cover.headcount("night", day(0), "1") == Cover(2, 2, 2)


def test_between_min_and_preferred_costs_short_weight_only():
    sc = scenario(
        [person("a"), person("b")],
        days=1,
        duties=[night([grp("1", 3, 1, 3)])],
        rules=[rule("cover", short_weight=5)],
    )
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL and r.objective == 5 and r.best_bound == 5
    assert kinds(r) == [("cover_short", 0, "1", "", 1, 5, False)]


def test_soft_cover_below_min_costs_weight_plus_the_gap_to_preferred():
    sc = scenario(
        [person("a")],
        days=1,
        duties=[night([grp("1", 3, 2, 3)])],
        rules=[rule("cover", hard=False, weight=7, short_weight=3)],
    )
    r = solve_checked(sc)
    # 1 below min (7) and the seat between min and preferred (3).
    assert r.objective == 10
    assert kinds(r) == [
        ("cover", 0, "1", "", 1, 7, False),
        ("cover_short", 0, "1", "", 1, 3, False),
    ]


def test_hard_min_that_cannot_hold_is_reported_not_raised():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[night([grp("1", 3, 2, 4)])],
        rules=[rule("cover", short_weight=1)],
    )
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL
    assert r.objective == 2 * (HARD + 1)
    assert [v.kind for v in r.hard_violations] == ["cover", "cover"]
    assert [v.kind for v in r.uncovered] == ["cover", "cover"]


def test_extra_above_preferred_is_paid_when_worth_it_but_max_is_never_exceeded():
    # Four people would all like to serve (10 each if left out); one above preferred costs 2.
    people = [person(p) for p in "abcd"]
    sc = scenario(
        people,
        days=1,
        duties=[night([grp("1", 2, 1, 3)])],
        rules=[rule("cover", extra_weight=2), rule("preferences", hard=False, prefer_weight=10)],
        availability=[period(p, 0, 0, "prefer") for p in "abcd"],
    )
    r = solve_checked(sc)
    assert len(r.assignments) == 3  # max 3: the fourth wish stays unmet
    assert r.objective == 2 + 10
    assert ("cover_extra", 0, "1", "", 1, 2, False) in kinds(r)


def test_weights_of_zero_leave_the_preferred_levels_unreported():
    sc = scenario([person("a")], days=1, duties=[night([grp("1", 3, 1, 3)])])
    sc = dataclasses.replace(sc, rules=(rule("cover"),))
    r = solve_checked(sc)
    assert r.objective == 0 and r.violations == ()


def test_overfilled_is_measured_against_max_in_the_checker():
    sc = scenario([person(p) for p in "abcd"], days=1, duties=[night([grp("1", 2, 1, 3)])])
    report = check(sc, [seat(0, p) for p in "abcd"])
    (v,) = report.violations
    assert (v.kind, v.amount, v.hard) == ("overfilled", 1, True)
    assert v.message == "2020-02-03 Night duty G1: at most 3, 4 assigned (1 too many)"


def test_two_groups_fill_to_min_first_then_preferred():
    sc = scenario(
        [person(p) for p in "abc"],
        days=1,
        duties=[night([grp("1", 3, 1, 3), grp("2", 3, 1, 3)])],
        rules=[rule("cover", short_weight=4)],
    )
    r = solve_checked(sc)
    # 3 people, 2 groups of preferred 3: 3 seats short of preferred in all, 4 each.
    assert r.objective == 12 and r.best_bound == 12


# ---- demand.csv: one date overridden ----


def test_demand_overrides_the_headcount_of_one_date():
    sc = scenario([person(p) for p in "abc"], days=3, duties=[night([group("1", 2)])])
    sc = with_demand(dataclasses.replace(sc, rules=(rule("cover"),)), (1, "", "", 1, 1, 1))
    r = solve_checked(sc)
    assert r.objective == 0
    assert [len(by_day(r.assignments)[i]) for i in range(3)] == [2, 1, 2]


def test_demand_raising_min_above_the_pool_is_reported_on_that_date_only():
    sc = scenario([person(p) for p in "ab"], days=3, duties=[night([group("1", 2)])])
    sc = with_demand(dataclasses.replace(sc, rules=(rule("cover"),)), (2, "1", "", 3, 3, 3))
    r = solve_checked(sc)
    assert kinds(r) == [("cover", 2, "1", "", 1, HARD, True)]
    (sentence,) = explain_shortages(sc, r.violations, r.assignments)
    assert sentence.startswith("2020-02-05 Night duty: needs 3, 2 available")


def test_a_group_row_beats_the_row_for_every_group():
    sc = scenario([person("a")], duties=[night([group("1", 2), group("2", 2)])])
    sc = with_demand(sc, (0, "", "", 4, 4, 4), (0, "2", "", 1, 1, 1))
    assert sc.cover.headcount("night", day(0), "1") == Cover(4, 4, 4)
    assert sc.cover.headcount("night", day(0), "2") == Cover(1, 1, 1)
    assert sc.cover.headcount("night", day(1), "2") == Cover(2, 2, 2)


def test_a_group_closed_by_max_0_gets_nobody_and_needs_no_leader():
    leaders = [person(p, "S1", "leader") for p in "ab"]
    sc = scenario(
        [*leaders, person("c"), person("d")],
        days=2,
        duties=[night([group("1", 2, leader=1), group("2", 2, leader=1)])],
        rules=[rule("cover"), rule("roles")],
    )
    sc = with_demand(sc, (0, "2", "", 0, 0, 0))
    r = solve_checked(sc)
    assert r.objective == 0
    assert not [a for a in r.assignments if a.date == day(0) and a.group_id == "2"]
    assert sc.cover.roles("night", day(0), "2") == {}
    # Anyone in the closed group is overfilled; a leader seat there has no seat.
    report = check(sc, [seat(0, "a", "2", "leader")])
    assert {v.kind for v in report.hard} >= {"overfilled", "invalid_role"}


# ---- role quotas ----


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
    assert kinds(r) == [
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
    report = check(sc, [seat(0, "a", role="leader"), seat(0, "b", role="leader")])
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
        duties=[night([grp("1", 1, 0, 1, leader=1), grp("2", 2, 2, 2)])],
        rules=[rule("cover"), rule("roles")],
    )
    assert not sc.cover.independent("night", day(0))
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL
    assert r.objective == HARD and r.best_bound == HARD


def test_per_group_counts_give_the_leader_the_group_that_needs_one():
    sc = scenario(
        [person("a", "S1", "leader"), person("b"), person("c")],
        days=1,
        duties=[night([grp("1", 2, 0, 2, leader=1), grp("2", 1)])],
        rules=[rule("cover", short_weight=1), rule("roles")],
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert [(a.group_id, a.role) for a in r.assignments if a.person_id == "a"] == [("1", "leader")]


# ---- demand.csv and group keys as files ----

DEMAND_HEADER = ["date", "duty", "group", "role", "min", "preferred", "max"]


def load_with_demand(tmp_path: Path, rows: list[list[str]], toml: str = MINI_TOML) -> Scenario:
    folder = make_folder(tmp_path, toml=toml)
    write_csv(folder / "demand.csv", [DEMAND_HEADER, *rows])
    return load_scenario(folder)


def test_demand_csv_is_read_and_applied(tmp_path: Path):
    sc = load_with_demand(
        tmp_path,
        [
            ["2020-02-03", "night", "2", "", "", "0", ""],
            ["2020/2/9", "night", "", "leader", "0", "1", "1"],
            ["2020-02-04", "night", "", "", "1", "2", "3"],
        ],
    )
    assert len(sc.demand) == 3
    assert sc.cover.headcount("night", day(0), "2") == Cover(0, 0, 0)
    assert sc.cover.roles("night", day(0), "2") == {}
    assert sc.cover.role("night", day(6), "1", "leader") == Cover(0, 1, 1)
    assert sc.cover.headcount("night", day(1), "2") == Cover(1, 2, 3)


BAD_DEMAND = [
    pytest.param(["2020-02-04", "day", "", "", "", "2", ""], 2, "duty", "no duty", id="duty"),
    pytest.param(
        ["2020-03-01", "night", "", "", "", "2", ""], 2, "date", "outside the horizon", id="date"
    ),
    pytest.param(["2020-02-04", "night", "3", "", "", "2", ""], 2, "group", "no group", id="group"),
    pytest.param(
        ["2020-02-04", "night", "", "driver", "", "1", ""], 2, "role", "no 'driver'", id="role"
    ),
    pytest.param(
        ["2020-02-04", "night", "", "", "3", "2", ""],
        2,
        "min",
        "expected min <= preferred",
        id="min-above-preferred",
    ),
    pytest.param(
        ["2020-02-04", "night", "", "", "", "2", "1"],
        2,
        "max",
        "expected preferred <= max",
        id="max-below-preferred",
    ),
    pytest.param(
        ["2020-02-04", "night", "", "", "-1", "2", ""],
        2,
        "min",
        "whole number >= 0",
        id="negative",
    ),
    pytest.param(
        ["2020-02-04", "night", "", "", "1", "", "3"], 2, "preferred", "is empty", id="no-preferred"
    ),
]


@pytest.mark.parametrize(("row", "line", "column", "fragment"), BAD_DEMAND)
def test_bad_demand_rows_name_file_row_and_column(tmp_path, row, line, column, fragment):
    with pytest.raises(InputError) as caught:
        load_with_demand(tmp_path, [row])
    err = caught.value
    assert (err.file, err.row, err.column) == ("demand.csv", line, column)
    assert fragment in err.message


def test_demand_on_a_date_the_duty_does_not_run(tmp_path: Path):
    toml = MINI_TOML.replace('days = "daily"', 'days = "weekdays"')
    with pytest.raises(InputError) as caught:
        load_with_demand(tmp_path, [["2020-02-08", "night", "", "", "", "1", ""]], toml)
    assert (caught.value.row, caught.value.column) == (2, "date")
    assert "does not run on 2020-02-08" in caught.value.message


def test_duplicate_demand_rows_are_refused(tmp_path: Path):
    rows = [
        ["2020-02-04", "night", "1", "", "", "2", ""],
        ["2020-2-4", "night", "1", "", "", "1", ""],
    ]
    with pytest.raises(InputError) as caught:
        load_with_demand(tmp_path, rows)
    assert (caught.value.row, caught.value.column) == (3, "group")
    assert "already set in row 2" in caught.value.message


def test_role_minimums_must_fit_the_groups_max_that_date(tmp_path: Path):
    rows = [
        ["2020-02-04", "night", "1", "", "", "0", ""],
        ["2020-02-04", "night", "1", "leader", "1", "1", ""],
    ]
    with pytest.raises(InputError) as caught:
        load_with_demand(tmp_path, rows)
    assert caught.value.file == "demand.csv" and caught.value.row in (2, 3)
    assert "each role seat is a different person" in caught.value.message


def test_demand_needs_a_preferred_column(tmp_path: Path):
    folder = make_folder(tmp_path)
    write_csv(folder / "demand.csv", [["date", "duty", "min"], ["2020-02-04", "night", "1"]])
    with pytest.raises(InputError) as caught:
        load_scenario(folder)
    assert (caught.value.file, caught.value.row) == ("demand.csv", 1)
    assert "missing required column 'preferred'" in caught.value.message


BAD_GROUPS = [
    pytest.param("  min = 3", "duties[1].groups[1].min: 3 is above size 2", id="min"),
    pytest.param("  max = 1", "duties[1].groups[1].max: 1 is below size 2", id="max"),
    pytest.param("  min = -1", "duties[1].groups[1].min: expected an integer >= 0", id="negative"),
    pytest.param("  max = 2.5", "duties[1].groups[1].max: expected an integer >= 0", id="float"),
    pytest.param("  mni = 1", "duties[1].groups[1].mni: unknown key", id="unknown-key"),
]


@pytest.mark.parametrize(("line", "message"), BAD_GROUPS)
def test_bad_group_keys_name_the_key(tmp_path: Path, line: str, message: str):
    toml = MINI_TOML.replace("  size = 2\n", f"  size = 2\n{line}\n", 1)
    with pytest.raises(InputError) as caught:
        load_scenario(make_folder(tmp_path, toml=toml))
    assert caught.value.file == "scenario.toml"
    assert message in caught.value.message


def test_role_seats_must_fit_the_groups_max(tmp_path: Path):
    toml = MINI_TOML.replace(
        "  size = 2\n  roles = { leader = 1 }", "  size = 2\n  max = 3\n  roles = { leader = 4 }", 1
    )
    with pytest.raises(InputError) as caught:
        load_scenario(make_folder(tmp_path, toml=toml))
    assert "4 role seats do not fit in a group of at most 3 (max)" in caught.value.message


def test_group_min_and_max_are_read(tmp_path: Path):
    toml = MINI_TOML.replace("  size = 2\n", "  size = 2\n  min = 1\n  max = 3\n", 1)
    sc = load_scenario(make_folder(tmp_path, toml=toml))
    g1, g2 = sc.duties[0].groups
    assert (g1.min, g1.size, g1.max) == (1, 2, 3) and (g2.min, g2.size, g2.max) == (2, 2, 2)


BAD_RULES = [
    pytest.param(
        "short_weight = -1", "rules.cover.short_weight: expected an integer >= 0", id="neg"
    ),
    pytest.param(
        "hard = false\nweight = 2\nshort_weight = 3",
        "rules.cover.short_weight: 3 is above weight 2",
        id="soft-nonconvex",
    ),
    pytest.param(
        "short_weight = 200000",
        "rules.cover.short_weight: 200000 is above [solver] hard_weight",
        id="hard-nonconvex",
    ),
    pytest.param("extra_weigth = 1", "rules.cover.extra_weigth: unknown key", id="typo"),
]


@pytest.mark.parametrize(("keys", "message"), BAD_RULES)
def test_bad_cover_rule_keys_name_the_key(tmp_path: Path, keys: str, message: str):
    toml = MINI_TOML.replace("[rules.cover]\nhard = true\n", f"[rules.cover]\n{keys}\n", 1)
    with pytest.raises(InputError) as caught:
        load_scenario(make_folder(tmp_path, toml=toml))
    assert message in caught.value.message


def test_explanation_and_roster_sheet_use_the_cover_of_the_date():
    from outputs.views import coverage, group_fills

    sc = scenario([person("a")], days=2, duties=[night([group("1", 2)])], rules=[rule("cover")])
    sc = with_demand(sc, (1, "1", "", 1, 1, 1))
    r = solve_checked(sc)
    assert kinds(r) == [("cover", 0, "1", "", 1, HARD, True)]
    assert [f.empty for f in group_fills(sc, r.assignments)] == [1, 0]
    assert (coverage(sc, r.assignments).required, coverage(sc, r.assignments).filled) == (3, 2)
    (sentence,) = explain_shortages(sc, r.violations, r.assignments)
    assert sentence.startswith("2020-02-03 Night duty: needs 2, 1 available")


@pytest.mark.parametrize("seed", range(40))
def test_random_levels_first_stage_counts_what_the_split_realises(seed: int):
    """Objective (re-derived per group by the checker) == the first stage's proven bound.

    Seeds 6 and 15 draw a group whose leader seat does not fit in its min: a first stage
    that charged such a shift on its totals would report a bound below the objective.
    """
    rng = random.Random(seed)

    def random_group(gid: str) -> Group:
        low = rng.randint(0, 2)
        size = rng.randint(max(1, low), 3)
        high = rng.randint(size, 4)
        return grp(gid, size, low, high, leader=rng.randint(0, min(1, high)))

    count = rng.randint(2, 5)
    people = [person(f"p{i}", "S1", *(["leader"] if i % 3 == 0 else [])) for i in range(count)]
    short, extra = rng.randint(0, 5), rng.randint(0, 5)
    sc = scenario(
        people,
        days=2,
        duties=[night([random_group("1"), random_group("2")])],
        rules=[
            rule("cover", short_weight=short, extra_weight=extra),
            rule("roles", hard=False, weight=6, short_weight=min(short, 6)),
            rule("preferences", hard=False, prefer_weight=3),
        ],
        availability=[period("p1", 0, 1, "prefer")],
    )
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL
    assert r.best_bound == r.objective
