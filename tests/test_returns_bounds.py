"""The cuts of solver/returns/bounds.py and the school-by-school solving of
solver/returns/solve.py: exact packing bounds, and optima equal to brute force (every plan
of a tiny problem scored by the independent checker), so no cut removes a best plan."""

from __future__ import annotations

import random
from datetime import date
from itertools import product

import pytest

from roster.result import Status
from roster.returns.check import check_plan
from roster.returns.model import Cohort, GatheringPoint, ReturnProblem, Route
from roster.returns.result import Placement
from solver.returns.bounds import Packing, Uses, envelope, pools
from tests.return_builders import DAY1, DAY2, cohort, problem, rules, solve_plan_checked


def best_by_brute_force(p: ReturnProblem) -> int:
    slots = [p.slots(c) for c in p.cohorts]
    return min(
        check_plan(
            p, [Placement(c.id, d, w) for c, (d, w) in zip(p.cohorts, combo, strict=True)]
        ).objective
        for combo in product(*slots)
    )


# ---- packing bounds ----


def test_pairs_pack_largest_with_smallest():
    # 4 classes in 2 windows: 60+40 and 50+45 -> the busiest holds 100.
    assert Packing({"": [40, 45, 50, 60]}, 2).least_all() == 100


def test_regions_pack_apart():
    # Same sizes, but R1 = {40, 60} and R2 = {45, 50} may not share a window: 100 and 95.
    assert Packing({"R1": [40, 60], "R2": [45, 50]}, 2).least_all() == 100
    # Three windows: one region takes two of them.
    assert Packing({"R1": [40, 60], "R2": [45, 50]}, 3).least_all() == 95


def test_busiest_window_by_the_number_of_classes():
    # f[n] for n classes on 2 windows: alone up to 2, then pairs of the smallest.
    assert Packing({"": [40, 45, 50, 60]}, 2).by_count(None) == [0, 40, 45, 85, 100]
    # Within 90 per window at most 3 classes fit.
    assert Packing({"": [40, 45, 50, 60]}, 2).by_count(90) == [0, 40, 45, 85]


def test_envelope_is_convex_and_below():
    f = [0, 40, 45, 85, 100]
    hull = envelope(f)
    assert hull[0] == (0, 0) and hull[-1] == (4, 100)
    for n, y in enumerate(f):
        for (x0, y0), (x1, y1) in zip(hull, hull[1:], strict=False):
            if x0 <= n <= x1:
                assert y0 + (y1 - y0) * (n - x0) / (x1 - x0) <= y


def test_a_route_brings_on_one_day_what_its_seats_hold():
    cohorts = [cohort(f"c{i}", students=40 + i, route="r1") for i in range(3)]
    p = problem(cohorts, routes=[Route("r1", "R", "p1", 2, 45)],
                points=[GatheringPoint("p1", "P", frozenset({"R1"}))])  # fmt: skip
    # 90 seats a day: the two smallest (40 + 41) at most.
    assert pools(p, cohorts, Uses(buses=True), one_day=True) == {"": [40, 41]}
    assert pools(p, cohorts, Uses(buses=True), one_day=False) == {"": [40, 41, 42]}


# ---- optima equal brute force ----


def boarding_case() -> ReturnProblem:
    """A boarding school's graduating grade: buses force a class to day 2, regions keep
    boarders of two regions apart, pairs raise the busiest window."""
    cohorts = [
        cohort("a", grade=9, students=50, region="R1", boarding=True, route="r1"),
        cohort("b", grade=9, students=45, region="R1", boarding=True, route="r1"),
        cohort("c", grade=9, students=40, region="R2", boarding=True),
        cohort("d", grade=9, students=42, region="R2", boarding=True),
        cohort("e", grade=8, students=55, region="R1", boarding=True),
    ]
    return problem(
        cohorts, dates=(DAY1, DAY2), n_windows=2, per_gate=100,
        routes=[Route("r1", "R", "p1", 1, 60)],
        points=[GatheringPoint("p1", "P", frozenset({"R1"}))],
        rule_set=rules(graduating=(9,), graduating_weight=10, grade_days_weight=20, peak_weight=1),
    )  # fmt: skip


