"""The sweeps of whole days (solver/day_sweeps.py): every window of WIDTH days once a
sweep, every pair of its days free, in an order from the seed; none where a window would
be the whole horizon or too large for a call. Under a cap on weekends each sweep begins
with every weekend at once, with a run of the weekdays between two or alone, in turn."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from solver import day_sweeps
from solver.day_sweeps import MOST_PAIRS, WIDTH, DaySweeps

RNG = random.Random(0)  # the search's own: the kind does not draw from it


def _by_day(days: int, per_day: int = 2) -> list[list[int]]:
    return [[day * per_day + k for k in range(per_day)] for day in range(days)]


def _firsts(sweeps: DaySweeps, n: int) -> list[int]:
    out = []
    for _ in range(n):
        free = sweeps.days(RNG, 1, [])
        first = min(free) // 2
        assert free == {i for d in range(first, first + WIDTH) for i in (2 * d, 2 * d + 1)}
        out.append(first)
    return out


def test_each_sweep_visits_every_window_once() -> None:
    days = 10
    windows = days - WIDTH + 1
    sweeps = DaySweeps(_by_day(days), random.Random(1))
    assert sweeps.applicable() and sweeps.windows() == windows
    first, second = _firsts(sweeps, windows), _firsts(sweeps, windows)
    assert sorted(first) == sorted(second) == list(range(windows))
    assert first != sorted(first) and first != second  # drawn, and drawn again


def test_the_order_follows_the_seed() -> None:
    def order(seed: int) -> list[int]:
        return _firsts(DaySweeps(_by_day(12), random.Random(seed)), 10)

    assert order(3) == order(3)
    assert order(3) != order(4)


def test_not_on_a_horizon_of_one_window_nor_with_windows_too_large() -> None:
    assert not DaySweeps(_by_day(WIDTH), random.Random(0)).applicable()
    per_day = MOST_PAIRS // WIDTH
    assert DaySweeps(_by_day(10, per_day), random.Random(0)).applicable()
    assert not DaySweeps(_by_day(10, per_day + 1), random.Random(0)).applicable()


def _dates(days: int) -> list[date]:
    monday = date(2026, 3, 2)
    return [monday + timedelta(days=d) for d in range(days)]


def _on(free: set[int], per_day: int = 2) -> list[str]:
    """The weekday names of the days the pairs are on."""
    days = sorted({i // per_day for i in free})
    return sorted({_dates(28)[d].strftime("%a") for d in days})


def test_each_sweep_is_preceded_by_every_weekend_from_friday_to_monday() -> None:
    days = 28
    sweeps = DaySweeps(_by_day(days), random.Random(1), _dates(days))
    for _ in range(2):  # two sweeps
        assert sweeps.due
        free = sweeps.weekends_at_once(RNG, 1, [])
        assert not sweeps.due and {"Fri", "Mon", "Sat", "Sun"} <= set(_on(free))
        # four of each, with a run of the weekdays between two weekends (the next each time)
        assert len(free) == 2 * 4 * 4 + 2 * 3 and free > sweeps.weekends
        windows = [sweeps.days(RNG, 1, []) for _ in range(days - WIDTH + 1)]
        assert all(len(w) == 2 * WIDTH for w in windows)


def test_saturdays_and_sundays_alone_where_friday_to_monday_is_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(day_sweeps, "WEEKEND_PAIRS", 2 * 8)  # 4 weekends of 2 days, 2 pairs
    sweeps = DaySweeps(_by_day(28), random.Random(1), _dates(28))
    assert _on(sweeps.weekends_at_once(RNG, 1, [])) == ["Sat", "Sun"]
    monkeypatch.setattr(day_sweeps, "WEEKEND_PAIRS", 2 * 8 - 1)
    sweeps = DaySweeps(_by_day(28), random.Random(1), _dates(28))
    assert not sweeps.due and not sweeps.weekends


def test_no_weekend_window_without_a_cap_or_two_weekends() -> None:
    for sweeps in (
        DaySweeps(_by_day(28), random.Random(1)),  # no cap on weekends: no dates given
        DaySweeps(_by_day(8), random.Random(1), _dates(8)),  # one Saturday
    ):
        assert not sweeps.weekends and not sweeps.due
        sweeps.days(RNG, 1, [])
        assert not sweeps.due


def test_a_restart_begins_a_new_sweep_with_the_weekends() -> None:
    sweeps = DaySweeps(_by_day(28), random.Random(1), _dates(28))
    sweeps.weekends_at_once(RNG, 1, [])
    sweeps.days(RNG, 1, [])
    assert not sweeps.due and len(sweeps.starts) == 28 - WIDTH
    sweeps.restart()
    assert sweeps.due and not sweeps.starts


def test_the_weekends_widened_by_each_run_of_weekdays_between_them_in_turn() -> None:
    """Every weekend with one run of the weekdays between two weekends (Tuesday to
    Thursday, in date order), then the weekends alone; a window solved to its optimum at
    the roster's cost is skipped at that cost; a new cost begins from the first again."""
    cost = [7]
    sweeps = DaySweeps(_by_day(28), random.Random(1), _dates(28), lambda: cost[0])
    runs = [sweeps.weekends_at_once(RNG, 1, []) for _ in range(4)]
    alone = sweeps.weekends_at_once(RNG, 1, [])
    assert _on(alone) == ["Fri", "Mon", "Sat", "Sun"] and alone == sweeps.weekends
    assert [sorted({i // 2 for i in w - alone}) for w in runs] == [
        [1, 2, 3], [8, 9, 10], [15, 16, 17], [22, 23, 24]
    ]  # fmt: skip
    assert all(w > alone for w in runs) and sweeps.weekends_at_once(RNG, 1, []) == runs[0]
    sweeps.prove(runs[1])
    sweeps.prove(alone)
    assert sweeps.weekends_at_once(RNG, 1, []) == runs[2]  # the proven one skipped
    sweeps.prove(runs[0])
    assert sweeps.weekends_at_once(RNG, 1, []) == runs[3]
    assert sweeps.weekends_at_once(RNG, 1, []) == runs[2]  # round again, skipping three
    for w in runs[2:]:
        sweeps.prove(w)
    assert sweeps.weekends_open() is False
    sweeps.prove({0, 1})  # not a window of weekends: no effect
    assert {0, 1} not in [set(w) for w in sweeps.proven]
    cost[0] = 6
    assert sweeps.weekends_open() and sweeps.weekends_at_once(RNG, 1, []) == runs[0]


def test_a_widened_window_too_large_for_a_call_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(day_sweeps, "WEEKEND_PAIRS", 2 * 4 * 4)  # the weekends alone, exactly
    sweeps = DaySweeps(_by_day(28), random.Random(1), _dates(28))
    assert len(sweeps.weekend_windows) == 1
    monkeypatch.setattr(day_sweeps, "WEEKEND_PAIRS", 2 * 4 * 4 + 2 * 3)  # one run of 3 days
    sweeps = DaySweeps(_by_day(28), random.Random(1), _dates(28))
    assert len(sweeps.weekend_windows) == 5
