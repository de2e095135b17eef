"""Decision variables: one Boolean per (person, shift) the person could work.

Unavailable pairs get no variable at all (the cheapest way to forbid them).
Role seats are a second Boolean per (person, shift, role) for role holders only:
groups are identical apart from their role seats, so the split into groups is
left to a second stage (solver/grouping.py) instead of indexing every group here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from ortools.sat.python import cp_model

from roster.model import Person, Scenario, Shift

CLOCK_EVERY = 200  # shifts between two looks at the deadline


@dataclass
class Vars:
    works: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    role: dict[tuple[str, str, str], cp_model.IntVar] = field(default_factory=dict)
    by_person: dict[str, list[tuple[Shift, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_shift: dict[str, list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Literals derived from the above that several rule families read (e.g. "works that
    # date"): built once, so the model does not carry copies.
    derived: dict[tuple, object] = field(default_factory=dict)

    def person_days(self, person_id: str) -> dict[date, list[cp_model.IntVar]]:
        days: dict[date, list[cp_model.IntVar]] = defaultdict(list)
        for shift, var in self.by_person.get(person_id, ()):
            days[shift.date].append(var)
        return days

    def on_date(self, person_id: str, day: date) -> list[tuple[Shift, cp_model.IntVar]]:
        """The person's shifts starting on `day`, with their variables: indexed once per
        person, since rules ask per request or per date (thousands of times on a year)."""
        key = ("on_date", person_id)
        if key not in self.derived:
            built: dict[date, list[tuple[Shift, cp_model.IntVar]]] = defaultdict(list)
            for shift, x in self.by_person.get(person_id, ()):
                built[shift.date].append((shift, x))
            self.derived[key] = built
        index = cast(dict[date, list[tuple[Shift, cp_model.IntVar]]], self.derived[key])
        return index.get(day, [])

    def in_dates(self, person_id: str, dates: Iterable[date]) -> list[cp_model.IntVar]:
        wanted = set(dates)
        return [v for s, v in self.by_person.get(person_id, ()) if s.date in wanted]


def create(
    model: cp_model.CpModel,
    scenario: Scenario,
    only: Mapping[str, set[str]] | None = None,
    clock: Callable[[], None] | None = None,
) -> Vars:
    """Variables for available pairs.

    `clock` is called every CLOCK_EVERY shifts: it may raise to stop a build that runs
    into its deadline (solver/budget.py, `check_build`).

    `only` (shift id -> person ids) replaces availability for the shifts it names,
    e.g. a frozen past: exactly the people who worked it, available now or not.
    """
    only = only or {}
    v = Vars()
    for i, shift in enumerate(scenario.shifts):
        if clock is not None and i % CLOCK_EVERY == 0:
            clock()
        duty = scenario.duty_by_id[shift.duty_id]
        role_seats = duty.role_seats()
        for person in _candidates(scenario, shift, only):
            key = (person.id, shift.id)
            x = model.new_bool_var(f"x[{person.id},{shift.id}]")
            v.works[key] = x
            v.by_person[person.id].append((shift, x))
            v.by_shift[shift.id].append((person.id, x))
            held = [r for r in sorted(role_seats) if r in person.roles]
            for role in held:
                v.role[(person.id, shift.id, role)] = model.new_bool_var(
                    f"r[{person.id},{shift.id},{role}]"
                )
            if held:
                # A person fills at most one role seat, and only on a shift they work.
                model.add(sum(v.role[(person.id, shift.id, r)] for r in held) <= x)
    return v


def _candidates(scenario: Scenario, shift: Shift, only: Mapping[str, set[str]]) -> Iterable[Person]:
    """Who gets a variable: available people among those who may serve the duty at all
    (own school's rotation, required role: Scenario.eligible_people), so a district's
    schools cost their own people only, not everyone's."""
    if shift.id in only:
        return (p for p in scenario.people if p.id in only[shift.id])
    eligible = scenario.eligible_people(shift.duty_id)
    return (p for p in eligible if scenario.is_available(p.id, shift))
