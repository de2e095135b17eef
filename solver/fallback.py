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
from typing import Protocol

from roster import progress
from roster.check import CheckReport
from roster.components import check_by_parts
from roster.model import Scenario
from roster.result import Assignment, Result, Status, Violation
from solver.baseline import Baseline
from solver.construct import UNMENDABLE, broken, construct, kept_of_base
from solver.shortage import known_shortage, shortage_cost


def with_fallback(
    scenario: Scenario,
    result: Result,
    base: Baseline | None = None,
    tried: Iterable[Sequence[Assignment]] = (),
) -> Result:
    """`result`, unless it has no roster, or leaves more seats empty than proven necessary
    and a constructed roster (or one of `tried`) leaves fewer: then the best of those."""
    if result.objective is not None and not _could_leave_fewer(result):
        return result
    started = time.perf_counter()
    progress.emit("fallback")
    options: list[tuple[str, tuple[Assignment, ...], Checked]] = []
    if result.objective is not None:
        options.append(("", result.assignments, result))
    if base is not None or not _construction_weighed(result):
        options += [("constructed", r, report) for r, report in _constructed(scenario, base)]
    options += [
        ("earlier_roster", tuple(sorted(r)), check_by_parts(scenario, r)) for r in tried if r
    ]
    before = set(base.assignments) if base is not None else set()
    how, roster, report = min(options, key=lambda o: _rank(o[2], len(before ^ set(o[1]))))
    if not how:
        return result  # the search's roster stands: none leaves fewer seats empty
    objective = sum(v.cost for v in report.violations)
    least = shortage_cost(scenario, known_shortage(scenario, result.stats))
    bound = max(result.best_bound or 0, least)
    status = Status.OPTIMAL if objective <= bound else Status.FEASIBLE
    stats = result.stats | {
        "fallback": how,
        "fallback_s": round(time.perf_counter() - started, 3),
        "search_status": result.status.value,
        "search_objective": result.objective,
    }
    if base is not None:
        stats["changes"] = len(set(base.assignments) ^ set(roster))
    return dataclasses.replace(
        result,
        status=status,
        objective=objective,
        best_bound=bound,
        wall_time_s=result.wall_time_s + time.perf_counter() - started,
        assignments=roster,
        violations=tuple(report.violations),
        stats=stats,
    )


def _construction_weighed(result: Result) -> bool:
    """The result is the construction, or a search that started from it completed (the
    least-short try, solver/phases.py) and kept at most its empty seats: building it again
    after the deadline could not leave fewer."""
    stats = result.stats
    return stats.get("fallback") == "constructed" or stats.get("least_short_hint") == "complete"


class Checked(Protocol):
    """A checker's report or a solver's result: a roster's violations."""

    @property
    def violations(self) -> Sequence[Violation]: ...


def _could_leave_fewer(result: Result) -> bool:
    """Not proven, and more seats (or role seats) empty than proven necessary."""
    if result.status is Status.OPTIMAL:
        return False
    empty = sum(v.amount for v in result.violations if v.hard and v.kind in UNMENDABLE)
    least = [result.stats.get(k, 0) for k in ("least_empty_seats", "least_empty_role_seats")]
    return empty > sum(n for n in least if isinstance(n, int))


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


def _rank(report: Checked, changes: int) -> tuple[int, int, int, int]:
    """Fewest hard rules broken but empty seats, then fewest empty seats (their cost), then
    fewest changes to the base, then the cheapest."""
    other, cost = broken(report.violations)
    hard = sum(v.cost for v in report.violations if v.hard)
    return other, hard, changes, cost
