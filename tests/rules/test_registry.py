"""The rule-family registry (roster/families.py): every family has all its parts, and its
flags agree with what the code does where that is cheap to see."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest

from inputs.rules import read_rule
from inputs.toml_reader import TomlTable
from roster.check import check
from roster.errors import InputError
from roster.families import FAMILIES, FAMILY, FAMILY_OF_KIND, STATED, Family, unkeyed_fields
from roster.model import Pair, Request, RequestKind, Scenario
from roster.result import Assignment
from tests.builders import (
    START,
    day_duty,
    group,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    with_busy,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
# The fairness tests stay where they are while the fairness rewrite is under way; they move
# to tests/rules/test_fairness.py with it.
TESTS_ELSEWHERE: dict[str, str] = {}  # a family whose tests live outside tests/rules/
# Test modules of tests/rules/ that are not one family's.
SHARED_TESTS = {"registry", "sequences"}
# The least [rules.<name>] table of each stated family that reads without an error.
LEAST = {
    "rest": {"free_days": 1},
    "max_in_window": {"max": 1},
    "workload": {"max": 1},
    "weekends": {"max": 1},
    "consecutive": {"max": 2},
    "days_off": {"min": 2},
    "rest_hours": {"min_hours": 8},
    "succession": {"forbidden": [["night", "night"]]},
    "fairness": {"categories": {"all": 1}},
    "busy_rest": {"before_hours": 1, "weight": 1},
    "priority": {"tiers": {"volunteer": 1}},
    "pattern": {"cycle": "110"},
}
HEADING_SAYS = {
    "always_hard": "always hard",
    "hard_by_default": "default hard",
    "always_soft": "soft",
}


def family_ids(families: tuple[Family, ...]) -> list:
    return [pytest.param(f, id=f.name) for f in families]


# ---- every part, found by the family's name ----


@pytest.mark.parametrize("family", family_ids(FAMILIES))
def test_model_module(family: Family):
    if family.model is None:
        # Families the solver holds by creating no variable: the note says where.
        where = family.model_note.split(":")[0]
        assert family.model_note and (ROOT / where).is_file(), family.name
        return
    assert (ROOT / "solver" / "rules" / f"{family.name}.py").is_file()
    assert family.model == f"solver.rules.{family.name}:add"
    assert callable(family.resolve("model"))


@pytest.mark.parametrize("family", family_ids(FAMILIES))
def test_check_module(family: Family):
    assert (ROOT / "roster" / "checks" / f"{family.name}.py").is_file()
    assert family.check == f"roster.checks.{family.name}:check_{family.name}"
    assert callable(family.resolve("check"))
    if family.always_hard_check is not None:
        assert family.always_hard_check.startswith(f"roster.checks.{family.name}:")
        assert callable(family.resolve("always_hard_check"))


@pytest.mark.parametrize("family", family_ids(FAMILIES))
def test_test_module(family: Family):
    path = ROOT / TESTS_ELSEWHERE.get(family.name, f"tests/rules/test_{family.name}.py")
    assert path.is_file(), path
    assert re.search(r"^def test_", path.read_text(encoding="utf-8"), re.M), path


@pytest.mark.parametrize("family", family_ids(FAMILIES))
def test_doc_anchor_and_heading(family: Family):
    assert family.doc_anchor == f"docs/rules.md#{family.name}"
    heading = re.search(
        rf'^<a id="{family.name}"></a>\n### `{family.name}` \(([^)]*)\)$', DOCS, re.M
    )
    assert heading is not None, f"no anchor and heading for {family.name} in docs/rules.md"
    assert HEADING_SAYS[family.hardness] in heading.group(1)


def test_every_module_belongs_to_a_family():
    models = {p.stem for p in (ROOT / "solver" / "rules").glob("*.py")} - {"__init__"}
    checks = {p.stem for p in (ROOT / "roster" / "checks").glob("*.py")} - {"__init__"}
    tests = {p.stem.removeprefix("test_") for p in (ROOT / "tests" / "rules").glob("test_*.py")}
    assert models <= set(FAMILY)
    assert checks <= set(FAMILY)
    assert tests - SHARED_TESTS <= set(FAMILY)


# ---- flags against behaviour ----


def test_flags_agree_with_each_other():
    for f in FAMILIES:
        assert not (f.coupling and f.person_scoped), f.name
        assert not f.split or f.coupling, f.name  # split per group: a group's seats couple
        assert f.stated == (f.hardness != "always_hard"), f.name
        assert f.stated == (f.reader is not None), f.name
        if not f.stated:
            assert f.always_hard_check == f.check, f.name


def read(name: str, **table: object):
    return read_rule(name, TomlTable({**LEAST.get(name, {}), **table}, f"rules.{name}"), DUTIES)


DUTIES = ("night", "day")


@pytest.mark.parametrize("family", family_ids(STATED))
def test_hardness_as_read(family: Family):
    stated = read(family.name)
    assert stated.kind == family.name
    assert stated.hard == (family.hardness == "hard_by_default")
    if family.hardness == "always_soft":
        with pytest.raises(InputError, match="always soft"):
            read(family.name, hard=True)


@pytest.mark.parametrize("family", family_ids(STATED))
def test_weightless_and_params_as_read(family: Family):
    if family.weightless:
        with pytest.raises(InputError, match="weight"):
            read(family.name, weight=1)
    else:
        assert read(family.name, hard=False, weight=3).weight == 3
    with pytest.raises(InputError, match="unknown_key"):
        read(family.name, unknown_key=1)


# ---- violation keys and person scope on a roster that bends every rule ----


def every_rule_bent() -> tuple[Scenario, list[Assignment]]:
    """Three people, Monday to Saturday, a night and a day duty, every stated family soft
    at weight 1 with tight parameters; the roster puts everyone on almost every shift."""
    night_duty = night([group("1", 1, leader=1), group("2", 1)])
    # Overlaps the night that starts at 17:00, and only leaders may serve it.
    long_day = replace(day_duty(end=time(18)), requires=frozenset({"leader"}))
    people = [person("a", "S1", "leader"), person("b", "S1"), person("c", "S2", "leader")]
    params = {
        "rest": {"free_days": 1},
        "max_in_window": {"max": 1, "days": 2},
        "max_shifts": {"max": 2},
        "workload": {"max": 2, "unit": "duties", "duty": ""},
        "weekends": {"max": 0, "duty": ""},
        "consecutive": {"max": 1, "duty": ""},
        "days_off": {"min": 2},
        "rest_hours": {"min_hours": 11},
        "succession": {"forbidden": (("night", "day"),)},
        "preferences": {"prefer_not_weight": 1, "prefer_weight": 1},
        "fairness": {"categories": {"all": 1}, "measure": ("deviation", "spread")},
        "requests": {"on_weight": 1, "not_weight": 1},
        "busy_rest": {"before_hours": 3, "after_hours": 3},
        "priority": {"tiers": {"leader": 1}},
        "pattern": {"cycle": "10", "duty": "", "who": ""},
    }
    rules = [
        rule(f.name, hard=False, weight=0 if f.weightless else 1, **params.get(f.name, {}))
        for f in STATED
    ]
    sc = scenario(
        people,
        days=6,
        duties=[night_duty, long_day],
        rules=rules,
        availability=[
            period("b", 1, 1, "prefer_not"),
            period("c", 2, 2, "prefer"),
            period("c", 3, 3),
        ],
    )
    day = START + timedelta(1)
    sc = replace(
        sc,
        requests=(
            Request("b", START, RequestKind.PIN, "night", "2"),
            Request("c", day, RequestKind.NOT),
            Request("a", START + timedelta(3), RequestKind.ON, "day"),
        ),
        pairs=(Pair("together", "a", "b"), Pair("apart", "a", "c")),
    )
    sc = with_busy(sc, "a", 1, time(9), time(10))
    return sc, crowded_roster(sc)


def crowded_roster(sc: Scenario) -> list[Assignment]:
    out = []
    for shift in sc.shifts:
        for i, p in enumerate(sc.people):
            g = sc.duty_by_id[shift.duty_id].groups[i % 2 if shift.duty_id == "night" else 0]
            if p.id == "b" and shift.date == START + timedelta(2):
                continue  # one day off between working days: too short for days_off
            leads = "leader" in p.roles and (shift.duty_id, g.id) == ("night", "1")
            role = "leader" if leads else ""
            out.append(Assignment(shift.date, shift.duty_id, g.id, role, p.id))
    return out


def test_every_family_is_bent_by_the_crowded_roster():
    sc, roster = every_rule_bent()
    bent = {v.rule for v in check(sc, roster).violations}
    assert {f.name for f in FAMILIES} - bent == set()


def test_every_violation_kind_is_one_familys():
    sc, roster = every_rule_bent()
    kinds = {v.kind for v in check(sc, roster).violations}
    assert kinds <= set(FAMILY_OF_KIND)
    assert {"overfilled", "invalid_role"} <= kinds  # _short, _extra: need min < max levels


def test_checker_violations_fill_only_their_familys_key_fields():
    sc, roster = every_rule_bent()
    found = check(sc, roster).violations
    assert found
    assert [(v.kind, unkeyed_fields(v)) for v in found if unkeyed_fields(v)] == []


def test_solver_violations_fill_only_their_familys_key_fields():
    sc, _ = every_rule_bent()
    found = solve_checked(sc).violations  # and the checker finds the same
    assert [(v.kind, unkeyed_fields(v)) for v in found if unkeyed_fields(v)] == []


def test_person_scoped_violations_name_one_person_and_need_only_their_duties():
    sc, roster = every_rule_bent()
    whole = check(sc, roster).violations
    scoped = [v for v in whole if FAMILY[v.rule].person_scoped]
    assert scoped and all(v.person_id for v in scoped)
    for p in sc.people:
        alone = check(sc, [a for a in roster if a.person_id == p.id]).violations
        mine = sorted(v for v in scoped if v.person_id == p.id)
        theirs = [v for v in alone if FAMILY[v.rule].person_scoped and v.person_id == p.id]
        assert sorted(theirs) == mine, p.id
