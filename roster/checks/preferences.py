"""`preferences` (always soft) re-derived from a roster alone (docs/rules.md#preferences).

One violation per duty worked on a prefer_not day (role "prefer_not", duty_id = its duty)
and per prefer day without a duty (role "prefer"), at the rule's weight for that kind.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from roster.checking import Roster, violation
from roster.keys import dated_keys
from roster.model import AvailabilityStatus, RuleSpec, Shift
from roster.result import Violation


def check_preferences(roster: Roster, rule: RuleSpec) -> list[Violation]:
    soft = replace(rule, hard=False)
    avoid = int(rule.param("prefer_not_weight", 0))
    wish = int(rule.param("prefer_weight", 0))
    out: list[Violation] = []
    for person in roster.scenario.people:
        if not roster.scenario.periods_of(person.id):
            continue
        for day in roster.scenario.duty_dates(person.id):
            status = roster.scenario.status_on(person.id, day)
            worked = [s for s in roster.shifts_of.get(person.id, ()) if s.date == day]
            if status is AvailabilityStatus.PREFER_NOT and avoid:
                out += [_avoided_day_worked(roster, soft, avoid, person.id, s) for s in worked]
            elif status is AvailabilityStatus.PREFER and wish and not worked:
                out.append(_wished_day_missed(roster, soft, wish, person.id, day))
    return out


def _avoided_day_worked(
    roster: Roster, rule: RuleSpec, cost: int, person_id: str, shift: Shift
) -> Violation:
    t = roster.texts
    message = t.say(
        "prefer_not", where=t.shift(shift.date, shift.duty_id), name=t.person(person_id)
    )
    return violation(
        roster,
        rule,
        1,
        message,
        unit=cost,
        **dated_keys(shift.date, person_id, shift.duty_id, "prefer_not"),
    )


def _wished_day_missed(
    roster: Roster, rule: RuleSpec, cost: int, person_id: str, day: date
) -> Violation:
    t = roster.texts
    message = t.say("prefer", day=day.isoformat(), name=t.person(person_id))
    keys = dated_keys(day, person_id, role="prefer")
    return violation(roster, rule, 1, message, unit=cost, **keys)
