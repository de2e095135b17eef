"""`pattern` on tiny scenarios: docs/rules.md#pattern. 做二休一 and friends.

Every solve goes through solve_checked: the independent checker must agree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.explain import explain_shortages
from roster.model import PersonLimit, Request, RequestKind
from roster.pattern import offsets
from solver import lower_bound
from solver.blocks import block_scenarios
from tests.builders import (
    HARD,
    START,
    day_duty,
    duty_seat,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
)
from tests.folders import MINI_TOML, PEOPLE, load_error, make_folder, write_csv


def days_of(result, pid: str) -> list[int]:
    return sorted((a.date - START).days for a in result.assignments if a.person_id == pid)


def test_two_on_one_off_staggers_three_people():
    # 做二休一: three people, two seats a night, offsets 0, 1, 2 by people.csv order
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=6,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("pattern", cycle="110")],
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert days_of(r, "a") == [0, 1, 3, 4]
    assert days_of(r, "b") == [0, 2, 3, 5]  # position 1: on, off, on, ...
    assert days_of(r, "c") == [1, 2, 4, 5]


def test_a_scenario_cut_to_some_people_keeps_their_places_in_the_cycle():
    """Blocks, parts and teams hold some of the crew: each keeps the place the whole crew
    gave them (the second of two is still at position 1, not 0)."""
    sc = scenario(
        [person("a"), person("b")],
        days=2,
        duties=[
            night(
                [
                    group(
                        "1",
                        1,
                    )
                ]
            )
        ],
        rules=[rule("cover", hard=False), rule("pattern", cycle="01")],
    )
    (only_b,) = block_scenarios(sc, [("b",)])
    assert offsets(only_b, sc.rules[1]) == {"b": 1}
    assert [(x.person_id, x.key, x.value) for x in only_b.limits] == [("b", "offset", 1)]


def test_the_bound_of_a_staggered_crew_is_never_above_its_roster():
    """Two people of cycle "01" (the first off then on, the second on then off), a night
    seat a date: the roster costs nothing, so must every bound (the relaxation once read
    both people's blocks at the first's place and proved 10)."""
    sc = scenario(
        [person("p0"), person("p1")],
        days=2,
        duties=[night([group("1", 1)])],
        rules=[rule("cover", hard=False), rule("pattern", cycle="01")],
    )
    found = lower_bound.lower_bound(sc, budget=3.0, deterministic=True)
    assert found is not None and found.value == 0
    r = solve_checked(sc)
    assert r.objective == 0 and r.best_bound == 0


def test_off_days_hard_leave_seats_empty_reported():
    # one person, 做二休一: every third night stays empty, never a failed solve
    sc = scenario([person("a")], days=6, rules=[rule("cover"), rule("pattern", cycle="110")])
    r = solve_checked(sc)
    assert r.objective == 2 * HARD
    assert [(v.date - START).days for v in r.uncovered] == [2, 5]


def test_on_days_that_cannot_be_held_cost_hard_weight_each():
    # a cycle asking every night of two people for one seat: one misses each night
    sc = scenario(
        [person("a"), person("b")], days=2, rules=[rule("cover"), rule("pattern", cycle="1")]
    )
    r = solve_checked(sc)
    assert r.objective == 2 * HARD
    assert sorted(v.role for v in r.violations) == ["on", "on"]


def test_soft_pattern_exact_objective_and_offset_from_limits():
    sc = scenario(
        [person("a")],
        days=4,
        rules=[rule("cover"), rule("pattern", hard=False, weight=3, cycle="10")],
    )
    # offset 1: off, on, off, on; cover wants every night: two off-nights worked, 3 each
    sc = replace(sc, limits=(PersonLimit("a", "pattern", "offset", 1),))
    r = solve_checked(sc)
    assert r.objective == 6
    assert [((v.date - START).days, v.role) for v in r.violations] == [(0, "off"), (2, "off")]


def test_unavailable_on_date_is_not_asked():
    sc = scenario(
        [person("a")],
        days=2,
        rules=[rule("cover", hard=False, weight=1), rule("pattern", cycle="1")],
        availability=[period("a", 0, 0)],
    )
    r = solve_checked(sc)
    assert r.objective == 1 and days_of(r, "a") == [1]  # night 0 uncovered, not a miss


def test_who_and_duty_narrow_the_rule():
    people = [person("a", "S1", "leader"), person("b")]
    duties = [night(), day_duty()]
    sc = scenario(
        people,
        days=2,
        duties=duties,
        rules=[rule("pattern", cycle="0", who="leader", duty="night")],
    )
    seats = [duty_seat("a", 0, "night"), duty_seat("a", 1, "day"), duty_seat("b", 1, "night")]
    found = [
        (v.person_id, (v.date - START).days, v.duty_id, v.role) for v in check(sc, seats).violations
    ]
    assert found == [("a", 0, "night", "off")]


def test_anchor_continues_a_cycle_from_before_the_horizon():
    anchor = START - timedelta(days=1)  # the cycle began the day before: today is position 1
    sc = scenario([person("a")], days=3, rules=[rule("pattern", cycle="110", anchor=anchor)])
    seats = [duty_seat("a", d) for d in range(3)]
    found = [((v.date - START).days, v.role) for v in check(sc, seats).violations]
    assert found == [(1, "off")]


def test_pattern_is_read_from_scenario_toml(tmp_path: Path):
    rules = (
        '[rules.two_on_one_off]\nkind = "pattern"\ncycle = "11 0"\nwho = "leader"\n'
        "anchor = 2020-02-01\n\n"
    )
    toml = MINI_TOML.replace("[rules.cover]", rules + "[rules.cover]")
    folder = make_folder(tmp_path, toml=toml, people=PEOPLE)
    write_csv(
        folder / "limits.csv",
        [["person_id", "rule", "key", "value"], ["T03", "two_on_one_off", "offset", "2"]],
    )
    sc = load_scenario(folder)
    found = next(sc.rule("pattern"))
    assert (found.param("cycle"), found.param("who"), found.hard) == ("110", "leader", True)
    assert sc.limit(found, "T03", "offset") == 2


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ('cycle = "1x0"', "1 (on duty), 0 (off)"),
        ('cycle = "..."', "asks nothing"),
        ('cycle = ""', "1 (on duty), 0 (off)"),
        ('cycle = "10"\nwho = "driver"', "no person holds role 'driver'"),
        ('cycle = "10"\nduty = "day"', "no duty with id 'day'"),
    ],
)
def test_bad_pattern_tables_are_refused(tmp_path: Path, table: str, fragment: str):
    toml = MINI_TOML.replace("[rules.cover]", f"[rules.pattern]\n{table}\n\n[rules.cover]")
    err = load_error(make_folder(tmp_path, toml=toml, people=PEOPLE))
    assert "rules.pattern" in err.message and fragment in err.message


def test_the_shortage_explanation_names_the_pattern():
    sc = scenario(
        [person("a")],
        days=3,
        rules=[rule("cover"), rule("pattern", name="two_on_one_off", cycle="110")],
    )
    r = solve_checked(sc)
    [sentence] = explain_shortages(sc, r.violations, r.assignments)
    assert "2020-02-05" in sentence and "two_on_one_off" in sentence


def test_a_pin_on_an_off_date_is_reported_not_raised():
    sc = scenario([person("a")], days=1, rules=[rule("requests"), rule("pattern", cycle="0")])
    sc = replace(sc, requests=(Request("a", START, RequestKind.PIN, "night"),))
    r = solve_checked(sc)
    assert r.objective == HARD and len([v for v in r.violations if v.hard]) == 1
