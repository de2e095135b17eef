"""Cover per group and date (`cover`, docs/rules.md#cover), re-derived from the roster
alone; role quotas are roster/checks/roles.py.

Levels come from `Scenario.cover` (roster/cover.py: scenario.toml defaults, demand.csv
overrides) and amounts from `roster.cover.amounts`, the definitions the solver reports by.

| kind          | one per            | hard       | amount                                   |
|---------------|--------------------|------------|------------------------------------------|
| cover         | (shift, group)     | rule's     | people short of min                      |
| cover_short   | (shift, group)     | soft       | seats short of preferred, above min      |
| cover_extra   | (shift, group)     | soft       | people above preferred, up to max        |
| overfilled    | (shift, group)     | always     | people above max                         |
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.cover import EXTRA_SUFFIX, SHORT_SUFFIX, Amount, Cover, amounts, shortfall_factor
from roster.keys import group_keys
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
                    **group_keys(shift.date, shift.duty_id, g.id),
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
            out += level_violations(roster, rule, shift, g.id, "", level, assigned)
    return out


def level_violations(
    roster: Roster, rule: RuleSpec, shift: Shift, group_id: str, role: str, level: Cover, n: int
) -> list[Violation]:
    """The amounts of one group's (or role's) level with `n` filled, as violations."""
    hard_weight = roster.scenario.solver.hard_weight
    return [
        violation(
            roster,
            RuleSpec(rule.name, a.kind, a.hard, 0, rule.params),
            a.amount,
            _message(roster, shift, group_id, role, level, n, a),
            unit=a.unit_cost,
            **group_keys(shift.date, shift.duty_id, group_id, role),
        )
        for a in amounts(rule, level, n, hard_weight, shortfall_factor(rule, shift.duty_id, role))
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
