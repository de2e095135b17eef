"""`weekends`: at most `max` weekends worked per person over the horizon.

A weekend (Saturday + Sunday) is worked when the person starts a counted duty on either day.
Weekends are told apart by their Saturday, so one cut by the horizon's edge (only its Sunday
at the start, only its Saturday at the end) still counts as one weekend.
"""

from __future__ import annotations

from datetime import timedelta

from roster.checking import Roster, violation
from roster.keys import person_keys
from roster.model import RuleSpec
from roster.result import Violation
from roster.texts import Texts


def check_weekends(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    duty = str(rule.param("duty", ""))
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        saturdays = {
            s.date - timedelta(days=s.date.weekday() - 5)
            for s in shifts
            if s.date.weekday() >= 5 and (not duty or s.duty_id == duty)
        }
        cap = int(roster.scenario.limit(rule, pid, "max"))
        if len(saturdays) <= cap:
            continue
        scope = t.say("weekend_scope", duty=t.duty_name(duty)) if duty else t.say("weekend_all")
        message = t.say(
            "weekends", name=t.person(pid), scope=scope, count=_weekends(t, len(saturdays)), max=cap
        )
        out.append(
            violation(roster, rule, len(saturdays) - cap, message, **person_keys(pid, duty))
        )
    return out


def _weekends(t: Texts, n: int) -> str:
    return t.say("weekend_one") if n == 1 else t.say("weekend_many", n=n)
