"""`max_shifts` re-derived from a roster alone (docs/rules.md#max_shifts): one violation
per person over their cap.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.keys import person_keys
from roster.model import RuleSpec, Scenario
from roster.result import Violation


def personal_cap(scenario: Scenario, rule: RuleSpec, person_id: str) -> int | None:
    """The smaller of the rule's `max` (or the person's limits.csv `max`) and the person's
    own `max_shifts`; None if neither. The solver and fair shares read the same cap."""
    return scenario.duty_cap(rule, person_id)


def check_max_shifts(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        cap = personal_cap(roster.scenario, rule, pid)
        if cap is not None and len(shifts) > cap:
            message = t.say("max_shifts", name=t.person(pid), count=len(shifts), max=cap)
            out.append(violation(roster, rule, len(shifts) - cap, message, **person_keys(pid)))
    return out