def test_boarding_school_optimum_equals_brute_force():
    p = boarding_case()
    result = solve_plan_checked(p)
    assert result.status is Status.OPTIMAL
    assert result.objective == result.best_bound == best_by_brute_force(p)


def test_schools_linked_by_a_family_join_at_their_optimum():
    # Alone, each school's best plan puts its grade 1 on either day; the family asks both
    # on the same day, in windows far enough apart: joining moves whole days and windows.
    cohorts = [cohort("a1", "A", students=60, family="F"), cohort("a2", "A", students=50),
               cohort("a3", "A", grade=2, students=40), cohort("b1", "B", students=55, family="F"),
               cohort("b2", "B", students=45, grade=2)]  # fmt: skip
    p = problem(cohorts, dates=(DAY1, DAY2), n_windows=2, per_gate=120,
                rule_set=rules(gap=20, grade_days_weight=20, peak_weight=1))  # fmt: skip
    result = solve_plan_checked(p)
    assert result.status is Status.OPTIMAL
    assert result.objective == best_by_brute_force(p)


def random_case(seed: int) -> ReturnProblem:
    rng = random.Random(seed)
    cohorts: list[Cohort] = []
    for i in range(5):
        school = rng.choice("AB")
        cohorts.append(cohort(
            f"c{i}", school, grade=rng.choice((1, 2)), students=rng.randint(30, 60),
            region=rng.choice(("R1", "R2")), boarding=rng.random() < 0.5,
            route=rng.choice(("", "r1", "r2")), family="F" if i in (0, 4) else "",
        ))  # fmt: skip
    routes = [Route("r1", "R1", "p1", 1, rng.choice((60, 100))), Route("r2", "R2", "p1", 1, 100)]
    return problem(
        cohorts, dates=(DAY1, DAY2), n_windows=2, per_gate=rng.choice((90, 120)),
        routes=routes, points=[GatheringPoint("p1", "P", frozenset({"R1", "R2"}), 110)],
        rule_set=rules(gap=20, graduating=(2,), graduating_weight=7, grade_days_weight=15,
                       peak_weight=1),
    )  # fmt: skip


@pytest.mark.parametrize("seed", range(8))
def test_random_small_plans_reach_the_brute_force_optimum(seed: int):
    p = random_case(seed)
    result = solve_plan_checked(p)
    assert result.objective == best_by_brute_force(p)
    assert result.best_bound is not None and result.best_bound <= result.objective


def test_whole_grades_on_their_days_bound_the_busiest_window():
    # Kept whole, grade 1 (50, 45, 40) takes one day's two windows (85 in one of them) and
    # grade 2 (35, 30, 30) the other; splitting a grade would bring 70 but costs 20.
    sizes = {1: (50, 45, 40), 2: (35, 30, 30)}
    cohorts = [cohort(f"g{g}-{i}", grade=g, students=n)
               for g, row in sizes.items() for i, n in enumerate(row)]  # fmt: skip
    p = problem(cohorts, dates=(DAY1, DAY2), n_windows=2, per_gate=200,
                rule_set=rules(grade_days_weight=20, peak_weight=1))  # fmt: skip
    result = solve_plan_checked(p)
    assert result.objective == result.best_bound == best_by_brute_force(p) == 85


def test_a_route_spreads_its_classes_over_the_days_its_seats_need():
    # Three classes on a route of 60 seats a day: one a day, so the grade uses 3 days.
    cohorts = [cohort(f"c{i}", students=50, route="r1") for i in range(3)]
    p = problem(
        cohorts, dates=(DAY1, DAY2, date(2020, 4, 22)), n_windows=3, per_gate=200,
        routes=[Route("r1", "R", "p1", 1, 60)],
        points=[GatheringPoint("p1", "P", frozenset({"R1"}))],
        rule_set=rules(grade_days_weight=20, peak_weight=1),
    )  # fmt: skip
    result = solve_plan_checked(p)
    assert result.objective == result.best_bound == 2 * 20 + 50


def test_without_deterministic_work_each_solve_gets_its_share_and_a_plan():
    import dataclasses

    p = random_case(3)
    fast = dataclasses.replace(p, solver=dataclasses.replace(p.solver, deterministic=False))
    result = solve_plan_checked(fast)
    assert result.objective == best_by_brute_force(p)
