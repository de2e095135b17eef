"""`days_off` re-derived from a roster alone (docs/rules.md#days_off).

One violation per off-stretch shorter than the person's `min` that touches neither edge
of the horizon: date = its first date, person_id = the person.
"""

from __future__ import annotations

from roster.checking import Roster, inner_runs, violation, working_days
from roster.keys import dated_keys
from roster.model import RuleSpec
from roster.result import Violation


def check_days_off(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid in sorted(roster.shifts_of):
        least = int(roster.scenario.limit(rule, pid, "min"))
        for first, length in inner_runs(roster, working_days(roster, pid), working=False):
            if length < least:
                message = t.say("days_off", name=t.person(pid), count=length, day=first, min=least)
                out.append(
                    violation(roster, rule, least - length, message, **dated_keys(first, pid))
                )
    return out
