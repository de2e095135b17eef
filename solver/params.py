"""CP-SAT parameters from the scenario's solver settings."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model import SolverSettings


def configure(solver: cp_model.CpSolver, settings: SolverSettings) -> None:
    p = solver.parameters
    p.num_workers = settings.workers
    p.random_seed = settings.seed
    p.relative_gap_limit = settings.relative_gap
    p.max_time_in_seconds = settings.time_limit_s
    if settings.deterministic:
        # Parallel search is not reproducible; interleaved search is, as long as the
        # stop comes from the deterministic work budget and not the wall clock.
        p.interleave_search = True
        p.max_deterministic_time = settings.deterministic_time
        p.max_time_in_seconds = max(settings.time_limit_s, 10 * settings.deterministic_time)
