"""Rotation patterns (docs/rules.md#pattern): what a person's cycle asks of each date,
read alike by the solver and the checker.

A cycle is a text of `1` (on duty), `0` (off) and `.` (either), e.g. "110" for 做二休一.
On the rule's `anchor` date (default: the horizon's first) a person stands at position
`offset` of the cycle and moves one position a date. Their offset is their limits.csv
`offset`, else their place among the people the rule applies to (people.csv order), so
that a crew is staggered through the cycle by default. A scenario restricted to some of its
people (a part, a team, one person's block) keeps the whole crew's places: `pinned_limits`
writes them as each person's own offset first.
"""

from __future__ import annotations

from datetime import date

from roster.model import Person, PersonLimit, RuleSpec, Scenario

ON, OFF, EITHER = "1", "0", "."


def cycle(rule: RuleSpec) -> str:
    return str(rule.param("cycle"))


def applies(rule: RuleSpec, person: Person) -> bool:
    """The rule's `who` (a role) holds for the person; without `who`, everyone."""
    who = str(rule.param("who", "") or "")
    return not who or who in person.roles


def crew(scenario: Scenario, rule: RuleSpec) -> list[Person]:
    return [p for p in scenario.people if applies(rule, p)]


def offsets(scenario: Scenario, rule: RuleSpec) -> dict[str, int]:
    """Person id -> their position in the cycle on the anchor date."""
    length = len(cycle(rule))
    out = {}
    for i, person in enumerate(crew(scenario, rule)):
        own = scenario.limit(rule, person.id, "offset", None)
        out[person.id] = (own if isinstance(own, int) else i) % length
    return out


def pinned_limits(scenario: Scenario) -> tuple[PersonLimit, ...]:
    """The scenario's limits.csv rows, plus each person's default offset in each pattern
    (their place among the rule's people) as a row of their own: restricted to some of
    its people, the scenario keeps the places the whole crew gave them."""
    pins = [
        PersonLimit(pid, rule.name, "offset", offset)
        for rule in scenario.rules
        if rule.kind == "pattern"
        for pid, offset in offsets(scenario, rule).items()
        if not isinstance(scenario.limit(rule, pid, "offset", None), int)
    ]
    return scenario.limits + tuple(pins)


def anchor(scenario: Scenario, rule: RuleSpec) -> date:
    found = rule.param("anchor", None)
    return found if isinstance(found, date) else scenario.start


def asked(scenario: Scenario, rule: RuleSpec, offset: int, day: date) -> str:
    """ON, OFF or EITHER: what the cycle asks of a person at `offset` on `day`."""
    text = cycle(rule)
    return text[((day - anchor(scenario, rule)).days + offset) % len(text)]


def open_dates(scenario: Scenario, person_id: str, duty: str) -> set[date]:
    """The dates a duty (of `duty` only, when given) starts that the person could serve:
    an on-date they cannot serve at all is not asked of them."""
    found = scenario.available_shifts(person_id)
    return {s.date for s in found if not duty or s.duty_id == duty}
