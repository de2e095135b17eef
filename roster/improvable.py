"""Rosters the checker can see are improvable, though they break no rule more than they must.

A role seat left empty while a holder of that role works the same shift in an ordinary seat:
moving them into it fills the role seat and empties no other. The solver never returns such
a roster (solver/grouping.py `fill_role_seats`); a roster edited by hand may be one.
"""

from __future__ import annotations

from roster.checking import Roster
from roster.model import Shift


def idle_role_holders(roster: Roster) -> list[str]:
    """One sentence per shift and role: the empty role seats and who could take them."""
    sc, t = roster.scenario, roster.texts
    out = []
    for shift in sc.shifts:
        on = roster.by_shift.get(shift.id, ())
        for role in sorted(sc.duty_by_id[shift.duty_id].role_seats()):
            empty = _empty_role_seats(roster, shift, role)
            idle = [a.person_id for a in on if not a.role and role in _roles_of(roster, a)]
            if empty and idle:
                names = t.join([t.person(pid) for pid in sorted(idle)])
                where = t.shift(shift.date, shift.duty_id)
                out.append(t.say("idle_role", where=where, count=empty, role=role, names=names))
    return out


def _empty_role_seats(roster: Roster, shift: Shift, role: str) -> int:
    wanted = roster.scenario.cover.shift_role(shift.duty_id, shift.date, role).preferred
    held = sum(1 for a in roster.by_shift.get(shift.id, ()) if a.role == role)
    return max(0, wanted - held)


def _roles_of(roster: Roster, a) -> frozenset[str]:
    person = roster.scenario.person_by_id.get(a.person_id)
    return frozenset(person.roles) if person is not None else frozenset()
