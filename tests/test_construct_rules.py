"""The construction (solver/construct.py) keeps the hard sequence and total rules
(solver/seat_rules.py), mends what it cannot keep seat by seat (solver/mend.py, a short
stretch, a workload min), and a long horizon is searched from it (solver/hinted.py).

Every roster is verified by the independent checker; the cases are small and exact.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pytest

from bench.curtois.instance import read_instance
from bench.curtois.objective import hard_violations, objective
from bench.curtois.scenario import START as CURTOIS_START
from bench.curtois.scenario import duty_ids, write_scenario
from inputs.load import load_scenario
from roster.check import check
from roster.model import Group, Scenario
from solver import hinted
from solver.construct import construct
from tests.builders import (
    START,
    day_duty,
    group,
    night,
    on_day,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    with_demand,
    with_limits,
)

CURTOIS_1 = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"


def built(sc: Scenario):
    roster, report = construct(sc)
    assert report == check(sc, roster)
    return roster, report


def worked(roster, pid: str) -> list[int]:
    return sorted((a.date - START).days for a in roster if a.person_id == pid)


def test_the_construction_keeps_consecutive_days_off_and_weekends():
    # 2024-01-01 is a Monday: days 5, 6 and 12, 13 are weekends.
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=14,
        rules=[
            rule("cover", hard=False, weight=10),
            rule("consecutive", max=3),
            rule("days_off", min=2),
            rule("weekends", max=1),
        ],
    )
    roster, report = built(sc)
    assert not report.hard
    assert report.objective <= 10  # at most one of the 14 nights short


def test_the_construction_keeps_forbidden_successions_and_a_duty_cap():
    duties = [day_duty([group("1", 1)]), night([group("1", 1)])]
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=6,
        duties=duties,
        rules=[
            rule("cover", hard=False, weight=10),
            rule("succession", forbidden=(("night", "day"),)),
            rule("workload", name="nights", duty="night", max=2),
        ],
    )
    roster, report = built(sc)
    assert not report.hard
    for pid in "abc":
        mine = [a for a in roster if a.person_id == pid]
        nights = {(a.date - START).days for a in mine if a.duty_id == "night"}
        days = {(a.date - START).days for a in mine if a.duty_id == "day"}
        assert len(nights) <= 2
        assert not any(d + 1 in days for d in nights)


def test_a_short_stretch_that_cannot_be_lengthened_loses_its_duties():
    # Free days 0, 2, 3: days 2-3 would be a stretch of two inside the horizon, below the
    # min of three, and neither neighbour is free: the stretch goes, day 0 (at the
    # horizon's start, which may continue before it) stays.
    sc = scenario(
        [person("a")],
        days=5,
        availability=[period("a", 1, 1), period("a", 4, 4)],
        rules=[rule("cover", hard=False, weight=10), rule("consecutive", max=5, min=3)],
    )
    roster, report = built(sc)
    assert worked(roster, "a") == [0]
    assert [v.kind for v in report.hard] == []


def test_people_below_a_workload_min_get_duties_beyond_the_cover():
    # One seat a night (room for two), six nights, each of two people must work four: the
    # fill gives each three; mend adds a duty next to a stretch of each, above the cover
    # (extra_weight 1 each) rather than leave a hard min short.
    g = Group("1", "G1", 1, MappingProxyType({}), 1, 2)
    sc = scenario(
        [person("a"), person("b")],
        days=6,
        duties=[night([g])],
        rules=[
            rule("cover", hard=False, weight=10, extra_weight=1),
            rule("consecutive", max=6),
            rule("workload", min=0),
        ],
    )
    sc = with_limits(sc, ("a", "workload", "min", 4), ("b", "workload", "min", 4))
    roster, report = built(sc)
    assert not report.hard
    assert len(worked(roster, "a")) == len(worked(roster, "b")) == 4
    assert report.objective == 2


def test_curtois_instance1_is_constructed_without_a_hard_violation(tmp_path):
    instance = read_instance(CURTOIS_1)
    sc = load_scenario(write_scenario(instance, tmp_path / "i1"))
    roster, report = built(sc)
    shift_of = {d: s for s, d in duty_ids(instance).items()}
    terms = {(a.person_id, (a.date - CURTOIS_START).days, shift_of[a.duty_id]) for a in roster}
    assert not report.hard
    assert not hard_violations(instance, terms)
    assert report.objective == objective(instance, terms)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_long_horizon_searched_from_the_construction_finds_the_same_optimum(monkeypatch, seed):
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=10,
        availability=[period("a", 2, 3)],
        rules=[
            rule("cover", hard=False, weight=10),
            rule("consecutive", max=3, min=2),
            rule("days_off", min=2),
            rule("weekends", max=1),
        ],
    )
    sc = dataclasses.replace(sc, solver=dataclasses.replace(sc.solver, seed=seed, workers=1))
    plain = solve_checked(sc)
    monkeypatch.setattr(hinted, "LONG_HORIZON_DAYS", 1)
    monkeypatch.setattr(hinted, "HINTED_MIN_PAIRS", 0)
    result = solve_checked(sc)
    assert result.stats["hinted"] is True
    assert result.stats["construction_completed"] is True
    assert result.objective == plain.objective
    assert result.status is plain.status


def test_a_long_horizon_of_a_pool_larger_than_a_staff_is_solved_in_phases(monkeypatch):
    # The crisis's checkpoint over four months: a pool of a thousand is no ward's staff, and
    # its roster at the person bounds (the phases) leaves no seat empty where rows could not
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=6,
        rules=[rule("cover", hard=False, weight=10), rule("consecutive", max=3)],
    )
    sc = dataclasses.replace(sc, solver=dataclasses.replace(sc.solver, seed=1, workers=1))
    monkeypatch.setattr(hinted, "LONG_HORIZON_DAYS", 1)
    monkeypatch.setattr(hinted, "HINTED_MIN_PAIRS", 0)
    monkeypatch.setattr(hinted, "CONSTRUCTION_ONLY_PAIRS", 0)
    assert hinted.too_large(sc)  # a staff of three: construction alone
    monkeypatch.setattr(hinted, "HINTED_MAX_PEOPLE", 2)
    assert not hinted.too_large(sc)
    assert not hinted.applicable(sc, 10**6)
    result = solve_checked(sc)
    assert "hinted" not in result.stats


def test_a_long_horizon_whose_search_holds_no_roster_reports_its_construction(monkeypatch):
    from ortools.sat.python import cp_model

    sc = scenario(
        [person("a"), person("b")],
        days=6,
        rules=[rule("cover", hard=False, weight=10), rule("consecutive", max=3)],
    )
    monkeypatch.setattr(hinted, "LONG_HORIZON_DAYS", 1)
    monkeypatch.setattr(hinted, "HINTED_MIN_PAIRS", 0)
    monkeypatch.setattr(hinted, "completed", lambda *a, **k: None)
    # Every search of the model ends without a roster (a model with none to find).
    nothing = cp_model.CpModel()
    x = nothing.new_bool_var("x")
    nothing.add(x > 1)
    monkeypatch.setattr(
        hinted.progress_callback, "solve", lambda solver, *a, **k: solver.solve(nothing)
    )
    result = solve_checked(sc)
    assert result.stats["hinted"] is True
    assert result.stats["fallback"] == "constructed"
    assert "constructed" not in result.stats
    assert result.assignments == construct(sc)[0]


def test_rows_give_a_person_short_of_their_min_a_row_keeping_their_rules():
    import math

    from solver.construct import seating
    from solver.rows import RowBudget, choose_rows

    # Seated on days 0 and 3 only, "a" is 3 duties below their min of 5 with no room
    # left next to a stretch under days_off 2; their own model finds 0-2 and 5-6 (or as
    # good), every rule of theirs kept.
    sc = scenario(
        [person("a")],
        days=7,
        rules=[
            rule("cover", hard=False, weight=10),
            rule("consecutive", max=3, min=2),
            rule("days_off", min=2),
            rule("workload", min=5),
        ],
    )
    state = seating(sc, ())
    for day in (0, 3):
        assert state.seat_in("a", sc.shifts[day]) is not None
    assert state.rules.below_min("a")
    assert choose_rows(state, ["a"], RowBudget(math.inf, math.inf)).changed == 1
    roster = tuple(sorted(state.roster))
    report = check(sc, roster)
    assert not report.hard
    assert len(worked(roster, "a")) >= 5


def test_a_paced_construction_spends_each_weekend_whole_and_keeps_weekends_for_the_last():
    import math

    from solver.rows import RowBudget

    # One seat a night for four weeks, each person at most two weekends: four weekends of
    # two nights need every weekend worked whole. The fill alone seats the least loaded,
    # so each of the first two weekends is split between the two people, who then have
    # none left (the last two weekends short); paced (a long horizon's construction, with
    # no time for its rows), whoever works a Saturday takes the Sunday too.
    sc = scenario(
        [person("a"), person("b")],
        days=28,
        rules=[rule("cover", hard=False, weight=10), rule("weekends", max=2)],
    )
    _, unpaced = built(sc)
    assert [(v.kind, (v.date - START).days) for v in unpaced.violations] == [
        ("cover", 19), ("cover", 20), ("cover", 26), ("cover", 27),
    ]  # fmt: skip
    roster, paced = construct(sc, rows=RowBudget(math.inf, 0.0))
    assert paced == check(sc, roster)
    assert paced.objective == 0
    for saturday in (5, 12, 19, 26):
        on = {a.person_id for a in roster if (a.date - START).days in (saturday, saturday + 1)}
        assert len(on) == 1


def test_a_weekend_costs_least_to_those_who_work_it_then_to_those_within_their_pace():
    from solver.construct import seating

    # Four weekends (days 5-6, 12-13, 19-20, 26-27), at most two each: after one, a second
    # is ahead of the pace until the fourth (two of four weekends by its end).
    sc = scenario([person("a")], days=28, rules=[rule("weekends", max=2)])
    state = seating(sc, ())
    assert state.seat_in("a", sc.shifts[5]) is not None
    rules = state.rules
    rank = {day: rules.weekend_rank("a", sc.shifts[day].date, "night") for day in range(28)}
    assert rank[6] == 0  # that weekend is worked already
    assert rank[12] == rank[13] == rank[19] == 2
    assert rank[26] == rank[27] == 1
    assert all(rank[d] == 0 for d in range(28) if sc.shifts[d].date.weekday() < 5)


def test_a_weekends_max_is_paced_from_season_to_season_as_the_weekends_ask_for_seats():
    from solver.construct import seating

    # Eight weekends, those of the first four weeks asking one seat a night, those of the
    # next four three: the first season holds a quarter of the weekend seats, so a person
    # with four weekends to spend is ahead of the pace until its last weekend (an even
    # pace would hold one weekend in two from the second weekend on).
    sc = scenario([person("a")], days=56, rules=[rule("weekends", max=4)])
    busy = [(d, "", "", 3, 3, 3) for d in range(28, 56) if on_day(d).weekday() >= 5]
    sc = with_demand(sc, *busy)
    rules = seating(sc, ()).rules
    rank = {day: rules.weekend_rank("a", sc.shifts[day].date, "night") for day in range(56)}
    assert rank[5] == rank[12] == rank[13] == rank[19] == 2
    assert rank[26] == rank[33] == 1


def test_a_workload_min_is_paced_from_season_to_season_as_the_cover_asks_for_seats():
    from solver.construct import seating

    # Sixteen nights to work in eight weeks, the last four asking three seats a night and
    # the first four one: by day 13 the nights asked are an eighth of the whole, so two
    # worked keep the pace (an even pace would ask for four), and within a season the
    # pace is even.
    g = Group("1", "G1", 1, MappingProxyType({}), 0, 3)
    sc = scenario([person("a")], days=56, duties=[night([g])], rules=[rule("workload", min=16)])
    flat = seating(sc, ())
    sc = with_demand(sc, *[(d, "", "", 3, 3, 3) for d in range(28, 56)])
    state = seating(sc, ())
    for day in (0, 1):
        assert state.seat_in("a", sc.shifts[day]) is not None
        assert flat.seat_in("a", sc.shifts[day]) is not None
    assert not state.rules.behind_pace("a", on_day(13))
    assert state.rules.behind_pace("a", on_day(14))
    assert flat.rules.behind_pace("a", on_day(13))


def test_a_paced_construction_keeps_a_workload_for_the_season_that_asks_for_it():
    import math

    from solver.rows import RowBudget

    # One person who must work exactly twenty nights in eight weeks; the first four weeks
    # ask for none (a seat there only costs its extra_weight), the next four for one a
    # night. Paced evenly, the construction seats them early and leaves nights of the busy
    # season empty; paced as the cover asks, their twenty nights are all in the busy one.
    g = Group("1", "G1", 1, MappingProxyType({}), 0, 1)
    sc = scenario(
        [person("a")],
        days=56,
        duties=[night([g])],
        rules=[
            rule("cover", hard=False, weight=10, extra_weight=1),
            rule("workload", min=20, max=20),
        ],
    )
    quiet = [(d, "", "", 0, 0, 1) for d in range(28)]
    sc = with_demand(sc, *quiet, *[(d, "", "", 1, 1, 1) for d in range(28, 56)])
    roster, report = construct(sc, rows=RowBudget(math.inf, 0.0))
    assert report == check(sc, roster)
    assert all(day >= 28 for day in worked(roster, "a"))
    assert len(worked(roster, "a")) == 20
    assert report.objective == 80  # eight busy nights empty, nothing above the cover


def test_a_paced_saturday_seat_brings_a_sunday_seat_where_a_weekends_max_holds():
    from solver.construct import seating

    # A day and a night each date, one seat each: whoever the paced fill seats on
    # Saturday's night takes Sunday's night too (the same duty first), or Sunday's day
    # when someone off on Saturday holds the night; without a weekends max, only the
    # Saturday.
    duties = [day_duty([group("1", 1)]), night([group("1", 1)])]
    rules = [rule("weekends", max=1)]
    sc = scenario([person("a"), person("b")], days=7, duties=duties, rules=rules)
    saturday, sunday = (sc.shift_by_id[f"night@{on_day(d).isoformat()}"] for d in (5, 6))

    def paced_fill(sc: Scenario, taken: str = "") -> set[tuple[str, int, str]]:
        state = seating(sc, ())
        state.pace = True
        if taken:
            assert state.seat_in(taken, sunday) is not None
        state.fill(saturday, "preferred")
        return {(a.person_id, (a.date - START).days, a.duty_id) for a in state.roster}

    whole = paced_fill(sc)
    (pid,) = {p for p, _, _ in whole}
    assert whole == {(pid, 5, "night"), (pid, 6, "night")}
    off = dataclasses.replace(sc, availability=(period("b", 5, 5),))
    assert paced_fill(off, taken="b") == {("b", 6, "night"), ("a", 5, "night"), ("a", 6, "day")}
    unpaced = dataclasses.replace(sc, rules=())
    assert paced_fill(unpaced) == {(pid, 5, "night")}


def test_a_paced_construction_seats_the_weekends_before_the_weekdays_around_them():
    import math

    from solver.rows import RowBudget

    # One seat a night for two weeks; each person works at most one weekend and six nights
    # in a row, and b is away the first six days. Date by date, a works Monday to Saturday
    # and cannot take the Sunday (a seventh night), so b takes it: both weekends spent on
    # one night each, and the second weekend goes empty. Weekends first, a works the first
    # weekend whole and b the second; only a's Friday (a seventh night) stays empty.
    sc = scenario(
        [person("a"), person("b")],
        days=14,
        rules=[
            rule("cover", hard=False, weight=10),
            rule("consecutive", max=6),
            rule("weekends", max=1),
        ],
        availability=(period("b", 0, 5),),
    )
    roster, report = construct(sc, rows=RowBudget(math.inf, 0.0))
    assert report == check(sc, roster)
    assert [(v.kind, (v.date - START).days) for v in report.violations] == [("cover", 4)]
    assert {a.person_id for a in roster if (a.date - START).days in (5, 6)} == {"a"}
    assert {a.person_id for a in roster if (a.date - START).days in (12, 13)} == {"b"}
