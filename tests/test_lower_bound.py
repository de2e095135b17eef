"""The relaxation's bound (solver/lower_bound.py): never above the proven optimum, and
above what each person alone gives when the cover makes someone give up a wish."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from ortools.sat.python import cp_model

from bench.curtois.instance import read_instance
from bench.curtois.scenario import write_scenario
from inputs.load import load_scenario
from outputs.summary import human_summary, summary_dict
from roster.model import Request, RequestKind, Scenario
from roster.result import Status
from solver import blocks, budget, lower_bound, phases
from solver.master import Master
from solver.solve import build
from tests.builders import (
    START,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    with_pairs,
)
from tests.strategies import examples, scenarios


def _optimum(sc: Scenario) -> int | None:
    """The whole model's proven optimum (the first stage's cost), or None if not proven."""
    return _optimum_of(build(sc))


@examples(60)
@given(scenarios())
def test_the_relaxation_never_bounds_above_the_proven_optimum(sc: Scenario):
    found = lower_bound.lower_bound(sc, budget=3.0, deterministic=True)
    optimum = _optimum(sc)
    if found is not None and optimum is not None:
        assert found.value <= optimum, (found, optimum)


@examples(60)
@given(scenarios())
def test_the_priced_cuts_never_cut_off_the_optimum(sc: Scenario):
    """Each person's cut (own cost plus the best prices worked, at least their least at
    them) holds in every roster keeping the hard rules: the whole model with the cuts has
    the same optimum."""
    found = lower_bound.lower_bound(sc, budget=3.0, deterministic=True)
    optimum = _optimum(sc)
    if found is None or found.cuts is None or optimum is None:
        return
    built = build(sc)
    phases._add_priced_cuts(built.model, built.penalties, built.vars, found.cuts)
    assert _optimum_of(built) == optimum


def test_every_person_gets_a_priced_cut_and_the_optimum_stays():
    """Prices that bind (a wish given up for the cover): one cut a person, same optimum."""
    sc = _tight()
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert found is not None and found.cuts is not None
    assert any(found.cuts.mu.values())
    built = build(sc)
    assert phases._add_priced_cuts(built.model, built.penalties, built.vars, found.cuts) == len(
        sc.people
    )
    assert _optimum_of(built) == _optimum(sc)


def _optimum_of(built) -> int | None:
    built.model.minimize(built.cost())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    solver.parameters.max_time_in_seconds = 30
    if solver.solve(built.model) != cp_model.OPTIMAL:
        return None
    return int(round(solver.objective_value))


def _tight(**extra: object) -> Scenario:
    """Three people, two seats a night for three nights, each at most two nights: every
    seat filled takes everyone twice, so two of them work the first night, which all three
    would rather not (1 each); an empty seat costs 10."""
    sc = scenario(
        [person(p, max_shifts=2) for p in "abc"],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover", hard=False, weight=10), rule("requests", not_weight=1)],
        **extra,  # type: ignore[arg-type]
    )
    wishes = tuple(Request(p, START, RequestKind.NOT) for p in "abc")
    return dataclasses.replace(sc, requests=wishes)


def test_pricing_the_cover_finds_what_each_person_alone_does_not():
    sc = _tight()
    alone = blocks.pool_bound(blocks.person_bounds(sc, processes=1))
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert alone == 0
    assert found is not None and found.value == 2 == _optimum(sc)


def test_a_relaxation_still_heading_in_late_in_its_share_stops_without_columns():
    # The second round's prices are the master's first, extreme duals: its value is below
    # the first round's, and a share of under three rounds is past LOWER_BOUND_RISE_SHARE.
    sc = _tight()
    short = lower_bound.lower_bound(sc, budget=0.08, deterministic=True)
    assert short is not None and short.heading_in
    assert (short.value, short.rounds, short.columns) == (0, 2, None)
    assert lower_bound.stats(short)["relaxation"]["heading_in"] is True
    # Given the time, the same ascent rises to the optimum and keeps its schedules.
    full = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert full is not None and not full.heading_in and full.columns is not None
    assert full.value == 2 and "heading_in" not in lower_bound.stats(full)["relaxation"]


def test_seats_nobody_can_take_count_in_the_bound():
    # Nobody may work the second night: its two seats stay empty in every roster (20),
    # and the first night's wishes still cost 2.
    sc = _tight(availability=[period(p, 1, 1) for p in "abc"])
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert found is not None and found.value == _optimum(sc) == 22


def test_a_solve_reports_the_relaxation_it_ran():
    sc = _tight()
    result = solve_checked(sc)
    assert result.status is Status.OPTIMAL
    assert result.objective == result.best_bound == 2
    assert result.stats["relaxation"]["bound"] == 2
    # The search's own bound is not above it: the summary names the relaxation.
    assert result.stats["bound_source"] == "relaxation"
    assert summary_dict(sc, result)["bound_source"] == "relaxation"
    assert "bound 2 (relaxation)," in human_summary(sc, result)


def test_a_bound_of_the_search_is_not_named():
    sc = _tight()
    result = dataclasses.replace(solve_checked(sc), stats={"bound_source": "search"})
    assert summary_dict(sc, result)["bound_source"] == "search"
    assert "bound 2," in human_summary(sc, result)


def test_the_same_bound_every_run_in_deterministic_mode():
    sc = _tight()
    runs = {lower_bound.lower_bound(sc, budget=0.05, deterministic=True) for _ in range(2)}
    assert len({(r.value, r.rounds) for r in runs if r is not None}) == 1


def test_a_pair_on_the_same_shift_counts_twice_in_the_master():
    # A pair bound together is one block: its schedule with both on the first night puts
    # two people there, as the cover counts them.
    sc = scenario(
        [person(p) for p in "ab"],
        days=2,
        duties=[night([group("1", 3)])],
        rules=[rule("cover", hard=False, weight=10)],
    )
    sc = with_pairs(sc, "together", ("a", "b"))
    parts = lower_bound._blocks(sc)
    assert parts is not None and len(parts) == 1
    shifts = lower_bound._shifts(sc, lower_bound._candidates(parts))
    master = Master([part.copies for part in parts], shifts)
    first = shifts[0].id
    assert master.add([[(0, [first, first])]])
    column = master.lp.variables()[-1]
    assert master.ties[first].GetCoefficient(column) == 2
    assert master.ties[shifts[1].id].GetCoefficient(column) == 0


def test_a_solve_stopped_before_any_schedule_proves_nothing():
    """CP-SAT stopped at once reports UNKNOWN with a bound of 0, above the optimum of a
    block whose prices make its least cost negative: that 0 once made a loaded machine's
    relaxation report a bound above its own roster (Curtois Instance5: 1,768 against 1,348)."""
    model = cp_model.CpModel()
    works = [model.new_bool_var(f"w{i}") for i in range(30)]
    model.add(sum(works) <= 7)
    model.minimize(sum(-3 * x for x in works))  # priced: each shift worked lowers the cost
    stopped = cp_model.CpSolver()
    stopped.parameters.max_time_in_seconds = 0.0
    code = stopped.solve(model)
    assert code == cp_model.UNKNOWN and stopped.best_objective_bound == 0  # the trap
    assert blocks.proven_lower(stopped, code) is None
    solved = cp_model.CpSolver()
    assert blocks.proven_lower(solved, solved.solve(model)) == -21


def test_the_priced_sum_needs_every_blocks_priced_cost():
    a = blocks.BlockBound(("a",), 5, 5, priced=9)
    assert blocks.pool_bound([a, blocks.BlockBound(("b",), 4, 4, priced=None)]) == 9  # plain
    assert blocks.pool_bound([a, blocks.BlockBound(("b",), 4, 4, priced=6)]) == 15


def _spent(budget: float = 10.0) -> lower_bound._Spent:
    return lower_bound._Spent(0.0, budget, deterministic=True, deadline=None)


# Curtois 9's last rounds at a 10 s share: bound 320, 343 then 389 (in 1/SCALE below), the
# master at 405.7; one more round of the same length ends past the share.
MARKS, BESTS, MASTER = [7.4, 8.2, 9.0], [31990, 34330, 38870], 405.7


def test_a_relaxation_closing_in_at_the_end_of_its_share_gets_its_grace_once():
    spent = _spent()
    assert spent.grace(MARKS[:2] + [9.6], BESTS, MASTER)
    assert spent.budget == 10.0 * (1 + budget.LOWER_BOUND_GRACE_SHARE) and spent.graced
    assert not spent.grace(MARKS[:2] + [12.0], BESTS, MASTER)  # once only


def test_no_grace_while_the_next_round_fits_or_the_gap_is_closed_or_out_of_reach():
    fits = _spent(budget=20.0)
    assert not fits.grace(MARKS, BESTS, MASTER)
    closed = _spent()
    near = BESTS[:2] + [int(lower_bound.SCALE * MASTER * (1 - budget.LOWER_BOUND_GRACE_GAP / 2))]
    assert not closed.grace(MARKS[:2] + [9.6], near, MASTER)
    slow = _spent()
    assert not slow.grace(MARKS[:2] + [9.6], [38000, 38100, 38200], MASTER)
    assert (fits.budget, closed.budget, slow.budget) == (20.0, 10.0, 10.0)


# Curtois 8 on a slow machine, 12 s share: round 1 at 42 (the prices at zero), the rounds
# after it climbing back from the first master's extreme duals, about 0.8 s each.
RISING_MARKS, RISING_VALUES, FIRST = [7.0, 7.8], [-56870, -21990], 4200


def test_a_relaxation_climbing_fast_enough_is_waited_for():
    """Past LOWER_BOUND_RISE_SHARE with no round above the first, but at this pace the
    next round passes it: the relaxation goes on (a slower machine is no reason to stop)."""
    assert _spent(budget=12.0).rises_in_time(RISING_MARKS, RISING_VALUES, FIRST)


def test_a_relaxation_climbing_too_slowly_or_falling_stops_heading_in():
    slow = [-56870, -56000]  # 870 a round: 70 more rounds
    assert not _spent(budget=12.0).rises_in_time(RISING_MARKS, slow, FIRST)
    falling = [-21990, -56870]
    assert not _spent(budget=12.0).rises_in_time(RISING_MARKS, falling, FIRST)
    assert not _spent(budget=12.0).rises_in_time(RISING_MARKS[1:], RISING_VALUES[1:], FIRST)


def test_the_grace_is_reported():
    sc = _tight()
    found = lower_bound.lower_bound(sc, budget=5.0, deterministic=True)
    assert found is not None and not found.graced
    assert "graced" not in lower_bound.stats(found)["relaxation"]
    graced = dataclasses.replace(found, graced=True)
    assert lower_bound.stats(graced)["relaxation"]["graced"] is True


def test_the_guide_is_each_persons_share_of_the_masters_solution(tmp_path) -> None:
    """Curtois Instance1 allows one shift a day: the master's solution has each person on at
    most one shift's worth of each day, every weight in (0, 1], only people with columns."""
    fixture = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"
    sc = load_scenario(write_scenario(read_instance(fixture), tmp_path / "instance1"))
    found = lower_bound.lower_bound(sc, 5.0, True)
    assert found is not None and found.columns is not None and found.columns.guide
    per_day: dict[tuple[str, object], float] = {}
    for pid, sid, w in found.columns.guide:
        assert pid in found.columns.people and 0 < w <= 1 + 1e-6
        key = (pid, sc.shift_by_id[sid].date)
        per_day[key] = per_day.get(key, 0.0) + w
    assert max(per_day.values()) <= 1 + 1e-6


