"""Rule families: one module each, solver/rules/<family>.py, all with the signature

    add(model, scenario, vars, rule) -> list[Penalty]

A new family is a module plus its Family in roster/families.py; RULES is derived from it.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from roster.families import STATED
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.variables import Vars

RuleAdder = Callable[[cp_model.CpModel, Scenario, Vars, RuleSpec], list[Penalty]]

RULES: dict[str, RuleAdder] = {f.name: f.resolve("model") for f in STATED}
