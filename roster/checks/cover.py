"""Cover and role quotas per group and date, re-derived from the roster alone.

Levels come from `Scenario.cover` (roster/cover.py: scenario.toml defaults, demand.csv
overrides) and amounts from `roster.cover.amounts`, the definitions the solver reports by.

| kind          | one per            | hard       | amount                                   |
|---------------|--------------------|------------|------------------------------------------|
| cover         | (shift, group)     | rule's     | people short of min                      |
| cover_short   | (shift, group)     | soft       | seats short of preferred, above min      |
| cover_extra   | (shift, group)     | soft       | people above preferred, up to max        |
| overfilled    | (shift, group)     | always     | people above max                         |
| roles         | (shift,group,role) | rule's     | role seats short of min                  |
| roles_short   | (shift,group,role) | soft       | role seats short of preferred, above min |
| roles_extra   | (shift,group,role) | soft       | role seats above preferred, up to max    |
| invalid_role  | wrong role seat    | always     | 1 per seat: role not held, no such seat, |
|               |                    |            | or beyond the quota's max                |
"""

from __future__ import annotations

from collections import Counter

from roster.checking import Roster, violation
from roster.cover import EXTRA_SUFFIX, SHORT_SUFFIX, Amount, Cover, amounts
from roster.model import RuleSpec, Shift
from roster.result import Violation


def check_overfilled(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t, cover = roster.texts, roster.scenario.cover
    out = []
    for shift in roster.scenario.shifts:
        for g in roster.scenario.duty_by_id[shift.duty_id].groups:
            level = cover.headcount(shift.duty_id, shift.date, g.id)
            assigned = len(roster.people_in(shift, g.id))
            extra = level.above_max(assigned)
            if not extra:
                continue
            where = t.group(shift.date, shift.duty_id, g.id)
            if level.max == level.preferred:
                message = t.say(
                    "overfilled", where=where, size=level.max, assigned=assigned, extra=extra
                )
            else:
                message = t.say(
                    "overfilled_max", where=where, max=level.max, assigned=assigned, extra=extra
                )
            out.append(
                violation(
                    roster,
                    rule,
                    extra,
                    message,
                    kind="overfilled",
                    date=shift.date,
                    duty_id=shift.duty_id,
                    group_id=g.id,
                )
            )
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
                date=a.date,
                person_id=a.person_id,
                duty_id=a.duty_id,
                group_id=a.group_id,
                role=a.role,
            )
        )
    return out


def check_cover(roster: Roster, rule: RuleSpec) -> list[Violation]:
    cover = roster.scenario.cover
    out = []
    for shift in roster.scenario.shifts:
        for g in roster.scenario.duty_by_id[shift.duty_id].groups:
            level = cover.headcount(shift.duty_id, shift.date, g.id)
            assigned = len(roster.people_in(shift, g.id))
            out += _levels(roster, rule, shift, g.id, "", level, assigned)
    return out


def check_roles(roster: Roster, rule: RuleSpec) -> list[Violation]:
    cover = roster.scenario.cover
    out = []
    for shift in roster.scenario.shifts:
        for g in roster.scenario.duty_by_id[shift.duty_id].groups:
            for role, level in cover.roles(shift.duty_id, shift.date, g.id).items():
                # Holders beyond max are invalid_role, not extra role seats.
                filled = min(level.max, len(_role_holders_seated(roster, shift, g.id, role)))
                out += _levels(roster, rule, shift, g.id, role, level, filled)
    return out


def _levels(
    roster: Roster, rule: RuleSpec, shift: Shift, group_id: str, role: str, level: Cover, n: int
) -> list[Violation]:
    hard_weight = roster.scenario.solver.hard_weight
    return [
        violation(
            roster,
            RuleSpec(rule.name, a.kind, a.hard, 0, rule.params),
            a.amount,
            _message(roster, shift, group_id, role, level, n, a),
            unit=a.unit_cost,
            date=shift.date,
            duty_id=shift.duty_id,
            group_id=group_id,
            role=role,
        )
        for a in amounts(rule, level, n, hard_weight)
    ]


def _message(
    roster: Roster, shift: Shift, group_id: str, role: str, level: Cover, n: int, a: Amount
) -> str:
    t = roster.texts
    where = t.group(shift.date, shift.duty_id, group_id)
    values = {"where": where, "min": level.min, "preferred": level.preferred, "assigned": n}
    if role:
        values["role"] = role
    prefix = "role" if role else "cover"
    if a.kind.endswith(SHORT_SUFFIX):
        return t.say(f"{prefix}_below_preferred", **values)
    if a.kind.endswith(EXTRA_SUFFIX):
        return t.say(f"{prefix}_above_preferred", extra=a.amount, **values)
    if level.min == level.preferred:  # the familiar "needs 8, 6 assigned"
        if role:
            return t.say("role_short", where=where, seats=level.min, role=role, filled=n)
        return t.say("cover_short", where=where, size=level.min, assigned=n)
    return t.say(f"{prefix}_below_min", **values)


def _role_holders_seated(roster: Roster, shift: Shift, group_id: str, role: str) -> set[str]:
    people = roster.scenario.person_by_id
    return {
        a.person_id
        for a in roster.by_shift.get(shift.id, ())
        if a.group_id == group_id and a.role == role and role in people[a.person_id].roles
    }
