"""`priority` re-derived from a roster alone (docs/rules.md#priority): one violation per
person of a priced tier who works, amount = their duties, cost = amount x the tier's cost.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.keys import person_keys
from roster.model import RuleSpec
from roster.priority import tier_of
from roster.result import Violation


def check_priority(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        person = roster.scenario.person_by_id.get(pid)
        tier = None if person is None else tier_of(rule, person)
        if tier is None or tier[1] == 0:
            continue
        role, cost = tier
        message = t.say("priority", name=t.person(pid), count=len(shifts), role=role, cost=cost)
        keys = person_keys(pid, role=role)
        out.append(violation(roster, rule, len(shifts), message, unit=cost, **keys))
    return out
