"""Role quotas per group and date (`roles`, docs/rules.md#roles), re-derived from the
roster alone; levels and amounts as for cover (roster/checks/cover.py).

| kind          | one per            | hard       | amount                                   |
|---------------|--------------------|------------|------------------------------------------|
| roles         | (shift,group,role) | rule's     | role seats short of min                  |
| roles_short   | (shift,group,role) | soft       | role seats short of preferred, above min |
| roles_extra   | (shift,group,role) | soft       | role seats above preferred, up to max    |
| invalid_role  | wrong role seat    | always     | 1 per seat: role not held, no such seat, |
|               |                    |            | or beyond the quota's max                |
"""

from __future__ import annotations

from collections import Counter

from roster.checking import Roster, violation
from roster.checks.cover import level_violations
from roster.keys import seat_keys
from roster.model import RuleSpec, Shift
from roster.result import Violation


def check_roles(roster: Roster, rule: RuleSpec) -> list[Violation]:
    cover = roster.scenario.cover
    out = []
    for shift in roster.scenario.shifts:
        for g in roster.scenario.duty_by_id[shift.duty_id].groups:
            for role, level in cover.roles(shift.duty_id, shift.date, g.id).items():
                # Holders beyond max are invalid_role, not extra role seats.
                filled = min(level.max, len(_role_holders_seated(roster, shift, g.id, role)))
                out += level_violations(roster, rule, shift, g.id, role, level, filled)
    return out


def check_role_holders(roster: Roster, rule: RuleSpec) -> list[Violation]:
    """Role seats held by someone without the role, with no such seat, or beyond its max."""
    sc, t = roster.scenario, roster.texts
    out = []
    taken: Counter[tuple[str, str, str]] = Counter()
    for a in sorted(
        roster.assignments, key=lambda a: (a.shift_id, a.group_id, a.role, a.person_id)
    ):
        if not a.role:
            continue
        seats = sc.cover.role(a.duty_id, a.date, a.group_id, a.role).max
        where = t.group(a.date, a.duty_id, a.group_id)
        name = t.person(a.person_id)
        if a.role not in sc.person_by_id[a.person_id].roles:
            message = t.say("role_not_held", where=where, name=name, role=a.role)
        elif seats == 0:
            message = t.say("role_no_seat", where=where, name=name, role=a.role)
        else:
            key = (a.shift_id, a.group_id, a.role)
            taken[key] += 1
            if taken[key] <= seats:
                continue
            message = t.say("role_too_many", where=where, name=name, role=a.role, seats=seats)
        out.append(
            violation(
                roster,
                rule,
                1,
                message,
                kind="invalid_role",
                **seat_keys(a),
            )
        )
    return out


def _role_holders_seated(roster: Roster, shift: Shift, group_id: str, role: str) -> set[str]:
    people = roster.scenario.person_by_id
    return {
        a.person_id
        for a in roster.by_shift.get(shift.id, ())
        if a.group_id == group_id and a.role == role and role in people[a.person_id].roles
    }
