"""The dive of the relaxation's master (solver/dive.py): fixing and pricing until each
person is on one schedule, its roster checked by the independent checker."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from ortools.linear_solver import pywraplp

from bench.curtois.instance import read_instance
from bench.curtois.scenario import write_scenario
from inputs.load import load_scenario
from roster.check import check
from roster.model import Scenario
from roster.result import Assignment
from solver import dive, lower_bound
from solver import master as master_module
from solver.budget import DIVE_FIX_AT, DIVE_HURRY_FIX_AT
from solver.master import SCALE, Master


class _Shift:
    """A shift wanting one person: 100 for the empty seat, 1 for each one too many."""

    def __init__(self, sid: str, candidates: int = 2) -> None:
        self.id = sid
        self.costs = (100 * SCALE, 0, 1 * SCALE)
        self.candidates = candidates


def _master(schedules: list[list[tuple[int, tuple[str, ...]]]], shifts: list[str]) -> Master:
    master = Master([1] * len(schedules), [_Shift(s, len(schedules)) for s in shifts])
    master.add([[(own * SCALE, list(worked)) for own, worked in mine] for mine in schedules])
    return master


def _no_pricing(_: dict[str, int]) -> list[list[tuple[int, list[str]]]]:
    return [[], [], []]


PAIRS = [("s1", "s2"), ("s2", "s3"), ("s1", "s3")]


def _triangle() -> Master:
    """Three people, each able to work two of three shifts or none: half of each on their
    pair covers every seat once (0), where any whole choice leaves a seat empty (100) or
    one twice (1): the master's optimum is fractional."""
    return _master([[(0, pair), (0, ())] for pair in PAIRS], ["s1", "s2", "s3"])


def test_the_master_of_an_odd_cycle_is_half_of_each() -> None:
    master = _triangle()
    assert master.solve() and master.value == pytest.approx(0)
    worked, whole = master.worked()
    assert not whole and sorted(worked.values()) == pytest.approx([0.5] * 6)


class _Pace:
    """A budget of `budget` steps (each `used()` a step)."""

    def __init__(self, budget: float = 1e9, steps_used: float = 0.0) -> None:
        self.budget = budget
        self.steps = steps_used

    def used(self) -> float:
        self.steps += 1
        return self.steps

    def over(self) -> bool:
        return self.steps >= self.budget


def test_fixing_alone_ends_on_the_best_whole_choice_of_the_schedules_found() -> None:
    forced: list[tuple[int, str]] = []
    found = dive.dive(_triangle(), _no_pricing, lambda i, s: forced.append((i, s)), _Pace())
    assert found is not None and found.whole and found.value == pytest.approx(1)
    assert len(forced) >= 1
    cover = [s for schedule in found.schedules for s in schedule]
    assert sorted(set(cover)) == ["s1", "s2", "s3"] and len(cover) == 4


def test_pricing_brings_the_schedule_that_completes_what_is_fixed() -> None:
    asked: list[dict[str, int]] = []

    def price(mu: dict[str, int]) -> list[list[tuple[int, list[str]]]]:
        asked.append(mu)  # each person alone on either shift of their pair
        return [[(0, [s]) for s in pair] for pair in PAIRS]

    found = dive.dive(_triangle(), price, lambda i, s: None, _Pace())
    assert found is not None and found.whole and found.value == pytest.approx(0)
    cover = sorted(s for schedule in found.schedules for s in schedule)
    assert cover == ["s1", "s2", "s3"]  # one fixed on one shift, another on the other two
    assert len(asked) == 1


def test_out_of_budget_the_dive_ends_fractional() -> None:
    found = dive.dive(_triangle(), _no_pricing, lambda i, s: None, _Pace(budget=0))
    assert found is not None and not found.whole and found.steps == 0


def test_a_dive_cut_short_offers_each_persons_heaviest_schedule(tmp_path, monkeypatch) -> None:
    # Curtois 13's dive ran its whole share without ending whole; its people's heaviest
    # schedules then cost a fifth of the priced start there (the whole model takes the
    # cheaper: solver/phases.py, `with_dive`). Each schedule keeps its person's rules.
    monkeypatch.setattr(lower_bound, "MIN_ROUNDS", 0)  # a relaxation cut short still counts
    sc = _curtois1(tmp_path)
    found = lower_bound.lower_bound(sc, 1.0, True, dive_budget=1e-9)
    assert found is not None and found.columns is not None and found.dive is not None
    assert found.dive["whole"] is False and found.columns.dived
    report = check(sc, _roster(sc, found.columns.dived))
    assert report.ok, report.hard


