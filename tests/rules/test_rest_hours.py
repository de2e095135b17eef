"""`rest_hours` on tiny scenarios: docs/rules.md#rest_hours.

Every solve goes through solve_checked: the independent checker must report the same
violations and objective. Two duty types: `day` 08:00-17:00 and `night` 17:00-07:00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

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
    seats = [duty_seat("a", 0, "day"), duty_seat("a", 0, "late")]
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
