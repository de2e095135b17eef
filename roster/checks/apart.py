"""`apart` from the roster alone (docs/rules.md#apart): the pairs of pairs.csv under an
apart rule never start a duty on the same date.

One violation per (pair, date) on which both start a duty. Keys: date, person_id = the
pair's first person (person_a); the other person is named in the message.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.checks.together import rule_pairs
from roster.keys import pair_keys
from roster.model import RuleSpec
from roster.result import Violation


def check_apart(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pair in rule_pairs(roster, rule):
        first = {s.date for s in roster.shifts_of.get(pair.first, ())}
        second = {s.date for s in roster.shifts_of.get(pair.second, ())}
        for day in sorted(first & second):
            message = t.say(
                "apart",
                day=day.isoformat(),
                name=t.person(pair.first),
                other=t.person(pair.second),
            )
            out.append(violation(roster, rule, 1, message, **pair_keys(pair, day)))
    return out
