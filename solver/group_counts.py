"""Per-group head and role-seat counts in the first stage, for shifts that need them.

Normally the first stage does not index groups (solver/variables.py): when every group's
role seats fit inside its `min` (`CoverTable.independent`), filling role seats and heads
group by group is optimal and the shift's totals determine the cost. When they do not
(a group with `min = 0` and a leader seat, say), where the role seats go changes what the
split can do, so such a shift gets integer counts per group here, tied to the shift's
totals; cover and roles then charge each group, and the split realises these counts.

Counts exist whether or not a cover or roles rule is stated: they carry the always-hard
limits (no group over its `max`, no more role seats than the group has).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from ortools.sat.python import cp_model

from roster.model import Scenario, Shift
from solver.variables import Vars


@dataclass
class ShiftCounts:
    people: dict[str, cp_model.IntVar] = field(default_factory=dict)  # group id -> heads
    roles: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)  # (g, role)


# One model, one set of counts: the capacity pass and both rule families share them.
_MADE: WeakKeyDictionary[cp_model.CpModel, dict[str, ShiftCounts]] = WeakKeyDictionary()


def counts(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> dict[str, ShiftCounts]:
    """shift id -> its counts, for the shifts whose groups are not independent."""
    if model not in _MADE:
        _MADE[model] = {
            s.id: _shift_counts(model, scenario, v, s)
            for s in scenario.shifts
            if not scenario.cover.independent(s.duty_id, s.date)
        }
    return _MADE[model]


def role_terms(v: Vars, shift_id: str, role: str) -> list[cp_model.IntVar]:
    keys = [(pid, shift_id, role) for pid, _ in v.by_shift.get(shift_id, ())]
    return [v.role[k] for k in keys if k in v.role]


def _shift_counts(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, shift: Shift
) -> ShiftCounts:
    cover = scenario.cover
    duty = scenario.duty_by_id[shift.duty_id]
    out = ShiftCounts()
    for g in duty.groups:
        head = cover.headcount(duty.id, shift.date, g.id)
        out.people[g.id] = model.new_int_var(0, head.max, f"n[{shift.id},{g.id}]")
        for role, c in cover.roles(duty.id, shift.date, g.id).items():
            out.roles[(g.id, role)] = model.new_int_var(0, c.max, f"n[{shift.id},{g.id},{role}]")
        seats = [n for (gid, _), n in out.roles.items() if gid == g.id]
        if seats:
            model.add(sum(seats) <= out.people[g.id])
    model.add(sum(out.people.values()) == sum(x for _, x in v.by_shift.get(shift.id, ())))
    for role in sorted(duty.role_seats()):
        seats = [n for (_, r), n in out.roles.items() if r == role]
        held = role_terms(v, shift.id, role)
        if seats or held:
            model.add(sum(seats) - sum(held) == 0)
    return out
