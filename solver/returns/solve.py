"""The return plan: its parts, each school of a part alone, then joined (docs/returns.md).

1. Schools alone. A part's schools are linked only by buses and gathering points they
   share and by families (solver/returns/parts.py); without those links each school is a
   small model that the cuts of solver/returns/bounds.py mostly prove optimal at once.
   Its optimum is a lower bound of the school's own costs in any plan of the part. A
   school left short of the gap limit is solved again from its plan with CP-SAT's
   neighbourhood searches interleaved in its one worker.
2. Joined. The schools' plans together may break a shared link (two regions at a
   gathering point in one window, siblings on different days). The part is solved with
   every window's classes kept together and every school day's classes kept together:
   only whole windows and days move, which leaves each school's own costs as they were
   and repairs the links. Its bound is the sum of the schools' (when the hard rules hold,
   bounds.floors_hold), not the restricted model's.
3. Polished. Parts still short of the gap limit get the work left, in proportion to what
   each may still gain (objective - bound), on the whole part from the best plan so far,
   with each school's floor posted as a cut.

Work units are counted deterministically and every solve is deterministic, so the plan
does not depend on the number of processes.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from roster import progress
from roster.result import Status
from roster.returns.model import Cohort, ReturnProblem
from roster.returns.result import PlanResult
from solver.returns import bounds, parts
from solver.returns.fanout import merge, run_parts
from solver.returns.model import Options, solve_model

# Shares of the work budget for the schools alone and for joining them; the rest goes
# where the first two left most to gain.
ALONE = 0.4
JOIN = 0.2
Item = tuple[ReturnProblem, Options]


def solve_plan(problem: ReturnProblem, processes: int | None = None) -> PlanResult:
    """The plan of every cohort: parts and schools solved apart, one worker each, in as many
    processes at once as the machine has cores, and merged."""
    started = time.perf_counter()
    found = parts.parts(problem)
    schools = [_by_school(cohorts) for cohorts in found]
    if len(found) == 1 and len(schools[0]) == 1:
        return solve_model(problem)
    total = len(problem.cohorts)
    alone_items = [(parts.sub_problem(problem, s, ALONE * len(s) / total), Options())
                   for members in schools for s in members]  # fmt: skip
    progress.emit("plan", label="schools", done=0, total=len(alone_items))
    alone = iter(_improve(problem, alone_items, run_parts(_solve_item, alone_items, processes),
                          processes))  # fmt: skip
    per_part = [[next(alone) for _ in members] for members in schools]
    progress.emit("plan", label="schools", done=len(alone_items), total=len(alone_items))
    progress.emit("plan", label="join")
    results = _join(problem, found, per_part, processes)
    progress.emit("plan", label="polish")
    results = _polish(problem, found, schools, per_part, results, processes)
    return merge(results, time.perf_counter() - started)


def _improve(
    problem: ReturnProblem, items: list[Item], results: list[PlanResult], processes: int | None
) -> list[PlanResult]:
    """Schools left short of the gap limit are solved again from their plan, with the
    neighbourhood searches interleaved (they find the better plans the plain search,
    which proves the small schools at once, misses: measured on the county's high schools,
    196 -> 161 and 214 -> 166 in one unit of work each)."""
    todo = [i for i, r in enumerate(results) if _open(problem, r) and r.placements]
    again = [(items[i][0], Options(start=results[i].placements, interleave=True)) for i in todo]
    out = list(results)
    for i, second in zip(todo, run_parts(_solve_item, again, processes), strict=True):
        out[i] = _better(problem, results[i], second)
    return out


def _by_school(cohorts: Sequence[Cohort]) -> list[tuple[Cohort, ...]]:
    out: dict[str, list[Cohort]] = {}
    for c in cohorts:
        out.setdefault(c.school_id, []).append(c)
    return [tuple(members) for _, members in sorted(out.items())]


def _solve_item(item: Item) -> PlanResult:
    return solve_model(*item)


def _join(
    problem: ReturnProblem,
    found: list[tuple[Cohort, ...]],
    per_part: list[list[PlanResult]],
    processes: int | None,
) -> list[PlanResult]:
    """A part of one school is its school's result; the schools of a larger part are joined
    by moving whole windows and days (module docstring)."""
    total = len(problem.cohorts)
    results: list[PlanResult | None] = [rs[0] if len(rs) == 1 else None for rs in per_part]
    todo = [i for i, r in enumerate(results) if r is None]
    items = [
        (parts.sub_problem(problem, found[i], JOIN * len(found[i]) / total),
         Options(start=_union(per_part[i]), keep=True))
        for i in todo
    ]  # fmt: skip
    for i, joined in zip(todo, run_parts(_solve_item, items, processes), strict=True):
        if joined.objective is None:  # no plan keeps every hard rule this way
            joined = dataclasses.replace(joined, placements=items[todo.index(i)][1].start or ())
        results[i] = _rebound(problem, joined, _school_bound(problem, per_part[i], joined),
                              work=_work(per_part[i]))  # fmt: skip
    return [r for r in results if r is not None]


def _union(results: Sequence[PlanResult]) -> tuple:
    return tuple(sorted(p for r in results for p in r.placements))


def _work(results: Sequence[PlanResult]) -> float:
    return sum(float(r.stats.get("deterministic_time", 0)) for r in results)


def _school_bound(
    problem: ReturnProblem, alone: Sequence[PlanResult], joined: PlanResult
) -> int | None:
    """The sum of the schools' bounds bounds the part when its plans keep every hard rule
    (then the optimum does too) and the schools' own costs are all there is to the rest."""
    if joined.objective is None or joined.objective >= problem.hard_weight:
        return None
    if not bounds.floors_hold(problem) or any(r.best_bound is None for r in alone):
        return None
    return sum(r.best_bound for r in alone if r.best_bound is not None)


