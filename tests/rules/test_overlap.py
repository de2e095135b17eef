"""`overlap` (always hard) on tiny scenarios with exact answers: docs/rules.md#overlap.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from tests.builders import (
    HARD,
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)


def test_overlapping_duties_are_never_both_worked():
    from datetime import time

    evening = night([group("1", 1)], duty_id="evening", start=time(17), end=time(23))
    late = night([group("1", 1)], duty_id="late", start=time(21), end=time(7))
    sc = scenario([person("a")], days=1, duties=[evening, late], rules=[rule("cover")])
    r = solve_checked(sc)
    assert len(r.assignments) == 1 and r.objective == HARD
