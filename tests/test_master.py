"""The relaxation's linear master (solver/master.py): a shift's head count at its cover
cost, whatever the count, with one row a shift however many may work it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from solver.master import SCALE, Master, cover_lines

# Three short of preferred at 100 each, then 1 each above it (units of 1/SCALE).
COSTS = (30000, 20000, 10000, 0, 100, 200)


@dataclass(frozen=True)
class _Shift:
    id: str
    costs: tuple[int, ...]
    candidates: int


def _master_of(people: int, candidates: int) -> Master:
    """`people` alike who all work shift `n` (their only schedule)."""
    master = Master([people], [_Shift("n", COSTS, candidates)])
    master.add([[(0, ["n"])]])
    assert master.solve()
    return master


@pytest.mark.parametrize("people", range(len(COSTS)))
def test_the_masters_count_costs_its_cover_cost_at_every_head_count(people: int) -> None:
    assert _master_of(people, len(COSTS) - 1).value == pytest.approx(COSTS[people] / SCALE)


def test_a_count_beyond_the_costs_costs_the_steep_slope() -> None:
    steep = 10 * 100  # ten times the steepest step, in units of cost
    master = _master_of(len(COSTS), len(COSTS))
    assert master.value == pytest.approx(COSTS[-1] / SCALE + steep)


def test_no_count_goes_beyond_its_candidates() -> None:
    master = Master([3], [_Shift("n", COSTS, 2)])
    master.add([[(0, ["n"])]])
    assert not master.solve()  # three people, all on a shift only two may work


def test_a_line_of_the_same_slope_is_one_line() -> None:
    assert cover_lines(COSTS) == [(0, 300.0, -100.0), (3, 0.0, 1.0), (5, 2.0, 1000.0)]


def test_the_master_has_a_row_a_shift_and_a_block_whatever_the_head_counts() -> None:
    shifts = [
        _Shift(f"s{i}", (50000, 40000, 30000, 20000, 10000, 0, *range(100, 7100, 100)), 75)
        for i in range(4)
    ]
    master = Master([1, 1, 1], shifts)
    assert master.lp.NumConstraints() == len(shifts) + 3
