"""The neighbourhood search (solver/lns.py): from a deliberately bad roster (every seat
empty) to the optimum, the same roster twice, every hard rule kept (the checker says so)."""

from __future__ import annotations

import dataclasses
import importlib
import random
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from ortools.sat.python import cp_model

from bench.curtois.instance import read_instance
from bench.curtois.scenario import write_scenario
from inputs.load import load_scenario
from roster.check import check
from roster.model import Scenario
from solver import budget, lns, lower_bound, phases
from solver.extract import extract
from solver.solve import Built
from tests.builders import (
    START,
    TEST_SOLVER,
    period,
    person,
    rule,
    scenario,
    violation_keys,
    with_limits,
)

solve_module = importlib.import_module("solver.solve")
INSTANCE1 = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"
OPTIMUM1 = 607  # Instance1's proven optimum (tests/test_curtois.py)


def _instance1(tmp_path: Path, workers: int = 1) -> Scenario:
    sc = load_scenario(write_scenario(read_instance(INSTANCE1), tmp_path / "instance1"))
    settings = dataclasses.replace(sc.solver, workers=workers, seed=3, deterministic=True)
    return dataclasses.replace(sc, solver=settings)


def _rotation() -> Scenario:
    """Six people, two a night for two weeks: a night's rest after each night, at most
    five nights each (hard); wishes to be free on some nights, fairness (soft)."""
    wishes = [period(f"p{i}", d, d + 2, "prefer_not") for i, d in enumerate((0, 3, 6, 9, 2, 7))]
    rules = [
        rule("cover"),
        rule("rest", free_days=1),
        rule("workload", max=5),
        rule("preferences", prefer_not_weight=20),
        rule("fairness", categories={"all": 3}),
    ]
    people = [person(f"p{i}") for i in range(6)]
    sc = scenario(people, days=14, rules=rules, availability=wishes)
    return _with_two_a_night(sc)


def _with_two_a_night(sc: Scenario) -> Scenario:
    duty = sc.duties[0]
    groups = (dataclasses.replace(duty.groups[0], size=2),)
    return dataclasses.replace(sc, duties=(dataclasses.replace(duty, groups=groups),))


