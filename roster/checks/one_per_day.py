"""`one_per_day` re-derived from a roster alone (docs/rules.md#one_per_day): one violation
per (person, date) on which they start more than one duty, amount the duties beyond one.
"""

from __future__ import annotations

from datetime import date

from roster.checking import Roster, window_excess
from roster.model import RuleSpec
from roster.result import Violation


def check_one_per_day(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts

    def message(name: str, count: int, days: int, day: date, cap: int) -> str:
        return t.say("one_per_day", name=name, count=count, day=day)

    return window_excess(roster, rule, 1, lambda _pid: 1, message)
