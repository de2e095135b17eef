"""`one_per_day` on tiny scenarios: docs/rules.md#one_per_day.

Every solve goes through solve_checked: the independent checker must report the same
violations and objective. Two duties that do not overlap: `day` 08:00-16:00 and `night`
17:00-07:00, so only this rule keeps one person off both on one date.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from inputs.load import load_scenario
from roster.explain import explain_shortages
from tests.builders import (
    HARD,
    START,
    day_duty,
    duty_seat,
    night,
    only_on,
    person,
    reported,
    rule,
    scenario,
    solve_checked,
)
from tests.folders import MINI_TOML, make_folder

DAY = day_duty(end=time(16))


def two_duties(people: list[str], days: int = 1, *rules) -> object:
    return scenario(
        [person(p) for p in people], days=days, duties=[night(), DAY], rules=[rule("cover"), *rules]
    )


def test_one_per_day_trivial_two_people_share_the_date():
    r = solve_checked(two_duties(["a", "b"], 1, rule("one_per_day")))
    assert r.objective == 0
    assert sorted(a.person_id for a in r.assignments) == ["a", "b"]


def test_without_the_rule_one_person_takes_both():
    r = solve_checked(two_duties(["a"], 1))
    assert r.objective == 0 and len(r.assignments) == 2


def test_one_per_day_hard_that_cannot_hold_leaves_a_seat_reported():
    r = solve_checked(two_duties(["a"], 2, rule("one_per_day")))
    assert r.objective == 2 * HARD  # one seat a date stays empty, never a failed solve
    assert len(r.assignments) == 2
    assert {v.kind for v in r.uncovered} == {"cover"} and len(r.uncovered) == 2


def test_one_per_day_soft_costs_its_weight_per_extra_duty():
    r = solve_checked(two_duties(["a"], 3, rule("one_per_day", hard=False, weight=7)))
    assert r.objective == 3 * 7
    found = [(v.date, v.person_id, v.amount, v.cost) for v in r.violations]
    assert found == [(START.replace(day=3 + i), "a", 1, 7) for i in range(3)]


def test_a_night_and_the_next_mornings_duty_are_two_dates():
    # The night belongs to the date it starts: a day duty the next date is another date.
    sc = scenario(
        [person("a")],
        days=2,
        duties=[only_on(night(), 0), only_on(DAY, 1)],
        rules=[rule("cover"), rule("one_per_day")],
    )
    assert solve_checked(sc).objective == 0


def test_checker_counts_three_duties_on_one_date_as_two_extra():
    sc = two_duties(["a"], 1, rule("one_per_day", hard=False, weight=1))
    third = only_on(day_duty(duty_id="early", start=time(5), end=time(7)), 0)
    sc = scenario([person("a")], days=1, duties=[night(), DAY, third], rules=list(sc.rules))
    seats = [duty_seat("a", 0, d) for d in ("night", "day", "early")]
    assert reported(sc, seats, "one_per_day") == [(0, "", "", 2)]


def test_one_per_day_is_read_from_scenario_toml(tmp_path: Path):
    toml = MINI_TOML.replace("[rules.cover]", "[rules.one_per_day]\n\n[rules.cover]")
    sc = load_scenario(make_folder(tmp_path, toml=toml))
    assert [(r.kind, r.hard) for r in sc.rules if r.name == "one_per_day"] == [
        ("one_per_day", True)
    ]


def test_the_shortage_explanation_names_the_rule():
    sc = two_duties(["a"], 1, rule("one_per_day", name="one_a_day"))
    r = solve_checked(sc)
    [sentence] = explain_shortages(sc, r.violations, r.assignments)
    assert "one_a_day" in sentence
