"""What every rule check shares: the roster indexed as rules read it, and Violation making.

Rule checks live in roster/check.py (the foundation's families) and in roster/checks/
(one module per later family); each is `check_<family>(roster, rule) -> list[Violation]`
and is registered in roster.check.RULE_CHECKS.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from roster.model import RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from roster.texts import Texts


@dataclass(frozen=True)
class Roster:
    """The assignments naming a real person in a real seat, indexed as the rules read them."""

    scenario: Scenario
    assignments: tuple[Assignment, ...]

    @cached_property
    def texts(self) -> Texts:
        return Texts(self.scenario)

    @cached_property
    def by_shift(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            out[a.shift_id].append(a)
        return out

    def people_in(self, shift: Shift, group_id: str) -> set[str]:
        return {a.person_id for a in self.by_shift.get(shift.id, ()) if a.group_id == group_id}

    @cached_property
    def shifts_of(self) -> dict[str, tuple[Shift, ...]]:
        """Person -> the distinct shifts they work, by start time."""
        seen: dict[str, set[str]] = defaultdict(set)
        for a in self.assignments:
            seen[a.person_id].add(a.shift_id)
        return {
            pid: tuple(sorted((self.scenario.shift_by_id[s] for s in ids), key=_shift_order))
            for pid, ids in seen.items()
        }

    def count_between(self, person_id: str, first: date, last: date) -> int:
        return sum(1 for s in self.shifts_of.get(person_id, ()) if first <= s.date <= last)


def _shift_order(shift: Shift) -> tuple:
    return (shift.start, shift.duty_id)


def windows(scenario: Scenario, length: int) -> list[tuple[date, ...]]:
    """Windows of `length` dates inside the horizon; the whole horizon if it is shorter."""
    days = scenario.days
    if len(days) <= length:
        return [days]
    return [days[i : i + length] for i in range(len(days) - length + 1)]


def unit_cost(scenario: Scenario, rule: RuleSpec) -> int:
    return scenario.solver.hard_weight if rule.hard else rule.weight


def violation(
    roster: Roster,
    rule: RuleSpec,
    amount: int,
    message: str,
    *,
    unit: int | None = None,
    **keys: Any,
) -> Violation:
    cost = unit_cost(roster.scenario, rule) if unit is None else unit
    return Violation(
        rule=rule.name,
        kind=keys.pop("kind", rule.kind),
        hard=rule.hard,
        amount=amount,
        cost=amount * cost,
        message=message,
        **keys,
    )
