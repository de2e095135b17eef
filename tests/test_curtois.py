"""The Curtois & Qu reader (bench/curtois): Instance1 as a scenario, objective for objective."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bench.curtois.instance import FormatError, Instance, read_instance
from bench.curtois.objective import hard_violations
from bench.curtois.scenario import START, duty_ids, write_scenario
from inputs.load import load_scenario
from roster.check import check
from roster.model import Scenario
from roster.result import Assignment
from tests.builders import solve_checked

FIXTURE = Path(__file__).parent / "data" / "curtois" / "Instance1.txt"
SOFT = {"cover", "cover_extra", "requests"}  # the families the Curtois objective maps to


def curtois_by_hand(instance: Instance, worked: set[tuple[str, int, str]]) -> int:
    """FORMAT: sum of unmet on-requests, met off-requests, 100 per missing, 1 per surplus."""
    total = 0
    for r in instance.on_requests:
        total += r.weight if (r.staff_id, r.day, r.shift_id) not in worked else 0
    for r in instance.off_requests:
        total += r.weight if (r.staff_id, r.day, r.shift_id) in worked else 0
    for c in instance.cover:
        n = sum(1 for (_, d, s) in worked if d == c.day and s == c.shift_id)
        total += c.under_weight * max(0, c.requirement - n) + c.over_weight * max(
            0, n - c.requirement
        )
    return total


@pytest.fixture(scope="module")
def instance() -> Instance:
    return read_instance(FIXTURE)


@pytest.fixture
def scenario(instance: Instance, tmp_path: Path) -> Scenario:
    sc = load_scenario(write_scenario(instance, tmp_path / "instance1"))
    return dataclasses.replace(
        sc, solver=dataclasses.replace(sc.solver, workers=1, seed=1, deterministic=True)
    )


def curtois_terms(
    instance: Instance, assignments: tuple[Assignment, ...]
) -> set[tuple[str, int, str]]:
    shift_of = {duty: shift for shift, duty in duty_ids(instance).items()}
    return {(a.person_id, (a.date - START).days, shift_of[a.duty_id]) for a in assignments}


def soft_cost(sc: Scenario, assignments: tuple[Assignment, ...]) -> int:
    return sum(v.cost for v in check(sc, assignments).violations if v.kind in SOFT)


def test_reads_instance1(instance: Instance) -> None:
    assert instance.days == 14
    assert [s.id for s in instance.shifts] == ["D"]
    assert len(instance.staff) == 8
    assert (len(instance.on_requests), len(instance.off_requests), len(instance.cover)) == (
        21,
        5,
        14,
    )
    assert instance.staff[0].max_shifts == {"D": 14}
    assert instance.days_off["A"] == (0,)


def test_crlf_reads_the_same(instance: Instance, tmp_path: Path) -> None:
    crlf = tmp_path / "Instance1.txt"
    crlf.write_bytes(FIXTURE.read_bytes().replace(b"\n", b"\r\n"))
    assert read_instance(crlf) == instance


def test_unknown_shift_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "Instance1.txt"
    bad.write_text(FIXTURE.read_text().replace("0,D,5,100,1", "0,X,5,100,1"))
    with pytest.raises(FormatError, match="unknown id 'X'"):
        read_instance(bad)


def test_empty_roster_costs_7137(instance: Instance, scenario: Scenario) -> None:
    assert curtois_by_hand(instance, set()) == 7137
    assert soft_cost(scenario, ()) == 7137


def test_solved_roster_is_optimal_in_curtois_terms(instance: Instance, scenario: Scenario) -> None:
    result = solve_checked(scenario)
    worked = curtois_terms(instance, result.assignments)
    assert result.objective == curtois_by_hand(instance, worked) == 607  # the proven optimum
    assert hard_violations(instance, worked) == []


def test_a_worse_roster_costs_the_same_both_ways(instance: Instance, scenario: Scenario) -> None:
    """Remove the first day's workers: hard rules may break, the soft costs still agree."""
    result = solve_checked(scenario)
    fewer = tuple(a for a in result.assignments if a.date != START)
    assert len(fewer) < len(result.assignments)
    worked = curtois_terms(instance, fewer)
    assert soft_cost(scenario, fewer) == curtois_by_hand(instance, worked) > 607


def test_fast_mode_keeps_hard_rules_first(instance: Instance, scenario: Scenario) -> None:
    """The parallel portfolio searches from a roster keeping every hard rule
    (solver/phases.py): still the optimum, and the first roster is reported."""
    fast = dataclasses.replace(
        scenario, solver=dataclasses.replace(scenario.solver, deterministic=False, workers=2)
    )
    result = solve_checked(fast)
    assert result.objective == 607
    assert result.stats["first_hard"]["status"] in ("OPTIMAL", "FEASIBLE")
    worked = curtois_terms(instance, result.assignments)
    assert hard_violations(instance, worked) == []


def test_hard_violations_name_what_breaks(instance: Instance) -> None:
    """The benchmark's own hard rules: a day off worked, a lone working day inside the
    horizon, too few minutes."""
    found = hard_violations(instance, {("A", 0, "D"), ("B", 3, "D")})
    assert "A works day off 0" in found
    assert "B: 1 working days from day 3 < 2" in found
    assert any(line.startswith("C: 0 minutes outside") for line in found)
