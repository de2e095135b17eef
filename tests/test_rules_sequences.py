"""Sequence rules (consecutive, days_off, rest_hours, succession) on tiny scenarios.

Every solve goes through solve_checked: the independent checker must report the same
violations and objective. Two duty types: `day` 08:00-17:00 and `night` 17:00-07:00.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, timedelta

import pytest

from inputs.rules import read_rules
from inputs.toml_reader import TomlTable
from roster.check import check
from roster.errors import InputError
from roster.model import Duty, PersonLimit, Scenario
from roster.result import Assignment
from tests.builders import (
    HARD,
    START,
    day_duty,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)

DUTY_IDS = ("day", "night")


def only_on(duty: Duty, *offsets: int) -> Duty:
    """The duty running only on the given days of the horizon."""
    return replace(duty, days="dates", dates=frozenset(START + timedelta(d) for d in offsets))


def seat(pid: str, offset: int, duty_id: str = "night") -> Assignment:
    return Assignment(START + timedelta(offset), duty_id, "1", "", pid)


def reported(sc: Scenario, seats: list[Assignment], kind: str) -> list[tuple]:
    """(day offset, duty id, role, amount) of the checker's violations of one kind."""
    found = [v for v in check(sc, seats).violations if v.kind == kind]
    return sorted(((v.date - START).days, v.duty_id, v.role, v.amount) for v in found)


def days_of(result, pid: str, duty_id: str | None = None) -> list[int]:
    picked = (a for a in result.assignments if a.person_id == pid)
    return sorted((a.date - START).days for a in picked if duty_id in (None, a.duty_id))


# ---- consecutive ----


def test_consecutive_max_trivial_two_people_share_four_nights():
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("consecutive", max=2)],
    )
    r = solve_checked(sc)
    assert r.objective == 0
    for p in ("a", "b"):
        days = days_of(r, p)
        assert not any(days[i + 2] - days[i] == 2 for i in range(len(days) - 2))


def test_consecutive_max_hard_leaves_a_seat_empty_and_reports_it():
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("consecutive", max=2)])
    r = solve_checked(sc)
    assert r.objective == HARD
    assert [(v.kind, v.hard) for v in r.violations] == [("cover", True)]
    assert len(r.assignments) == 2


def test_consecutive_max_soft_costs_each_window_over():
    sc = scenario(
        [person("a")],
        days=4,
        rules=[rule("cover"), rule("consecutive", hard=False, weight=3, max=2)],
    )
    r = solve_checked(sc)
    # Works all 4 nights; windows of 3 days starting on days 0 and 1 each hold 3.
    assert worked(r) == {("a", d) for d in range(4)}
    assert r.objective == 6
    assert sorted(((v.date - START).days, v.role) for v in r.violations) == [(0, "max"), (1, "max")]


def test_consecutive_duty_counts_only_that_duty():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[rule("cover"), rule("consecutive", max=1, duty="night")],
    )
    r = solve_checked(sc)
    # Day duties on both days are fine; only one of the two nights.
    assert r.objective == HARD
    assert days_of(r, "a", "day") == [0, 1]
    assert len(days_of(r, "a", "night")) == 1


def test_consecutive_min_soft_exact_and_edges_free():
    # a can serve days 0, 2, 4 only. Day 2 is a one-day stretch inside the horizon
    # (amount 3 - 1 = 2); days 0 and 4 touch the edges and are not penalised.
    sc = scenario(
        [person("a")],
        days=5,
        availability=[period("a", 1, 1), period("a", 3, 3)],
        rules=[rule("cover"), rule("consecutive", hard=False, weight=2, min=3)],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2, 4]
    assert r.objective == 2 * HARD + 2 * 2
    (short,) = [v for v in r.violations if v.kind == "consecutive"]
    assert ((short.date - START).days, short.amount, short.cost) == (2, 2, 4)


def test_consecutive_min_hard_that_cannot_hold_is_reported_not_raised():
    # a serves only day 1, where a day duty and a night run: working both leaves a
    # one-day stretch (1 unit at hard_weight), cheaper than two empty seats.
    sc = scenario(
        [person("a")],
        days=3,
        duties=[only_on(day_duty(), 1), only_on(night(), 1)],
        rules=[rule("cover"), rule("consecutive", min=2)],
    )
    r = solve_checked(sc)
    assert r.objective == HARD
    (v,) = r.violations
    assert (v.kind, v.hard, (v.date - START).days, v.amount) == ("consecutive", True, 1, 1)
    assert len(r.assignments) == 2


def test_consecutive_min_stretches_at_the_edges_are_not_short():
    sc = scenario([person("a")], days=5, rules=[rule("consecutive", min=3)])
    # 0 | 2,3 | - : the stretch of days 2-3 is inner and short; day 0 touches the start.
    assert reported(sc, [seat("a", 0), seat("a", 2), seat("a", 3)], "consecutive") == [
        (2, "", "min", 1)
    ]
    # a stretch touching the last date is not short
    assert reported(sc, [seat("a", 3), seat("a", 4)], "consecutive") == []


