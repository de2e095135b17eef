"""`curtois N` cases of bench/run.py, present when ROSTER_CURTOIS_DATA names the data folder.

Each writes instance N as a scenario folder, loads it as `roster solve` does and solves it
in the fast (parallel portfolio) mode within the issue's time for its size class.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.curtois import BEST_KNOWN, DATA_ENV
from bench.curtois.instance import read_instance
from bench.curtois.objective import hard_violations, objective
from bench.curtois.scenario import START, duty_ids, write_scenario
from roster.model import Scenario
from roster.result import Result


def time_limit(number: int) -> float:
    """The issue's budget: 60 s for 1-10, 300 s for 11-18, 600 s for 19-24."""
    return 60.0 if number <= 10 else 300.0 if number <= 18 else 600.0


def solve_instance(data: Path, number: int) -> tuple[Scenario, Result, dict]:
    from inputs.load import load_scenario
    from solver import solve

    instance = read_instance(data / f"Instance{number}.txt")
    with tempfile.TemporaryDirectory(prefix="curtois-") as tmp:
        scenario = load_scenario(write_scenario(instance, Path(tmp) / f"instance{number}"))
    settings = dataclasses.replace(
        scenario.solver, deterministic=False, time_limit_s=time_limit(number)
    )
    scenario = dataclasses.replace(scenario, solver=settings)
    result = solve(scenario)
    shift_of = {duty: shift for shift, duty in duty_ids(instance).items()}
    worked = {(a.person_id, (a.date - START).days, shift_of[a.duty_id]) for a in result.assignments}
    best = BEST_KNOWN[number]
    extra: dict = {"best_known": best}
    if result.objective is not None:
        extra["above_best"] = f"{100 * (result.objective - best) / best:.1f}%"
        extra["curtois_objective"] = objective(instance, worked)
        extra["curtois_hard_violations"] = len(hard_violations(instance, worked))
    return scenario, result, extra


def curtois_cases() -> dict[str, Callable[[], tuple[Scenario, Result, dict]]]:
    folder = os.environ.get(DATA_ENV)
    if not folder:
        return {}
    data = Path(folder)
    return {
        f"curtois {n}": (lambda n=n: solve_instance(data, n))  # type: ignore[misc]
        for n in sorted(BEST_KNOWN)
        if (data / f"Instance{n}.txt").exists()
    }
