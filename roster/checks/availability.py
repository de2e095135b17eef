"""`availability` (always hard, implicit): nobody works a seat while unavailable
(docs/rules.md#availability). One violation per such assignment, keyed by its seat.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.keys import seat_keys
from roster.model import RuleSpec
from roster.result import Violation


def check_availability(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc, t = roster.scenario, roster.texts
    return [
        violation(
            roster,
            rule,
            1,
            t.say("unavailable", where=t.shift(a.date, a.duty_id), name=t.person(a.person_id)),
            **seat_keys(a),
        )
        for a in roster.assignments
        if not sc.is_free(a.person_id, sc.shift_by_id[a.shift_id])
    ]
