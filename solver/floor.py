"""The least cost of the empty seats as a floor under every path's bound.

Each path proves its own bound (CP-SAT's, the person bounds, the relaxation's), and the
hard cover's proven shortage is in them already; a soft cover's seats proven empty, and a
cover's seats below preferred, are not: with people short of weekends or minutes (a
`weekends` or a minutes `workload` cap), the least those seats cost (solver/shortage.py)
is often the better bound. It is a bound of rosters that keep the hard rules the proofs
read, so a result breaking a hard rule other than the cover's keeps its own bound.
"""

from __future__ import annotations

import dataclasses

from roster.model import Scenario
from roster.result import Result, Status
from solver.shortage import cover_floor, known_shortage, may_floor, shortage_cost

SEATS = ("cover", "roles")  # hard violations the floor allows: the seats it counts


def with_floor(scenario: Scenario, result: Result) -> Result:
    """`result` with its bound raised to the least cost of the empty seats, when higher
    (and optimal when its roster costs no more)."""
    if result.objective is None or result.status is not Status.FEASIBLE:
        return result
    if not may_floor(scenario) or any(v.hard and v.kind not in SEATS for v in result.violations):
        return result
    shortage = known_shortage(scenario, result.stats)
    floor = cover_floor(scenario, shortage)
    if not floor:
        return result
    least = shortage_cost(scenario, shortage) + floor
    if result.best_bound is not None and least <= result.best_bound:
        return result
    status = Status.OPTIMAL if result.objective <= least else Status.FEASIBLE
    stats = result.stats | {"least_cover_cost": least, "bound_source": "empty_seats"}
    return dataclasses.replace(result, status=status, best_bound=least, stats=stats)
