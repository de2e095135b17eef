"""CP-SAT parameters from the scenario's solver settings (why each: docs/decisions.md)."""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model

from roster.model import SolverSettings
from solver import budget as clock


def configure(
    solver: cp_model.CpSolver,
    settings: SolverSettings,
    *,
    warm_start: bool = False,
    budget: float | None = None,
) -> None:
    """`budget` replaces the work budget (deterministic) or the wall-clock limit of this
    one solve, for a solve in phases (solver/phases.py)."""
    if budget is not None:
        field = "deterministic_time" if settings.deterministic else "time_limit_s"
        settings = replace(settings, **{field: budget})
    p = solver.parameters
    p.num_workers = settings.workers
    p.random_seed = settings.seed
    p.relative_gap_limit = settings.relative_gap
    p.max_time_in_seconds = settings.time_limit_s
    # Inclusion detection compares rows pairwise, which is most of presolve on the dense
    # rows of a re-solve, and skipping it avoids the presolve bug of or-tools #5293.
    p.presolve_inclusion_work_limit = 0
    p.cp_model_presolve = settings.presolve
    clock.cap(solver, settings)
    if warm_start:
        # A re-solve's stages start from a complete roster; presolve there cost more than
        # it saved, for the same minimal changes and first stage (docs/decisions.md).
        p.cp_model_presolve = False
    if not settings.deterministic:
        return
    # Parallel search is not reproducible. Interleaved search is, as long as the stop
    # comes from the work budget or optimality and not from the wall clock; the clock
    # stays the user's limit, and a result it stopped says so (solver/budget.py).
    p.max_deterministic_time = settings.deterministic_time
    if warm_start or settings.workers == 1:
        # From a complete hint (a re-solve) one worker is deterministic by itself and
        # polishes the hint at once, where interleaving waits for every batch to finish.
        # So is one worker asked for: schools solved apart run one worker each, one per
        # process, the processes giving the parallelism (docs/decisions.md).
        p.num_workers = 1
    else:
        p.interleave_search = True


# The parallel portfolio of this many workers or fewer runs one full search, `default_lp`
# (the linear relaxation of the linear rows only), the others being local search; its
# bound stays near zero on rosters whose rules are clauses (Curtois Instance5: 3 against a
# best known of 1143, where `max_lp`, every constraint linearised, reached 770 with the
# same work; docs/decisions.md, "The LP of a small model").
FULL_LP_MAX_WORKERS = 2


def full_lp_when_few_workers(solver: cp_model.CpSolver, settings: SolverSettings) -> None:
    """A model small enough to solve directly, in the parallel portfolio of few workers:
    its full search is the one with every constraint in the linear relaxation."""
    p = solver.parameters
    if settings.deterministic or not 1 < p.num_workers <= FULL_LP_MAX_WORKERS:
        return
    p.subsolvers.append("max_lp")
