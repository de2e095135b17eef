"""`succession` re-derived from a roster alone (docs/rules.md#succession).

One violation per forbidden pair worked: `first` on a date d, then `then` on d + 1;
date = d, duty_id = first.
"""

from __future__ import annotations

from datetime import timedelta

from roster.checking import Roster, violation
from roster.keys import dated_keys
from roster.model import RuleSpec
from roster.result import Violation


def check_succession(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    pairs = tuple(rule.param("forbidden", ()) or ())
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        held = {(s.duty_id, s.date) for s in shifts}
        for s in shifts:
            following = s.date + timedelta(days=1)
            for first, then in pairs:
                if first == s.duty_id and (then, following) in held:
                    message = t.say(
                        "succession",
                        name=t.person(pid),
                        first=t.shift(s.date, first),
                        second=t.shift(following, then),
                    )
                    out.append(
                        violation(roster, rule, 1, message, **dated_keys(s.date, pid, first))
                    )
    return out
