"""Cover with min, preferred and max per group and date (demand.csv): docs/rules.md#cover.

Every solve goes through `solve_checked`: the independent checker must find the same
violations and objective.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.cover import Cover
from roster.errors import InputError
from roster.explain import explain_shortages
from roster.model import Group
from roster.result import Status
from tests.builders import (
    HARD,
    MINI_TOML,
    by_day,
    cover_kinds,
    group,
    levels_group,
    load_with_demand,
    make_folder,
    night,
    night_seat,
    on_day,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    with_demand,
    write_csv,
)


def test_default_cover_is_exactly_size():
    sc = scenario([person(p) for p in "abc"], days=2, duties=[night([group("1", 2)])])
    sc = dataclasses.replace(sc, rules=(rule("cover"),))
    r = solve_checked(sc)
    assert r.objective == 0 and all(len(p) == 2 for p in by_day(r.assignments).values())
    assert sc.cover.headcount("night", on_day(0), "1") == Cover(2, 2, 2)


def test_between_min_and_preferred_costs_short_weight_only():
    sc = scenario(
        [person("a"), person("b")],
        days=1,
        duties=[night([levels_group("1", 3, 1, 3)])],
        rules=[rule("cover", short_weight=5)],
    )
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL and r.objective == 5 and r.best_bound == 5
    assert cover_kinds(r) == [("cover_short", 0, "1", "", 1, 5, False)]


def test_soft_cover_below_min_costs_weight_plus_the_gap_to_preferred():
    sc = scenario(
        [person("a")],
        days=1,
        duties=[night([levels_group("1", 3, 2, 3)])],
        rules=[rule("cover", hard=False, weight=7, short_weight=3)],
    )
    r = solve_checked(sc)
    # 1 below min (7) and the seat between min and preferred (3).
    assert r.objective == 10
    assert cover_kinds(r) == [
        ("cover", 0, "1", "", 1, 7, False),
        ("cover_short", 0, "1", "", 1, 3, False),
    ]


def test_hard_min_that_cannot_hold_is_reported_not_raised():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[night([levels_group("1", 3, 2, 4)])],
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
        duties=[night([levels_group("1", 2, 1, 3)])],
        rules=[rule("cover", extra_weight=2), rule("preferences", hard=False, prefer_weight=10)],
        availability=[period(p, 0, 0, "prefer") for p in "abcd"],
    )
    r = solve_checked(sc)
    assert len(r.assignments) == 3  # max 3: the fourth wish stays unmet
    assert r.objective == 2 + 10
    assert ("cover_extra", 0, "1", "", 1, 2, False) in cover_kinds(r)


def test_weights_of_zero_leave_the_preferred_levels_unreported():
    sc = scenario([person("a")], days=1, duties=[night([levels_group("1", 3, 1, 3)])])
    sc = dataclasses.replace(sc, rules=(rule("cover"),))
    r = solve_checked(sc)
    assert r.objective == 0 and r.violations == ()


def test_overfilled_is_measured_against_max_in_the_checker():
    sc = scenario([person(p) for p in "abcd"], days=1, duties=[night([levels_group("1", 2, 1, 3)])])
    report = check(sc, [night_seat(0, p) for p in "abcd"])
    (v,) = report.violations
    assert (v.kind, v.amount, v.hard) == ("overfilled", 1, True)
    assert v.message == "2020-02-03 Night duty G1: at most 3, 4 assigned (1 too many)"


def test_two_groups_fill_to_min_first_then_preferred():
    sc = scenario(
        [person(p) for p in "abc"],
        days=1,
        duties=[night([levels_group("1", 3, 1, 3), levels_group("2", 3, 1, 3)])],
        rules=[rule("cover", short_weight=4)],
    )
    r = solve_checked(sc)
    # 3 people, 2 groups of preferred 3: 3 seats short of preferred in all, 4 each.
    assert r.objective == 12 and r.best_bound == 12


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
    assert cover_kinds(r) == [("cover", 2, "1", "", 1, HARD, True)]
    (sentence,) = explain_shortages(sc, r.violations, r.assignments)
    assert sentence.startswith("2020-02-05 Night duty: needs 3, 2 available")


def test_a_group_row_beats_the_row_for_every_group():
    sc = scenario([person("a")], duties=[night([group("1", 2), group("2", 2)])])
    sc = with_demand(sc, (0, "", "", 4, 4, 4), (0, "2", "", 1, 1, 1))
    assert sc.cover.headcount("night", on_day(0), "1") == Cover(4, 4, 4)
    assert sc.cover.headcount("night", on_day(0), "2") == Cover(1, 1, 1)
    assert sc.cover.headcount("night", on_day(1), "2") == Cover(2, 2, 2)


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
    assert not [a for a in r.assignments if a.date == on_day(0) and a.group_id == "2"]
    assert sc.cover.roles("night", on_day(0), "2") == {}
    # Anyone in the closed group is overfilled; a leader seat there has no seat.
    report = check(sc, [night_seat(0, "a", "2", "leader")])
    assert {v.kind for v in report.hard} >= {"overfilled", "invalid_role"}


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
    assert sc.cover.headcount("night", on_day(0), "2") == Cover(0, 0, 0)
    assert sc.cover.roles("night", on_day(0), "2") == {}
    assert sc.cover.role("night", on_day(6), "1", "leader") == Cover(0, 1, 1)
    assert sc.cover.headcount("night", on_day(1), "2") == Cover(1, 2, 3)


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
    assert cover_kinds(r) == [("cover", 0, "1", "", 1, HARD, True)]
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
        return levels_group(gid, size, low, high, leader=rng.randint(0, min(1, high)))

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


def test_cover_trivial_fills_every_seat():
    sc = scenario(
        [person("a"), person("b"), person("c")],
        duties=[night([group("1", 2)])],
        rules=[rule("cover")],
    )
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL and r.objective == 0
    assert all(len(p) == 2 for p in by_day(r.assignments).values())


def test_cover_shortage_is_reported_not_raised():
    sc = scenario([person("a")], duties=[night([group("1", 2)])], rules=[rule("cover")])
    r = solve_checked(sc)
    assert r.status is Status.OPTIMAL
    assert r.objective == 3 * HARD
    assert [(v.kind, v.amount, v.hard) for v in r.violations] == [("cover", 1, True)] * 3


def test_soft_cover_costs_its_weight_per_missing_seat():
    sc = scenario(
        [person("a")], duties=[night([group("1", 2)])], rules=[rule("cover", hard=False, weight=7)]
    )
    assert solve_checked(sc).objective == 3 * 7
