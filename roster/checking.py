"""What every rule check shares: the roster indexed as rules read it, and Violation making.

Rule checks live in roster/checks/<family>.py, each
`check_<family>(roster, rule) -> list[Violation]`, and are registered in
roster/families.py; roster/check.py runs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario, Shift
from roster.previous import lead_in_windows
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

    @cached_property
    def assignments_of(self) -> dict[str, tuple[Assignment, ...]]:
        """Person -> their assignments (the explanations try one more duty on each)."""
        out: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            out[a.person_id].append(a)
        return {pid: tuple(seats) for pid, seats in out.items()}

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


def working_days(roster: Roster, person_id: str, duty: str = "") -> set[date]:
    """The dates a person starts a duty (of `duty` only, if given): the sequence rules'
    working days."""
    shifts = roster.shifts_of.get(person_id, ())
    return {s.date for s in shifts if not duty or s.duty_id == duty}


def inner_runs(roster: Roster, worked: set[date], *, working: bool) -> Iterator[tuple[date, int]]:
    """(first date, length) of each maximal run of working (or off) dates that touches
    neither the first nor the last date of the horizon."""
    days = roster.scenario.days
    i = 0
    while i < len(days):
        j = i
        while j < len(days) and (days[j] in worked) == working:
            j += 1
        if j > i and i > 0 and j < len(days):
            yield days[i], j - i
        i = max(j, i + 1)


def window_excess(
    roster: Roster,
    rule: RuleSpec,
    length: int,
    cap_of: Callable[[str], int],
    message: Callable[[str, int, int, date, int], str],
) -> list[Violation]:
    """One violation per (person, window of `length` dates) with more duties than the
    person's cap, dated by the window's first date (rest, max_in_window)."""
    out = []
    spans = windows(roster.scenario, length)
    for pid in sorted(roster.shifts_of):
        cap = cap_of(pid)
        for span in spans:
            count = roster.count_between(pid, span[0], span[-1])
            if count > cap:
                text = message(roster.texts.person(pid), count, len(span), span[0], cap)
                keys = dated_keys(span[0], pid)
                out.append(violation(roster, rule, count - cap, text, **keys))
        for window in lead_in_windows(roster.scenario, pid, length):
            count = roster.count_between(pid, window.inside[0], window.inside[-1])
            if count > window.cap(cap):
                total = count + window.past
                text = message(roster.texts.person(pid), total, length, window.first, cap)
                keys = dated_keys(window.first, pid)
                out.append(violation(roster, rule, count - window.cap(cap), text, **keys))
    return out


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