def test_people_alike_share_their_blocks_guide() -> None:
    """A block of two people alike that works the shift once in the master's solution (one
    person on it is free, none or two cost): each of them is guided to half of it."""
    part = lower_bound._Block(cp_model.CpModel(), 0, [], [("a",), ("b",)], copies=2)
    shift = lower_bound._Shift("n", (100 * 100, 0, 50 * 100), 2)
    master = Master([2], [shift])
    master.add([[(0, ["n"]), (0, [])]])
    assert master.solve()
    columns = lower_bound._columns([part], master, [shift])
    assert columns is not None and columns.people == ("a", "b")
    assert columns.guide == (("a", "n", pytest.approx(0.5)), ("b", "n", pytest.approx(0.5)))


def _curtois1(tmp_path: Path) -> Scenario:
    fixture = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"
    return load_scenario(write_scenario(read_instance(fixture), tmp_path / "instance1"))


def test_a_relaxation_cut_short_resumes_to_the_full_bound_after_its_dive(
    tmp_path, monkeypatch
) -> None:
    # Rounds of a relaxation cut by its budget go on where they stopped. Freed of the
    # dive's forced shifts, they reach the bound of a relaxation given the time. The
    # forced shifts kept would bound only the rosters working them (613 here, above the
    # optimum of 607).
    monkeypatch.setattr(lower_bound, "MIN_ROUNDS", 0)  # rounds this short still count
    sc = _curtois1(tmp_path)
    full = lower_bound.lower_bound(sc, 20.0, True)
    assert full is not None and full.converged and full.ascent is None
    cut = lower_bound.lower_bound(sc, 1.0, True, dive_budget=20.0)
    assert cut is not None and cut.ascent is not None and cut.value < full.value
    assert cut.dive is not None and cut.dive["steps"] >= 1
    resumed = lower_bound.resume(cut, 20.0, sc.solver)
    assert resumed.value == full.value <= 607  # Instance1's optimum
    assert resumed.converged and resumed.ascent is None
    said = lower_bound.stats(resumed)["relaxation"]["resumed"]
    assert (said["from"], said["to"], said["converged"]) == (cut.value, full.value, True)
    assert said["rounds"] == resumed.rounds - cut.rounds > 0


def test_a_relaxation_within_its_gap_or_at_its_optimum_is_not_resumed(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(lower_bound, "MIN_ROUNDS", 0)
    sc = _curtois1(tmp_path)
    near = lower_bound.lower_bound(sc, 2.0, True)  # within 1 % of its master's value
    assert near is not None and not near.converged and near.ascent is None
    assert lower_bound.resume(near, 20.0, sc.solver) is near
    short = lower_bound.lower_bound(_tight(), budget=0.08, deterministic=True)
    assert short is not None and short.heading_in and short.ascent is None


def test_a_relaxation_too_slow_for_its_share_is_not_resumed(tmp_path) -> None:
    # Three rounds of a share holding fewer than MIN_ROUNDS: the time went back to the
    # search, and rounds that slow would not reach a bound after it either.
    found = lower_bound.lower_bound(_curtois1(tmp_path), 1.0, True)
    assert found is not None and found.rounds == 3 and found.ascent is None
