"""`workload`: a person's duties (or minutes) over the horizon, of every duty or of one.

Re-derived from the roster alone (docs/rules.md): amount `count - max` above the max,
`min' - count` below the minimum, where min' = min(min, what the person's availability lets
them reach). Per-person values come from limits.csv through Scenario.limit.
"""

from __future__ import annotations

from roster.checking import Roster, violation
from roster.keys import person_keys
from roster.model import RuleSpec, Scenario, Shift
from roster.result import Violation


def check_workload(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc = roster.scenario
    out = []
    for person in sc.people:
        load = sum(_size(rule, s) for s in roster.shifts_of.get(person.id, ()) if _counts(rule, s))
        high = sc.limit(rule, person.id, "max")
        if high is not None and load > int(high):
            out.append(_violation(roster, rule, person.id, load, int(high), "max"))
        low = sc.limit(rule, person.id, "min")
        if low is not None:
            floor = min(int(low), _reachable(sc, rule, person.id))
            if load < floor:
                out.append(_violation(roster, rule, person.id, load, floor, "min"))
    return out


def _counts(rule: RuleSpec, shift: Shift) -> bool:
    duty = rule.param("duty", "")
    return not duty or shift.duty_id == duty


def _size(rule: RuleSpec, shift: Shift) -> int:
    if rule.param("unit", "duties") != "minutes":
        return 1
    return round((shift.end.timestamp() - shift.start.timestamp()) / 60)


def _reachable(scenario: Scenario, rule: RuleSpec, person_id: str) -> int:
    """Every counted shift of the horizon the person is not unavailable for."""
    return sum(
        _size(rule, s)
        for s in scenario.shifts
        if _counts(rule, s) and scenario.is_available(person_id, s)
    )


def _violation(
    roster: Roster, rule: RuleSpec, person_id: str, load: int, limit: int, side: str
) -> Violation:
    t = roster.texts
    duty = str(rule.param("duty", ""))
    scope = t.say("workload_scope", duty=t.duty_name(duty)) if duty else t.say("workload_all")
    message = t.say(
        f"workload_{side}",
        name=t.person(person_id),
        count=_amount_text(roster, rule, load),
        scope=scope,
        limit=_amount_text(roster, rule, limit),
    )
    amount = load - limit if side == "max" else limit - load
    return violation(roster, rule, amount, message, **person_keys(person_id, duty, side))


def _amount_text(roster: Roster, rule: RuleSpec, n: int) -> str:
    if rule.param("unit", "duties") == "minutes":
        return roster.texts.say("minutes", n=n)
    return roster.texts.duties(n)
