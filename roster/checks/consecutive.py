"""`consecutive` re-derived from a roster alone (docs/rules.md#consecutive).

A working day is a date on which a person starts a duty (of the rule's `duty`, if any).
Violations: one per (person, window) over `max`, date = the window's first date,
role = "max"; one per stretch shorter than `min` that touches neither edge of the
horizon, date = the stretch's first date, role = "min". duty_id = the rule's `duty`.
"""

from __future__ import annotations

from datetime import date

from roster.checking import Roster, inner_runs, violation, windows, working_days
from roster.keys import dated_keys
from roster.model import RuleSpec
from roster.previous import lead_in_windows
from roster.result import Violation


def check_consecutive(roster: Roster, rule: RuleSpec) -> list[Violation]:
    duty = str(rule.param("duty", "") or "")
    out: list[Violation] = []
    for pid in sorted(roster.shifts_of):
        worked = working_days(roster, pid, duty)
        cap = roster.scenario.limit(rule, pid, "max")
        if cap is not None:
            out += _too_many_in_a_row(roster, rule, pid, worked, int(cap), duty)
        least = roster.scenario.limit(rule, pid, "min")
        if least is not None:
            out += _too_short_stretches(roster, rule, pid, worked, int(least), duty)
    return out


def _what(roster: Roster, duty: str) -> str:
    t = roster.texts
    return t.say("seq_duty_days", duty=t.duty_name(duty)) if duty else t.say("seq_working_days")


def _too_many_in_a_row(
    roster: Roster, rule: RuleSpec, pid: str, worked: set[date], cap: int, duty: str
) -> list[Violation]:
    t = roster.texts
    out = []
    for span in windows(roster.scenario, cap + 1):
        count = sum(1 for d in span if d in worked)
        if count > cap:
            message = t.say(
                "consecutive_max",
                name=t.person(pid),
                count=count,
                what=_what(roster, duty),
                days=len(span),
                day=span[0],
                max=cap,
            )
            out.append(
                violation(
                    roster,
                    rule,
                    count - cap,
                    message,
                    **dated_keys(span[0], pid, duty, "max"),
                )
            )
    for window in lead_in_windows(roster.scenario, pid, cap + 1, duty=duty, days=True):
        count = sum(1 for d in window.inside if d in worked)
        if count > window.cap(cap):
            message = t.say(
                "consecutive_max",
                name=t.person(pid),
                count=count + window.past,
                what=_what(roster, duty),
                days=cap + 1,
                day=window.first,
                max=cap,
            )
            keys = dated_keys(window.first, pid, duty, "max")
            out.append(violation(roster, rule, count - window.cap(cap), message, **keys))
    return out


def _too_short_stretches(
    roster: Roster, rule: RuleSpec, pid: str, worked: set[date], least: int, duty: str
) -> list[Violation]:
    t = roster.texts
    out = []
    for first, length in inner_runs(roster, worked, working=True):
        if length < least:
            message = t.say(
                "consecutive_min",
                name=t.person(pid),
                count=length,
                what=_what(roster, duty),
                day=first,
                min=least,
            )
            out.append(
                violation(
                    roster,
                    rule,
                    least - length,
                    message,
                    **dated_keys(first, pid, duty, "min"),
                )
            )
    return out