def _rebound(
    problem: ReturnProblem, result: PlanResult, bound: int | None, work: float = 0.0
) -> PlanResult:
    """`result` with `bound` as its bound (None: unknown), its status following from it, and
    `work` more units of work counted."""
    status = result.status
    if result.objective is not None:
        status = Status.FEASIBLE
        if bound is not None and _within_gap(problem, result.objective, bound):
            status = Status.OPTIMAL
    used = round(work + float(result.stats.get("deterministic_time", 0)), 3)
    stats = dict(result.stats) | {"deterministic_time": used}
    return dataclasses.replace(result, best_bound=bound, status=status, stats=stats)


def _within_gap(problem: ReturnProblem, objective: int, bound: int) -> bool:
    return objective - bound <= problem.solver.relative_gap * max(1, abs(objective))


def _polish(
    problem: ReturnProblem,
    found: list[tuple[Cohort, ...]],
    schools: list[list[tuple[Cohort, ...]]],
    per_part: list[list[PlanResult]],
    results: list[PlanResult],
    processes: int | None,
) -> list[PlanResult]:
    """The work left goes to the parts not within the gap limit (or without a plan or a
    bound), in proportion to what each may still gain (objective - bound; its number of
    classes when either is missing), on the whole part from its best plan (or the joined
    schools' plans) with each school's floor as a cut."""
    used = sum(float(r.stats.get("deterministic_time", 0)) for r in results)
    left = problem.solver.deterministic_time - used
    gain = {i: _gain(r, len(found[i])) for i, r in enumerate(results) if _open(problem, r)}
    if not problem.solver.deterministic:  # no work is counted: only parts without a plan
        gain = {i: g for i, g in gain.items() if results[i].objective is None}
    if not gain or _plan_within_gap(problem, results):
        return results
    total = sum(gain.values())
    share = {i: max(parts.MIN_WORK, left * g / total if total else 0.0) for i, g in gain.items()}
    if left < parts.MIN_WORK and all(results[i].best_bound is not None for i in gain):
        return results
    items = [
        (parts.with_budget(parts.restrict(problem, found[i]), share[i]),
         Options(start=results[i].placements,
                 floors=_part_floors(schools[i], per_part[i])))
        for i in sorted(gain)
    ]  # fmt: skip
    out = list(results)
    for i, again in zip(sorted(gain), run_parts(_solve_item, items, processes), strict=True):
        out[i] = _better(problem, results[i], again)
    return out


def _plan_within_gap(problem: ReturnProblem, results: Sequence[PlanResult]) -> bool:
    """The whole plan is within the gap limit (its objective and bound are the sums of the
    parts'): more work is not asked for, as for one model stopped by relative_gap."""
    if any(r.objective is None or r.best_bound is None for r in results):
        return False
    objective = sum(r.objective or 0 for r in results)
    return _within_gap(problem, objective, sum(r.best_bound or 0 for r in results))


def _part_floors(schools: Sequence[tuple[Cohort, ...]], alone: Sequence[PlanResult]) -> dict:
    """Each school's bound from its solve alone: a floor of its own costs in the part."""
    return {members[0].school_id: r.best_bound for members, r in zip(schools, alone, strict=True)
            if r.best_bound is not None}  # fmt: skip


def _open(problem: ReturnProblem, r: PlanResult) -> bool:
    if r.objective is None or r.best_bound is None:
        return bool(r.placements)
    return not _within_gap(problem, r.objective, r.best_bound)


def _gain(r: PlanResult, classes: int) -> float:
    if r.objective is None or r.best_bound is None:
        return float(classes)
    return float(max(1, r.objective - r.best_bound))


def _better(problem: ReturnProblem, first: PlanResult, second: PlanResult) -> PlanResult:
    """The lower objective, with the higher of the two (valid) bounds and both solves' work."""
    if second.objective is None:
        return first
    if first.objective is None:
        return _rebound(problem, second, second.best_bound,
                        work=float(first.stats.get("deterministic_time", 0)))  # fmt: skip
    best, other = (second, first) if second.objective < first.objective else (first, second)
    found = [b for b in (first.best_bound, second.best_bound) if b is not None]
    work = float(other.stats.get("deterministic_time", 0))
    return _rebound(problem, best, max(found) if found else None, work=work)
