"""`pattern` re-derived from a roster alone (docs/rules.md#pattern): one violation per
person and date against their cycle, role "off" (worked an off-date) or "on" (an on-date
they could serve without a duty), duty_id = the rule's `duty`.
"""

from __future__ import annotations

from roster.checking import Roster, violation, working_days
from roster.keys import dated_keys
from roster.model import RuleSpec
from roster.pattern import OFF, ON, asked, cycle, offsets, open_dates
from roster.result import Violation


def check_pattern(roster: Roster, rule: RuleSpec) -> list[Violation]:
    duty = str(rule.param("duty", "") or "")
    t, sc = roster.texts, roster.scenario
    out = []
    for pid, offset in sorted(offsets(sc, rule).items()):
        worked = working_days(roster, pid, duty)
        could = open_dates(sc, pid, duty) | worked
        for day in sc.days:
            wanted = asked(sc, rule, offset, day)
            missed = wanted == ON and day in could and day not in worked
            if not missed and not (wanted == OFF and day in worked):
                continue
            kind = "on" if missed else "off"
            message = t.say(f"pattern_{kind}", name=t.person(pid), day=day, cycle=cycle(rule))
            out.append(violation(roster, rule, 1, message, **dated_keys(day, pid, duty, kind)))
    return out
