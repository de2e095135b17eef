"""Sequence rules re-derived from a roster alone: consecutive, days_off, rest_hours, succession.

A working day is a date on which a person starts a duty (of the rule's `duty`, if any).
Violation keys, as the solver reports them:

| kind        | one per                       | date               | person | duty_id       | role |
|-------------|-------------------------------|--------------------|--------|---------------|------|
| consecutive | (person, window) over `max`   | window's 1st date  | yes    | rule's `duty` | max  |
| consecutive | stretch shorter than `min`    | stretch's 1st date | yes    | rule's `duty` | min  |
| days_off    | off-stretch shorter than min  | its 1st date       | yes    | ""            | ""   |
| rest_hours  | pair of shifts too close      | earlier's date     | yes    | earlier's     | ""   |
| succession  | first on d, then on d+1       | d                  | yes    | first         | ""   |
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from roster.checking import Roster, violation, windows
from roster.model import RuleSpec, Shift
from roster.result import Violation


def check_consecutive(roster: Roster, rule: RuleSpec) -> list[Violation]:
    duty = str(rule.param("duty", "") or "")
    out: list[Violation] = []
    for pid in sorted(roster.shifts_of):
        worked = _working_days(roster, pid, duty)
        cap = roster.scenario.limit(rule, pid, "max")
        if cap is not None:
            out += _too_many_in_a_row(roster, rule, pid, worked, int(cap), duty)
        least = roster.scenario.limit(rule, pid, "min")
        if least is not None:
            out += _too_short_stretches(roster, rule, pid, worked, int(least), duty)
    return out


def _working_days(roster: Roster, person_id: str, duty: str = "") -> set[date]:
    shifts = roster.shifts_of.get(person_id, ())
    return {s.date for s in shifts if not duty or s.duty_id == duty}


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
                    date=span[0],
                    person_id=pid,
                    duty_id=duty,
                    role="max",
                )
            )
    return out


def _too_short_stretches(
    roster: Roster, rule: RuleSpec, pid: str, worked: set[date], least: int, duty: str
) -> list[Violation]:
    t = roster.texts
    out = []
    for first, length in _inner_runs(roster, worked, working=True):
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
                    date=first,
                    person_id=pid,
                    duty_id=duty,
                    role="min",
                )
            )
    return out


def _inner_runs(roster: Roster, worked: set[date], *, working: bool) -> Iterator[tuple[date, int]]:
    """(first date, length) of each maximal run of working (or off) dates that touches
    neither the first nor the last date of the horizon."""
    days = roster.scenario.days
    i = 0
    while i < len(days):
        j = i
        while j < len(days) and (days[j] in worked) == working:
            j += 1
        if j > i and i > 0 and j < len(days):
            yield days[i], j - i
        i = max(j, i + 1)


def check_days_off(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid in sorted(roster.shifts_of):
        least = int(roster.scenario.limit(rule, pid, "min"))
        for first, length in _inner_runs(roster, _working_days(roster, pid), working=False):
            if length < least:
                message = t.say("days_off", name=t.person(pid), count=length, day=first, min=least)
                out.append(
                    violation(roster, rule, least - length, message, date=first, person_id=pid)
                )
    return out


def check_rest_hours(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        least = int(roster.scenario.limit(rule, pid, "min_hours"))
        for first, then in _close_pairs(shifts, 3600 * least):
            hours = (then.start.timestamp() - first.end.timestamp()) / 3600
            message = t.say(
                "rest_hours",
                name=t.person(pid),
                hours=_hours(hours),
                min=least,
                first=t.shift(first.date, first.duty_id),
                second=t.shift(then.date, then.duty_id),
            )
            out.append(
                violation(
                    roster, rule, 1, message, date=first.date, person_id=pid, duty_id=first.duty_id
                )
            )
    return out


def _close_pairs(shifts: tuple[Shift, ...], seconds: int) -> Iterator[tuple[Shift, Shift]]:
    """Pairs that do not overlap and leave less than `seconds` of rest; by start time."""
    for i, first in enumerate(shifts):
        for then in shifts[i + 1 :]:
            gap = then.start.timestamp() - first.end.timestamp()
            if 0 <= gap < seconds:
                yield first, then


def _hours(hours: float) -> str:
    return str(int(hours)) if hours == int(hours) else f"{hours:.1f}"


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
                        violation(
                            roster, rule, 1, message, date=s.date, person_id=pid, duty_id=first
                        )
                    )
    return out
