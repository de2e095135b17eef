"""Always on: nobody works two shifts whose times overlap.

Sweep each person's shifts by start time and post the maximal cliques only: the shifts
running together just before one of them ends. Every clique of overlapping shifts lies
inside one of those, so one at-most-one per maximal clique says all of it (where posting
the clique at every start point repeated a date of k shift types k times, k(k+1)/2
literals in all: 32 types a date made a million constraints of a year's roster).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ortools.sat.python import cp_model

from roster.model import Scenario, Shift
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> None:
    for items in v.by_person.values():
        for clique in maximal_cliques(items):
            if len(clique) > 1:
                model.add_at_most_one(clique)


def maximal_cliques(
    items: Sequence[tuple[Shift, cp_model.IntVar]],
) -> Iterator[list[cp_model.IntVar]]:
    """The variables of each maximal set of shifts that all overlap in time."""
    active: list[tuple[Shift, cp_model.IntVar]] = []
    first_end = None  # the earliest end among the active shifts
    grown = False  # a shift joined since the last clique was given
    for shift, x in sorted(items, key=lambda it: it[0].start):
        if first_end is not None and first_end <= shift.start:
            if grown:
                yield [var for _, var in active]
            active = [it for it in active if it[0].end > shift.start]
            first_end = min((it[0].end for it in active), default=None)
            grown = False
        active.append((shift, x))
        first_end = shift.end if first_end is None else min(first_end, shift.end)
        grown = True
    if grown:
        yield [var for _, var in active]
