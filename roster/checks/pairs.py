"""pairs.csv from the roster alone: `together` pairs share shift and group, `apart` never
share a date.

together: one violation per (pair, shift) both are available for on which one works
without the other, or both work in different groups. apart: one per (pair, date) on which
both start a duty. Keys: date, person_id = the pair's first person (person_a), duty_id =
the shift's duty (together) or "" (apart); the other person is named in the message.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.model import Pair, RuleSpec, Shift
from roster.result import Violation


def _pairs(roster: Roster, rule: RuleSpec) -> list[Pair]:
    return [p for p in roster.scenario.pairs if p.rule == rule.name]


def check_together(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc, t = roster.scenario, roster.texts
    out = []
    for pair in _pairs(roster, rule):
        for shift in sc.shifts:
            if not (sc.is_available(pair.first, shift) and sc.is_available(pair.second, shift)):
                continue  # the pair binds only where both could serve
            if _together(roster, pair, shift):
                continue
            message = t.say(
                "together",
                where=t.shift(shift.date, shift.duty_id),
                name=t.person(pair.first),
                other=t.person(pair.second),
            )
            keys = {"date": shift.date, "person_id": pair.first, "duty_id": shift.duty_id}
            out.append(violation(roster, rule, 1, message, **keys))
    return out


def _together(roster: Roster, pair: Pair, shift: Shift) -> bool:
    """Neither works the shift, or both do and share a group."""
    first = _groups_of(roster, pair.first, shift)
    second = _groups_of(roster, pair.second, shift)
    if not first and not second:
        return True
    return bool(first & second)


def _groups_of(roster: Roster, person_id: str, shift: Shift) -> set[str]:
    return {a.group_id for a in roster.by_shift.get(shift.id, ()) if a.person_id == person_id}


def check_apart(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pair in _pairs(roster, rule):
        first = {s.date for s in roster.shifts_of.get(pair.first, ())}
        second = {s.date for s in roster.shifts_of.get(pair.second, ())}
        for day in sorted(first & second):
            message = t.say(
                "apart",
                day=day.isoformat(),
                name=t.person(pair.first),
                other=t.person(pair.second),
            )
            out.append(violation(roster, rule, 1, message, date=day, person_id=pair.first))
    return out
