"""Rest: at least `free_days` free dates between two duties of a person.

Posted as "at most one duty in every window of free_days + 1 dates": as hard
rules these are at-most-one constraints, which presolve merges into cliques.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.rules.max_in_window import limit_windows
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    return limit_windows(model, scenario, v, rule, length=int(rule.param("free_days")) + 1, limit=1)
