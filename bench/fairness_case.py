"""Fairness to the fraction: how far a roster's loads are from the exact fair shares.

`distance` = sum over people of |load - share| (roster.fairness shares, exact fractions).
The least possible = the same for the integer loads nearest the shares that add up to the
category's seats (`Share.target`, roster.fairness.nearest_split): everyone at
floor(share), then the seats left one each to the largest fractional parts
(largest-remainder rounding). That is the least any integer loads with
that sum can reach: |load - share| is convex in the load with its kinks at integers, so
moving a person from floor(share) to ceil(share) costs 1 - 2 * fraction, every other step
costs 1, and the cheapest steps first are optimal (the greedy of separable convex costs).
A share never exceeds its cap (availability, a hard max_shifts), so neither does
ceil(share). The roster's own hard rules (rest, windows, who is free which night) may
keep it above that figure: it is a lower bound, not always reachable.

`fairness_only` is the case family where fairness is the only soft rule: checkpoint
nights, three groups of eight with a leader each (at 300 and at 1,000 volunteers), no
two nights in a row, at most two in any seven days, the pool's individual quarantines,
sick and family days (inputs/synthetic.py) and no quarantine wave. Fairness is measured as
shipped (the default `deviation`: the band in the objective, then the solve's second stage
towards the exact shares, solver/fraction.py); `extra` carries that stage's own figures
(`fraction_stage`, in weighted hundredths of a duty).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from datetime import time as clock
from fractions import Fraction
from types import MappingProxyType

from inputs.synthetic import SCHOOLS, make_availability, make_people
from roster.fairness import Share, fair_shares, in_category
from roster.model import Duty, Group, RuleSpec, Scenario, SolverSettings
from roster.result import Assignment, Result

START = date(2020, 1, 31)
GROUP_SIZE = 8  # the case, at 300 and at 1,000 volunteers alike
FAIRNESS_WEIGHT = 10  # as the shipped example's `all`


def fairness_only(people: int, days: int, seed: int = 1) -> Scenario:
    rng = random.Random(seed)
    end = START + timedelta(days - 1)
    pool = tuple(make_people(people, SCHOOLS, rng))
    groups = tuple(
        Group(str(g), f"第{g}组", GROUP_SIZE, MappingProxyType({"leader": 1})) for g in (1, 2, 3)
    )
    night = Duty("night", "高速卡口夜班", "卡口", clock(17), clock(7), groups, "daily")
    return Scenario(
        id=f"fairness-{people}x{days}",
        name=f"fairness only, {people} people, {days} nights",
        timezone="Asia/Shanghai",
        language="zh",
        start=START,
        end=end,
        duties=(night,),
        people=pool,
        availability=tuple(make_availability(pool, START, end, rng)),
        rules=_rules(),
        solver=SolverSettings(seed=seed, workers=2),
    )


def _rules() -> tuple[RuleSpec, ...]:
    def rule(kind: str, hard: bool = True, **params: object) -> RuleSpec:
        return RuleSpec(kind, kind, hard, 0, MappingProxyType(params))

    return (
        rule("cover"),
        rule("roles"),
        rule("rest", free_days=1),
        rule("max_in_window", max=2, days=7),
        rule(
            "fairness",
            False,
            categories=MappingProxyType({"all": FAIRNESS_WEIGHT}),
        ),
    )


# ---- the measure ----


def loads(scenario: Scenario, assignments: Iterable[Assignment], category: str) -> Counter:
    """Distinct shifts of the category per person."""
    seen = {(a.person_id, a.shift_id) for a in assignments}
    by_id = scenario.shift_by_id
    return Counter(pid for pid, sid in seen if in_category(scenario, by_id[sid], category))


def distance(shares: Mapping[str, Share], load: Mapping[str, int]) -> Fraction:
    return sum((abs(load.get(pid, 0) - s.share) for pid, s in shares.items()), Fraction(0))


def fairness_figures(scenario: Scenario, result: Result, category: str = "all") -> dict:
    """Sum of |load - share| against the least possible, for bench extras."""
    shares = fair_shares(scenario, category)
    # Adds up to the seats, or to everyone's cap when the caps cannot hold them.
    nearest = {pid: s.target for pid, s in shares.items()}
    least = distance(shares, nearest)
    found = distance(shares, loads(scenario, result.assignments, category))
    return {
        f"distance_{category}": round(float(found), 2),
        f"least_{category}": round(float(least), 2),
        f"above_least_{category}": f"{100 * float(found - least) / max(float(least), 1e-9):.2f}%",
    }


def solve_fairness_only(people: int, days: int, budget: float) -> tuple[Scenario, Result, dict]:
    """The family solved under a wall clock of `budget` seconds (as `--fast`)."""
    from dataclasses import replace

    from solver import solve

    sc = fairness_only(people, days)
    sc = replace(sc, solver=replace(sc.solver, time_limit_s=budget, deterministic=False))
    result = solve(sc)
    empty = sum(v.amount for v in result.violations if v.hard and v.kind in ("cover", "roles"))
    extra = {"empty_seats": empty, "fraction_stage": result.stats.get("fraction")}
    return sc, result, fairness_figures(sc, result) | extra


def solve_example_fairness(
    measure: str = "deviation", **solver: object
) -> tuple[Scenario, Result, dict]:
    """The shipped example, its fairness measured as `measure`: its figures per category."""
    from dataclasses import replace

    from bench.cases import example, with_solver
    from solver import solve

    sc = with_solver(example(), **solver)
    rules = tuple(
        replace(r, params=MappingProxyType(dict(r.params) | {"measure": measure}))
        if r.kind == "fairness"
        else r
        for r in sc.rules
    )
    sc = replace(sc, rules=rules)
    result = solve(sc)
    extra: dict = {}
    for category in ("all", "weekend", "holiday"):
        extra |= fairness_figures(sc, result, category)
    return sc, result, extra
