"""Named penalties of the return plan, evaluated exactly from the solution.

The engine's Penalty (solver/penalty.py): `var` is what the objective minimises (tight at
an optimum, possibly loose in an incumbent found under a limit), while the reported amount
is recomputed from the decision variables by `amount`, so the objective reported with a
plan is exactly that of the plan, and the same number the checker computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from solver.penalty import Penalty

Value = Callable[[cp_model.LinearExprT], int]
Amount = Callable[[Value], int]


@dataclass(frozen=True)
class ReturnPenalty(Penalty):
    """The engine's Penalty extended, not copied: rule, unit_cost, var, parts and date mean
    what they mean for a roster, and most amounts are its max(0, *parts).

    What a return rule is about differs: `kind` names the part of a rule family priced (a
    capacity rule prices gates, lanes and peaks), and the keys are a school, a window and a
    subject (a route, point, region, family, grade or cohort) instead of a person, duty
    and group. `counted` replaces the parts for an amount that is no maximum of linear
    terms (how many groups hold a chosen literal, minus one).
    """

    kind: str = ""
    school_id: str = ""
    window: str = ""
    subject: str = ""
    counted: Amount | None = None

    def amount(self, value: Value) -> int:
        if self.counted is not None:
            return self.counted(value)
        return max(0, *(value(part) for part in self.parts))


def distinct_minus_one(groups: Sequence[Sequence[cp_model.LinearExprT]]) -> Amount:
    """How many groups hold a chosen literal, minus one (0 when none or one)."""
    return lambda value: max(0, sum(1 for g in groups if any(value(x) for x in g)) - 1)


def capped(
    model: cp_model.CpModel,
    rule: RuleSpec,
    kind: str,
    cost: int,
    expr: cp_model.LinearExprT,
    limit: int,
    upper: int,
    **keys: object,
) -> ReturnPenalty | None:
    """`expr <= limit`, with a slack costing `cost` per unit (hard rules: hard_weight).

    `upper` bounds `expr`; when it cannot exceed the limit nothing is posted.
    """
    if upper <= limit:
        return None
    over = model.new_int_var(0, upper - limit, f"{kind}_over")
    model.add(expr - over <= limit)
    return ReturnPenalty(rule, cost, over, (expr - limit,), kind=kind, **keys)


Flags = list[tuple[cp_model.IntVar, list[cp_model.IntVar]]]


def any_of(
    model: cp_model.CpModel, literals: list[cp_model.IntVar], flags: Flags, name: str
) -> cp_model.IntVar:
    """A flag every literal implies (true when any is, at an optimum); recorded in `flags`
    so that a hint can set it too (solver/returns/hints.py)."""
    flag = model.new_bool_var(name)
    for x in literals:
        model.add_implication(x, flag)
    flags.append((flag, list(literals)))
    return flag


def at_most_one_kind(
    model: cp_model.CpModel,
    rule: RuleSpec,
    kind: str,
    cost: int,
    groups: Sequence[Sequence[cp_model.IntVar]],
    flags: Flags,
    **keys: object,
) -> ReturnPenalty | None:
    """At most one of `groups` holds a chosen literal (e.g. one region per window).

    One flag per group (each literal implies it); their number - 1 is the slack.
    """
    groups = [g for g in groups if g]
    if len(groups) <= 1:
        return None
    used = [any_of(model, list(group), flags, f"{kind}_used") for group in groups]
    over = model.new_int_var(0, len(groups) - 1, f"{kind}_over")
    model.add(sum(used) - over <= 1)
    counted = distinct_minus_one(groups)
    return ReturnPenalty(rule, cost, over, (), kind=kind, counted=counted, **keys)
