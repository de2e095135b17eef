"""A wall-clock solve that ends once its incumbent has stopped improving.

Local search cannot prove a minimum, so a try minimising how far a team is above its
bounds runs to its time limit even when it has long stopped improving (1000 x 120 x 4,
the team short of its bounds: dozens of improvements just after presolve, then none for the
rest of its try; docs/decisions.md). CP-SAT has no parameter for that: a watcher thread asks
the solver to stop when `stall_s` have passed since the last improvement. Only with a
wall-clock limit: a solve with a work budget must stop on it to be reproducible.
"""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from solver import progress_callback
from solver.progress_callback import Incumbents

TICK_S = 0.05  # how often the watcher looks


class _LastImprovement(Incumbents):
    """Notes when the incumbent last improved; stops the search once it reaches `target`
    (a proven lower bound that local search cannot prove by itself)."""

    def __init__(self, target: float | None = None) -> None:
        super().__init__()
        self.at: float | None = None
        self.count = 0
        self.target = target

    def on_solution_callback(self) -> None:
        self.at = time.perf_counter()
        self.count += 1
        if self.target is not None and self.objective_value <= self.target:
            self.stop_search()
        self.report()


def solve_until_stalled(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    stall_s: float | None,
    target: float | None = None,
    phase: str = "search",
    *,
    costs: bool = True,
    **fields: object,
) -> tuple[int, bool]:
    """`solver.solve(model)`, stopped `stall_s` after the last improving solution (none
    found: only the solver's own limits stop it), or once a solution reaches `target`.
    The status, and whether it stalled. Progress is reported as `phase` events (with
    `fields`; the incumbent's cost only with `costs`) when someone listens
    (solver/progress_callback.py)."""
    last = _LastImprovement(target)
    if stall_s is None:
        return progress_callback.solve(solver, model, phase, last, costs=costs, **fields), False
    done = threading.Event()
    stalled = threading.Event()

    def watch() -> None:
        while not done.wait(TICK_S):
            if last.at is not None and time.perf_counter() - last.at >= stall_s:
                stalled.set()
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        code = progress_callback.solve(solver, model, phase, last, costs=costs, **fields)
    finally:
        done.set()
        watcher.join()
    return code, stalled.is_set()
