"""What changed between two rosters, per person, and the notices that tell them.

A change here is what a teacher needs to hear: a duty added, a duty removed, or the
same duty in another group or role seat ("moved"). Notices never say why (reasons for
unavailability are private to the coordinator). changes.csv and messages.txt are
outputs/changes.py's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from roster.model import Scenario
from roster.result import Assignment

ChangeKind = Literal["added", "removed", "moved"]
LEADER_ROLE = "leader"  # the role whose holder a group's members call
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


def messages(
    scenario: Scenario, changes: Sequence[Change], groups: Sequence[GroupChange] = ()
) -> dict[str, str]:
    """One notice per affected person, in the scenario's language, ready to paste: their
    own changes, and (`groups`) a new leader or new teammates in a group they stay in."""
    items: dict[str, list[tuple[date, str, int, str]]] = {}
    zh = scenario.language == "zh"
    for c in changes:
        clause = _zh_clause(scenario, c) if zh else _en_clause(scenario, c)
        items.setdefault(c.person_id, []).append((c.date, c.duty_id, 0, clause))
    for x in groups:
        clause = _zh_group(scenario, x) if zh else _en_group(scenario, x)
        items.setdefault(x.person_id, []).append((x.date, x.duty_id, 1, clause))
    out = {}
    for pid, found in sorted(items.items()):
        clauses = [text for *_, text in sorted(found, key=lambda i: i[:3])]
        name = person_name(scenario, pid)
        if zh:
            out[pid] = f"{name}老师：" + "；".join(clauses) + "。"
        else:
            out[pid] = f"{name}: " + "; ".join(clauses) + "."
    return out


@dataclass(frozen=True)
class GroupChange:
    """Someone who keeps their seat while the others in their group change."""

    person_id: str
    date: date
    duty_id: str
    group_id: str
    leaders: tuple[str, ...] | None  # the group's leaders now (() = none), None: unchanged
    others: tuple[str, ...] | None  # the other members now, None: unchanged


GroupKey = tuple[date, str, str]  # date, duty id, group id


def group_changes(old: Sequence[Assignment], new: Sequence[Assignment]) -> list[GroupChange]:
    """Everyone in the same seat in both rosters whose group has another leader or other
    members now. Those moved or added hear of their own change instead."""
    before, after = _members(old), _members(new)
    kept = set(old)
    out = []
    for a in sorted(new, key=lambda a: (a.person_id, a.date, a.duty_id, a.group_id)):
        key = (a.date, a.duty_id, a.group_id)
        if a not in kept:
            continue
        (led_then, rest_then), (led_now, rest_now) = before[key], after[key]
        mine = a.person_id
        leaders = led_now if led_now != led_then and mine not in led_now else None
        now = tuple(p for p in rest_now if p != mine)
        others = now if now != tuple(p for p in rest_then if p != mine) else None
        if leaders is not None or others is not None:
            out.append(GroupChange(mine, *key, leaders, others))
    return out


def _members(roster: Iterable[Assignment]) -> dict[GroupKey, tuple[tuple[str, ...], ...]]:
    """Per group: its leaders and its other members, each sorted."""
    found: dict[GroupKey, tuple[list[str], list[str]]] = {}
    for a in roster:
        lists = found.setdefault((a.date, a.duty_id, a.group_id), ([], []))
        lists[0 if a.role == LEADER_ROLE else 1].append(a.person_id)
    return defaultdict(
        lambda: ((), ()), {k: (tuple(sorted(x)), tuple(sorted(y))) for k, (x, y) in found.items()}
    )


def _zh_group(scenario: Scenario, x: GroupChange) -> str:
    day = f"{x.date.month}月{x.date.day}日"
    where = f"{day}{duty_name(scenario, x.duty_id)}{group_name(scenario, x.duty_id, x.group_id)}"
    role = scenario.role_name(LEADER_ROLE)
    parts = []
    if x.leaders is not None:
        names = "、".join(_contact(scenario, pid, "（{}）") for pid in x.leaders)
        parts.append(f"{role}改为{names}" if names else f"{role}暂缺")
    if x.others is not None:
        names = "、".join(person_name(scenario, pid) for pid in x.others)
        parts.append(f"同组人员改为{names}" if names else "暂无其他组员")
    return where + "，".join(parts)


def _en_group(scenario: Scenario, x: GroupChange) -> str:
    day = f"{x.date.day} {EN_MONTHS[x.date.month - 1]}"
    group = group_name(scenario, x.duty_id, x.group_id)
    where = f"your {duty_name(scenario, x.duty_id)} on {day} ({group})"
    role = scenario.role_name(LEADER_ROLE)
    parts = []
    if x.leaders is not None:
        names = ", ".join(_contact(scenario, pid, " ({})") for pid in x.leaders)
        parts.append(f"new {role} {names}" if names else f"no {role} for now")
    if x.others is not None:
        names = ", ".join(person_name(scenario, pid) for pid in x.others)
        parts.append(f"now with {names}" if names else "no one else for now")
    return f"{where}: " + ", ".join(parts)


def _contact(scenario: Scenario, person_id: str, phone_form: str) -> str:
    person = scenario.person_by_id.get(person_id)
    name = person.name if person else person_id
    return name + phone_form.format(person.phone) if person and person.phone else name


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
