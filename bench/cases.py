"""Benchmark cases: each builds a scenario (and optionally a baseline) and solves it."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench.curtois.case import curtois_cases
from bench.fairness_case import solve_example_fairness, solve_fairness_only
from bench.returns_case import solve_county_return
from roster.model import AvailabilityPeriod, AvailabilityStatus, Scenario
from roster.result import Result
from solver import solve
from solver.baseline import Baseline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "scenarios" / "lingang-checkpoint"

Case = Callable[[], tuple[Scenario, Result, dict]]


def example() -> Scenario:
    from inputs.load import load_scenario

    return load_scenario(EXAMPLE)


def with_solver(scenario: Scenario, **changes: object) -> Scenario:
    return dataclasses.replace(scenario, solver=dataclasses.replace(scenario.solver, **changes))


def solve_example(**solver: object) -> tuple[Scenario, Result, dict]:
    sc = with_solver(example(), **solver)
    return sc, solve(sc), {}


def quarantine(scenario: Scenario, people: list[str], first, days: int = 14) -> Scenario:
    last = first + timedelta(days=days - 1)
    extra = tuple(
        AvailabilityPeriod(pid, first, last, AvailabilityStatus.UNAVAILABLE, "bench quarantine")
        for pid in people
    )
    return dataclasses.replace(scenario, availability=scenario.availability + extra)


def resolve_example(**solver: object) -> tuple[Scenario, Result, dict]:
    """Published roster; 10 rostered volunteers quarantined 14 days from mid-horizon."""
    sc = with_solver(example(), **solver)
    published = solve(sc)
    mid = sc.start + timedelta(days=len(sc.days) // 2)
    window = {mid + timedelta(days=i) for i in range(14)}
    hit = sorted({a.person_id for a in published.assignments if a.date in window})[:10]
    lost = sum(1 for a in published.assignments if a.person_id in hit and a.date in window)
    changed = quarantine(sc, hit, mid)
    result = solve(changed, Baseline(published.assignments, freeze_before=mid))
    extra = {
        "unavoidable_removals": lost,
        "changes": result.stats.get("changes"),
        "proven_minimal": result.stats.get("changes_proven_minimal"),
        "stage1_s": round(float(result.stats.get("stage1_s", 0.0)), 2),
        "build_s": result.stats.get("build_s"),
    }
    return changed, result, extra


def solve_example_twice(**solver: object) -> tuple[Scenario, Result, dict]:
    """The same inputs and seed twice: is the roster identical?"""
    sc = with_solver(example(), **solver)
    first, second = solve(sc), solve(sc)
    same = sorted(first.assignments) == sorted(second.assignments)
    return sc, second, {"same_roster_twice": same, "first_objective": first.objective}


def solve_generated(
    people: int, days: int, duties: int, budget: float
) -> tuple[Scenario, Result, dict]:
    """A generated scenario with every rule family, solved within `budget` wall seconds."""
    from bench.generate import generate

    started = time.perf_counter()
    sc = generate(people, days, duties)
    # Wall-clock limits: the targets are stated in seconds on 2 cores.
    sc = with_solver(sc, time_limit_s=budget, deterministic=False)
    generated = time.perf_counter() - started
    result = solve(sc)
    extra = {
        "generate_s": round(generated, 1),
        "shifts": len(sc.shifts),
        "seats": sum(g.size for s in sc.shifts for g in sc.duty_by_id[s.duty_id].groups),
        "rules": sorted({r.kind for r in sc.rules}),
        "variables": result.stats.get("variables"),
        "worker_peak_MB": _worker_peak_mb(),  # teams and person bounds run in workers
        # Seats (and role seats) left empty: what makes a roster with a hard rule broken.
        "empty_seats": sum(
            v.amount for v in result.violations if v.hard and v.kind in ("cover", "roles")
        ),
    }
    return sc, result, extra


def _worker_peak_mb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


DISTRICT = ROOT / "inputs" / "scenarios" / "lingang-district"


def solve_district(**solver: object) -> tuple[Scenario, Result, dict]:
    """The district example: the checkpoint and 25 schools' rotations (one linked part)."""
    from inputs.load import load_scenario

    sc = with_solver(load_scenario(DISTRICT), **solver)
    return sc, solve(sc), _school_extra(sc)


def solve_city(schools: int, days: int) -> tuple[Scenario, Result, dict]:
    """A generated city: schools that share nobody, solved school by school in parallel."""
    from bench.generate_city import generate_city

    started = time.perf_counter()
    sc = generate_city(schools, days)
    generated = time.perf_counter() - started
    return sc, solve(sc), _school_extra(sc) | {"generate_s": round(generated, 1)}


def _school_extra(sc: Scenario) -> dict:
    """Sizes, and the largest resident memory of a worker process (peak_MB is the parent's)."""

    workers = _worker_peak_mb()
    return {
        "people": len(sc.people),
        "schools": len(sc.schools),
        "shifts": len(sc.shifts),
        "worker_peak_MB": workers,
    }


def _crisis(people: int, wave: float, limit: int) -> Case:
    """A quarantine wave, `roster solve` timed as a whole (bench/crisis.py)."""

    def case() -> tuple[Scenario, Result, dict]:
        from bench.crisis import crisis

        return crisis(people, wave, limit)

    return case


CASES: dict[str, Case] = {
    "example (deterministic)": lambda: solve_example(),
    "example (deterministic, solved twice)": lambda: solve_example_twice(),
    "example (fast, 20 s wall clock, solved twice)": lambda: solve_example_twice(
        deterministic=False, time_limit_s=20
    ),
    "example (deterministic, 1 worker)": lambda: solve_example(workers=1),
    "re-solve: 10 quarantined 14 days": lambda: resolve_example(),
    "vocabulary 50 people x 30 days x 1 duty": lambda: solve_generated(50, 30, 1, 30),
    "vocabulary 300 x 61 x 3 duties, 30 s": lambda: solve_generated(300, 61, 3, 30),
    "vocabulary 1000 x 120 x 4 duties, 60 s": lambda: solve_generated(1000, 120, 4, 60),
    "vocabulary 1000 x 120 x 4 duties, 120 s": lambda: solve_generated(1000, 120, 4, 120),
    "district: checkpoint + 25 schools, 65 days": lambda: solve_district(),
    "city: 50 schools x 60 days": lambda: solve_city(50, 60),
    "city: 500 schools x 60 days": lambda: solve_city(500, 60),
    "county return: plan, daily timetable, gate duty": lambda: solve_county_return(),
    **{
        f"crisis {people}, wave {round(100 * wave, 1)} %, {limit} s": _crisis(people, wave, limit)
        for people, limit, waves in (
            (306, 30, (0.72, 0.73, 0.735)),
            (1000, 60, (0.72, 0.725, 0.73)),
        )
        for wave in waves
    },
    "fairness only 300 x 61, 30 s": lambda: solve_fairness_only(300, 61, 30),
    "fairness only 1000 x 120, 60 s": lambda: solve_fairness_only(1000, 120, 60),
    "example: fairness to the band (fast, 20 s wall clock)": lambda: solve_example_fairness(
        "deviation", deterministic=False, time_limit_s=20
    ),
    "example: fairness to the fraction (fast, 20 s wall clock)": lambda: solve_example_fairness(
        "distance", deterministic=False, time_limit_s=20
    ),
    # Only with ROSTER_CURTOIS_DATA set to the folder of InstanceN.txt (bench/README.md).
    **curtois_cases(),
}
