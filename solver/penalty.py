"""Named penalties: how a soft rule (or a relaxed hard one) enters the objective."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from roster.model import RuleSpec


@dataclass(frozen=True)
class Penalty:
    """`unit_cost * amount`, where amount = max(0, *parts) in any solution.

    `var` is the CP-SAT variable minimised in the objective (>= each part, >= 0).
    Minimisation keeps it tight at an optimum, but an incumbent found under a time
    limit may carry slack; the reported amount is therefore re-evaluated from the
    parts, so the reported objective is exactly that of the returned roster.
    """

    rule: RuleSpec
    unit_cost: int
    var: cp_model.IntVar
    parts: tuple[cp_model.LinearExprT, ...]
    date: date | None = None
    person_id: str = ""
    duty_id: str = ""
    group_id: str = ""
    role: str = ""
    # An amount no roster can go below (a shift with fewer candidates than its min):
    # a first roster (solver/phases.py) holds a hard rule at this, not at 0.
    floor: int = 0


# Per solver, the amounts of the last penalties asked for: the first roster's cost, its
# hint, the stats and the violations all read them, and each reading is a solver.value
# call per penalty (a team of 1000 x 120 x 4 has 45,000 penalties).
_AMOUNTS: weakref.WeakKeyDictionary[cp_model.CpSolver, tuple[tuple, list[int]]] = (
    weakref.WeakKeyDictionary()
)


def penalty_amounts(solver: cp_model.CpSolver, penalties: Sequence[Penalty]) -> list[int]:
    """Each penalty's exact amount, max(0, *parts), in the solver's last solution."""
    key = (id(penalties), len(penalties), solver.wall_time)
    cached = _AMOUNTS.get(solver)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = [max(0, *(int(solver.value(part)) for part in p.parts)) for p in penalties]
    _AMOUNTS[solver] = (key, found)
    return found


def unit_cost(rule: RuleSpec, hard_weight: int) -> int:
    return hard_weight if rule.hard else rule.weight


def excess(
    model: cp_model.CpModel,
    rule: RuleSpec,
    terms: list[cp_model.IntVar],
    limit: int,
    *,
    hard_weight: int,
    name: str,
    **keys: object,
) -> Penalty | None:
    """`sum(terms) <= limit`: hard as a constraint, soft as a penalised excess."""
    if len(terms) <= limit:
        return None
    if rule.hard and limit == 1:
        model.add_at_most_one(terms)
        return None
    total = cp_model.LinearExpr.sum(terms)
    if rule.hard:
        model.add(total <= limit)
        return None
    over = model.new_int_var(0, len(terms) - limit, name)
    model.add(total - over <= limit)
    return Penalty(rule, unit_cost(rule, hard_weight), over, (total - limit,), **keys)