def _slow_lp() -> pywraplp.Solver:
    """A linear program of 3,000 variables that GLOP does not solve in a millisecond."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    rng = random.Random(1)
    xs = [lp.NumVar(0, 10, "") for _ in range(3000)]
    for _ in range(1500):
        row = lp.Constraint(-lp.infinity(), rng.randint(10, 100))
        for x in rng.sample(xs, 30):
            row.SetCoefficient(x, rng.random())
    for x in xs:
        lp.Objective().SetCoefficient(x, -rng.random())
    lp.Objective().SetMinimization()
    return lp


def test_a_masters_time_limit_is_lifted_when_its_caller_has_none() -> None:
    # A limit of a millisecond left on the solver would stop this solve unfinished.
    lifted = _slow_lp()
    assert master_module._within(lifted, 0.001)
    assert master_module._within(lifted, math.inf) and lifted.Solve() == pywraplp.Solver.OPTIMAL
    assert not master_module._within(lifted, 0.0)


def test_a_master_out_of_time_has_no_solution_and_the_dive_keeps_its_last() -> None:
    master = _triangle()
    master.left = lambda: 0.0
    assert not master.solve()
    # The clock runs out after the dive's first solution: the dive ends on it.
    calls = iter([1.0, 0.0])
    timed = _triangle()
    timed.left = lambda: next(calls, 0.0)
    found = dive.dive(timed, _no_pricing, lambda i, s: None, _Pace())
    assert found is not None and found.steps == 0 and not found.whole
    assert found.value == pytest.approx(0)


def test_a_dive_behind_its_pace_hurries_and_still_ends_whole() -> None:
    # Past a quarter of a budget of 8 with none of the 6 pairs worked fractionally (each
    # person half on two shifts) gone yet: at that pace the dive would not end in time.
    pace = _Pace(budget=8, steps_used=2)
    found = dive.dive(_triangle(), _no_pricing, lambda i, s: None, pace)
    assert found is not None and found.whole and found.hurried
    assert not pace.over()
    # Before that quarter, the same dive does not hurry.
    early = dive.dive(_triangle(), _no_pricing, lambda i, s: None, _Pace(budget=8))
    assert early is not None and early.whole and not early.hurried


def test_a_hurried_step_also_fixes_each_persons_heaviest_shift() -> None:
    """Two people, each on one of two shifts: in a hurry each one's fractional shift worked
    at least DIVE_HURRY_AT is fixed too, not only the heaviest of all."""
    two = [(0, ("a",)), (0, ("b",))]
    worked = {(0, "a"): 0.8, (0, "b"): 0.2, (1, "b"): 0.75, (1, "a"): 0.25}
    calm = _master([two, two], ["a", "b"])
    assert dive._to_fix(worked, calm, False, DIVE_HURRY_FIX_AT) == [(0, "a")]
    hurried = _master([two, two], ["a", "b"])
    assert dive._to_fix(worked, hurried, True, DIVE_HURRY_FIX_AT) == [(0, "a"), (1, "b")]
    assert hurried.forced == [{"a"}, {"b"}]
    # Below DIVE_HURRY_AT a person's shift waits for its turn as the heaviest of all.
    low = {(0, "a"): 0.8, (1, "b"): 0.6, (1, "a"): 0.4}
    assert dive._to_fix(low, _master([two, two], ["a", "b"]), True, DIVE_HURRY_FIX_AT) == [(0, "a")]


def test_a_shift_is_forced_only_with_a_schedule_that_works_it_and_the_forced_ones() -> None:
    master = _master([[(0, ("early",)), (0, ("late",))]], ["early", "late"])
    master.force(0, "early")
    assert master.can_force(0, "early") and not master.can_force(0, "late")


def _curtois1(tmp_path: Path) -> Scenario:
    fixture = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"
    return load_scenario(write_scenario(read_instance(fixture), tmp_path / "instance1"))


def test_the_dive_of_curtois1_is_a_roster_the_checker_costs_as_the_master(tmp_path) -> None:
    sc = _curtois1(tmp_path)
    found = lower_bound.lower_bound(sc, 5.0, True, dive_budget=20.0)
    assert found is not None and found.columns is not None and found.dive is not None
    assert found.dive["whole"] is True
    report = check(sc, _roster(sc, found.columns.dived))
    assert report.ok, report.hard
    # Every cost is a person's own or the cover's: the master's value is the roster's.
    assert report.objective == round(float(found.dive["value"]))
    assert found.value <= report.objective  # Instance1's optimum is 607
    assert lower_bound.stats(found)["dive"] == found.dive


def test_no_dive_budget_no_dive(tmp_path) -> None:
    found = lower_bound.lower_bound(_curtois1(tmp_path), 5.0, True)
    assert found is not None and found.dive is None and found.columns is not None
    assert found.columns.dived == () and "dive" not in lower_bound.stats(found)


def test_a_pair_both_worked_enough_and_the_heaviest_fractional_is_fixed_once() -> None:
    master = _master([[(0, ("n",)), (0, ())]], ["n"])
    assert dive._to_fix({(0, "n"): 0.95}, master, False, DIVE_HURRY_FIX_AT) == [(0, "n")]
    assert master.forced == [{"n"}]


def test_a_step_caught_up_prices_until_the_masters_value_stops_falling() -> None:
    """One person, two shifts of one seat each, only the empty schedule found so far (200):
    the second round brings a schedule that fills one seat (100), the third nothing new,
    so the third round is the last of the four allowed."""
    brought = [[], [(0, ["s1"])], [], [(0, ["s1", "s2"])]]
    asked: list[dict[str, int]] = []

    def price(mu: dict[str, int]) -> list[list[tuple[int, list[str]]]]:
        asked.append(mu)
        return [brought[len(asked) - 1]]

    master = _master([[(0, ())]], ["s1", "s2"])
    assert dive._caught_up(master, price, _Pace(), 4)
    assert len(asked) == 3 and master.value == pytest.approx(100)
    # One round a step (a dive that hurries, or a master not at its optimum) stops there.
    once = _master([[(0, ())]], ["s1", "s2"])
    asked.clear()
    assert dive._caught_up(once, price, _Pace(), 1) and len(asked) == 1


def test_a_lost_round_stops_the_catching_up() -> None:
    master = _master([[(0, ())]], ["s1"])
    assert not dive._caught_up(master, lambda mu: None, _Pace(), 4)


def test_a_dive_catching_up_fixes_only_what_is_worked_whole_until_it_hurries() -> None:
    """A pair worked at 0.95 waits while the dive catches up (DIVE_FIX_AT), and is fixed
    once it hurries (DIVE_HURRY_FIX_AT), with the heaviest fractional pair either way."""
    hurried = _master([[(0, ("n",)), (0, ())], [(0, ("d",)), (0, ())]], ["n", "d"])
    worked = {(0, "n"): 0.95, (1, "d"): 0.96}
    assert dive._to_fix(worked, hurried, True, DIVE_HURRY_FIX_AT) == [(0, "n"), (1, "d")]
    calm = _master([[(0, ("n",)), (0, ())], [(0, ("d",)), (0, ())]], ["n", "d"])
    assert dive._to_fix(worked, calm, False, DIVE_FIX_AT) == [(1, "d")]


def test_the_dive_of_a_relaxation_at_its_optimum_catches_up(tmp_path) -> None:
    sc = _curtois1(tmp_path)
    found = lower_bound.lower_bound(sc, 5.0, True, dive_budget=20.0)
    assert found is not None and found.dive is not None and found.columns is not None
    assert found.converged and found.dive["caught_up"] is True and found.dive["whole"]
    report = check(sc, _roster(sc, found.columns.dived))
    assert report.ok, report.hard
    assert report.objective == round(float(found.dive["value"]))


def _roster(sc: Scenario, worked: tuple[tuple[str, str], ...]) -> list[Assignment]:
    out = []
    for pid, sid in worked:
        shift = sc.shift_by_id[sid]
        group = sc.duty_by_id[shift.duty_id].groups[0].id
        out.append(Assignment(shift.date, shift.duty_id, group, "", pid))
    return out


class _AbnormalOnce:
    """GLOP as warm-started after many bounds changed: its first solve ends ABNORMAL."""

    def __init__(self, lp) -> None:
        self.lp = lp
        self.calls: list[bool] = []  # whether each solve had parameters

    def Solve(self, *params):  # noqa: N802 (pywraplp's name)
        self.calls.append(bool(params))
        if len(self.calls) == 1:
            return pywraplp.Solver.ABNORMAL
        return self.lp.Solve(*params)

    def __getattr__(self, name: str):
        return getattr(self.lp, name)


def test_a_master_ending_abnormal_is_solved_again_from_scratch() -> None:
    master = _triangle()
    master.lp = _AbnormalOnce(master.lp)
    assert master.solve() and master.value == pytest.approx(0)
    assert master.lp.calls == [False]  # then a new GLOP, its solution loaded back
    worked, whole = master.worked()
    assert not whole and sorted(worked.values()) == pytest.approx([0.5] * 6)
    assert master.prices() is not None and master.lp.calls == [False, False]