def _empty_roster(built) -> cp_model.CpSolver:
    """A roster with every seat empty: the model solved with every pair fixed to 0 (a copy
    of it, whose variables are the model's)."""
    copy = built.model.clone()
    for x in built.vars.works.values():
        copy.add(copy.get_bool_var_from_proto_index(x.index) == 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5
    assert solver.solve(copy) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return solver


def _built(sc: Scenario):
    built = solve_module.build(sc)
    built.model.minimize(built.cost())
    return built


def _optimum(sc: Scenario) -> int:
    built = _built(sc)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_deterministic_time = 30
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return phases.exact_cost(solver, built.penalties)


def _checked(sc: Scenario, built, solver: cp_model.CpSolver) -> tuple[int, list]:
    """The roster's objective, after the checker re-derived every rule and agreed."""
    assignments, violations, _ = extract(sc, solver, built.vars, built.penalties, None)
    report = check(sc, assignments)
    assert violation_keys(report.violations) == violation_keys(violations)
    assert report.objective == sum(v.cost for v in violations)
    return report.objective, assignments


def test_improves_an_empty_roster_to_the_optimum(tmp_path: Path) -> None:
    sc = _instance1(tmp_path)
    built = _built(sc)
    start = _empty_roster(built)
    assert phases.exact_cost(start, built.penalties) > 100_000  # hard rules broken
    outcome = lns.improve(
        built.model, built.penalties, sc, built.vars, start, budget=30.0, bound=OPTIMUM1
    )
    assert outcome.best is not None and outcome.cost == OPTIMUM1
    objective, _ = _checked(sc, built, outcome.best)
    assert objective == OPTIMUM1
    assert outcome.stats["improved"] >= 1 and outcome.stats["to"] == OPTIMUM1


def test_windows_of_whole_days_improve_and_keep_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the whole budget its tail, the windows of three days alone improve an empty
    roster; the checker agrees with the cost and every hard rule holds. (Alone: a sweep
    with nothing to gain would hand the turns to the drawn kinds, tested below.)"""
    monkeypatch.setattr(lns, "SWEEP_SHARE", 1.0)
    monkeypatch.setattr(lns._Search, "_sweeps_spent", lambda self: False)
    sc = _instance1(tmp_path)
    built = _built(sc)
    start = _empty_roster(built)
    outcome = lns.improve(built.model, built.penalties, sc, built.vars, start, budget=1.0)
    kinds = outcome.stats["kinds"]
    assert kinds["days"]["better"] >= 1 and kinds["weekends_at_once"]["tried"] >= 1
    tail = ("days", "weekends_at_once")
    assert all(k["tried"] == 0 for name, k in kinds.items() if name not in tail)
    assert outcome.best is not None and outcome.cost < phases.exact_cost(start, built.penalties)
    objective, assignments = _checked(sc, built, outcome.best)
    assert objective == outcome.cost
    assert not [v for v in check(sc, assignments).violations if v.hard]


def test_the_windows_take_the_tail_of_the_budget(tmp_path: Path) -> None:
    """The drawn kinds first; the windows once the drawn kinds have stalled or in the last
    SWEEP_SHARE of the budget, whichever comes first."""
    sc = _instance1(tmp_path)
    built = _built(sc)
    budget_ = 1.0
    start = _empty_roster(built)
    outcome = lns.improve(built.model, built.penalties, sc, built.vars, start, budget=budget_)
    tail = outcome.stats["tail"]
    assert tail["at"] is not None and tail["from"] is not None
    kinds = outcome.stats["kinds"]
    assert tail["at"] > 0 and kinds["days"]["tried"] >= 1
    assert sum(k["tried"] for name, k in kinds.items() if name != "days") >= len(kinds) - 1
    assert tail["at"] <= (1 - budget.SWEEP_SHARE) * budget_ + 0.1  # a round's work at most
    assert outcome.cost <= tail["from"] < phases.exact_cost(start, built.penalties)


def test_the_weekends_open_the_search_and_the_tail_with_a_longer_call(tmp_path: Path) -> None:
    """Under Instance1's cap on weekends the search's first neighbourhood is every weekend
    from Friday to Monday, for everyone, with the first run of weekdays between two, with
    WEEKENDS_CALL_SHARE of the budget; the tail begins with the next; the windows of a few
    days keep the search's own call."""
    sc = _instance1(tmp_path)
    built = _built(sc)
    start = _empty_roster(built)
    pairs, _ = lns._pairs(sc, built.vars)
    values = lns._exact_values(start, built.penalties)
    incumbent = lns._Incumbent(values, 0)
    sweeps = lns.DaySweeps(
        lns._by_day(len(sc.days), pairs), random.Random(0), sc.days, lambda: incumbent.cost
    )
    search = lns._Search(
        built.model, built.penalties, sc.solver, pairs, [], incumbent, 10.0, tail=sweeps
    )
    weekend = {4, 5, 6, 0}
    on = {i for i, p in enumerate(pairs) if sc.days[p.day].weekday() in weekend}
    kind = search._late_kind(0, 0.0)
    first = search._neighbourhood(kind, values)  # with the weekdays between two weekends
    assert first > on and {sc.days[pairs[i].day].weekday() for i in first - on} == {1, 2, 3}
    assert search._call_for(kind, 0.0) == budget.WEEKENDS_CALL_SHARE * 10.0
    assert search._call_for(kind, 9.5) == pytest.approx(0.5)  # no more than is left
    assert search._call_for(kind, 9.9) == search.call  # nor less than any other call
    days = search.drawn  # the windows of a few days (no drawn kinds here)
    assert len({pairs[i].day for i in search._neighbourhood(days, values)}) == 3
    assert search._call_for(days, 0.0) == search.call
    assert search._tail_begins(5.0)
    # The tail begins with the weekends again, with the next run of weekdays.
    windows = [set(w) for w in sweeps.weekend_windows]
    assert len(windows) == 3 and windows[0] == first and windows[2] == on  # two runs, alone
    assert search._neighbourhood(search._late_kind(2, 5.0), values) == windows[1]
    # Each solved to its optimum at the roster's cost: not again before the roster improves.

    def proven(free: set[int]) -> None:
        search._learn([kind], [free], [(cp_model.CpSolver(), cp_model.OPTIMAL)], [0], 0)

    for free in windows[:-1]:
        proven(free)
    sweeps.restart()
    assert search._late_kind(3, 5.0) == kind  # one still open
    proven(windows[-1])
    sweeps.restart()
    assert search._late_kind(4, 5.0) == days and not sweeps.due
    search.incumbent.cost -= 1
    sweeps.restart()
    assert search._late_kind(5, 5.0) == kind
    assert search._neighbourhood(kind, values) == first  # a new cost: from the first again


def test_a_sweep_with_nothing_to_gain_hands_the_turns_back_until_the_roster_improves(
    tmp_path: Path,
) -> None:
    """Once every window of the tail was solved to its optimum in a row, none better, the
    window of every weekend is tried at that cost (unless proven there already), then the
    drawn kinds have the turns; a window cut by its call starts the count again; a better
    roster brings the windows back."""
    sc = _instance1(tmp_path)
    built = _built(sc)
    pairs, _ = lns._pairs(sc, built.vars)
    values = lns._exact_values(_empty_roster(built), built.penalties)
    incumbent = lns._Incumbent(values, 51)
    sweeps = lns.DaySweeps(
        lns._by_day(len(sc.days), pairs), random.Random(0), sc.days, lambda: incumbent.cost
    )
    drawn = [lambda rng, target, values: {0}]
    search = lns._Search(
        built.model, built.penalties, sc.solver, pairs, drawn, incumbent, 10.0, tail=sweeps
    )
    days, weekends = search.drawn, search.drawn + 1
    proven = (cp_model.CpSolver(), cp_model.OPTIMAL)
    cut = (cp_model.CpSolver(), cp_model.FEASIBLE)

    def weekends_proven(cost: int) -> None:
        """Every window of weekends solved to its optimum at `cost`, nothing to gain."""
        for window in sweeps.weekend_windows:
            search._learn([weekends], [set(window)], [proven], [cost], cost)

    assert search._tail_begins(5.0) and search._late_kind(1, 5.0) == weekends
    weekends_proven(51)
    assert search._late_kind(2, 5.0) == days
    search.incumbent.cost = 50  # a window gained

    def windows(n: int, done: tuple = proven) -> None:
        for _ in range(n):
            search._learn([days], [{0}], [done], [50], 50)

    windows(sweeps.windows() - 1)
    windows(1, cut)  # one window short of its optimum: not a sweep proven
    windows(sweeps.windows() - 1)
    assert search._late_kind(3, 5.0) == days
    windows(1)
    assert search._late_kind(4, 5.0) == weekends  # not proven at 50 yet
    weekends_proven(50)
    assert search._late_kind(5, 5.0) == 0  # the drawn kind
    search.incumbent.cost = 49  # a better roster: the windows again
    assert search._late_kind(6, 5.0) == days


def test_two_runs_give_the_same_roster(tmp_path: Path) -> None:
    """Two neighbourhoods a round side by side in threads, a work budget: reproducible."""
    sc = _instance1(tmp_path, workers=2)
    rosters, stats = [], []
    for _ in range(2):
        built = _built(sc)
        outcome = lns.improve(
            built.model, built.penalties, sc, built.vars, _empty_roster(built), budget=0.5
        )
        assert outcome.best is not None
        _, assignments = _checked(sc, built, outcome.best)
        rosters.append(sorted((a.person_id, a.date, a.duty_id) for a in assignments))
        stats.append({k: v for k, v in outcome.stats.items() if k != "s"})
    assert rosters[0] == rosters[1]
    assert stats[0] == stats[1]


def test_keeps_every_hard_rule() -> None:
    sc = _rotation()
    built = _built(sc)
    start = _empty_roster(built)
    assert phases.exact_cost(start, built.penalties) > 100_000  # cover broken
    best = _optimum(sc)
    outcome = lns.improve(
        built.model, built.penalties, sc, built.vars, start, budget=10.0, bound=best
    )
    assert outcome.best is not None
    objective, assignments = _checked(sc, built, outcome.best)
    assert objective == outcome.cost == best
    assert not [v for v in check(sc, assignments).violations if v.hard]


def test_the_main_search_hands_its_roster_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """phases: a main search that ends with a roster it has not proven optimal hands it to
    the neighbourhood search, which returns the better roster with the main search's bound."""
    sc = _rotation()
    built = _built(sc)
    start = _empty_roster(built)
    run = phases.Run(start, cp_model.FEASIBLE, 0, {})
    settings = dataclasses.replace(TEST_SOLVER, deterministic_time=2)
    sc = dataclasses.replace(sc, solver=settings)
    out = phases.then_neighbourhoods(
        run, built.model, built.penalties, sc, built.vars, False, time.perf_counter(), 0.0
    )
    assert out.solver is not start and out.bound == 0
    assert out.extra["lns"]["to"] < out.extra["lns"]["from"]
    objective, _ = _checked(sc, built, out.solver)
    assert objective == out.extra["lns"]["to"]


def _optimal_roster(built) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_deterministic_time = 30
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return solver


def _on_the_clock(sc: Scenario, seconds: float) -> Scenario:
    settings = dataclasses.replace(sc.solver, deterministic=False, time_limit_s=seconds)
    return dataclasses.replace(sc, solver=settings)


def test_under_the_wall_clock_a_search_that_stops_improving_stalls(tmp_path: Path) -> None:
    sc = _on_the_clock(_instance1(tmp_path, workers=2), 60.0)
    built = _built(sc)
    start = _optimal_roster(built)
    outcome = lns.improve(
        built.model, built.penalties, sc, built.vars, start, budget=30.0, bound=0, stall_s=0.3
    )
    assert outcome.stats["stalled"] is True and outcome.stats["stopped_by_clock"] is False
    assert outcome.stats["improved"] == 0 and outcome.cost == OPTIMUM1
    objective, _ = _checked(sc, built, outcome.best or start)
    assert objective == OPTIMUM1


def test_a_stalled_search_resumes_the_relaxation_and_reports_its_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """phases: once the neighbourhoods stop improving, a relaxation cut short by its share
    goes on, before the tail of windows; its bound becomes the run's, and the search goes
    on from its roster with the tail."""
    monkeypatch.setattr(lower_bound, "MIN_ROUNDS", 0)  # rounds this short still count
    sc = _instance1(tmp_path, workers=2)
    full = lower_bound.lower_bound(sc, 20.0, True)
    relaxed = lower_bound.lower_bound(sc, 1.0, True, dive_budget=20.0)
    assert full is not None and relaxed is not None and relaxed.ascent is not None
    sc = _on_the_clock(sc, 4.0)
    built = _built(sc)
    run = phases.Run(_optimal_roster(built), cp_model.FEASIBLE, relaxed.value, {})
    out = phases.then_neighbourhoods(
        run, built.model, built.penalties, sc, built.vars, False, time.perf_counter(), 0.0,
        (), relaxed,
    )  # fmt: skip
    assert out.extra["lns"]["stalled"] is True and "lns_after_bound" in out.extra
    # The relaxation before the tail (its bound may end the search), the tail right after.
    assert out.extra["lns"]["tail"]["at"] is None
    assert out.extra["lns_after_bound"]["tail"]["at"] == 0.0
    said = out.extra["relaxation"]["resumed"]
    assert (said["from"], said["to"]) == (relaxed.value, full.value)
    assert out.bound == full.value and out.relaxed is not None
    assert out.relaxed.value == full.value and out.extra["bound_source"] == "relaxation"
    assert out.code == cp_model.FEASIBLE  # 607 is above the relaxation's bound
    objective, _ = _checked(sc, built, out.solver)
    assert objective == OPTIMUM1


def test_a_team_or_a_proven_roster_is_left_alone() -> None:
    sc = _rotation()
    built = _built(sc)
    start = _empty_roster(built)
    for run, team in (
        (phases.Run(start, cp_model.FEASIBLE, 0, {}), True),
        (phases.Run(start, cp_model.OPTIMAL, 0, {}), False),
    ):
        out = phases.then_neighbourhoods(
            run, built.model, built.penalties, sc, built.vars, team, time.perf_counter(), 0.0
        )
        assert out is run and "lns" not in out.extra


def _search(sc: Scenario, only: str | None = None, budget: float = 1.0) -> lns._Search:
    """The neighbourhood search from a roster with every seat empty (of the kind `only`)."""
    return _search_of(sc, _built(sc), only, budget)


def _search_of(sc: Scenario, built: Built, only: str | None, budget: float) -> lns._Search:
    pairs, people = lns._pairs(sc, built.vars)
    dated = [(sc.day_index(p.date), p) for p in built.penalties if p.date is not None]
    caps = lns._caps(sc, built.vars, people)
    kinds = lns._kinds(len(sc.days), pairs, people, built.penalties, dated, caps)
    if only is not None:
        kinds = [k for k in kinds if k.__name__ == only]
    start = _empty_roster(built)
    incumbent = lns._Incumbent(
        lns._exact_values(start, built.penalties), lns._exact_cost(start, built.penalties)
    )
    return lns._Search(built.model, built.penalties, sc.solver, pairs, kinds, incumbent, budget)


def test_the_costliest_dates_are_freed_first() -> None:
    """A window around the dates the roster costs most: with one date empty (the others
    covered), every neighbourhood of that kind frees it and the dates nearest to it."""
    sc = _rotation()
    search = _search(sc)
    values = list(search.incumbent.values)
    empty = 9
    for p in search.penalties:  # every shift covered but the tenth date's
        if p.date is not None and p.rule.kind == "cover":
            values[p.var.index] = 2 if sc.day_index(p.date) == empty else 0
    kind = next(k for k in search.kinds if k.__name__ == "costly_days")
    by_day: dict[int, set[int]] = {}
    for i, pair in enumerate(search.pairs):
        by_day.setdefault(pair.day, set()).add(i)
    rng = random.Random(1)
    for _ in range(5):
        free = kind(rng, len(by_day[empty]) + 1, values)
        assert by_day[empty] <= free
        assert {search.pairs[i].day for i in free} <= {empty - 1, empty, empty + 1}


def test_kinds_that_improve_are_drawn_more_often() -> None:
    sc = _rotation()
    search = _search(sc)
    n = len(search.kinds)
    assert [search._kind(i) for i in range(n)] == list(range(n))  # each in turn at first
    search.odds = [1.0] + [lns.LEAST_ODDS] * (n - 1)
    drawn = [search._kind(n + i) for i in range(400)]
    assert drawn.count(0) > 0.6 * len(drawn)
    assert len(set(drawn)) > 1  # the others are still tried now and then


def test_a_large_model_starts_with_small_neighbourhoods(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lns, "START_PAIRS", 10)
    search = _search(_rotation())
    assert len(search.pairs) > 50
    assert all(round(f * len(search.pairs)) == 10 for f in search.free)
    values = search.incumbent.values
    for kind in range(len(search.kinds)):
        assert len(search._neighbourhood(kind, values)) < 10 + 15  # whole days (6) or people (14)


def test_the_stats_count_each_kind(tmp_path: Path) -> None:
    sc = _instance1(tmp_path, workers=2)
    built = _built(sc)
    outcome = lns.improve(
        built.model, built.penalties, sc, built.vars, _empty_roster(built), budget=1.0
    )
    kinds = outcome.stats["kinds"]
    assert "weekends" in kinds  # Instance1 caps its nurses' weekends
    assert sum(k["tried"] for k in kinds.values()) == outcome.stats["neighbourhoods"]
    assert sum(k["solved"] for k in kinds.values()) == outcome.stats["solved"]
    assert sum(k["better"] for k in kinds.values()) >= outcome.stats["improved"]


def test_people_who_may_swap_are_freed_together() -> None:
    """Two people on duty a, two on duty b (two days each): a neighbourhood of people with
    the same duties frees both of one pair before anyone of the other."""
    pairs = [
        lns.Pair(person, day, duty, (2 * person + day,))
        for person, duty in enumerate("aabb")
        for day in range(2)
    ]
    kinds = lns._kinds(2, pairs, ["p0", "p1", "p2", "p3"], [], [])
    same = next(k for k in kinds if k.__name__ == "same_skills")
    rng = random.Random(5)
    for _ in range(10):
        freed = {pairs[i].person for i in same(rng, 4, [])}
        assert freed in ({0, 1}, {2, 3})


def _kind(search: lns._Search, name: str) -> lns.Pick:
    return next(k for k in search.kinds if k.__name__ == name)


def test_people_free_on_a_short_date_are_freed_with_the_dates_around_it() -> None:
    """One night short (the others covered), three people on duty that night: the kind
    frees whole rows only of people free that night, those on fewest nights first, and
    the nights around it."""
    sc = _rotation()
    search = _search(sc)
    values = list(search.incumbent.values)
    short = 6
    for p in search.penalties:
        if p.date is not None and p.rule.kind == "cover":
            values[p.var.index] = 1 if sc.day_index(p.date) == short else 0
    busy, most = {0, 1, 2}, 4  # on duty that night; on duty the first three nights
    for pair in search.pairs:
        on = pair.day == short and pair.person in busy or pair.day < 3 and pair.person == most
        values[pair.indices[0]] = int(on)
    fillers = _kind(search, "fillers")
    rng = random.Random(2)
    for _ in range(5):
        free = fillers(rng, 20, values)
        rows = {p for p in range(6) if all(i in free for i, q in _row(search, p))}
        assert rows and not rows & busy  # whole rows: people free on the short night only
        assert most not in rows  # one row: of those free, one who works the duty least
        assert all(i in free for i, q in enumerate(search.pairs) if q.day == short)
        days = {search.pairs[i].day for i in free if search.pairs[i].person in busy}
        assert days and max(abs(d - short) for d in days) <= 2


def test_people_with_room_for_the_short_duty_are_freed_first() -> None:
    """Of the people free on a short night, one whose own workload cap (limits.csv) is
    reached comes after those with room for one more night, though they work fewer."""
    sc = with_limits(_rotation(), ("p2", "workload", "max", 1))
    search = _search(sc)
    values = list(search.incumbent.values)
    short = 6
    for p in search.penalties:
        if p.date is not None and p.rule.kind == "cover":
            values[p.var.index] = 1 if sc.day_index(p.date) == short else 0
    nights = {0: [short], 1: [short], 5: [short], 2: [10], 3: [0, 1, 2], 4: [9, 10, 11, 12]}
    for pair in search.pairs:
        values[pair.indices[0]] = int(pair.day in nights[pair.person])
    built = _built(sc)
    caps = lns._caps(sc, built.vars, lns._pairs(sc, built.vars)[1])
    people = [0, 1, 2, 3, 4, 5]
    duty = search.pairs[0].duty
    assert lns._with_room(caps, people, duty, values, search.pairs) == {0, 1, 3, 4, 5}
    fillers = _kind(search, "fillers")
    rng = random.Random(4)
    for _ in range(5):
        free = fillers(rng, 20, values)  # one whole row (14 pairs), then the dates around
        rows = {p for p in people if all(i in free for i, q in _row(search, p))}
        assert rows == {3}  # p2 works fewest nights but is at their cap


def _row(search: lns._Search, person: int) -> list[tuple[int, lns.Pair]]:
    return [(i, q) for i, q in enumerate(search.pairs) if q.person == person]


def test_filling_short_shifts_alone_reaches_the_optimum() -> None:
    """The kind alone, from a roster with every seat empty: the rule's optimum, every hard
    rule kept, the checker's objective the search's."""
    sc = _rotation()
    built = _built(sc)
    search = _search_of(sc, built, "fillers", 10.0)
    incumbent = search.incumbent
    best = _optimum(sc)
    stats = search.run(best)
    assert incumbent.solver is not None and incumbent.cost == best
    assert stats["kinds"]["fillers"]["better"] >= 1
    objective, assignments = _checked(sc, built, incumbent.solver)
    assert objective == best
    assert not [v for v in check(sc, assignments).violations if v.hard]


def test_lanes_apart_under_the_wall_clock_reach_the_optimum() -> None:
    """Under a wall clock each lane solves its next neighbourhood as soon as its last one
    ends, from the roster as it is then: from every seat empty to the optimum (the bound
    ends the search), every hard rule kept, the checker's objective the search's."""
    sc = _rotation()
    settings = dataclasses.replace(sc.solver, deterministic=False, workers=2, seed=4)
    sc = dataclasses.replace(sc, solver=settings)
    built = _built(sc)
    best = _optimum(sc)
    outcome = lns.improve(
        built.model, built.penalties, sc, built.vars, _empty_roster(built), 60.0, best
    )
    assert outcome.stats["lanes_apart"] and not outcome.stats["stopped_by_clock"]
    assert outcome.best is not None and outcome.cost == best
    kinds = outcome.stats["kinds"]
    assert sum(k["tried"] for k in kinds.values()) == outcome.stats["neighbourhoods"]
    objective, assignments = _checked(sc, built, outcome.best)
    assert objective == best
    assert not [v for v in check(sc, assignments).violations if v.hard]


def test_a_fast_solve_gives_the_neighbourhoods_their_own_share() -> None:
    """Under the wall clock the main search (of a model solved directly, or after a phased
    first roster: tests/test_phases.py) leaves LNS_DIRECT_SHARE of what is left to the
    neighbourhood search; in deterministic mode LNS_SHARE, a team all of it to its main
    search."""
    sc = _rotation()
    fast = dataclasses.replace(sc, solver=dataclasses.replace(sc.solver, deterministic=False))
    assert phases._search_share(10.0, fast, False) == pytest.approx(
        10.0 * (1 - budget.LNS_DIRECT_SHARE)
    )
    assert phases._search_share(10.0, sc, False) == pytest.approx(10.0 * (1 - budget.LNS_SHARE))
    assert phases._search_share(10.0, fast, True) == 10.0


def _grid(people: int, days: int) -> list[lns.Pair]:
    """One duty a day for each person: a pair per (person, day), its literal numbered in
    that order, its shift named by the day."""
    return [
        lns.Pair(p, d, "n", (p * days + d,), f"d{d}") for p in range(people) for d in range(days)
    ]


def test_the_rows_that_stray_from_the_relaxation_are_freed_first() -> None:
    """The relaxation has p0 on the first two days; the roster has nobody on anything, so
    only p0's row strays from it: that row is drawn first most of the time, each other
    row now and then (GUIDE_FLOOR)."""
    pairs = _grid(4, 4)
    people = ["p0", "p1", "p2", "p3"]
    guide = (("p0", "d0", 1.0), ("p0", "d1", 1.0))
    kinds = lns._guided(4, pairs, people, guide)
    rows = next(k for k in kinds if k.__name__ == "guided_people")
    rng = random.Random(4)
    firsts = [{pairs[i].person for i in rows(rng, 4, [0] * 16)} for _ in range(60)]
    assert all(len(f) == 1 for f in firsts)  # one whole row: the target
    assert firsts.count({0}) > 40 and len({p for f in firsts for p in f}) > 1


def test_the_dates_where_the_roster_strays_most_are_the_centre() -> None:
    """The relaxation half-works everyone on day 5 of 8; the roster matches it elsewhere:
    a neighbourhood of one day's pairs is that day."""
    pairs = _grid(3, 8)
    people = ["p0", "p1", "p2"]
    guide = tuple((p, "d5", 0.5) for p in people)
    days = next(k for k in lns._guided(8, pairs, people, guide) if k.__name__ == "guided_days")
    rng = random.Random(1)
    centres = [{pairs[i].day for i in days(rng, 3, [0] * 24)} for _ in range(40)]
    assert centres.count({5}) > 25


def test_a_guided_search_improves_an_empty_roster_to_the_optimum(tmp_path: Path) -> None:
    """With the relaxation's solution of Instance1 as its guide, the guided kinds among the
    others, the search reaches the proven optimum and the checker agrees."""
    sc = _instance1(tmp_path)
    found = lower_bound.lower_bound(sc, 5.0, True)
    assert found is not None and found.columns is not None and found.columns.guide
    built = _built(sc)
    outcome = lns.improve(
        built.model, built.penalties, sc, built.vars, _empty_roster(built), 20.0,
        guide=found.columns.guide,
    )  # fmt: skip
    assert {"guided_people", "guided_days"} <= set(outcome.stats["kinds"])
    assert outcome.best is not None
    assert _checked(sc, built, outcome.best)[0] == outcome.cost == OPTIMUM1


def _mondays_grid(people: int, days: int) -> tuple[list, list[lns.Pair]]:
    dates = [START + timedelta(d) for d in range(days)]  # START is a Monday
    return dates, _grid(people, days)


def test_whole_weekends_from_friday_to_monday_are_freed_for_everyone() -> None:
    dates, pairs = _mondays_grid(3, 21)
    (kind,) = lns._weekends(dates, pairs, [])
    rng = random.Random(2)
    weekends = [{4, 5, 6, 7}, {11, 12, 13, 14}, {18, 19, 20}]  # the last cut by the horizon
    for _ in range(20):
        free = kind(rng, 9, [0] * len(pairs))
        days = {pairs[i].day for i in free}
        assert days in weekends
        assert {pairs[i].person for i in free} == {0, 1, 2}
    assert len({frozenset(pairs[i].day for i in kind(rng, 13, [0] * 63)) for _ in range(5)}) > 1


def test_the_weekend_the_roster_costs_most_is_drawn_first() -> None:
    dates, pairs = _mondays_grid(2, 21)
    costly = SimpleNamespace(unit_cost=100, var=SimpleNamespace(index=0))
    (kind,) = lns._weekends(dates, pairs, [(13, costly)])  # Sunday of the second weekend
    rng = random.Random(3)
    values = [1] + [0] * (len(pairs) - 1)
    drawn = [{pairs[i].day for i in kind(rng, 8, values)} for _ in range(30)]
    assert drawn.count({11, 12, 13, 14}) > 25


def test_a_horizon_of_one_weekend_has_no_weekend_neighbourhood() -> None:
    dates, pairs = _mondays_grid(2, 7)
    assert lns._weekends(dates, pairs, []) == []
