"""Rows chosen again one person at a time (solver/rows.py), from the construction's roster.

Every roster is verified by the independent checker; the cases are small and exact.
"""

from __future__ import annotations

import importlib
import math
from datetime import timedelta

from roster.check import check
from roster.model import Group
from solver import rows
from solver.construct import construct, seating
from solver.rows import RowBudget, choose_rows, improve_rows, windows
from tests.builders import START, night, person, rule, scenario

UNLIMITED = RowBudget(math.inf, math.inf)


def loose_nights(people: int, size: int = 1):
    """Nights of `size` seats that take up to every person (a seat above size costs 1)."""
    return night([Group("1", "G1", size, min=size, max=people)])


def workload_case(days: int = 14):
    # Three people whose min of 6 duties adds up to 18: more than the 14 seats the
    # cover asks, so someone must take a seat above it; stretches of 2-3, breaks of 2.
    return scenario(
        [person("a"), person("b"), person("c")],
        days=days,
        duties=[loose_nights(3)],
        rules=[
            rule("cover", hard=False, weight=10, extra_weight=1),
            rule("consecutive", max=3, min=2),
            rule("days_off", min=2),
            rule("workload", min=6, max=7),
        ],
    )


def test_the_construction_with_rows_keeps_every_rule_where_the_mins_exceed_the_cover():
    sc = workload_case()
    roster, report = construct(sc, rows=UNLIMITED)
    assert report == check(sc, roster)
    assert not [v for v in report.violations if v.hard]
    for pid in "abc":
        assert 6 <= sum(a.person_id == pid for a in roster) <= 7


def test_choosing_rows_again_never_raises_the_cost():
    sc = workload_case()
    state = seating(sc, ())
    for shift in sc.shifts:
        state.fill(shift, "min")
    improve_rows(state, UNLIMITED)  # every rule kept, then rows that cost less
    before = check(sc, tuple(sorted(state.roster))).objective
    stats = choose_rows(state, ["a", "b", "c"], UNLIMITED)
    after = check(sc, tuple(sorted(state.roster)))
    assert stats.tried == 3
    assert not [v for v in after.violations if v.hard]
    assert after.objective <= before


def test_a_row_chosen_in_windows_keeps_the_rules_across_their_cuts(monkeypatch):
    monkeypatch.setattr(rows, "WINDOW_DAYS", 6)
    sc = workload_case(days=21)
    sc = scenario(
        list(sc.people),
        days=21,
        duties=list(sc.duties),
        rules=[r for r in sc.rules if r.kind != "workload"] + [rule("workload", min=9, max=10)],
    )
    roster, report = construct(sc, rows=UNLIMITED)
    assert report == check(sc, roster)
    assert not [v for v in report.violations if v.hard]


def test_windows_split_the_horizon_and_move_their_cuts_on_odd_turns():
    days = [START + timedelta(days=i) for i in range(400)]
    assert windows(days[:100]) == [(days[0], days[99])]
    half = rows.WINDOW_DAYS // 2
    even = windows(days)
    odd = windows(days, turn=1)
    assert [w[0] for w in even] == [days[0], days[rows.WINDOW_DAYS], days[2 * rows.WINDOW_DAYS]]
    assert [w[0] for w in odd][1] == days[half]
    for spans in (even, odd):
        assert spans[-1][1] == days[-1]
        for (_, last), (first, _) in zip(spans, spans[1:], strict=False):
            assert first - last == timedelta(days=1)


def test_a_horizon_too_large_for_its_model_is_the_construction_with_rows(monkeypatch):
    from solver import hinted
    from tests.builders import solve_checked

    sc = workload_case()
    monkeypatch.setattr(hinted, "LONG_HORIZON_DAYS", 1)
    monkeypatch.setattr(hinted, "CONSTRUCTION_ONLY_PAIRS", 0)
    built = []
    monkeypatch.setattr(importlib.import_module("solver.solve"), "build", built.append)
    result = solve_checked(sc)  # the independent checker agrees with its objective
    assert not built
    assert result.stats["construction_only"] is True
    assert {"rows", "pairs"} <= result.stats["rows"]["passes"].keys()  # what each pass did
    assert not [v for v in result.violations if v.hard]
    for pid in "abc":
        assert 6 <= sum(a.person_id == pid for a in result.assignments) <= 7


def test_a_short_horizon_is_never_too_large_for_its_model():
    from solver import hinted

    assert not hinted.too_large(workload_case())


def test_the_rows_say_what_each_pass_did():
    sc = workload_case()
    state = seating(sc, ())
    for shift in sc.shifts:
        state.fill(shift, "min")
    stats = improve_rows(state, UNLIMITED)
    passes = stats.summary()["passes"]
    assert passes["short"]["turns"] == 1 and passes["short"]["changed"] >= 1
    assert passes["rows"]["turns"] >= 1
    assert sum(p["changed"] for p in passes.values()) == stats.changed
    assert not [v for v in check(sc, tuple(sorted(state.roster))).violations if v.hard]
