"""Eligibility (always hard, implicit): people serve only duties they may serve.

A school's rotation is served by that school's people (or the schools its rotation
names in `staff_from`); a duty with `requires` only by people holding one of those roles.
The solver creates no variable for any other pair, so only a hand-edited roster or a
frozen past can break it. Amount: 1 per such assignment.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.keys import seat_keys
from roster.model import Duty, Person, RuleSpec
from roster.result import Assignment, Violation


def check_eligibility(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc = roster.scenario
    out = []
    for a in roster.assignments:
        if sc.is_eligible(a.person_id, a.duty_id):
            continue
        out.append(
            violation(
                roster,
                rule,
                1,
                _message(roster, a, sc.duty_by_id[a.duty_id], sc.person_by_id[a.person_id]),
                **seat_keys(a),
            )
        )
    return out


def _message(roster: Roster, a: Assignment, duty: Duty, person: Person) -> str:
    t = roster.texts
    where, name = t.shift(a.date, a.duty_id), t.person(a.person_id)
    if duty.staff_schools is not None and person.school_id not in duty.staff_schools:
        school = roster.scenario.school_by_id.get(duty.school_id)
        shown = school.name if school is not None else duty.school_id
        return t.say("not_school_staff", where=where, name=name, school=shown)
    roles = t.join([roster.scenario.role_name(r) for r in sorted(duty.requires)])
    return t.say("not_qualified", where=where, name=name, roles=roles)
