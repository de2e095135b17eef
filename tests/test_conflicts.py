"""Conflict explanations: capacity per window and impossible minimums, from the data alone."""

from __future__ import annotations

import dataclasses

from roster.app import verified
from roster.conflicts import explain_conflicts
from roster.model import PersonLimit, Scenario
from solver import solve
from tests.builders import group, night, period, person, rule, scenario, solve_checked


def conflicts(sc: Scenario) -> list[str]:
    return explain_conflicts(sc, solve_checked(sc).violations)


def seven_nights_three_people() -> Scenario:
    return scenario(
        [person("a", "S1", "leader"), person("b"), person("c")],
        days=7,
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles"), rule("max_in_window", max=2, days=7)],
    )


def test_window_capacity_names_the_rule_and_the_volunteers_missing():
    assert conflicts(seven_nights_three_people()) == [
        "2020-02-03 to 2020-02-09: 14 seats to fill, but max 2 per 7 days lets the 3 people "
        "available then take at most 6, so at least 8 stay empty; 4 more volunteers (each can "
        "take 2) would close the gap",
        "2020-02-03 to 2020-02-09: 7 leader seats to fill, but max 2 per 7 days lets the 1 "
        "available people who can be leader take at most 2, so at least 5 stay empty; 3 more "
        "volunteers who can be leader (each can take 2) would close the gap",
    ]


def test_window_capacity_in_chinese_uses_the_role_word():
    sc = dataclasses.replace(seven_nights_three_people(), language="zh")
    assert conflicts(sc) == [
        "2020-02-03至2020-02-09：共需14人次，但受每7天最多2次限制，可值班的3人最多承担6人次，"
        "至少8个岗位空缺，需再增加4名志愿者（每人最多2次）",
        "2020-02-03至2020-02-09：共需组长7人次，但受每7天最多2次限制，可值班的1名组长最多承担"
        "2人次，至少5个组长岗位空缺，需再增加3名组长（每人最多2次）",
    ]


def test_overlapping_short_windows_are_one_sentence():
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
    )
    assert conflicts(sc) == [
        "2020-02-03 to 2020-02-04: 4 seats to fill, but rest (1 free day between duties) lets "
        "the 2 people available then take at most 2, so at least 2 stay empty; 2 more "
        "volunteers (each can take 1) would close the gap (2 overlapping periods of 2 days "
        "from 2020-02-03 to 2020-02-05 are short)"
    ]


def test_a_window_longer_than_the_horizon_is_the_whole_horizon():
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        rules=[rule("cover"), rule("max_in_window", max=1, days=7)],
    )
    assert conflicts(sc) == [
        "2020-02-03 to 2020-02-05: 3 seats to fill, but max 1 per 7 days lets the 2 people "
        "available then take at most 2, so at least 1 stay empty; 1 more volunteers (each can "
        "take 1) would close the gap"
    ]


def test_personal_limits_and_availability_lower_the_capacity():
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=4,
        rules=[rule("cover"), rule("max_in_window", max=2, days=4)],
        availability=[period("c", 0, 3)],
    )
    sc = dataclasses.replace(sc, limits=(PersonLimit("a", "max_in_window", "max", 1),))
    (line,) = conflicts(sc)
    assert line.startswith(
        "2020-02-03 to 2020-02-06: 4 seats to fill, but max 2 per 4 days lets the 2 people "
        "available then take at most 3, so at least 1 stay empty"
    )


def test_too_few_available_is_left_to_the_per_shift_sentences():
    sc = scenario(
        [person("a")],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("max_in_window", max=3, days=3)],
    )
    assert conflicts(sc) == []


def test_no_hard_violation_no_explanation():
    sc = scenario([person("a"), person("b")], days=2, rules=[rule("cover")])
    assert conflicts(sc) == []


def test_impossible_minimum_of_duties():
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        rules=[rule("rest", free_days=1), rule("workload", name="at_least_3", min=3)],
    )
    assert conflicts(sc) == [
        "Name a (a): at_least_3 asks for at least 3 duties, but rest (1 free day between "
        "duties) lets them take at most 2 duties",
        "Name b (b): at_least_3 asks for at least 3 duties, but rest (1 free day between "
        "duties) lets them take at most 2 duties",
    ]


def test_impossible_minimum_in_minutes_and_a_minimum_availability_forbids_is_not_one():
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        rules=[
            rule("max_shifts", max=1),
            rule("workload", name="hours", min=1000, unit="minutes", duty=""),
        ],
        availability=[period("b", 0, 2)],  # b can serve no night: nothing is asked of b
    )
    assert conflicts(sc) == [
        "Name a (a): hours asks for at least 1000 minutes, but at most 1 duty in the period "
        "lets them take at most 840 minutes"
    ]


def test_solve_output_carries_the_explanations():
    sc = seven_nights_three_people()
    messages = verified(sc, solve(sc)).messages
    assert any("4 more volunteers" in m for m in messages)
    assert any(m.startswith("2020-02-03 Night duty: needs 2") for m in messages)
