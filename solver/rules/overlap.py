"""Always on: nobody works two shifts whose times overlap.

Sweep each person's shifts by start time; the shifts running at each start point
form a clique, posted as one at-most-one.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import Scenario
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> None:
    longest = max((s.end - s.start for s in scenario.shifts), default=None)
    for items in v.by_person.values():
        ordered = sorted(items, key=lambda it: it[0].start)
        for i, (shift, x) in enumerate(ordered):
            clique = [x]
            j = i - 1
            while j >= 0 and ordered[j][0].start > shift.start - longest:
                if ordered[j][0].end > shift.start:
                    clique.append(ordered[j][1])
                j -= 1
            if len(clique) > 1:
                model.add_at_most_one(clique)
