"""A complete hint from a plan: every decision, every flag and every penalty variable.

An incomplete hint leaves CP-SAT to complete it by search, which it may not manage within
a small work budget; then the hinted plan is lost. Flags take the value their literals
imply and penalty variables their exact amount, so the hint is a solution of the model.
"""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import FlatIntExpr

from solver.returns.penalty import Flags, ReturnPenalty


def evaluate(expr: cp_model.LinearExprT, values: dict[int, int]) -> int:
    if isinstance(expr, int):
        return expr
    flat = FlatIntExpr(expr)
    terms = zip(flat.vars, flat.coeffs, strict=True)
    return flat.offset + sum(c * values.get(x.index, 0) for x, c in terms)


def complete_values(
    decisions: Iterable[tuple[cp_model.IntVar, int]],
    flags: Flags,
    penalties: list[ReturnPenalty],
) -> tuple[dict[int, int], int]:
    """Every variable's value from the decisions, and the objective they give."""
    values: dict[int, int] = {}
    for x, value in decisions:
        values[x.index] = value
    for flag, literals in flags:
        values[flag.index] = int(any(values[x.index] for x in literals))
    cost = 0
    for p in penalties:
        values[p.var.index] = p.amount(lambda e: evaluate(e, values))
        cost += p.unit_cost * values[p.var.index]
    return values, cost


def add_hint(model: cp_model.CpModel, values: dict[int, int]) -> None:
    for index, value in sorted(values.items()):
        model.add_hint(model.get_int_var_from_proto_index(index), value)


def complete_hint(
    model: cp_model.CpModel,
    decisions: Iterable[tuple[cp_model.IntVar, int]],
    flags: Flags,
    penalties: list[ReturnPenalty],
) -> None:
    add_hint(model, complete_values(decisions, flags, penalties)[0])
