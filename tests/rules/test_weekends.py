"""`weekends` on tiny scenarios with exact answers: docs/rules.md#weekends.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time

from roster.check import check
from tests.builders import (
    HARD,
    night,
    person,
    rule,
    scenario,
    seat_on,
    solve_checked,
    starting,
)

DAY = night(duty_id="day", start=time(8), end=time(16))  # 480 minutes


def test_weekends_cut_by_both_edges_count_as_two():
    # Sunday 2 Feb to Saturday 8 Feb: half of one weekend at each end.
    sc = starting(
        scenario(
            [person("a")],
            duties=[night(days="weekends")],
            rules=[rule("cover"), rule("weekends", max=1)],
        ),
        date(2020, 2, 2),
        7,
    )
    r = solve_checked(sc)
    assert r.objective == HARD and len(r.assignments) == 1
    (v,) = check(sc, [seat_on("a", date(2020, 2, 2)), seat_on("a", date(2020, 2, 8))]).violations
    assert (v.kind, v.person_id, v.amount, v.date) == ("weekends", "a", 1, None)


def test_a_whole_weekend_counts_once():
    sc = starting(
        scenario([person("a")], rules=[rule("cover"), rule("weekends", max=1)]),
        date(2020, 2, 8),
        2,
    )
    r = solve_checked(sc)
    assert r.objective == 0 and len(r.assignments) == 2


def test_soft_weekends_with_a_duty_filter():
    sc = scenario(
        [person("a")],
        days=14,
        duties=[night(days="weekends"), dataclasses.replace(DAY, days="weekends")],
        rules=[rule("cover"), rule("weekends", hard=False, weight=5, max=0, duty="day")],
    )
    r = solve_checked(sc)
    (v,) = r.violations
    assert (v.kind, v.duty_id, v.amount, v.cost) == ("weekends", "day", 2, 10)
