"""Rows on several windows at once (solver/rows_wave.py).

Every roster is verified by the independent checker; the cases are small and exact.
"""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from roster.check import check
from solver import rows
from solver.construct import construct, seating
from solver.rows import (
    Frame,
    RowBudget,
    RowPlan,
    RowStats,
    apply_plan,
    choose_rows,
    plan_row,
    windows,
)
from solver.rows_groups import choose_group, choose_groups, groups
from solver.rows_wave import wave
from tests.builders import START, nights_with_wishes, rule

UNLIMITED = RowBudget(math.inf, math.inf)
PEOPLE = "abcdef"
DAYS = 28


def wishes_case(workers: int):
    """Six people over four weeks of nights of one seat (up to three); each person would
    rather not work some nights (a pattern of their own), and works 8-10 nights in
    stretches of 2-4: more duties than seats, so rows have moves to make on every window."""
    rules = [
        rule("cover", hard=False, weight=10, extra_weight=1),
        rule("consecutive", max=4, min=2),
        rule("days_off", min=2),
        rule("workload", min=8, max=10),
        rule("requests", hard=False, not_weight=3),
    ]
    return nights_with_wishes(PEOPLE, 1, rules, workers, DAYS)


def first_rows(sc):
    """The construction's rows, before any row is chosen again."""
    roster, _ = construct(sc)
    return seating(sc, roster)


def roster_of(state):
    return tuple(sorted(state.roster))


@pytest.fixture
def short_windows(monkeypatch):
    monkeypatch.setattr(rows, "WINDOW_DAYS", 7)


def test_a_wave_takes_each_unit_window_by_window_beside_the_next_units_earlier_window():
    spans = [(START, START), (START + timedelta(days=1), START + timedelta(days=1))]
    steps: list[list[tuple[str, int]]] = []
    seen: list[tuple[str, int]] = []

    def plan(unit: str, window) -> RowPlan:
        seen.append((unit, spans.index(window)))
        return RowPlan("same", 1.0)

    state = first_rows(wishes_case(1))
    stats = RowStats()
    out = wave(state, ["u", "v", "w"], spans, plan, UNLIMITED, stats, None)
    steps = [seen[0:1], seen[1:3], seen[3:5], seen[5:6]]
    assert steps == [[("u", 0)], [("v", 0), ("u", 1)], [("w", 0), ("v", 1)], [("w", 1)]]
    assert out == [["same", "same"]] * 3
    assert stats.work == 6.0


def test_units_done_after_a_window_each_start_on_a_window_of_their_own():
    """Units stopping once done (people breaking a rule): the i-th starts on window
    i mod 2, and a step plans the first units not done whose next windows differ."""
    spans = [(START, START), (START + timedelta(days=1), START + timedelta(days=1))]
    seen: list[tuple[str, int]] = []
    mended: set[str] = set()

    def plan(unit: str, window) -> RowPlan:
        seen.append((unit, spans.index(window)))
        if unit != "v":  # v still breaks a rule after each of its windows
            mended.add(unit)
        return RowPlan("same", 1.0)

    state = first_rows(wishes_case(1))
    stats = RowStats()
    units = ["u", "v", "w"]
    out = wave(state, units, spans, plan, UNLIMITED, stats, None, mended.__contains__)
    # u on the first window beside v on the second; then v's and w's next are both the
    # first window, so they go one after the other.
    assert seen == [("u", 0), ("v", 1), ("v", 0), ("w", 0)]
    assert out == [["same"], ["same", "same"], ["same"]]
    assert stats.work == 4.0


def test_a_wave_stops_between_steps_when_the_work_is_spent():
    spans = [(START, START), (START + timedelta(days=1), START + timedelta(days=1))]
    state = first_rows(wishes_case(1))
    stats = RowStats()
    out = wave(
        state, ["u", "v", "w"], spans, lambda u, w: RowPlan("same", 1.0),
        RowBudget(math.inf, 3.0), stats, None,
    )  # fmt: skip
    assert out == [["same", "same"], ["same"], []]  # steps of 1 and 2 plans: 3 units of work
    assert stats.work == 3.0


