"""`priority` on tiny scenarios: docs/rules.md#priority. Staff first, volunteers as needed.

Every solve goes through solve_checked: the independent checker must agree.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from inputs.load import load_scenario
from roster.check import check
from tests.builders import (
    HARD,
    duty_seat,
    group,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)
from tests.folders import MINI_TOML, PEOPLE, load_error, make_folder


def tiers(**costs: int):
    return rule("priority", hard=False, tiers=MappingProxyType(costs))


def crew(*ids: str):
    """staff s*, volunteers v*."""
    return [person(i, "S1", "staff" if i.startswith("s") else "volunteer") for i in ids]


def test_staff_first_volunteers_only_as_needed():
    sc = scenario(
        crew("s1", "v1"),
        days=2,
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), rule("rest", free_days=1), tiers(volunteer=10)],
    )
    r = solve_checked(sc)
    # s1 cannot take both nights (rest): v1 takes one, at 10
    assert r.objective == 10
    assert sorted(a.person_id for a in r.assignments) == ["s1", "v1"]
    assert [(v.person_id, v.role, v.amount, v.cost) for v in r.violations] == [
        ("v1", "volunteer", 1, 10)
    ]


def test_trivial_no_volunteer_needed_costs_nothing():
    sc = scenario(crew("s1", "v1"), days=1, rules=[rule("cover"), tiers(volunteer=10)])
    r = solve_checked(sc)
    assert r.objective == 0 and [a.person_id for a in r.assignments] == ["s1"]


def test_three_tiers_in_order():
    sc = scenario(
        [person("a", "S1", "staff"), person("b", "S1", "volunteer"), person("c", "S1", "reserve")],
        days=1,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), tiers(staff=0, volunteer=3, reserve=20)],
    )
    r = solve_checked(sc)
    assert sorted(a.person_id for a in r.assignments) == ["a", "b"] and r.objective == 3


def test_a_cover_that_cannot_hold_is_reported_not_raised():
    # only a volunteer and two seats: one stays empty, the other costs the tier
    sc = scenario(
        crew("v1"),
        days=1,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), tiers(volunteer=4)],
    )
    r = solve_checked(sc)
    assert r.objective == HARD + 4 and len(r.uncovered) == 1


def test_the_dearest_tier_of_a_person_counts():
    both = person("x", "S1", "staff", "volunteer")
    sc = scenario([both], days=3, rules=[rule("cover"), tiers(staff=1, volunteer=5)])
    report = check(sc, [duty_seat("x", d) for d in range(3)])
    assert [(v.role, v.amount, v.cost) for v in report.violations] == [("volunteer", 3, 15)]


def test_priority_is_read_from_scenario_toml(tmp_path: Path):
    toml = MINI_TOML.replace(
        "[rules.cover]", "[rules.priority]\ntiers = { leader = 2 }\n\n[rules.cover]"
    )
    sc = load_scenario(make_folder(tmp_path, toml=toml))
    found = next(sc.rule("priority"))
    assert dict(found.params["tiers"]) == {"leader": 2} and not found.hard


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ("tiers = { volunter = 2 }", "no person holds role 'volunter'"),
        ("tiers = {}", "empty"),
        ("tiers = { leader = -1 }", "integer >= 0"),
        ("hard = true\ntiers = { leader = 1 }", "always soft"),
    ],
)
def test_bad_priority_tables_are_refused(tmp_path: Path, table: str, fragment: str):
    toml = MINI_TOML.replace("[rules.cover]", f"[rules.priority]\n{table}\n\n[rules.cover]")
    err = load_error(make_folder(tmp_path, toml=toml, people=PEOPLE))
    assert "rules.priority" in err.message and fragment in err.message
