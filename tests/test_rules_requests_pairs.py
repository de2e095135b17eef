"""requests (off, on, not, pin) and pairs (together, apart): tiny exact cases, each solve
re-checked by the independent checker, and every bad row of requests.csv and pairs.csv."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.errors import InputError
from roster.model import Group, Pair, Request, RequestKind, Scenario
from roster.result import Assignment
from solver.baseline import Baseline
from tests.builders import (
    HARD,
    START,
    by_day,
    day_duty,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)
from tests.folders import MINI_TOML, make_folder, write_csv

OFF, ON, NOT, PIN = RequestKind.OFF, RequestKind.ON, RequestKind.NOT, RequestKind.PIN


def request(pid: str, day: int, kind: RequestKind, duty: str = "night", **kw) -> Request:
    return Request(pid, START + timedelta(day), kind, duty, **kw)


def with_requests(sc: Scenario, *requests: Request, **params: int) -> Scenario:
    """The scenario with these requests and a `requests` rule (default weights 1)."""
    weights = {"on_weight": 1, "not_weight": 1} | params
    return replace(
        sc, requests=tuple(requests), rules=(*sc.rules, rule("requests", hard=False, **weights))
    )


def with_pairs(sc: Scenario, kind: str, *pairs: tuple[str, str], hard=True, weight=0) -> Scenario:
    stated = rule(kind, hard=hard, weight=weight)
    return replace(
        sc,
        rules=(*sc.rules, stated),
        pairs=tuple(Pair(kind, a, b) for a, b in pairs),
    )


def kinds(result) -> list[tuple[str, bool, int, str]]:
    return sorted((v.kind, v.hard, v.amount, v.role) for v in result.violations)


def groups_on(result, day: int) -> dict[str, tuple[str, str]]:
    """person -> (group, role) on that day."""
    return {
        a.person_id: (a.group_id, a.role)
        for a in result.assignments
        if a.date == START + timedelta(day)
    }


# ---- off ----


def test_off_is_a_hard_day_off():
    sc = with_requests(
        scenario([person("a"), person("b")], days=2, rules=[rule("cover")]),
        request("a", 0, OFF, ""),
        request("b", 1, OFF),
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert worked(r) == {("b", 0), ("a", 1)}


def test_off_leaves_the_seat_empty_rather_than_break_it():
    sc = with_requests(
        scenario([person("a")], days=2, rules=[rule("cover")]), request("a", 0, OFF, "")
    )
    r = solve_checked(sc)
    assert worked(r) == {("a", 1)}
    assert r.objective == HARD and kinds(r) == [("cover", True, 1, "")]


def test_off_for_one_duty_leaves_the_other_duties_of_that_date():
    sc = with_requests(
        scenario([person("a")], days=1, duties=[night(), day_duty()], rules=[rule("cover")]),
        request("a", 0, OFF, "day"),
    )
    r = solve_checked(sc)
    assert [a.duty_id for a in r.assignments] == ["night"]
    assert r.objective == HARD and kinds(r) == [("cover", True, 1, "")]


def test_an_off_day_worked_is_reported_by_the_checker_as_availability():
    sc = with_requests(scenario([person("a")], days=1), request("a", 0, OFF))
    report = check(sc, [Assignment(START, "night", "1", "", "a")])
    assert [(v.kind, v.hard, v.amount) for v in report.violations] == [("availability", True, 1)]
    assert report.objective == HARD


# ---- pins ----


def test_pin_is_kept():
    sc = with_requests(
        scenario([person("a"), person("b"), person("c")], days=2, rules=[rule("cover")]),
        request("c", 1, PIN),
    )
    r = solve_checked(sc)
    assert r.objective == 0 and ("c", 1) in worked(r)


def test_pin_keeps_its_group_even_on_an_understaffed_night():
    # Two people for two groups of two: filling in order would put both in group 1.
    sc = with_requests(
        scenario(
            [person("a"), person("b")],
            days=1,
            duties=[night([group("1", 2), group("2", 2)])],
            rules=[rule("cover")],
        ),
        request("b", 0, PIN, group_id="2"),
    )
    r = solve_checked(sc)
    assert groups_on(r, 0) == {"a": ("1", ""), "b": ("2", "")}
    assert r.objective == 2 * HARD  # one empty seat in each group


def test_pin_to_a_role_seat_and_to_an_ordinary_seat_of_a_group():
    people = [person("a", "S1", "leader"), person("b", "S1", "leader"), person("c"), person("d")]
    sc = with_requests(
        scenario(
            people,
            days=1,
            duties=[night([group("1", 2, leader=1), group("2", 2, leader=1)])],
            rules=[rule("cover"), rule("roles")],
        ),
        request("a", 0, PIN, group_id="2", role="leader"),
        request("b", 0, PIN, group_id="1"),  # an ordinary seat: b must not lead group 1
    )
    r = solve_checked(sc)
    seats = groups_on(r, 0)
    assert seats["a"] == ("2", "leader") and seats["b"] == ("1", "")
    assert r.objective == HARD  # group 1 has no leader left: a leads 2, b sits as a member
    assert kinds(r) == [("roles", True, 1, "leader")]


def test_pin_keeps_its_group_when_groups_are_split_by_the_exact_model():
    # Group 2 may stay empty (min 0) yet has a leader seat: not independent groups.
    g2 = Group("2", "G2", 2, MappingProxyType({"leader": 1}), min=0)
    sc = with_requests(
        scenario(
            [person("a", "S1", "leader"), person("b"), person("c")],
            days=1,
            duties=[night([group("1", 2), g2])],
            rules=[rule("cover"), rule("roles")],
        ),
        request("c", 0, PIN, group_id="2"),
    )
    r = solve_checked(sc)
    assert groups_on(r, 0)["c"] == ("2", "")


def test_pin_on_an_unavailable_day_is_reported_not_raised():
    sc = with_requests(
        scenario([person("a"), person("b")], days=1, availability=[period("a", 0, 0)]),
        request("a", 0, PIN),
    )
    r = solve_checked(sc)
    assert kinds(r) == [("requests", True, 1, "pin")]
    assert r.objective == HARD and worked(r) == set()


def test_pins_that_clash_with_a_hard_rule_are_reported_one_broken():
    sc = with_requests(
        scenario([person("a"), person("b")], days=2, rules=[rule("rest", free_days=1)]),
        request("a", 0, PIN),
        request("a", 1, PIN),
    )
    r = solve_checked(sc)
    assert kinds(r) == [("requests", True, 1, "pin")]
    assert r.objective == HARD and len(worked(r)) == 1


def test_pin_on_the_last_night_of_the_horizon():
    sc = with_requests(
        scenario([person("a"), person("b")], days=3, rules=[rule("rest", free_days=1)]),
        request("b", 2, PIN),
    )
    r = solve_checked(sc)
    assert ("b", 2) in worked(r) and r.objective == 0


# ---- on / not ----


def test_on_and_not_cost_their_weights_exactly():
    sc = with_requests(
        scenario([person("a"), person("b")], days=2, rules=[rule("cover")]),
        request("a", 0, ON),  # rule default 5
        request("b", 0, ON, weight=3),
        request("a", 1, NOT, ""),  # rule default 2, any duty
        request("b", 1, NOT, weight=7),
        on_weight=5,
        not_weight=2,
    )
    r = solve_checked(sc)
    # Night 0 goes to a (b's wish, 3, is missed); night 1 to a (2 rather than 7).
    assert worked(r) == {("a", 0), ("a", 1)}
    assert r.objective == 3 + 2
    assert kinds(r) == [("requests", False, 1, "not"), ("requests", False, 1, "on")]


def test_weight_zero_turns_a_wish_off():
    sc = with_requests(
        scenario([person("a")], days=1),
        request("a", 0, ON, weight=0),
        request("a", 0, NOT, ""),
        not_weight=0,
    )
    r = solve_checked(sc)
    assert r.objective == 0 and r.violations == ()


def test_on_while_unavailable_is_a_missed_wish():
    sc = with_requests(
        scenario([person("a")], days=1, availability=[period("a", 0, 0)]),
        request("a", 0, ON, "", weight=4),
    )
    assert solve_checked(sc).objective == 4


# ---- together ----


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
    assert r.objective == HARD and kinds(r) == [("roles", True, 1, "leader")]


def test_hard_together_that_can_never_hold_is_reported_as_empty_seats():
    sc = with_pairs(
        scenario([person("a"), person("b")], days=1, rules=[rule("cover")]),  # groups of 1
        "together",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert worked(r) == set() and r.objective == HARD
    assert kinds(r) == [("cover", True, 1, "")]


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
    assert kinds(r) == [("together", False, 1, "")] * 2


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
    assert kinds(r) == [("together", True, 1, "")]


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
    assert r.objective == HARD and kinds(r) == [("together", True, 1, "")]


def test_pin_on_a_frozen_night_it_was_not_in_is_reported():
    sc = with_requests(
        scenario([person("a"), person("b")], days=2, rules=[rule("cover")]),
        request("b", 0, PIN),
    )
    past = (Assignment(START, "night", "1", "", "a"),)
    r = solve_checked(sc, Baseline(past, freeze_before=START + timedelta(1)))
    assert ("a", 0) in worked(r) and kinds(r) == [("requests", True, 1, "pin")]


# ---- apart ----


def test_apart_hard_never_on_the_same_date():
    sc = with_pairs(
        scenario(
            [person("a"), person("b"), person("c")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "apart",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert all(not {"a", "b"} <= people for people in by_day(r.assignments).values())


def test_apart_hard_that_cannot_hold_leaves_a_seat_empty():
    sc = with_pairs(
        scenario(
            [person("a"), person("b")],
            days=1,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "apart",
        ("a", "b"),
    )
    r = solve_checked(sc)
    assert r.objective == HARD and kinds(r) == [("cover", True, 1, "")]


def test_soft_apart_costs_its_weight_per_shared_date():
    sc = with_pairs(
        scenario(
            [person("a"), person("b")],
            days=2,
            duties=[night([group("1", 2)])],
            rules=[rule("cover")],
        ),
        "apart",
        ("a", "b"),
        hard=False,
        weight=3,
    )
    r = solve_checked(sc)
    assert r.objective == 2 * 3 and kinds(r) == [("apart", False, 1, "")] * 2


# ---- reading requests.csv and pairs.csv ----

REQUESTS = [["person_id", "date", "kind", "duty", "group", "role", "weight"]]
PAIRS_TOML = MINI_TOML + '\n[rules.couple]\nkind = "together"\n\n[rules.split]\nkind = "apart"\n'


def folder_with(tmp_path: Path, requests=None, pairs=None, toml: str = PAIRS_TOML) -> Path:
    folder = make_folder(tmp_path, toml=toml)
    if requests is not None:
        write_csv(folder / "requests.csv", REQUESTS + requests)
    if pairs is not None:
        write_csv(folder / "pairs.csv", [["rule", "person_a", "person_b"], *pairs])
    return folder


def load_error(folder: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_scenario(folder)
    return caught.value


def test_requests_and_pairs_load_and_solve(tmp_path: Path):
    rows = [
        ["T03", "2020-02-04", "pin", "night", "2", "leader", ""],
        ["T04", "2020/2/5", "off", "", "", "", ""],
        ["T05", "2020-02-06", "on", "", "", "", "3"],
        ["0012", "2020-02-06", "NOT", "night", "", "", ""],
    ]
    sc = load_scenario(folder_with(tmp_path, rows, [["couple", "T04", "T05"]]))
    assert sc.requests[0] == Request("T03", START + timedelta(1), PIN, "night", "2", "leader", None)
    assert [r.kind for r in sc.requests] == [PIN, OFF, ON, NOT]
    assert sc.requests[2].weight == 3
    assert sc.pairs == (Pair("couple", "T04", "T05"),)
    # No [rules.requests] table: one is added, with weight 1 for on and not.
    (stated,) = sc.rule("requests")
    assert (stated.name, stated.param("on_weight"), stated.param("not_weight")) == (
        "requests",
        1,
        1,
    )
    small = replace(sc, rules=tuple(r for r in sc.rules if r.kind != "fairness"))
    r = solve_checked(small)
    seats = groups_on(r, 1)
    assert seats["T03"] == ("2", "leader")
    assert ("T04", 2) not in worked(r)


def test_requests_rule_weights_from_the_toml(tmp_path: Path):
    toml = PAIRS_TOML + '\n[rules.wishes]\nkind = "requests"\non_weight = 7\n'
    sc = load_scenario(
        folder_with(tmp_path, [["T05", "2020-02-06", "on", "", "", "", ""]], toml=toml)
    )
    (stated,) = sc.rule("requests")
    assert (stated.name, stated.param("on_weight"), stated.param("not_weight")) == (
        "wishes",
        7,
        1,
    )


@pytest.mark.parametrize(
    ("toml_extra", "needle"),
    [
        ("[rules.requests]\non_weight = -1\n", "rules.requests.on_weight"),
        ("[rules.requests]\nweight = 2\n", "rules.requests.weight"),
        ('[rules.requests]\n\n[rules.more]\nkind = "requests"\n', "rules.more"),
        ("[rules.together]\nhard = false\n", "rules.together.weight"),
        ("[rules.apart]\nmax = 1\n", "rules.apart.max"),
    ],
)
def test_bad_rule_tables(tmp_path: Path, toml_extra: str, needle: str):
    err = load_error(folder_with(tmp_path, toml=MINI_TOML + "\n" + toml_extra))
    assert err.file == "scenario.toml" and needle in err.message


@pytest.mark.parametrize(
    ("row", "column", "needle"),
    [
        (["T99", "2020-02-04", "off", "", "", "", ""], "person_id", "T99"),
        (["T03", "2020-02-10", "off", "", "", "", ""], "date", "outside"),
        (["T03", "2020-02-31", "off", "", "", "", ""], "date", "not a date"),
        (["T03", "2020-02-04", "maybe", "", "", "", ""], "kind", "maybe"),
        (["T03", "2020-02-04", "on", "day", "", "", ""], "duty", "no duty with id 'day'"),
        (["T03", "2020-02-04", "pin", "", "", "", ""], "duty", "a pin needs"),
        (["T03", "2020-02-04", "pin", "night", "3", "", ""], "group", "no group '3'"),
        (["T03", "2020-02-04", "pin", "night", "", "driver", ""], "role", "no 'driver' seat"),
        (["T04", "2020-02-04", "pin", "night", "1", "leader", ""], "role", "does not hold"),
        (["T03", "2020-02-04", "on", "night", "1", "", ""], "group", "only for pins"),
        (["T03", "2020-02-04", "off", "", "", "", "2"], "weight", "no weight"),
        (["T03", "2020-02-04", "pin", "night", "", "", "2"], "weight", "no weight"),
        (["T03", "2020-02-04", "not", "", "", "", "-2"], "weight", "whole number"),
    ],
)
def test_bad_request_rows(tmp_path: Path, row: list[str], column: str, needle: str):
    err = load_error(folder_with(tmp_path, [row]))
    assert (err.file, err.row, err.column) == ("requests.csv", 2, column)
    assert needle in err.message


def test_request_for_a_duty_that_does_not_run_that_date(tmp_path: Path):
    toml = PAIRS_TOML.replace('days = "daily"', 'days = "weekdays"')
    rows = [["T03", "2020-02-08", "on", "night", "", "", ""]]  # a Saturday
    err = load_error(folder_with(tmp_path, rows, toml=toml))
    assert (err.row, err.column) == (2, "duty") and "does not run" in err.message
    rows = [["T03", "2020-02-08", "off", "", "", "", ""]]
    err = load_error(folder_with(tmp_path, rows, toml=toml))
    assert (err.row, err.column) == (2, "date") and "no duty runs" in err.message


@pytest.mark.parametrize(
    ("rows", "column", "needle"),
    [
        (
            [
                ["T03", "2020-02-04", "on", "", "", "", ""],
                ["T03", "2020-02-04", "not", "", "", "", ""],
            ],
            "kind",
            "row 2 already",
        ),
        (
            [
                ["T03", "2020-02-04", "off", "", "", "", ""],
                ["T03", "2020-02-04", "pin", "night", "", "", ""],
            ],
            "kind",
            "pin on a day off",
        ),
        (
            [
                ["T03", "2020-02-04", "pin", "night", "", "", ""],
                ["T03", "2020-02-04", "off", "", "", "", ""],
            ],
            "kind",
            "pin on a day off",
        ),
        (
            [
                ["T03", "2020-02-04", "pin", "night", "1", "leader", ""],
                ["0012", "2020-02-04", "pin", "night", "1", "leader", ""],
            ],
            "group",
            "more pins",
        ),
        (
            [
                ["T04", "2020-02-04", "pin", "night", "2", "", ""],
                ["T05", "2020-02-04", "pin", "night", "2", "", ""],
            ],
            "group",
            "ordinary seat",
        ),
    ],
)
def test_requests_that_clash_are_refused(tmp_path: Path, rows, column: str, needle: str):
    err = load_error(folder_with(tmp_path, rows))
    assert (err.file, err.row, err.column) == ("requests.csv", 3, column)
    assert needle in err.message


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
