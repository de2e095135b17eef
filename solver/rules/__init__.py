"""Rule families: one module each, all with the signature

    add(model, scenario, vars, rule) -> list[Penalty]

A new family is a module plus one line in RULES.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty
from solver.rules import (
    busy_rest,
    consecutive,
    cover,
    days_off,
    fairness,
    max_in_window,
    max_shifts,
    pairs,
    preferences,
    requests,
    rest,
    rest_hours,
    roles,
    same_school_group,
    succession,
    weekends,
    workload,
)
from solver.variables import Vars

RuleAdder = Callable[[cp_model.CpModel, Scenario, Vars, RuleSpec], list[Penalty]]

RULES: dict[str, RuleAdder] = {
    "cover": cover.add,
    "roles": roles.add,
    "preferences": preferences.add,
    "rest": rest.add,
    "max_in_window": max_in_window.add,
    "max_shifts": max_shifts.add,
    "fairness": fairness.add,
    "same_school_group": same_school_group.add,
    "workload": workload.add,
    "weekends": weekends.add,
    "consecutive": consecutive.add,
    "days_off": days_off.add,
    "rest_hours": rest_hours.add,
    "succession": succession.add,
    "requests": requests.add,
    "together": pairs.add_together,
    "apart": pairs.add_apart,
    "busy_rest": busy_rest.add,
}
