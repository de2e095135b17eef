"""The sweeps of whole days (solver/day_sweeps.py): every window of WIDTH days once a
sweep, every pair of its days free, in an order from the seed; none where a window would
be the whole horizon or too large for a call."""

from __future__ import annotations

import random

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
    assert sweeps.applicable()
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
