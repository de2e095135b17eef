"""Same school, same group: decided when each shift is split into groups (solver/grouping.py).

Who works which shift is decided first; this rule only shapes the split, so it
adds nothing to the first stage.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    return []
