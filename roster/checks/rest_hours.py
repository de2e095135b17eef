"""`rest_hours` re-derived from a roster alone (docs/rules.md#rest_hours).

One violation per pair of a person's shifts that do not overlap and leave less than
`min_hours` between them: date and duty_id = the earlier shift's.
"""

from __future__ import annotations

from collections.abc import Iterator

from roster.checking import Roster, violation
from roster.keys import dated_keys
from roster.model import RuleSpec, Shift
from roster.previous import past_shifts
from roster.result import Violation


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
                violation(roster, rule, 1, message, **dated_keys(first.date, pid, first.duty_id))
            )
        out += _after_previous(roster, rule, pid, shifts, least)
    return out


def _after_previous(
    roster: Roster, rule: RuleSpec, pid: str, shifts: tuple[Shift, ...], least: int
) -> list[Violation]:
    """Duties of the horizon too soon after one of previous.csv."""
    t = roster.texts
    out = []
    for first in past_shifts(roster.scenario, pid):
        for then in shifts:
            gap = then.start.timestamp() - first.end.timestamp()
            if 0 <= gap < 3600 * least:
                message = t.say(
                    "rest_hours",
                    name=t.person(pid),
                    hours=_hours(gap / 3600),
                    min=least,
                    first=t.shift(first.date, first.duty_id),
                    second=t.shift(then.date, then.duty_id),
                )
                keys = dated_keys(first.date, pid, first.duty_id)
                out.append(violation(roster, rule, 1, message, **keys))
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
