"""What changed between two rosters, per person, and the notices that tell them.

A change here is what a teacher needs to hear: a duty added, a duty removed, or the
same duty in another group or role seat ("moved"). Notices never say why (reasons for
unavailability are private to the coordinator). changes.csv and messages.txt are
outputs/changes.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from roster.model import Scenario
from roster.result import Assignment

ChangeKind = Literal["added", "removed", "moved"]
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Change:
    """One duty of one person that differs; the absent side's group and role are None."""

    person_id: str
    date: date
    duty_id: str
    kind: ChangeKind
    old_group: str | None
    new_group: str | None
    old_role: str | None
    new_role: str | None


Seat = tuple[str, str]  # (group_id, role)
ShiftKey = tuple[str, date, str]  # (person_id, date, duty_id)


def diff(old: Sequence[Assignment], new: Sequence[Assignment]) -> list[Change]:
    """Every duty added, removed or moved, sorted by person, date and duty."""
    before, after = _seats_by_shift(old), _seats_by_shift(new)
    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        changes.extend(_shift_changes(key, before.get(key, []), after.get(key, [])))
    return changes


def _seats_by_shift(assignments: Iterable[Assignment]) -> dict[ShiftKey, list[Seat]]:
    out: dict[ShiftKey, list[Seat]] = {}
    for a in assignments:
        out.setdefault((a.person_id, a.date, a.duty_id), []).append((a.group_id, a.role))
    return out


def _shift_changes(key: ShiftKey, old: list[Seat], new: list[Seat]) -> list[Change]:
    # A valid roster has at most one seat per person and shift; pairing leftovers keeps
    # a broken one (a person twice in a night) reportable instead of failing.
    kept = set(old) & set(new)
    gone = sorted(s for s in old if s not in kept)
    came = sorted(s for s in new if s not in kept)
    person_id, day, duty_id = key
    out = [
        Change(person_id, day, duty_id, "moved", og, ng, orole, nrole)
        for (og, orole), (ng, nrole) in zip(gone, came, strict=False)
    ]
    n = min(len(gone), len(came))
    out += [Change(person_id, day, duty_id, "removed", g, None, r, None) for g, r in gone[n:]]
    out += [Change(person_id, day, duty_id, "added", None, g, None, r) for g, r in came[n:]]
    return out


# ---- notices ----


def messages(scenario: Scenario, changes: Sequence[Change]) -> dict[str, str]:
    """One notice per affected person, in the scenario's language, ready to paste."""
    by_person: dict[str, list[Change]] = {}
    for c in sorted(changes, key=lambda c: (c.person_id, c.date, c.duty_id)):
        by_person.setdefault(c.person_id, []).append(c)
    compose = _zh_message if scenario.language == "zh" else _en_message
    return {pid: compose(scenario, pid, cs) for pid, cs in sorted(by_person.items())}


def _zh_message(scenario: Scenario, person_id: str, changes: list[Change]) -> str:
    clauses = [_zh_clause(scenario, c) for c in changes]
    return f"{person_name(scenario, person_id)}老师：" + "；".join(clauses) + "。"


def _zh_clause(scenario: Scenario, c: Change) -> str:
    day = f"{c.date.month}月{c.date.day}日"
    duty = duty_name(scenario, c.duty_id)
    if c.kind == "removed":
        return f"您的{day}{duty}（{group_name(scenario, c.duty_id, c.old_group)}）已取消"
    group = group_name(scenario, c.duty_id, c.new_group)
    if c.kind == "added":
        return f"新增{day}{duty} {group}{_zh_role(scenario, c.new_role, shown=bool(c.new_role))}"
    role = _zh_role(scenario, c.new_role, shown=c.new_role != c.old_role)
    return f"{day}{duty}改为{group}{role}"


def _zh_role(scenario: Scenario, role: str | None, *, shown: bool) -> str:
    if not shown or role is None:
        return ""
    return f"（{scenario.role_name(role)}）"


def _en_message(scenario: Scenario, person_id: str, changes: list[Change]) -> str:
    clauses = [_en_clause(scenario, c) for c in changes]
    return f"{person_name(scenario, person_id)}: " + "; ".join(clauses) + "."


def _en_clause(scenario: Scenario, c: Change) -> str:
    day = f"{c.date.day} {EN_MONTHS[c.date.month - 1]}"
    duty = duty_name(scenario, c.duty_id)
    if c.kind == "removed":
        group = group_name(scenario, c.duty_id, c.old_group)
        return f"your {duty} on {day} ({group}) is cancelled"
    group = group_name(scenario, c.duty_id, c.new_group)
    if c.kind == "added":
        role = _en_role(scenario, c.new_role, shown=bool(c.new_role))
        return f"new: {duty} on {day}, {group}{role}"
    role = _en_role(scenario, c.new_role, shown=c.new_role != c.old_role)
    return f"your {duty} on {day} moves to {group}{role}"


def _en_role(scenario: Scenario, role: str | None, *, shown: bool) -> str:
    if not shown or role is None:
        return ""
    return f", as {scenario.role_name(role)}"


# ---- lookups that survive a scenario edited since the old roster ----


def person_name(scenario: Scenario, person_id: str) -> str:
    person = scenario.person_by_id.get(person_id)
    return person.name if person else person_id


def duty_name(scenario: Scenario, duty_id: str) -> str:
    duty = scenario.duty_by_id.get(duty_id)
    return duty.name if duty else duty_id


def group_name(scenario: Scenario, duty_id: str, group_id: str | None) -> str:
    if group_id is None:
        return ""
    duty = scenario.duty_by_id.get(duty_id)
    try:
        return duty.group(group_id).name if duty else group_id
    except KeyError:
        return group_id