def test_consecutive_per_person_limit_overrides_the_rule():
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("consecutive", max=3)])
    sc = replace(sc, limits=(PersonLimit("a", "consecutive", "max", 1),))
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2]
    assert r.objective == HARD


# ---- days_off ----


def test_days_off_trivial_forces_two_day_breaks():
    sc = scenario(
        [person("a")],
        days=5,
        rules=[
            rule("cover", hard=False, weight=1),
            rule("consecutive", max=2),
            rule("days_off", min=2),
        ],
    )
    r = solve_checked(sc)
    # Without days_off, 0,1,3,4 (one day off); with it only three nights fit.
    assert r.objective == 2
    assert days_of(r, "a") in ([0, 1, 4], [0, 3, 4])


def test_days_off_soft_exact_cost():
    sc = scenario(
        [person("a")],
        days=3,
        availability=[period("a", 1, 1)],
        rules=[rule("cover"), rule("days_off", hard=False, weight=5, min=3)],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2]
    assert r.objective == HARD + 2 * 5
    (v,) = [v for v in r.violations if v.kind == "days_off"]
    assert ((v.date - START).days, v.amount) == (1, 2)


def test_days_off_hard_leaves_a_seat_empty_edges_are_free():
    # Unavailable day 1: 0 and 2-3 would leave a one-day break. Days 2-3 win; the
    # off days 0-1 touch the horizon's start and are not a break.
    sc = scenario(
        [person("a")],
        days=4,
        availability=[period("a", 1, 1)],
        rules=[rule("cover"), rule("days_off", min=3)],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [2, 3]
    assert r.objective == 2 * HARD
    assert {v.kind for v in r.violations} == {"cover"}


def test_days_off_checker_counts_inner_breaks_only():
    sc = scenario([person("a")], days=7, rules=[rule("days_off", min=2)])
    seats = [seat("a", d) for d in (1, 3, 6)]
    # off 0 touches the start, off 2 is a 1-day break, off 4-5 is long enough
    assert reported(sc, seats, "days_off") == [(2, "", "", 1)]


# ---- rest_hours ----


@pytest.mark.parametrize(("hours", "objective"), [(1, 0), (2, HARD)])
def test_rest_hours_night_then_day_duty_next_morning(hours: int, objective: int):
    # The night of day 0 ends 07:00 on day 1; the day duty starts 08:00: 1 hour of rest.
    sc = scenario(
        [person("a")],
        days=2,
        duties=[only_on(night(), 0), only_on(day_duty(), 1)],
        rules=[rule("cover"), rule("rest_hours", min_hours=hours)],
    )
    r = solve_checked(sc)
    assert r.objective == objective
    assert len(r.assignments) == (2 if objective == 0 else 1)


def test_rest_hours_soft_counts_every_close_pair_across_duties():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[rule("cover"), rule("rest_hours", hard=False, weight=3, min_hours=11)],
    )
    r = solve_checked(sc)
    assert len(r.assignments) == 4
    # day0->night0 (0 h), night0->day1 (1 h), night0->night1 (10 h), day1->night1 (0 h)
    pairs = sorted(((v.date - START).days, v.duty_id) for v in r.violations)
    assert pairs == [(0, "day"), (0, "night"), (0, "night"), (1, "day")]
    assert r.objective == 4 * 3


def test_rest_hours_hard_that_cannot_hold_empties_seats():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[rule("cover"), rule("rest_hours", min_hours=11)],
    )
    r = solve_checked(sc)
    # Conflicts d0-n0, n0-d1, n0-n1, d1-n1: at most two of the four seats.
    assert r.objective == 2 * HARD
    assert {v.kind for v in r.violations} == {"cover"}


def test_rest_hours_ignores_overlapping_pairs():
    # 08:00-17:00 and 12:00-20:00 overlap: the overlap rule reports them, rest_hours not.
    late = day_duty(duty_id="late", start=day_duty().start.replace(hour=12))
    late = replace(late, end=late.end.replace(hour=20))
    sc = scenario(
        [person("a")], days=1, duties=[day_duty(), late], rules=[rule("rest_hours", min_hours=8)]
    )
    seats = [seat("a", 0, "day"), seat("a", 0, "late")]
    assert reported(sc, seats, "rest_hours") == []
    assert len(reported(sc, seats, "overlap")) == 1


def test_rest_hours_counts_real_hours_across_a_dst_change():
    # Europe/Berlin springs forward on 2020-03-29 at 02:00: 17:00-01:00 then 04:00-08:00
    # leaves 3 hours by the clock but 2 real hours.
    evening = night(duty_id="evening", end=night().end.replace(hour=1))
    early = day_duty(duty_id="early", start=day_duty().start.replace(hour=4))
    early = replace(early, end=early.end.replace(hour=8))
    sc = scenario(
        [person("a")],
        duties=[evening, early],
        rules=[rule("cover"), rule("rest_hours", hard=False, weight=7, min_hours=3)],
    )
    sc = replace(sc, timezone="Europe/Berlin", start=date(2020, 3, 28), end=date(2020, 3, 29))
    r = solve_checked(sc)
    close = [v for v in r.violations if v.kind == "rest_hours"]
    assert [(v.date, v.duty_id) for v in close] == [(date(2020, 3, 28), "evening")]
    assert r.objective == 7


