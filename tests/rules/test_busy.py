"""`busy` (always hard, implicit): no duty overlapping a busy time of busy.csv
(docs/rules.md#busy). The solver creates no variable for such a seat; the checker reports a
hand-edited one, without saying what the time is for."""

from __future__ import annotations

from datetime import time

from roster.check import check
from roster.result import Assignment
from tests.builders import (
    HARD,
    START,
    day_duty,
    night,
    person,
    rule,
    scenario,
    solve_checked,
    with_busy,
)


def test_a_lesson_blocks_the_day_duty_of_its_date_only():
    sc = scenario(
        [person("a"), person("b")], days=2, duties=[day_duty(), night()], rules=[rule("cover")]
    )
    sc = with_busy(sc, "a", 0, time(9), time(9, 40), "online maths")
    r = solve_checked(sc)
    assert r.objective == 0
    day_0 = {(a.person_id, a.duty_id) for a in r.assignments if a.date == START}
    assert ("a", "day") not in day_0 and ("b", "day") in day_0


def test_a_hand_edited_seat_in_busy_time_is_hard_and_the_reason_stays_private():
    sc = with_busy(
        scenario([person("a")], days=1, duties=[day_duty()]), "a", 0, time(9), time(10), "maths"
    )
    report = check(sc, [Assignment(START, "day", "1", "", "a")])
    (found,) = report.violations
    assert (found.kind, found.hard, found.amount, found.cost) == ("busy", True, 1, HARD)
    assert (found.person_id, found.duty_id, found.group_id) == ("a", "day", "1")
    assert "09:00-10:00" in found.message and "maths" not in found.message
