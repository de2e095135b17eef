"""The relaxation's linear master: each block a convex combination of the schedules found
so far, each shift's count at its cover cost, the counts tied to the schedules.

Its duals on the ties price the cover for the next round (solver/lower_bound.py), and its
solution, with some of a block's shifts forced, guides the dive (solver/dive.py). Only a
guide: the bound is the Lagrangian's, never its value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Protocol

from ortools.linear_solver import linear_solver_pb2, pywraplp

# Prices are multiples of 1/SCALE of a unit of cost.
SCALE = 100
# A column's weight this close to 0 or 1 counts as that value.
EPS = 1e-6


class CoverShift(Protocol):
    """A shift as the master reads it: its cover cost by head count (units of 1/SCALE) and
    how many people could work it."""

    @property
    def id(self) -> str: ...
    @property
    def costs(self) -> tuple[int, ...]: ...
    @property
    def candidates(self) -> int: ...


OPTIMAL = pywraplp.Solver.OPTIMAL


class Master:
    """The linear relaxation over the schedules found so far. Each block has `copies`
    people alike; each shift's count is in [0, candidates] at its cover cost (convex, so a
    sum of segments, each filled before the dearer next). A block's forced shifts
    (`force`) keep only its schedules that work them. `left` gives the wall seconds its
    caller has left, where each solve stops (no solution then): with many shifts forced by
    a dive, one solve can outlast the command's whole limit (docs/decisions.md, "A dive cut
    short still offers its roster")."""

    def __init__(self, copies: list[int], shifts: Sequence[CoverShift]) -> None:
        lp = pywraplp.Solver.CreateSolver("GLOP")
        self.lp = lp
        self.convex = [lp.Constraint(n, n) for n in copies]
        self.ties: dict[str, pywraplp.Constraint] = {}
        self.seen: list[set[tuple[str, ...]]] = [set() for _ in copies]
        self.found: list[list[tuple[int, tuple[str, ...]]]] = [[] for _ in copies]
        self.weights: list[list[pywraplp.Variable]] = [[] for _ in copies]
        self.forced: list[set[str]] = [set() for _ in copies]
        objective = lp.Objective()
        offset = 0.0
        for s in shifts:
            tie = lp.Constraint(0, 0)  # schedules' people - the count's segments == 0
            for least, most, slope in _segments(s.costs, s.candidates):
                segment = lp.NumVar(0, most - least, "")
                objective.SetCoefficient(segment, slope)
                tie.SetCoefficient(segment, -1)
            offset += s.costs[0] / SCALE
            self.ties[s.id] = tie
        objective.SetOffset(offset)
        objective.SetMinimization()
        self.value = math.inf
        self.left: Callable[[], float] = lambda: math.inf

    def add(self, schedules: list[list[tuple[int, list[str]]]]) -> bool:
        """Each block's schedules of this round as columns; False when none is new."""
        new = False
        for i, found in enumerate(schedules):
            for own, worked in found:
                new = self._column(i, own, worked) or new
        return new

    def _column(self, i: int, own: int, worked: list[str]) -> bool:
        key = tuple(sorted(worked))
        if key in self.seen[i]:
            return False
        self.seen[i].add(key)
        self.found[i].append((own, key))
        column = self.lp.NumVar(0, self.lp.infinity(), "")
        self.weights[i].append(column)
        if not self.forced[i] <= set(key):
            column.SetUb(0)
        self.lp.Objective().SetCoefficient(column, own / SCALE)
        self.convex[i].SetCoefficient(column, 1)
        for sid in set(worked):  # a pair's block may work a shift twice
            tie = self.ties.get(sid)
            if tie is not None:
                tie.SetCoefficient(column, worked.count(sid))
        return True

    def solve(self) -> bool:
        if not _within(self.lp, self.left()):
            return False
        if self.lp.Solve() != OPTIMAL and not self._solve_afresh():
            return False
        self.value = self.lp.Objective().Value()
        return True

    def _solve_afresh(self) -> bool:
        """The master solved by a new GLOP and its solution loaded back: warm-started from
        the last basis after many bounds changed (a dive's forced shifts), GLOP may end
        ABNORMAL on a master that a new one solves at once (Curtois 18, 45 rounds and 469
        forced shifts: ABNORMAL warm and with incrementality off, OPTIMAL afresh)."""
        model = linear_solver_pb2.MPModelProto()
        self.lp.ExportModelToProto(model)
        fresh = pywraplp.Solver.CreateSolver("GLOP")
        fresh.LoadModelFromProto(model)
        if not _within(fresh, self.left()) or fresh.Solve() != OPTIMAL:
            return False
        response = linear_solver_pb2.MPSolutionResponse()
        fresh.FillSolutionResponseProto(response)
        return bool(self.lp.LoadSolutionFromProto(response, 1e-6))

    def prices(self) -> dict[str, int] | None:
        """The next prices: the ties' duals, in units of 1/SCALE (None if not solved)."""
        if not self.solve():
            return None
        return {sid: -round(SCALE * tie.dual_value()) for sid, tie in self.ties.items()}

    def force(self, i: int, sid: str) -> None:
        """Block `i` works `sid` from now on: its schedules without it weigh nothing."""
        self.forced[i].add(sid)
        for (_, worked), weight in zip(self.found[i], self.weights[i], strict=True):
            if sid not in worked:
                weight.SetUb(0)

    def release(self) -> None:
        """Every block free of its forced shifts again: all its schedules count."""
        for i, forced in enumerate(self.forced):
            if forced:
                for weight in self.weights[i]:
                    weight.SetUb(self.lp.infinity())
                forced.clear()

    def can_force(self, i: int, sid: str) -> bool:
        """Some schedule of block `i` works `sid` and every shift forced on it so far."""
        wanted = self.forced[i] | {sid}
        return any(wanted <= set(shifts) for _, shifts in self.found[i])

    def worked(self) -> tuple[dict[tuple[int, str], float], bool]:
        """Of the last solution, how much each block works each shift (the weights of its
        schedules that work it), and whether every block is on one schedule."""
        out: dict[tuple[int, str], float] = {}
        whole = True
        for i, (found, weights) in enumerate(zip(self.found, self.weights, strict=True)):
            for (_, shifts), weight in zip(found, weights, strict=True):
                w = weight.solution_value()
                if w <= EPS:
                    continue
                whole = whole and w >= 1 - EPS
                for sid in shifts:
                    out[i, sid] = out.get((i, sid), 0.0) + w
        return out, whole

    def heaviest(self) -> list[tuple[str, ...]]:
        """Each block's schedule of the most weight in the last solution (of those its
        forced shifts allow; its first such when the solution gave none weight)."""
        out = []
        for i, (found, weights) in enumerate(zip(self.found, self.weights, strict=True)):
            allowed = [j for j, (_, shifts) in enumerate(found) if self.forced[i] <= set(shifts)]
            best = max(allowed or range(len(found)), key=lambda j: weights[j].solution_value())
            out.append(found[best][1])
        return out


