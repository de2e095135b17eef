"""Person bounds, the phased solve of large models, and solving a large pool in teams.

The thresholds that switch these on are lowered here, so that small scenarios (which the
checker and a direct solve can judge) take the same code paths as the benchmark's.
"""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model

from roster.check import check
from roster.model import Scenario
from roster.result import Result, Status
from solver import blocks, phases, team_seats, teams
from solver.construct import construct
from tests.builders import (
    day_duty,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
)
from tests.strategies import scenarios

solve_module = importlib.import_module("solver.solve")

FEW = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture
def phased(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every model, however small, is solved in phases."""
    monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)


def _fairness_and_wishes():
    """Four people, a night each of four nights; each would rather not work two of them.

    Alone each can keep their wish; together the cover still fits (each takes one of their
    free nights), so the person bounds (all 0 but the fairness band) are reachable."""
    people = [person(f"p{i}") for i in range(4)]
    avoid = [period(f"p{i}", i, i, "prefer_not") for i in range(4)]
    rules = [
        rule("cover"),
        rule("preferences", prefer_not_weight=20),
        rule("fairness", categories={"all": 10}),
    ]
    return scenario(people, days=4, rules=rules, availability=avoid)


# ---- person bounds ----


def _first_stage_values(sc):
    """The whole model solved directly: (built model, solver holding the optimum)."""
    built = solve_module.build(sc)
    built.model.minimize(built.cost())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5
    code = solver.solve(built.model)
    return built, solver, code


@FEW
@given(scenarios())
def test_a_blocks_model_costs_exactly_what_the_whole_model_charges_its_people(sc):
    """Fix a block's model to the whole model's roster: the same cost, penalty for penalty."""
    if not blocks.applicable(sc):
        return
    built, solver, code = _first_stage_values(sc)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    shares = blocks.all_shares(sc)
    found = blocks.blocks(sc)
    for people, sub in zip(found, blocks.block_scenarios(sc, found), strict=True):
        mine = [p for p in built.penalties if blocks.personal(p) and p.person_id in people]
        expected = phases.exact_cost(solver, mine)
        model, v, penalties = blocks.block_model(sub, shares)
        for key, x in v.works.items():
            model.add(x == solver.value(built.vars.works[key]))
        for key, r in v.role.items():
            model.add(r == solver.value(built.vars.role[key]))
        check = cp_model.CpSolver()
        assert check.solve(model) == cp_model.OPTIMAL
        assert phases.exact_cost(check, penalties) == expected, people


@FEW
@given(scenarios())
def test_person_bounds_never_exceed_the_first_stage_optimum(sc):
    if not blocks.applicable(sc):
        return
    built, solver, code = _first_stage_values(sc)
    if code != cp_model.OPTIMAL:
        return
    lower = sum(b.lower for b in blocks.person_bounds(sc, processes=1))
    assert lower <= phases.exact_cost(solver, built.penalties)


def test_people_alike_share_one_block_solve():
    sc = scenario([person("a"), person("b"), person("c", "S2")], days=3, rules=[rule("cover")])
    subs = blocks.block_scenarios(sc, blocks.blocks(sc))
    shares = blocks.all_shares(sc)
    keys = [blocks.signature(sub, shares) for sub in subs]
    assert keys[0] == keys[1]  # only their ids and names differ
    cached = blocks.person_bounds(sc, processes=1)
    assert [b.people for b in cached] == [("a",), ("b",), ("c",)]
    assert all(pid == b.people[0] for b in cached for pid, _, _ in b.schedule)


def test_a_wish_against_the_fair_share_is_a_bound_the_relaxation_misses():
    """One person, three nights, a fair share of 1 night and a wish to work all three: the
    bound is 2 missed wishes x 5, or 2 nights above the share x 10, whichever is cheaper."""
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=3,
        rules=[
            rule("cover"),
            rule("preferences", prefer_weight=5),
            rule("fairness", categories={"all": 10}),
        ],
        availability=[period("a", 0, 2, "prefer")],
    )
    found = {b.people: b for b in blocks.person_bounds(sc, processes=1)}
    assert found[("a",)].lower == 10 and found[("a",)].proven
    assert found[("b",)].lower == 0


# ---- the phased solve ----


def test_a_first_roster_at_the_bounds_is_proven_optimal(phased):
    result = solve_checked(_fairness_and_wishes())
    assert result.status is Status.OPTIMAL
    assert result.objective == result.best_bound == 0
    assert result.stats["first_at_bounds"]["status"] == "OPTIMAL"
    assert "main_s" not in result.stats  # no search needed after the first roster


def test_when_the_bounds_do_not_fit_the_cover_the_objective_is_searched(phased):
    """Two people, one seat a night, both wishing off the first two nights: alone each keeps
    the wish, but someone must work each night, so the optimum is 2 x 20 above the bound."""
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("preferences", prefer_not_weight=20)],
        availability=[period("a", 0, 1, "prefer_not"), period("b", 0, 1, "prefer_not")],
    )
    result = solve_checked(sc)
    assert result.stats["person_bound"] == 0
    assert result.stats["first_at_bounds"]["status"] != "OPTIMAL"
    assert result.objective == 40 and result.status is Status.OPTIMAL


def _short_night():
    """Night 2 has one available person for two seats."""
    return scenario(
        [person("a"), person("b"), person("c")],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("rest", free_days=0, hard=True)],
        availability=[period("b", 1, 1), period("c", 1, 1)],
    )


def test_a_genuine_shortage_is_held_at_its_floor_by_the_first_roster(phased):
    """Night 2 has one available person for two seats: proven before solving, so the first
    roster is the one with the fewest empty seats, which keeps that one shortfall (its
    floor) and fills everything else."""
    sc = _short_night()
    result = solve_checked(sc)
    assert result.stats["least_empty_seats"] == 1
    assert "first_at_bounds" not in result.stats
    assert result.stats["first_least_short"]["status"] in ("OPTIMAL", "FEASIBLE")
    short = [v for v in result.violations if v.kind == "cover"]
    assert [(v.date - sc.start).days for v in short] == [1]
    assert short[0].amount == 1


def test_phased_solves_repeat_exactly(phased):
    sc = _fairness_and_wishes()
    first, second = solve_checked(sc), solve_checked(sc)
    assert first.assignments == second.assignments


@FEW
@given(scenarios())
def test_phased_and_direct_solves_agree_on_random_scenarios(sc):
    direct = solve_checked(sc)
    original = phases.PHASED_MIN_PAIRS
    phases.PHASED_MIN_PAIRS = 0
    try:
        staged = solve_checked(sc)
    finally:
        phases.PHASED_MIN_PAIRS = original
    if direct.status is Status.OPTIMAL and staged.status is Status.OPTIMAL:
        assert staged.objective == direct.objective
    assert staged.best_bound is None or staged.best_bound <= direct.objective


# ---- teams ----


def test_apportion_follows_weights_within_capacity():
    assert team_seats.apportion(6, [5, 5, 5]) == [2, 2, 2]
    assert sum(team_seats.apportion(7, [3, 3, 3])) == 7
    assert team_seats.apportion(10, [2, 8, 8], [10, 1, 1]) == [2, 4, 4]  # the first is full at 2
    assert team_seats.apportion(5, [1, 1]) == [4, 1]  # beyond capacity: short wherever it lands


def test_apportion_rotates_ties_so_no_team_always_rounds_up():
    firsts = [team_seats.apportion(1, [4, 4, 4], rotation=n).index(1) for n in range(3)]
    assert sorted(firsts) == [0, 1, 2]


def test_apportion_carries_its_rounding_so_a_slightly_heavier_team_does_not_win_every_seat():
    """Two leader seats a night among six teams, one team's weight a little above the
    others': each night alone rounds that team up; carried over 30 nights, every team gets
    its ten."""
    weights = [4.2, 4.1, 4.1, 4.1, 4.1, 4.1]
    alone = [0] * 6
    carry = [0.0] * 6
    carried = [0] * 6
    for day in range(30):
        for i, n in enumerate(team_seats.apportion(2, [42] * 6, weights, day)):
            alone[i] += n
        for i, n in enumerate(team_seats.apportion(2, [42] * 6, weights, day, carry)):
            carried[i] += n
    assert alone[0] == 30
    assert carried == [10] * 6


def _district_like():
    """Twelve people of three schools, a night with a leader and a day duty."""
    people = [
        person(f"p{i:02}", f"S{i % 3}", *(["leader"] if i % 4 == 0 else [])) for i in range(12)
    ]
    duties = [night([group("1", 2, leader=1), group("2", 1)]), day_duty([group("1", 2)])]
    return scenario(
        people,
        days=6,
        duties=duties,
        rules=[
            rule("cover"),
            rule("roles"),
            rule("rest", free_days=1, hard=True),
            rule("fairness", categories={"all": 10}),
            rule("same_school_group", hard=False, weight=1),
        ],
        availability=[period("p03", 2, 4), period("p05", 0, 1, "prefer_not")],
    )


def test_team_shares_add_up_to_every_seat_and_fit_each_team():
    sc = _district_like()
    found = blocks.person_bounds(sc, processes=1)
    dealt = [tuple(p.id for p in sc.people[:6]), tuple(p.id for p in sc.people[6:])]
    plan = team_seats.seat_plan(sc, dealt, found)
    subs = [plan.scenario_of([i]) for i in range(len(dealt))]
    for shift in sc.shifts:
        parts = [s.cover.shift_headcount(shift.duty_id, shift.date) for s in subs]
        assert sum(p.min for p in parts) == sc.cover.shift_headcount(shift.duty_id, shift.date).min
        for sub, part in zip(subs, parts, strict=True):
            able = sum(1 for p in sub.people if sub.is_available(p.id, shift))
            assert part.min <= able
        leaders = [s.cover.shift_role(shift.duty_id, shift.date, "leader").min for s in subs]
        if "leader" in sc.duty_by_id[shift.duty_id].role_seats():
            assert sum(leaders) == sc.cover.shift_role(shift.duty_id, shift.date, "leader").min


def _wishing_off(nights: int):
    """Two people, one seat a night, both wishing off the first `nights` of four: at their
    bounds (0) nobody works those nights."""
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("preferences", prefer_not_weight=20)],
        availability=[
            period("a", 0, nights - 1, "prefer_not"),
            period("b", 0, nights - 1, "prefer_not"),
        ],
    )
    shares = blocks.all_shares(sc)
    found = blocks.person_bounds(sc, processes=1, shares=shares)
    return sc, solve_module.solve_whole(sc, None, shares, found)


def test_a_team_a_little_short_at_its_bounds_fills_every_seat_near_them(phased):
    """Two wishes bent (40) are within the near_bounds slack (three of the dearest, 60)."""
    sc, result = _wishing_off(2)
    assert "first_at_bounds" not in result.stats  # near them is tried first
    assert result.stats["first_near_bounds"]["status"] in ("OPTIMAL", "FEASIBLE")
    stats = teams._team_stats(result)
    assert list(stats["tries"]) == ["near_bounds"]
    assert set(stats["steps_s"]) >= {"build_s", "near_bounds"}
    assert "first_least_short" not in result.stats
    assert result.stats["first_roster_cost"] == 40
    assert check(sc, result.assignments).objective == result.objective == 40


def test_a_team_whose_seats_fit_its_bounds_ends_at_them_in_its_first_try(phased):
    """One of two wishes off the first two nights: the other works them at no cost, so the
    near_bounds try reaches the bound (0) and the team is proven optimal without a search."""
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("preferences", prefer_not_weight=20)],
        availability=[period("a", 0, 1, "prefer_not")],
    )
    shares = blocks.all_shares(sc)
    found = blocks.person_bounds(sc, processes=1, shares=shares)
    result = solve_module.solve_whole(sc, None, shares, found)
    assert result.stats["first_near_bounds"]["status"] == "OPTIMAL"
    assert "first_at_bounds" not in result.stats and "main_s" not in result.stats
    assert result.status is Status.OPTIMAL
    assert check(sc, result.assignments).objective == result.objective == 0


def test_a_team_far_short_at_its_bounds_leaves_the_fewest_seats_empty(phased):
    """Four wishes (80) are beyond the slack: the team's first roster keeps its people at
    their bounds and says so (four seats empty) rather than bending the wishes, which
    another team might not need to."""
    sc, result = _wishing_off(4)
    assert result.stats["first_near_bounds"]["status"] == "INFEASIBLE"
    assert result.stats["first_least_short"]["status"] in ("OPTIMAL", "FEASIBLE")
    assert result.stats["first_roster_cost"] == 4 * sc.solver.hard_weight
    assert check(sc, result.assignments).objective == result.objective == 80


def test_a_team_with_no_roster_falls_back_on_its_own_schedules_cut_to_its_seats():
    sc = _district_like()
    found = blocks.person_bounds(sc, processes=1)
    dealt = [tuple(p.id for p in sc.people[:6]), tuple(p.id for p in sc.people[6:])]
    sub = team_seats.seat_plan(sc, dealt, found).scenario_of([0])
    tried = Result(Status.UNKNOWN, None, None, 1.0)
    roster = teams._own_schedules(sub, found, tried).assignments
    own = {(pid, sid) for b in found for pid, sid, _ in b.schedule}
    assert roster and all((a.person_id, a.shift_id) in own for a in roster)
    assert {a.person_id for a in roster} <= set(dealt[0])
    for shift in sub.shifts:
        on = [a for a in roster if a.shift_id == shift.id]
        assert len(on) <= sub.cover.shift_headcount(shift.duty_id, shift.date).max
        leaders = sum(1 for a in on if a.role == "leader")
        if "leader" in sc.duty_by_id[shift.duty_id].role_seats():
            assert leaders <= sub.cover.shift_role(shift.duty_id, shift.date, "leader").max


def test_a_pool_solved_in_teams_is_checked_and_bounded(monkeypatch):
    sc = _district_like()
    whole = solve_checked(sc)
    assert whole.status is Status.OPTIMAL
    monkeypatch.setattr(teams, "TEAMS_MIN_PAIRS", 0)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 40)
    result = solve_checked(sc)
    assert len(result.stats["teams"]) >= 2
    split = result.stats["split_least"]
    assert result.best_bound == result.stats["person_bound"] + split
    assert result.stats["person_bound"] <= whole.stats["first_stage_objective"]
    # Teams never beat the one model's first stage (who works when). The split into groups
    # may: the short shifts filled at the end can seat people who split better.
    realised = sum(v.cost for v in result.violations if v.kind == "same_school_group")
    assert result.objective - realised >= whole.stats["first_stage_objective"]


def test_a_pair_is_placed_in_the_seats_the_others_left():
    """Two pairs who must share their nights, one seat pair a night: placed one after the
    other, they take different nights."""
    from roster.model import Pair

    sc = scenario(
        [person(x) for x in "abcd"],
        days=4,
        duties=[night([group("1", 2)])],
        rules=[
            rule("cover"),
            rule("together", hard=False, weight=10),
            rule("fairness", categories={"all": 10}),  # two nights each: 8 seats, 4 people
        ],
    )
    pairs = (Pair("together", "a", "b"), Pair("together", "c", "d"))
    sc = dataclasses.replace(sc, pairs=pairs)
    shares = blocks.all_shares(sc)
    found = blocks.placed(sc, blocks.person_bounds(sc, processes=1, shares=shares), shares)
    assert [b.people for b in found] == [("a", "b"), ("c", "d")]
    nights = [{sid for _, sid, _ in b.schedule} for b in found]
    assert all(b.placed and b.lower == 0 for b in found)
    assert len(nights[0]) == len(nights[1]) == 2 and not nights[0] & nights[1]


def test_a_team_cut_short_by_its_pass_may_run_to_the_last_call():
    """Even part 10 s (a limit of 15 at TEAM_SLACK 1.5): a pass deadline 3 s away would cut
    it below that, so it runs to the last call, within its own limit and never below 10."""
    import time

    sc = scenario([person("a")], days=1)
    sub = dataclasses.replace(sc, solver=dataclasses.replace(sc.solver, time_limit_s=15.0))

    def limit(deadline_in: float, last_call_in: float) -> float:
        now = time.perf_counter()
        return teams._until(sub, now + deadline_in, now + last_call_in).solver.time_limit_s

    assert limit(100, 100) == 15.0  # the deadline leaves it its own limit
    assert 11.0 < limit(3, 12) <= 12.0  # to the last call
    assert limit(3, 100) == 15.0  # never above its own limit
    assert limit(3, 5) == 10.0  # never below its even part
    assert 11.0 < limit(12, 100) <= 12.0  # a deadline that leaves it its even part holds


def test_the_split_polishes_half_as_long_only_when_the_wall_clock_is_nearly_spent():
    import time

    s = scenario([person("a")], days=1).solver
    wall = dataclasses.replace(s, deterministic=False, time_limit_s=60.0)
    now = time.perf_counter()
    assert teams._split_polish(wall, now) == teams.REGROUP_POLISH_DTIME  # 60 s left
    assert teams._split_polish(wall, now - 55) == teams.REGROUP_POLISH_DTIME / 2  # 5 s left
    budget = dataclasses.replace(wall, deterministic=True)
    assert teams._split_polish(budget, now - 55) == teams.REGROUP_POLISH_DTIME  # a work budget


def test_an_empty_seat_outweighs_every_role_seat_in_the_least_short_try():
    # proto.domain[-1] answers 0 on this OR-Tools' protobuf: every role seat weighed as
    # much as a seat, and the least-short try could trade a seat for a role seat.
    model = cp_model.CpModel()
    roles = model.new_int_var(0, 7, "empty leader seats")
    assert phases._upper(roles) == 7
    split = model.new_int_var_from_domain(cp_model.Domain.from_intervals([[0, 2], [5, 9]]), "s")
    assert phases._upper(split) == 9


def test_a_fast_solves_shares_are_of_what_is_left_before_the_deadline():
    """The command keeps a fifth of its limit for the export: a solve's shares (the main
    search's, the neighbourhood search's) are of the time before its deadline."""
    import time

    s = scenario([person("a")], days=1).solver
    wall = dataclasses.replace(s, deterministic=False, time_limit_s=60.0)
    sc = scenario([person("a")], days=1, solver=wall)
    now = time.perf_counter()
    assert 50.0 < phases._remaining(sc, 0.0, now) <= 60.0  # no deadline: the limit
    early = dataclasses.replace(wall, deadline=time.time() + 20.0)
    sc = scenario([person("a")], days=1, solver=early)
    assert phases._remaining(sc, 0.0, now) <= 20.0
    budget = dataclasses.replace(early, deterministic=True, deterministic_time=30.0)
    sc = scenario([person("a")], days=1, solver=budget)
    assert phases._remaining(sc, 4.0, now) == 26.0  # a work budget: the clock aside


def test_a_least_short_try_starts_from_the_construction_and_reports_it_when_none_holds(
    phased, monkeypatch
):
    """Night 2 is short: the least-short try is hinted with the roster built seat by seat;
    when no search holds a roster, that roster is the result, checked, and not built a
    second time by the fallback."""
    from solver import construct as construct_module
    from solver import fallback, progress_callback

    sc = _short_night()
    built: list[int] = []
    original = construct_module.construct

    def counted(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    nothing = cp_model.CpModel()
    x = nothing.new_bool_var("x")
    nothing.add(x > 1)  # every search ends without a roster

    hinted: list[set] = []  # the seats each hint was made of
    hint_seats = phases._hint_seats

    def recorded(model, v, seats):
        hinted.append(set(seats))
        hint_seats(model, v, seats)

    def none_found(solver, model, *args, **kwargs):
        return solver.solve(nothing)

    monkeypatch.setattr(phases, "_hint_seats", recorded)
    monkeypatch.setattr(construct_module, "construct", counted)
    monkeypatch.setattr(fallback, "construct", counted)
    monkeypatch.setattr(progress_callback, "solve", none_found)
    stalled = lambda s, m, *a, **k: (none_found(s, m), False)  # noqa: E731
    monkeypatch.setattr(phases, "solve_until_stalled", stalled)
    result = solve_checked(sc)
    assert result.stats["first_least_short"]["status"] == "INFEASIBLE"
    assert result.stats["fallback"] == "constructed"
    assert len(built) == 1
    assert result.assignments == original(sc)[0]
    assert {(a.person_id, a.shift_id, a.role) for a in result.assignments} in hinted


def test_the_construction_hints_every_variable_once_completed():
    sc = _short_night()
    built = solve_module.build(sc)
    extra: dict = {}
    phases._hint_constructed(built.model, built.vars, sc, built.penalties, extra)
    hint = built.model.proto.solution_hint
    assert sorted(hint.vars) == list(range(len(built.model.proto.variables)))
    assert extra["constructed"] == construct(sc)[0]


def test_a_phased_fast_solve_gives_the_neighbourhoods_their_own_share(phased, monkeypatch):
    """Under the wall clock the main search after a phased first roster takes the share
    `_search_share` gives (the neighbourhoods LNS_DIRECT_SHARE of what is left), as a
    model solved directly does. The two-night conflict of the test above, its relaxation
    left out so that the search runs; the roster is the checker's to judge."""
    calls = []
    share = phases._search_share

    def spy(total: float, scenario: Scenario, team: bool) -> float:
        calls.append((scenario.solver.deterministic, team))
        return share(total, scenario, team)

    monkeypatch.setattr(phases, "_search_share", spy)
    monkeypatch.setattr(phases, "_relaxed", lambda scenario, extra, lower: (lower, 0.0, None))
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("preferences", prefer_not_weight=20)],
        availability=[period("a", 0, 1, "prefer_not"), period("b", 0, 1, "prefer_not")],
    )
    fast = dataclasses.replace(sc.solver, deterministic=False, time_limit_s=5)
    result = solve_checked(dataclasses.replace(sc, solver=fast))
    assert result.stats.get("phased") and "main_s" in result.stats
    assert calls == [(False, False)]
    assert result.objective == 40
