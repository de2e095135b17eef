"""`together` from the roster alone (docs/rules.md#together): the pairs of pairs.csv under
a together rule share shift and group.

One violation per (pair, shift) both are available for on which one works without the
other, or both work in different groups. Keys: date, person_id = the pair's first person
(person_a), duty_id = the shift's duty; the other person is named in the message.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.keys import pair_keys
from roster.model import Pair, RuleSpec, Shift
from roster.result import Violation


def rule_pairs(roster: Roster, rule: RuleSpec) -> list[Pair]:
    """The pairs of pairs.csv under this rule."""
    return [p for p in roster.scenario.pairs if p.rule == rule.name]


def check_together(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc, t = roster.scenario, roster.texts
    out = []
    for pair in rule_pairs(roster, rule):
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
            keys = pair_keys(pair, shift.date, shift.duty_id)
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
