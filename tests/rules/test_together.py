"""`together` pairs (docs/rules.md#together): tiny exact cases, each solve re-checked by the
independent checker, and every bad row of pairs.csv.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.result import Assignment
from solver.baseline import Baseline
from tests.builders import (
    HARD,
    START,
    by_day,
    folder_with,
    group,
    groups_on,
    load_error,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    violation_kinds,
    with_pairs,
    worked,
    write_csv,
)


def test_together_hard_people_work_the_same_nights():
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover"), rule("rest", free_days=1)],
        ),
        "together",
        ("a", "b"),
    )
    r = solve_checked(sc)
    days = by_day(r.assignments)
    assert {"a", "b"} in ({*days.get(0, ())}, {*days.get(1, ())})
    assert r.objective == HARD  # the other night has c alone


def test_together_pair_shares_a_group():
    # In school order a, b would fill group 1 and c, d group 2.
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c"), person("d")],
            days=1,
            duties=[night([group("1", 2), group("2", 2)])],
            rules=[rule("cover")],
        ),
        "together",
        ("a", "c"),
    )
    r = solve_checked(sc)
    seats = groups_on(r, 0)
    assert seats["a"][0] == seats["c"][0] and r.objective == 0


def test_together_binds_only_where_both_are_available():
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
            availability=[period("a", 0, 0)],
        ),
        "together",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert by_day(r.assignments) == {0: {"b", "c"}, 1: {"a", "b"}}
    assert r.objective == 0


def test_together_two_leaders_where_each_group_has_one_leader_seat():
    people = [person("a", "S1", "leader"), person("b", "S1", "leader"), person("c"), person("d")]
    sc = with_pairs(
        scenario(
            people,
            days=1,
            duties=[night([group("1", 2, leader=1), group("2", 2, leader=1)])],
            rules=[rule("cover"), rule("roles")],
        ),
        "together",
        ("a", "b"),
    )
    r = solve_checked(sc)
    seats = groups_on(r, 0)
    assert seats["a"][0] == seats["b"][0]
    assert sorted(role for _, role in (seats["a"], seats["b"])) == ["", "leader"]
    assert r.objective == HARD and violation_kinds(r) == [("roles", True, 1, "leader")]


def test_hard_together_that_can_never_hold_is_reported_as_empty_seats():
    sc = with_pairs(
        scenario([person("a"), person("b")], days=1, rules=[rule("cover")]),  # groups of 1
        "together",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert worked(r) == set() and r.objective == HARD
    assert violation_kinds(r) == [("cover", True, 1, "")]


def test_soft_together_costs_its_weight_per_shift_apart():
    sc = with_pairs(
        scenario([person("a"), person("b")], days=2, rules=[rule("cover")]),  # groups of 1
        "together",
        ("a", "b"),
        hard=False,
        weight=4,
    )
    r = solve_checked(sc)
    assert r.objective == 2 * 4
    assert violation_kinds(r) == [("together", False, 1, "")] * 2


def test_together_chain_too_big_for_a_group_is_reported_after_the_split():
    # a-b and b-c: three people who must share a group of two cannot all sit together.
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c"), person("d")],
            days=1,
            duties=[night([group("1", 2), group("2", 2)])],
            rules=[rule("cover")],
        ),
        "together",
        ("a", "b"),
        ("b", "c"),
    )
    r = solve_checked(sc)  # solver and checker agree on whatever breaks
    assert r.objective == HARD
    assert violation_kinds(r) == [("together", True, 1, "")]


def test_frozen_past_holding_one_of_a_pair_is_reported_not_infeasible():
    # Published before the pair was declared: night 0 had a without b, and is now history.
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "together",
        ("a", "b"),
    )
    past = (Assignment(START, "night", "1", "", "a"), Assignment(START, "night", "1", "", "c"))
    r = solve_checked(sc, Baseline(past, freeze_before=START + timedelta(1)))
    assert {("a", 0), ("c", 0), ("a", 1), ("b", 1)} == worked(r)
    assert r.objective == HARD and violation_kinds(r) == [("together", True, 1, "")]


@pytest.mark.parametrize(
    ("row", "column", "needle"),
    [
        (["nope", "T03", "T04"], "rule", "no rule 'nope'"),
        (["cover", "T03", "T04"], "rule", "no rule 'cover'"),
        (["couple", "T03", "T99"], "person_b", "T99"),
        (["couple", "", "T04"], "person_a", "empty"),
        (["couple", "T03", "T03"], "person_b", "themself"),
    ],
)
def test_bad_pair_rows(tmp_path: Path, row: list[str], column: str, needle: str):
    err = load_error(folder_with(tmp_path, pairs=[row]))
    assert (err.file, err.row, err.column) == ("pairs.csv", 2, column)
    assert needle in err.message


def test_the_same_pair_twice_is_refused(tmp_path: Path):
    err = load_error(
        folder_with(tmp_path, pairs=[["couple", "T03", "T04"], ["couple", "T04", "T03"]])
    )
    assert (err.row, err.column) == (3, "person_b") and "row 2" in err.message


def test_missing_pair_column(tmp_path: Path):
    folder = folder_with(tmp_path)
    write_csv(folder / "pairs.csv", [["rule", "person_a"], ["couple", "T03"]])
    err = load_error(folder)
    assert (err.file, err.row) == ("pairs.csv", 1) and "person_b" in err.message


def test_checker_messages_name_both_people_in_chinese(tmp_path: Path):
    sc = load_scenario(
        folder_with(tmp_path, pairs=[["couple", "T04", "T05"], ["split", "T04", "T05"]])
    )
    day = START + timedelta(1)
    report = check(
        sc, [Assignment(day, "night", "1", "", "T04"), Assignment(day, "night", "2", "", "T05")]
    )
    messages = [v.message for v in report.violations if v.kind in ("together", "apart")]
    assert len(messages) == 2
    assert all("曲晓燕 (T04)" in m and "鞠明 (T05)" in m for m in messages)
