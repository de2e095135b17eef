"""`overlap` (always hard, implicit): nobody holds two seats of one shift or works two
overlapping shifts (docs/rules.md#overlap).

One violation per (person, shift) with extra seats, amount = the extra seats, and one per
overlapping pair of shifts, dated and keyed by the earlier one.
"""

from __future__ import annotations

from collections import Counter

from roster.checking import Roster, violation
from roster.keys import dated_keys
from roster.model import RuleSpec
from roster.result import Violation


def check_overlap(roster: Roster, rule: RuleSpec) -> list[Violation]:
    return _extra_seats_in_a_shift(roster, rule) + _overlapping_shifts(roster, rule)


def _extra_seats_in_a_shift(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    seats = Counter((a.person_id, a.shift_id) for a in roster.assignments)
    out = []
    for (pid, shift_id), count in sorted(seats.items()):
        if count > 1:
            shift = roster.scenario.shift_by_id[shift_id]
            where = t.shift(shift.date, shift.duty_id)
            message = t.say("double_booked", where=where, name=t.person(pid), count=count)
            out.append(
                violation(
                    roster,
                    rule,
                    count - 1,
                    message,
                    **dated_keys(shift.date, pid, shift.duty_id),
                )
            )
    return out


def _overlapping_shifts(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        for i, first in enumerate(shifts):
            for second in shifts[i + 1 :]:
                if second.start >= first.end:
                    break  # shifts are sorted by start: no later one overlaps `first`
                message = t.say(
                    "overlap_pair",
                    name=t.person(pid),
                    first=t.shift(first.date, first.duty_id),
                    second=t.shift(second.date, second.duty_id),
                )
                out.append(
                    violation(
                        roster,
                        rule,
                        1,
                        message,
                        **dated_keys(first.date, pid, first.duty_id),
                    )
                )
    return out