def cover_lines(scaled: tuple[int, ...]) -> list[tuple[int, float, float]]:
    """The cover cost (`scaled`: by head count, in units of 1/SCALE) as lines (count k, value
    at k, slope from k) where its slope changes, up to the most the model allows; beyond it
    (the master's counts may reach every candidate) a slope steep enough that no count goes
    there without need. A line of the same slope as the one before is the same line: a
    shift open to a hundred people has a handful of slopes, and the master's rows were
    mostly copies of them (docs/decisions.md, "The master's rows")."""
    steps = [scaled[k + 1] - scaled[k] for k in range(len(scaled) - 1)]
    lines = [
        (k, scaled[k] / SCALE, step / SCALE)
        for k, step in enumerate(steps)
        if k == 0 or step != steps[k - 1]
    ]
    steep = max([abs(b) / SCALE for b in steps] + [1.0]) * 10
    lines.append((len(scaled) - 1, scaled[-1] / SCALE, steep))
    return lines


def _segments(scaled: tuple[int, ...], candidates: int) -> list[tuple[int, int, float]]:
    """The count's range cut where the cover cost's slope changes: (from, to, slope per
    person). Convex, so a linear program fills the cheaper segments first and the count's
    cost is the segments' sum plus the cost of none: a bounded variable a segment, where a
    row a line made the master several times as tall and its simplex as slow
    (docs/decisions.md, "The master's rows")."""
    lines = cover_lines(scaled)
    ends = [k for k, _, _ in lines[1:]] + [candidates]
    return [
        (k, min(end, candidates), slope)
        for (k, _, slope), end in zip(lines, ends, strict=True)
        if min(end, candidates) > k
    ]


def _within(lp: pywraplp.Solver, left: float) -> bool:
    """`lp` limited to `left` wall seconds; False when none are left. Set on every solve,
    unlimited ones too: an earlier caller's limit stays on the solver."""
    if left <= 0:
        return False
    lp.SetTimeLimit(max(1, int(1000 * min(left, _UNLIMITED_S))))
    return True


# Seconds that stand for no limit (about 30 years).
_UNLIMITED_S = 1e9
