"""Which duty stays short first: the `shortfall` factors of a cover or roles rule
(docs/rules.md#cover), honoured by the solver, the least-short first roster, the proven
shortage's cost and the checker alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path
from types import MappingProxyType

import pytest

from inputs.load import load_scenario
from roster.cover import least_factor, shortfall_factor
from solver import phases
from solver.shortage import least_shortage, shortage_cost
from tests.builders import (
    HARD,
    day_duty,
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)
from tests.folders import MINI_TOML, load_error, make_folder

DAY = day_duty(end=time(16))


def short_of_one(factors: dict[str, int], *, hard: bool = True, weight: int = 0):
    """One person, one date, a night and a day seat, and a cap of one duty: one seat must
    stay empty (the shortage is proven before solving)."""
    cover = rule("cover", hard=hard, weight=weight, shortfall=MappingProxyType(factors))
    return scenario(
        [person("a")],
        days=1,
        duties=[night(), DAY],
        rules=[cover, rule("max_shifts", max=1)],
    )


@pytest.mark.parametrize(("factors", "empty"), [({"night": 3}, "day"), ({"day": 3}, "night")])
def test_the_cheaper_duty_stays_short(monkeypatch, factors, empty):
    monkeypatch.setattr(phases, "PHASED_MIN_PAIRS", 0)  # first roster, then the main search
    sc = short_of_one(factors)
    assert least_shortage(sc).seats == 1  # so the first roster is the least-short try
    r = solve_checked(sc)
    assert r.objective == HARD
    assert [v.duty_id for v in r.uncovered] == [empty]
    # the least-short try itself left the cheaper seat empty
    assert "first_least_short" in r.stats and r.stats["first_roster_cost"] == HARD
    assert [a.duty_id for a in r.assignments] == [{"day": "night", "night": "day"}[empty]]


def test_the_factor_multiplies_the_cost_of_each_seat_short():
    # a alone for a night of two seats and a day of one, at most one duty
    sc = scenario(
        [person("a")],
        days=1,
        duties=[night([group("1", 2)]), DAY],
        rules=[rule("cover", shortfall=MappingProxyType({"night": 4})), rule("max_shifts", max=1)],
    )
    r = solve_checked(sc)
    # on the night: one night seat (4 x HARD) and the day seat empty; on the day: 8 x HARD
    assert r.objective == 5 * HARD
    assert sorted((v.duty_id, v.amount, v.cost) for v in r.uncovered) == [
        ("day", 1, HARD),
        ("night", 1, 4 * HARD),
    ]


def test_a_soft_cover_scales_its_weight():
    r = solve_checked(short_of_one({"night": 5, "day": 2}, hard=False, weight=10))
    assert r.objective == 20 and [v.duty_id for v in r.uncovered] == ["day"]


def test_below_preferred_is_scaled_too():
    duty = night([replace(group("1", 2), min=0)])
    cover = rule("cover", short_weight=3, shortfall=MappingProxyType({"night": 2}))
    r = solve_checked(scenario([person("a")], days=1, duties=[duty], rules=[cover]))
    assert [(v.kind, v.amount, v.cost) for v in r.violations] == [("cover_short", 1, 6)]


def test_roles_factor_per_duty_and_role():
    roles = rule("roles", shortfall=MappingProxyType({"day/leader": 7, "night": 2}))
    assert shortfall_factor(roles, "day", "leader") == 7
    assert shortfall_factor(roles, "night", "leader") == 2
    assert shortfall_factor(roles, "day") == 1
    leader_night = night([group("1", 1, leader=1)])
    leader_day = replace(DAY, groups=(group("1", 1, leader=1),))
    sc = scenario(
        [person("a", "S1", "leader")],
        days=1,
        duties=[leader_night, leader_day],
        rules=[rule("cover"), roles, rule("max_shifts", max=1)],
    )
    r = solve_checked(sc)
    # a leads the day (7 per leader seat short); the night's seat and leader seat stay empty
    assert [a.duty_id for a in r.assignments] == ["day"]
    assert sorted((v.kind, v.duty_id, v.cost) for v in r.uncovered) == [
        ("cover", "night", HARD),
        ("roles", "night", 2 * HARD),
    ]


def test_the_proven_shortage_costs_the_cheapest_factor():
    sc = short_of_one({"night": 3, "day": 2})
    cover = sc.rules[0]
    assert least_factor(cover, ["night", "day"]) == 2
    assert shortage_cost(sc, least_shortage(sc)) == 2 * HARD
    assert solve_checked(sc).objective == 2 * HARD


def test_shortfall_is_read_from_scenario_toml(tmp_path: Path):
    toml = MINI_TOML.replace(
        "[rules.cover]\nhard = true", "[rules.cover]\nhard = true\nshortfall = { night = 5 }"
    )
    sc = load_scenario(make_folder(tmp_path, toml=toml))
    assert dict(next(sc.rule("cover")).params["shortfall"]) == {"night": 5}


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ("shortfall = { nite = 5 }", "no duty with id 'nite'"),
        ("shortfall = { night = 0 }", "integer >= 1"),
        ("shortfall = { night = 1001 }", "allowed: 1 to 1000"),
        ('shortfall = { "night/leader" = 2 }', "name the duty alone"),
    ],
)
def test_bad_shortfall_is_refused_with_its_key(tmp_path: Path, table: str, fragment: str):
    toml = MINI_TOML.replace("[rules.cover]\nhard = true", f"[rules.cover]\nhard = true\n{table}")
    err = load_error(make_folder(tmp_path, toml=toml))
    assert "rules.cover.shortfall" in err.message and fragment in err.message
