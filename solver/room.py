"""The seats left on each shift as blocks are placed one after another (solver/blocks.py).

A shift's seats are its headcount max; some of them must go to role holders (each role's
min). Seats taken so far fit when every role stays within its max and the ordinary seats
leave room for the roles' minimums: members + sum over roles of max(role min, role seats
taken) <= headcount max. Without the second part, placed pairs filled all 15 seats of a
gate shift with members and left none for its leader (1000 x 120 x 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.model import Scenario
from solver.variables import Vars

Seat = tuple[str, str, str]  # (person id, shift id, role seat or "")


@dataclass
class Room:
    top: dict[str, int]  # shift id -> headcount max
    quotas: dict[str, dict[str, tuple[int, int]]]  # shift id -> role -> (min, max)
    members: dict[str, int] = field(default_factory=dict)  # ordinary seats taken
    roles: dict[tuple[str, str], int] = field(default_factory=dict)  # role seats taken

    @classmethod
    def of(cls, scenario: Scenario) -> Room:
        cover = scenario.cover
        top: dict[str, int] = {}
        quotas: dict[str, dict[str, tuple[int, int]]] = {}
        for shift in scenario.shifts:
            top[shift.id] = cover.shift_headcount(shift.duty_id, shift.date).max
            quotas[shift.id] = {}
            for role in sorted(scenario.duty_by_id[shift.duty_id].role_seats()):
                quota = cover.shift_role(shift.duty_id, shift.date, role)
                quotas[shift.id][role] = (quota.min, quota.max)
        return cls(top, quotas)

    def fits(self, seats: Iterable[Seat]) -> bool:
        """These seats taken as well, every shift they touch still fits."""
        members = dict(self.members)
        roles = dict(self.roles)
        touched = set()
        for _, sid, role in seats:
            touched.add(sid)
            if role:
                roles[(sid, role)] = roles.get((sid, role), 0) + 1
            else:
                members[sid] = members.get(sid, 0) + 1
        return all(self._fits(sid, members, roles) for sid in touched)

    def _fits(self, sid: str, members: dict[str, int], roles: dict[tuple[str, str], int]) -> bool:
        if sid not in self.top:
            return False
        needed = members.get(sid, 0)
        for role, (least, most) in self.quotas[sid].items():
            taken = roles.get((sid, role), 0)
            if taken > most:
                return False
            needed += max(least, taken)
        return needed <= self.top[sid]

    def take(self, seats: Iterable[Seat]) -> None:
        for _, sid, role in seats:
            if role:
                self.roles[(sid, role)] = self.roles.get((sid, role), 0) + 1
            else:
                self.members[sid] = self.members.get(sid, 0) + 1

    def post(self, model: cp_model.CpModel, v: Vars) -> None:
        """The same condition on a block's model: its seats must fit what is left."""
        by_shift: dict[str, dict[str, list[cp_model.IntVar]]] = {}
        for (_, sid, role), r in v.role.items():
            by_shift.setdefault(sid, {}).setdefault(role, []).append(r)
        for sid, items in v.by_shift.items():
            if sid not in self.top:
                model.add(sum(x for _, x in items) == 0)
                continue
            held = by_shift.get(sid, {})
            role_terms = [r for rs in held.values() for r in rs]
            needed: list[cp_model.LinearExprT] = [sum(x for _, x in items) - sum(role_terms)]
            for role, (least, most) in self.quotas[sid].items():
                taken = self.roles.get((sid, role), 0) + sum(held.get(role, []))
                model.add(taken <= most)
                seats = model.new_int_var(least, max(least, most), f"seats[{sid},{role}]")
                model.add(seats >= taken)
                needed.append(seats)
            model.add(self.members.get(sid, 0) + sum(needed) <= self.top[sid])
