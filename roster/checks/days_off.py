"""`days_off` re-derived from a roster alone (docs/rules.md#days_off).

One violation per off-stretch shorter than the person's `min` that touches neither edge
of the horizon: date = its first date, person_id = the person.
"""

from __future__ import annotations

from datetime import timedelta

from roster.checking import Roster, inner_runs, violation, working_days
from roster.keys import dated_keys
from roster.model import RuleSpec
from roster.previous import last_working_day
from roster.result import Violation


def check_days_off(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid in sorted(roster.shifts_of):
        own = roster.scenario.limit(rule, pid, "min")
        if own is None:
            continue  # the rule states no min, nor does the person's own row
        least = int(own)
        for first, length in inner_runs(roster, working_days(roster, pid), working=False):
            if length < least:
                message = t.say("days_off", name=t.person(pid), count=length, day=first, min=least)
                out.append(
                    violation(roster, rule, least - length, message, **dated_keys(first, pid))
                )
        out += _break_since_previous(roster, rule, pid, least)
    return out


def _break_since_previous(roster: Roster, rule: RuleSpec, pid: str, least: int) -> list[Violation]:
    """From the last working day of previous.csv to the first one in the horizon."""
    last = last_working_day(roster.scenario, pid)
    worked = working_days(roster, pid)
    if last is None or not worked:
        return []
    length = (min(worked) - last).days - 1
    if length < 1 or length >= least:
        return []
    first = last + timedelta(days=1)
    t = roster.texts
    message = t.say("days_off", name=t.person(pid), count=length, day=first, min=least)
    return [violation(roster, rule, least - length, message, **dated_keys(first, pid))]
