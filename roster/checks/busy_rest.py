"""`busy_rest` (always soft) re-derived from a roster alone (docs/rules.md#busy_rest).

At least `before_hours` between the end of a duty and a busy time (busy.csv) that follows
it, and `after_hours` between a busy time and a duty that follows it. Amount: 1 per
(person, shift worked, busy time, side) closer than that, `role` = "before" or "after";
overlapping pairs are `busy`'s, not counted here. What a busy time is for is private: no
message names it.
"""

from __future__ import annotations

from datetime import timedelta

from roster.checking import Roster, violation
from roster.checks.busy import clock
from roster.keys import dated_keys
from roster.model import BusyTime, RuleSpec, Scenario, Shift
from roster.result import Violation

HOUR = 3600


def too_close(
    scenario: Scenario, rule: RuleSpec, person_id: str, shift: Shift
) -> list[tuple[str, BusyTime, float]]:
    """(side, busy time, hours between) of each busy time too close to the shift.

    Shared by the checker and the solver, which must count the same pairs.
    """
    before = HOUR * int(rule.param("before_hours", 0) or 0)
    after = HOUR * int(rule.param("after_hours", 0) or 0)
    reach = timedelta(seconds=max(before, after))
    first = (shift.start - reach).date()
    last = (shift.end + reach).date()
    out = []
    for b in scenario.busy_near(person_id, first, last):
        gap = b.start.timestamp() - shift.end.timestamp()
        if 0 <= gap < before:
            out.append(("before", b, gap / HOUR))
        gap = shift.start.timestamp() - b.end.timestamp()
        if 0 <= gap < after:
            out.append(("after", b, gap / HOUR))
    return out


def check_busy_rest(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc, t = roster.scenario, roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        for shift in shifts:
            for side, b, hours in too_close(sc, rule, pid, shift):
                message = t.say(
                    f"busy_rest_{side}",
                    name=t.person(pid),
                    where=t.shift(shift.date, shift.duty_id),
                    busy=f"{b.start:%Y-%m-%d} {clock(b.start)}-{clock(b.end)}",
                    hours=f"{round(hours, 1):g}",
                    min=int(rule.param(f"{side}_hours")),
                )
                out.append(
                    violation(
                        roster,
                        rule,
                        1,
                        message,
                        **dated_keys(shift.date, pid, shift.duty_id, side),
                    )
                )
    return out
