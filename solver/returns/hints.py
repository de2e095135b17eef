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


def complete_hint(
    model: cp_model.CpModel,
    decisions: Iterable[tuple[cp_model.IntVar, int]],
    flags: Flags,
    penalties: list[ReturnPenalty],
) -> None:
    values: dict[int, int] = {}
    hinted = []
    for x, value in decisions:
        values[x.index] = value
        hinted.append(x)
    for flag, literals in flags:
        values[flag.index] = int(any(values[x.index] for x in literals))
        hinted.append(flag)
    for p in penalties:
        values[p.var.index] = p.amount(lambda e: evaluate(e, values))
        hinted.append(p.var)
    for var in hinted:
        model.add_hint(var, values[var.index])
