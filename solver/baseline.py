"""Re-solving against a published roster: freeze the past, count and limit changes.

A change is a (person, shift) pair that is in one roster and not the other: a
duty removed from someone, or added to someone. Moving a person to another group
of the same shift is not a change of who works when; the split keeps people in
their published group where it can (solver/grouping.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from roster.model import Scenario
from roster.result import Assignment
from solver.variables import Vars


@dataclass(frozen=True)
class Baseline:
    """The roster to stay close to, and what of it is already history.

    `change_weight` None: changes are minimised first (lexicographic, proven
    minimal when the first stage is optimal); a number: each change costs that
    much in one objective with the rules.
    """

    assignments: tuple[Assignment, ...]
    freeze_before: date | None = None
    change_weight: int | None = None
    # Shifts left open although dated before `freeze_before`: a roster scored whole with
    # only its short shifts still to fill (solver/teams.py).
    open_shifts: frozenset[str] = frozenset()

    def frozen(self, day: date) -> bool:
        return self.freeze_before is not None and day < self.freeze_before

    def frozen_shift(self, shift_id: str, day: date) -> bool:
        return self.frozen(day) and shift_id not in self.open_shifts

    @property
    def pairs(self) -> set[tuple[str, str]]:
        return {(a.person_id, a.shift_id) for a in self.assignments}

    def frozen_assignments(self) -> list[Assignment]:
        return [a for a in self.assignments if self.frozen_shift(a.shift_id, a.date)]

    def previous_groups(self) -> dict[str, dict[str, str]]:
        """shift id -> person id -> group id in the published roster."""
        out: dict[str, dict[str, str]] = {}
        for a in self.assignments:
            out.setdefault(a.shift_id, {})[a.person_id] = a.group_id
        return out


def freeze(model: cp_model.CpModel, scenario: Scenario, v: Vars, base: Baseline) -> None:
    """Shifts before the as-of date keep exactly the published people and role seats."""
    worked = base.pairs
    roles = {(a.person_id, a.shift_id, a.role) for a in base.frozen_assignments() if a.role}
    for (pid, shift_id), x in v.works.items():
        if _frozen_shift(scenario, base, shift_id):
            model.add(x == int((pid, shift_id) in worked))
    for (pid, shift_id, role), r in v.role.items():
        if _frozen_shift(scenario, base, shift_id):
            model.add(r == int((pid, shift_id, role) in roles))


def _frozen_shift(scenario: Scenario, base: Baseline, shift_id: str) -> bool:
    return base.frozen_shift(shift_id, scenario.shift_by_id[shift_id].date)


def change_terms(scenario: Scenario, v: Vars, base: Baseline) -> tuple[cp_model.LinearExpr, int]:
    """The number of changes outside the frozen past, as (expression, constant part).

    Published pairs that have no variable any more (the person became unavailable)
    are changes whatever the solver does: they form the constant part.
    """
    open_ = [a for a in base.assignments if not base.frozen_shift(a.shift_id, a.date)]
    published = {(a.person_id, a.shift_id) for a in open_}
    forced = sum(1 for p in published if p not in v.works)
    terms = []
    for key, x in v.works.items():
        if not _frozen_shift(scenario, base, key[1]):
            terms.append(1 - x if key in published else x)
    return sum(terms) + sum(_role_changes(v, open_)), forced


def _role_changes(v: Vars, published: list[Assignment]) -> list[cp_model.LinearExprT]:
    """A kept duty whose role seat changed (member <-> leader) counts as a change too."""
    role_of = {(a.person_id, a.shift_id): a.role for a in published}
    terms: list[cp_model.LinearExprT] = []
    for (pid, shift_id, role), r in v.role.items():
        old = role_of.get((pid, shift_id))
        if old is None:
            continue
        if old == role:
            terms.append(v.works[(pid, shift_id)] - r)  # kept, lost the seat
        elif old == "":
            terms.append(r)  # kept, gained a seat
    return terms


def frozen_people(scenario: Scenario, base: Baseline | None) -> dict[str, set[str]]:
    """Frozen shifts -> the people who worked them: the only variables those shifts get."""
    if base is None or base.freeze_before is None:
        return {}
    out = {s.id: set[str]() for s in scenario.shifts if base.frozen_shift(s.id, s.date)}
    for a in base.frozen_assignments():
        if a.shift_id in out:
            out[a.shift_id].add(a.person_id)
    return out


def hint_published(model: cp_model.CpModel, v: Vars, base: Baseline) -> None:
    """Start from the published roster: most of it usually survives a change."""
    roles = {(a.person_id, a.shift_id, a.role) for a in base.assignments if a.role}
    pairs = base.pairs
    for key, x in v.works.items():
        model.add_hint(x, key in pairs)
    for key, r in v.role.items():
        model.add_hint(r, key in roles)


def count_changes(base: Baseline, assignments: Sequence[Assignment]) -> dict[str, int]:
    old = {p for p in base.pairs}
    new = {(a.person_id, a.shift_id) for a in assignments}
    return {"removed": len(old - new), "added": len(new - old)}
