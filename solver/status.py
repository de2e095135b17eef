"""CP-SAT's status codes in the engine's words, and the status, objective and bound of
independent parts solved as one (the roster's parts in solver/decompose.py, a return
plan's parts and schools in solver/returns/)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ortools.sat.python import cp_model

from roster.result import Result, Status

STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}
# Worst last: parts merged are only as proven as the least proven of them.
STATUS_ORDER = (
    Status.OPTIMAL,
    Status.FEASIBLE,
    Status.UNKNOWN,
    Status.INFEASIBLE,
    Status.MODEL_INVALID,
)


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=STATUS_ORDER.index)


def summed(results: Sequence[Result]) -> tuple[Status, int | None, int | None]:
    """The worst status, the sum of the objectives (None unless every part has one) and
    the sum of the bounds (None unless every part has an objective and a bound): no rule
    reaches across the parts, so these are the one model's."""
    solved = all(r.objective is not None for r in results)
    bounds = [r.best_bound for r in results]
    objective = sum(r.objective or 0 for r in results) if solved else None
    bound = sum(b or 0 for b in bounds) if solved and None not in bounds else None
    return worst(r.status for r in results), objective, bound
