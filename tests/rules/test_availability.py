"""`availability` (always hard) on tiny scenarios with exact answers: docs/rules.md#availability.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

from tests.builders import (
    period,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)


def test_unavailable_person_is_never_rostered():
    sc = scenario(
        [person("a"), person("b")], days=3, availability=[period("a", 0, 1)], rules=[rule("cover")]
    )
    r = solve_checked(sc)
    assert ("a", 0) not in worked(r) and ("a", 1) not in worked(r)
    assert r.objective == 0