# ---- succession ----


def test_succession_hard_night_then_day_is_never_worked():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[rule("cover"), rule("succession", forbidden=(("night", "day"),))],
    )
    r = solve_checked(sc)
    assert r.objective == HARD
    assert not (0 in days_of(r, "a", "night") and 1 in days_of(r, "a", "day"))


def test_succession_soft_one_per_occurrence_none_past_the_last_date():
    sc = scenario(
        [person("a")],
        days=2,
        duties=[day_duty(), night()],
        rules=[
            rule("cover"),
            rule("succession", hard=False, weight=4, forbidden=(("night", "day"),)),
        ],
    )
    r = solve_checked(sc)
    assert len(r.assignments) == 4
    (v,) = r.violations
    assert ((v.date - START).days, v.duty_id, v.amount, v.cost) == (0, "night", 1, 4)
    assert r.objective == 4


def test_succession_same_duty_twice_is_no_two_in_a_row():
    sc = scenario(
        [person("a")],
        days=3,
        rules=[rule("cover"), rule("succession", forbidden=(("night", "night"),))],
    )
    r = solve_checked(sc)
    assert days_of(r, "a") == [0, 2]
    assert r.objective == HARD


# ---- messages ----


def test_messages_in_both_languages_name_the_person():
    sc = scenario(
        [person("a")],
        days=5,
        duties=[day_duty(), night()],
        rules=[
            rule("consecutive", max=1, min=2, duty="night"),
            rule("days_off", min=2),
            rule("rest_hours", min_hours=11),
            rule("succession", forbidden=(("night", "day"),)),
        ],
        availability=[period("a", 4, 4)],
    )
    seats = [seat("a", 0), seat("a", 1, "day"), seat("a", 1), seat("a", 3, "day")]
    for language in ("en", "zh"):
        found = check(replace(sc, language=language), seats).violations
        kinds = {v.kind for v in found}
        assert kinds >= {"consecutive", "days_off", "rest_hours", "succession"}
        assert all("(a)" in v.message for v in found)
        assert "private reason" not in " ".join(v.message for v in found)


# ---- parameters ----


def read(toml: str) -> list:
    return list(read_rules(TomlTable(tomllib.loads(toml)["rules"], "rules"), DUTY_IDS))


def test_params_are_read():
    (c, d, h, s) = read(
        """
[rules.consecutive]
max = 5
min = 2
duty = "night"
[rules.days_off]
min = 2
hard = false
weight = 3
[rules.rest_hours]
min_hours = 11
[rules.succession]
forbidden = [["night", "day"], ["night", "night"]]
"""
    )
    assert (c.hard, dict(c.params)) == (True, {"duty": "night", "min": 2, "max": 5})
    assert (d.hard, d.weight, dict(d.params)) == (False, 3, {"min": 2})
    assert dict(h.params) == {"min_hours": 11}
    assert s.param("forbidden") == (("night", "day"), ("night", "night"))


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("[rules.consecutive]\nmax = -1", "rules.consecutive.max"),
        ("[rules.consecutive]\nmax = 0", "rules.consecutive.max"),
        ("[rules.consecutive]\nmin = 1", "rules.consecutive.min"),
        ("[rules.consecutive]\nhard = true", "rules.consecutive.max"),
        ("[rules.consecutive]\nmax = 2\nmin = 3", "rules.consecutive.min"),
        ('[rules.consecutive]\nmax = 2\nduty = "evening"', "rules.consecutive.duty"),
        ("[rules.days_off]\nmin = -2", "rules.days_off.min"),
        ("[rules.days_off]\nweight = 1", "rules.days_off.min"),
        ("[rules.rest_hours]\nmin_hours = 0", "rules.rest_hours.min_hours"),
        ('[rules.rest_hours]\nmin_hours = "11"', "rules.rest_hours.min_hours"),
        ('[rules.succession]\nforbidden = [["night", "evening"]]', "rules.succession.forbidden"),
        ('[rules.succession]\nforbidden = ["night", "day"]', "rules.succession.forbidden"),
        ("[rules.succession]\nforbidden = []", "rules.succession.forbidden"),
        (
            '[rules.s]\nkind = "succession"\nforbidden = [["day", "day"], ["day", "day"]]',
            "rules.s.forbidden",
        ),
    ],
)
def test_bad_params_name_the_file_and_key(table: str, key: str):
    with pytest.raises(InputError) as err:
        read(table)
    assert err.value.file == "scenario.toml"
    assert err.value.message.startswith(f"{key}:")
