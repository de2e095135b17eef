"""A roster on every path: when a search ends without one (its clock or its work budget ran
out first), the result carries a constructed one instead of none (solver/construct.py).

Of the constructed roster and any roster an earlier step left (a re-solve's base, the
teams' roster before the whole model could score it), the one breaking the fewest hard
rules other than empty seats, then the cheapest, is kept; the independent checker says
which. Its status is honest: feasible (its hard violations, empty seats among them, are
reported as such), optimal only when its cost meets the proven bound; the bound is the
proven shortage (solver/shortage.py), or the search's own when it had one.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence

from roster import progress
from roster.check import CheckReport
from roster.components import check_by_parts
from roster.model import Scenario
from roster.result import Assignment, Result, Status
from solver.baseline import Baseline
from solver.construct import broken, construct, kept_of_base
from solver.shortage import Shortage, least_shortage, shortage_cost


def with_fallback(
    scenario: Scenario,
    result: Result,
    base: Baseline | None = None,
    tried: Iterable[Sequence[Assignment]] = (),
) -> Result:
    """`result` when it has a roster; else the best of a constructed roster and `tried`."""
    if result.objective is not None:
        return result
    started = time.perf_counter()
    progress.emit("fallback")
    options = _constructed(scenario, base)
    options += [(tuple(sorted(r)), check_by_parts(scenario, r)) for r in tried if r]
    before = set(base.assignments) if base is not None else set()
    roster, report = min(options, key=lambda o: _rank(o[1], len(before ^ set(o[0]))))
    bound = max(result.best_bound or 0, shortage_cost(scenario, _shortage(scenario, result)))
    status = Status.OPTIMAL if report.objective <= bound else Status.FEASIBLE
    stats = result.stats | {
        "fallback": "constructed" if roster == options[0][0] else "earlier_roster",
        "fallback_s": round(time.perf_counter() - started, 3),
        "no_roster_status": result.status.value,
    }
    if base is not None:
        stats["changes"] = len(set(base.assignments) ^ set(roster))
    return dataclasses.replace(
        result,
        status=status,
        objective=report.objective,
        best_bound=bound,
        wall_time_s=result.wall_time_s + time.perf_counter() - started,
        assignments=roster,
        violations=report.violations,
        stats=stats,
    )


def _constructed(
    scenario: Scenario, base: Baseline | None
) -> list[tuple[tuple[Assignment, ...], CheckReport]]:
    """A roster built from nothing; for a re-solve, first from the base less what is no
    longer possible, then from its worked past only (when keeping the base leaves seats
    empty that a fresh roster fills)."""
    if base is None:
        return [construct(scenario)]
    past = base.freeze_before
    kept = kept_of_base(scenario, base.assignments, past)
    worked = [a for a in kept if past is not None and a.date < past]
    return [construct(scenario, kept, past), construct(scenario, worked, past)]


def _rank(report: CheckReport, changes: int) -> tuple[int, int, int, int]:
    """Fewest hard rules broken but empty seats, then fewest empty seats (their cost), then
    fewest changes to the base, then the cheapest."""
    other, cost = broken(report.violations)
    hard = sum(v.cost for v in report.violations if v.hard)
    return other, hard, changes, cost


def _shortage(scenario: Scenario, result: Result) -> Shortage:
    """The proven shortage: as the search found it, else proven again."""
    seats = result.stats.get("least_empty_seats")
    if isinstance(seats, int):
        roles = result.stats.get("least_empty_role_seats", 0)
        return Shortage(seats, roles if isinstance(roles, int) else 0)
    return least_shortage(scenario)
