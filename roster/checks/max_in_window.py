"""`max_in_window` re-derived from a roster alone (docs/rules.md#max_in_window): at most
`max` duties (or the person's limits.csv max) in any `days` dates. One violation per
(person, window), dated by its first date.
"""

from __future__ import annotations

from datetime import date

from roster.checking import Roster, window_excess
from roster.model import RuleSpec
from roster.result import Violation


def check_max_in_window(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts

    def cap_of(person_id: str) -> int:  # the rule's max, or the person's limits.csv max
        return int(roster.scenario.limit(rule, person_id, "max"))

    def message(name: str, count: int, days: int, day: date, cap: int) -> str:
        return t.say("max_in_window", name=name, count=count, days=days, day=day, max=cap)

    return window_excess(roster, rule, int(rule.param("days", 7)), cap_of, message)
