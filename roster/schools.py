"""Shortages of a school's rotation in the coordinator's words, one sentence per school.

The per-shift sentences of roster/explain.py say what each date lacks; a school short of
leaders lacks one every day, so this sums it up per (school, duty, role): how many seats
stay empty on how many dates, and how many people of the school may serve it at all,
e.g. "临港区小天使幼儿园：2020-01-27至2020-03-31共65天有带班领导岗位空缺，共65个；
领导带班每天需要1名带班领导，但本校没有带班领导". Derived from the data and the
violations alone, like the checker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from roster.model import SCHOOL_DUTY_SEPARATOR, Duty, Scenario
from roster.result import Violation
from roster.texts import Texts

SHORTFALL_KINDS = ("cover", "roles")


@dataclass
class _Shortage:
    seats: int = 0
    dates: set[date] | None = None


def explain_school_shortages(scenario: Scenario, violations: Iterable[Violation]) -> list[str]:
    """One sentence per (school, duty, role) with hard shortfalls, in scenario order."""
    if not scenario.schools:
        return []
    found: dict[tuple[str, str], _Shortage] = {}
    for v in violations:
        duty = scenario.duty_by_id.get(v.duty_id)
        if v.kind not in SHORTFALL_KINDS or not v.hard or duty is None or not duty.school_id:
            continue
        role = v.role if v.kind == "roles" else ""
        entry = found.setdefault((v.duty_id, role), _Shortage(0, set()))
        entry.seats += v.amount
        assert entry.dates is not None
        if v.date is not None:
            entry.dates.add(v.date)
    t = Texts(scenario)
    out = []
    for duty in scenario.duties:
        for (duty_id, role), entry in sorted(found.items()):
            if duty_id == duty.id and entry.dates:
                out.append(_sentence(scenario, t, duty, role, entry))
    return out


def _sentence(scenario: Scenario, t: Texts, duty: Duty, role: str, entry: _Shortage) -> str:
    assert entry.dates is not None
    school = scenario.school_by_id.get(duty.school_id)
    what = t.say("school_short_role", role=role) if role else t.say("school_short_seats")
    return t.say(
        "school_short",
        school=school.name if school is not None else duty.school_id,
        count=entry.seats,
        what=what,
        dates=len(entry.dates),
        first=min(entry.dates).isoformat(),
        last=max(entry.dates).isoformat(),
        pool=pool_clause(scenario, t, duty, role),
    )


def pool_clause(scenario: Scenario, t: Texts, duty: Duty, role: str) -> str:
    """How many of the school's people may serve the duty (or hold the role)."""
    people = scenario.eligible_people(duty.id)
    name = _rotation_name(scenario, duty)
    if not role:
        need = duty_min(duty)
        return t.say("school_pool", duty=name, need=need, people=len(people))
    holders = [p for p in people if role in p.roles]
    need = sum(g.role_seats.get(role, 0) for g in duty.groups)
    if not holders:
        return t.say("school_pool_none", duty=name, need=need, role=role)
    return t.say("school_pool_role", duty=name, need=need, role=role, people=len(holders))


def duty_min(duty: Duty) -> int:
    return sum(g.min for g in duty.groups)


def _rotation_name(scenario: Scenario, duty: Duty) -> str:
    school = scenario.school_by_id.get(duty.school_id)
    return rotation_name(duty, school.name if school is not None else "")


def rotation_name(duty: Duty, school_name: str) -> str:
    """The rotation's own name of a school duty (实验小学·白天值班 -> 白天值班)."""
    if not school_name:
        return duty.name
    return duty.name.removeprefix(f"{school_name}{SCHOOL_DUTY_SEPARATOR}")


def school_precheck(scenario: Scenario) -> list[str]:
    """Before solving: a school's rotation that nobody at the school may serve, or whose
    role seats nobody at the school holds."""
    t = Texts(scenario)
    out = []
    for duty in scenario.duties:
        if not duty.school_id or not any(True for _ in _running(scenario, duty)):
            continue
        school = scenario.school_by_id.get(duty.school_id)
        name = school.name if school is not None else duty.school_id
        colon = "：" if t.lang == "zh" else ": "
        people = scenario.eligible_people(duty.id)
        if not people and duty_min(duty) > 0:
            out.append(f"{name}{colon}{pool_clause(scenario, t, duty, '')}")
            continue
        roles = sorted({r for g in duty.groups for r, n in g.role_seats.items() if n > 0})
        for role in roles:
            if not any(role in p.roles for p in people):
                out.append(f"{name}{colon}{pool_clause(scenario, t, duty, role)}")
    return out


def _running(scenario: Scenario, duty: Duty) -> Iterable[date]:
    return (day for day in scenario.days if duty.runs_on(day))
