"""One schedule per person among the relaxation's (solver/columns.py): the integer program
over whole rows, the start's rows among its choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.curtois.instance import read_instance
from bench.curtois.scenario import write_scenario
from inputs.load import load_scenario
from solver import lower_bound
from solver.columns import choose
from solver.lower_bound import SCALE, Columns

# A shift wanting one person: 100 for the empty seat, 1 for each one too many.
ONE = (100 * SCALE, 0, 1 * SCALE)


def _columns(schedules: dict[str, list[tuple[int, tuple[str, ...]]]]) -> Columns:
    people = tuple(schedules)
    return Columns(
        people,
        tuple(tuple((own * SCALE, worked) for own, worked in schedules[p]) for p in people),
        (("early", ONE), ("late", ONE)),
    )


def test_each_person_takes_the_schedule_that_covers_best_with_the_others() -> None:
    found = _columns({"a": [(0, ("early",)), (5, ("late",))], "b": [(0, ("early",)), (0, ())]})
    chosen = choose(found, {}, 10)
    assert chosen is not None and chosen.proven
    assert chosen.worked == (("a", "late"), ("b", "early"))
    assert chosen.cost == pytest.approx(5)


def test_a_row_of_the_start_is_one_more_choice() -> None:
    found = _columns({"a": [(0, ("early",))], "b": [(0, ("early",))]})
    start = {"a": (3 * SCALE, ("late",)), "b": (0, ("early",))}
    chosen = choose(found, start, 10)
    assert chosen is not None
    assert chosen.worked == (("a", "late"), ("b", "early"))
    assert chosen.cost == pytest.approx(3)


def test_a_start_row_among_the_schedules_is_counted_once_at_the_start_cost() -> None:
    found = _columns({"a": [(7, ("early",)), (50, ("late",))], "b": [(0, ("late",))]})
    chosen = choose(found, {"a": (2 * SCALE, ("early",))}, 10)
    assert chosen is not None
    assert chosen.worked == (("a", "early"), ("b", "late"))
    assert chosen.cost == pytest.approx(2)


def test_no_time_no_roster() -> None:
    assert choose(_columns({"a": [(0, ("early",))]}), {}, 0) is None


def test_the_relaxation_keeps_every_schedule_it_found_for_each_person(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"
    sc = load_scenario(write_scenario(read_instance(fixture), tmp_path / "instance1"))
    found = lower_bound.lower_bound(sc, 5.0, True)
    assert found is not None and found.columns is not None
    assert set(found.columns.people) == {p.id for p in sc.people}
    at_prices: dict[str, set[str]] = {}
    for pid, sid in found.schedules:
        at_prices.setdefault(pid, set()).add(sid)
    for pid, mine in zip(found.columns.people, found.columns.schedules, strict=True):
        assert mine, pid
        assert set(at_prices.get(pid, ())) in [set(worked) for _, worked in mine]
