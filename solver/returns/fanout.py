"""Solve independent models in parallel processes and merge their results.

Each model is solved with its own deterministic settings, so the merged result does not
depend on the executor, how many processes ran or in which order they finished
(solver/executor runs them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from roster.returns.result import PlanResult
from solver.executor import apply, run_tasks
from solver.status import summed

T = TypeVar("T")


def run_parts(
    solve: Callable[[T], PlanResult], items: Sequence[T], processes: int | None = None
) -> list[PlanResult]:
    """`solve` of every item, in item order; largest items (by position given) first."""
    sizes = [_size(item) for item in items]
    return run_tasks(apply, items, common=solve, sizes=sizes, label="return parts",
                     processes=processes)  # fmt: skip


def _size(item: object) -> int:
    """Largest first: a problem's cohorts, or those of the problem a tuple starts with."""
    if isinstance(item, tuple):
        item = item[0]
    return len(getattr(item, "cohorts", ()))


def merge(results: Sequence[PlanResult], wall_s: float) -> PlanResult:
    status, objective, bound = summed(results)
    solved = objective is not None
    stats: dict[str, object] = {"parts": len(results)}
    for key in ("variables", "constraints", "build_s", "solve_s", "deterministic_time"):
        stats[key] = round(sum(float(r.stats.get(key, 0)) for r in results), 3)
    stats["largest_part_s"] = round(max(r.wall_time_s for r in results), 3)
    return PlanResult(
        status=status,
        objective=objective,
        best_bound=bound,
        wall_time_s=wall_s,
        placements=tuple(sorted(p for r in results for p in r.placements)) if solved else (),
        times=tuple(sorted((t for r in results for t in r.times), key=lambda t: t.cohort_id)),
        violations=tuple(sorted(v for r in results for v in r.violations)) if solved else (),
        stats=stats,
    )