def test_rows_as_a_wave_are_the_rows_chosen_one_person_at_a_time(short_windows):
    sc = wishes_case(2)
    state = first_rows(sc)
    before = check(sc, roster_of(state))
    assert len(windows(sc.days)) == 4
    alone = first_rows(sc)
    frame = Frame(sc)
    for pid in PEOPLE:
        for window in windows(frame.days):
            apply_plan(alone, plan_row(frame, alone, pid, UNLIMITED, window))
    stats = choose_rows(state, list(PEOPLE), UNLIMITED)
    report = check(sc, roster_of(state))
    assert roster_of(state) == roster_of(alone)
    assert stats.changed > 0
    assert report.objective < before.objective
    assert not [v for v in report.violations if v.hard]


def test_one_worker_or_two_choose_the_same_rows_and_pairs(short_windows):
    found = []
    for workers in (1, 2):
        sc = wishes_case(workers)
        state = first_rows(sc)
        choose_rows(state, list(PEOPLE), UNLIMITED)
        choose_groups(state, list(PEOPLE), UNLIMITED, Frame(sc), RowStats(), turn=1)
        report = check(sc, roster_of(state))
        assert not [v for v in report.violations if v.hard]
        found.append(roster_of(state))
    assert found[0] == found[1]


def test_pairs_as_a_wave_are_the_pairs_chosen_one_at_a_time(short_windows):
    sc = wishes_case(2)
    state = first_rows(sc)
    choose_rows(state, list(PEOPLE), UNLIMITED)
    alone = seating(sc, roster_of(state))
    frame = Frame(sc)
    for group in groups(list(PEOPLE), sc.solver.seed, 1):
        for window in windows(sc.days, 1):
            choose_group(frame, alone, group, UNLIMITED, window)
    before = check(sc, roster_of(state)).objective
    stats = choose_groups(state, list(PEOPLE), UNLIMITED, frame, RowStats(), turn=1)
    report = check(sc, roster_of(state))
    assert roster_of(state) == roster_of(alone)
    assert stats.changed and stats.tried == 3 * len(windows(sc.days, 1))
    assert report.objective < before
    assert not [v for v in report.violations if v.hard]


def test_people_breaking_a_rule_are_mended_side_by_side_on_different_windows(
    short_windows, monkeypatch
):
    """The seats at the cover's min leave everyone below their workload min of 8: their
    rows are chosen again as many at once as there are windows, each person from a window
    of their own (not one person at a time, which left the solve's other workers idle),
    on one worker or two the same, and everyone keeps the rules."""
    from solver import rows_wave

    steps: list[list] = []
    real_plan_all = rows_wave._plan_all

    def recorded(tasks, plan, pool):
        steps.append(list(tasks))
        return real_plan_all(tasks, plan, pool)

    monkeypatch.setattr(rows_wave, "_plan_all", recorded)
    found = []
    for workers in (1, 2):
        sc = wishes_case(workers)
        spans = windows(sc.days)
        state = seating(sc, ())
        for shift in sc.shifts:
            state.fill(shift, "min")
        breaking = [pid for pid in PEOPLE if rows._breaks_a_rule(state, pid)]
        assert len(breaking) > len(spans) == 4
        steps.clear()
        stats = choose_rows(state, list(PEOPLE), UNLIMITED)
        assert steps[0] == list(zip(breaking, spans, strict=False))
        assert not [pid for pid in PEOPLE if rows._breaks_a_rule(state, pid)]
        assert stats.tried == len(PEOPLE) and stats.changed >= len(breaking)
        report = check(sc, roster_of(state))
        assert not [v for v in report.violations if v.hard]
        found.append(roster_of(state))
    assert found[0] == found[1]
