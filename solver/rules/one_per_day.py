"""At most one duty per person per date (the date a shift starts): docs/rules.md#one_per_day.

A window of one date with a cap of one: hard, an at-most-one per (person, date) that
presolve merges with `overlap` and `rest`; soft, a penalty per duty beyond the first.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.rules.max_in_window import limit_windows
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    return limit_windows(model, scenario, v, rule, length=1, limit=1)
