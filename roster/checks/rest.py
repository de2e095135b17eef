"""`rest` re-derived from a roster alone (docs/rules.md#rest): at most one duty in any
`free_days + 1` dates. One violation per (person, window), dated by its first date.
"""

from __future__ import annotations

from datetime import date

from roster.checking import Roster, window_excess
from roster.model import RuleSpec
from roster.result import Violation


def check_rest(roster: Roster, rule: RuleSpec) -> list[Violation]:
    free = int(rule.param("free_days"))
    t = roster.texts

    def message(name: str, count: int, days: int, day: date, cap: int) -> str:
        return t.say("rest", name=name, count=count, days=days, day=day, free=t.free_days(free))

    return window_excess(roster, rule, free + 1, lambda _pid: 1, message)
