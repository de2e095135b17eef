"""`busy` (always hard, implicit): no duty overlapping a busy time of busy.csv
(docs/rules.md#busy). The solver creates no variable for such a pair. Amount: 1 per
assignment overlapping one or more, keyed by its seat.

What a busy time is for (`what`) is private: no message names it.
"""

from __future__ import annotations

from datetime import datetime

from roster.checking import Roster, violation
from roster.keys import seat_keys
from roster.model import RuleSpec
from roster.result import Violation


def check_busy(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc, t = roster.scenario, roster.texts
    if not sc.busy:
        return []
    out = []
    for a in roster.assignments:
        clash = sc.busy_during(a.person_id, sc.shift_by_id[a.shift_id])
        if not clash:
            continue
        when = t.listing([f"{clock(b.start)}-{clock(b.end)}" for b in clash])
        message = t.say(
            "busy", where=t.shift(a.date, a.duty_id), name=t.person(a.person_id), when=when
        )
        out.append(
            violation(
                roster,
                rule,
                1,
                message,
                **seat_keys(a),
            )
        )
    return out


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")
