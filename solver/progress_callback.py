"""The best roster and bound of a running CP-SAT solve, as progress events.

Installed only when someone listens (`roster.progress.active()`): then each solve passes a
solution callback, which reads the incumbent and never stops or steers the search (the
solver calls it at the same points of a deterministic search, with or without it), and a
best-bound callback. Both run on CP-SAT's threads, which do not see the caller's context:
they report through `progress.capture()`. At most one event per `INTERVAL_S` while the
solve runs (a local search finds hundreds of rosters a second), then one with the final
values, so the last word is always the solve's own.

The bound is reported once there is a roster: before it, CP-SAT's bound is that of the
model before presolve, far below anything meaningful. A solve whose objective is not the
roster's cost (a first roster's try that counts empty seats) reports its phase only
(`costs=False`).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from ortools.sat.python import cp_model

from roster import progress

INTERVAL_S = 0.25
HAS_SOLUTION = (cp_model.OPTIMAL, cp_model.FEASIBLE)


class Incumbents(cp_model.CpSolverSolutionCallback):
    """Reports improving solutions when a phase is set (`watch`); a subclass adds its own
    work in `on_solution_callback` and calls `report()` (solver/stall.py)."""

    def __init__(self) -> None:
        super().__init__()
        self._send: progress.Emit | None = None
        self._phase = ""
        self._fields: dict[str, Any] = {}
        self._last = -math.inf
        self._lock = threading.Lock()
        self._objective = False  # a feasibility model's "objective" is 0: not reported
        self._found = False

    def watch(
        self, send: progress.Emit, phase: str, fields: dict[str, Any], objective: bool
    ) -> None:
        self._send, self._phase, self._fields = send, phase, fields
        self._objective = objective

    def on_solution_callback(self) -> None:
        self.report()

    def report(self) -> None:
        if self._send is None or not self._objective:
            return
        self._found = True
        objective = round(self.objective_value)
        bound = _bound(self.best_objective_bound)
        self.send(objective=objective, bound=bound)

    def bound(self, value: float) -> None:
        if self._found:
            self.send(bound=_bound(value))

    def send(self, *, force: bool = False, **values: Any) -> None:
        if self._send is None:
            return
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last < INTERVAL_S:
                return
            self._last = now
        self._send(self._phase, **self._fields, **values)


def solve(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    phase: str,
    callback: Incumbents | None = None,
    *,
    costs: bool = True,
    **fields: Any,
) -> Any:
    """`solver.solve(model, callback)`, reporting the incumbent and the bound as `phase`
    events (with `fields`) when someone listens; with `costs` False (the model's objective
    is not the roster's cost) the phase only. Returns the solve's status."""
    send = progress.capture()
    if send is None:
        return solver.solve(model, callback)
    watcher = callback if callback is not None else Incumbents()
    objective = costs and model.has_objective()
    watcher.watch(send, phase, fields, objective)
    send(phase, **fields)
    if not objective:
        return solver.solve(model, watcher)
    solver.best_bound_callback = watcher.bound
    try:
        code = solver.solve(model, watcher)
    finally:
        solver.best_bound_callback = None
    if code in HAS_SOLUTION:
        watcher.send(
            force=True,
            objective=round(solver.objective_value),
            bound=_bound(solver.best_objective_bound),
        )
    return code


def _bound(value: float) -> int | None:
    return math.ceil(value - 1e-6) if math.isfinite(value) else None
