"""Two teachers swap (调班/换班): one gives a duty away, or both exchange their seats.

The result is only a proposed roster: the CLI runs the checker on it and refuses it
when a hard rule breaks (rest, availability, overlap, ...). Here we refuse only what
makes the request itself meaningless or hands a role seat to someone without the role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from roster.errors import RosterError
from roster.model import Scenario
from roster.result import Assignment


class SwapError(RosterError):
    """A swap that cannot be made as asked."""


def swap(
    scenario: Scenario | None,
    assignments: Sequence[Assignment],
    a: str,
    b: str,
    day: date,
    duty_id: str | None = None,
) -> tuple[Assignment, ...]:
    """The roster after `a` and `b` swap on `day`.

    If only one of them works that date (on `duty_id`, when given), that seat goes to
    the other; if both work, each takes the other's duty, group and role. With a
    scenario, both must be known people and whoever takes a role seat must hold the role.
    """
    if a == b:
        raise SwapError(f"{_who(scenario, a)} cannot swap with themselves")
    _require_people(scenario, a, b)
    seat_a = _seat_on(assignments, scenario, a, day, duty_id)
    seat_b = _seat_on(assignments, scenario, b, day, duty_id)
    if seat_a is None and seat_b is None:
        raise SwapError(
            f"neither {_who(scenario, a)} nor {_who(scenario, b)} has "
            f"{_duty_words(duty_id)} on {day.isoformat()}: nothing to swap"
        )
    if seat_a is not None and seat_b is not None and _same_seat(seat_a, seat_b):
        raise SwapError(
            f"{_who(scenario, a)} and {_who(scenario, b)} are both in group "
            f"{seat_a.group_id} of {seat_a.duty_id} on {day.isoformat()} with the same role: "
            "swapping changes nothing"
        )
    moves = _moves(seat_a, seat_b, a, b)
    for old, new in moves:
        _require_role(scenario, new, old)
    taken = {old for old, _ in moves}
    kept = [x for x in assignments if x not in taken]
    return tuple(sorted(kept + [new for _, new in moves]))


def _moves(
    seat_a: Assignment | None, seat_b: Assignment | None, a: str, b: str
) -> list[tuple[Assignment, Assignment]]:
    """(old seat, new seat) pairs: each seat changes hands, keeping duty, group, role."""
    moves = []
    if seat_a is not None:
        moves.append((seat_a, replace(seat_a, person_id=b)))
    if seat_b is not None:
        moves.append((seat_b, replace(seat_b, person_id=a)))
    return moves


def _seat_on(
    assignments: Sequence[Assignment],
    scenario: Scenario | None,
    person_id: str,
    day: date,
    duty_id: str | None,
) -> Assignment | None:
    seats = [
        x
        for x in assignments
        if x.person_id == person_id and x.date == day and (duty_id is None or x.duty_id == duty_id)
    ]
    if len(seats) > 1:
        duties = ", ".join(sorted({x.duty_id for x in seats}))
        hint = "name one with --duty" if duty_id is None else "the roster is inconsistent"
        raise SwapError(
            f"{_who(scenario, person_id)} has {len(seats)} duties on {day.isoformat()} "
            f"({duties}); {hint}"
        )
    return seats[0] if seats else None


def _same_seat(x: Assignment, y: Assignment) -> bool:
    return (x.duty_id, x.group_id, x.role) == (y.duty_id, y.group_id, y.role)


def _require_people(scenario: Scenario | None, *people: str) -> None:
    if scenario is None:
        return
    for pid in people:
        if pid not in scenario.person_by_id:
            raise SwapError(f"no person with id {pid!r} in people.csv")


def _require_role(scenario: Scenario | None, new: Assignment, old: Assignment) -> None:
    if scenario is None or not new.role:
        return
    if new.role not in scenario.person_by_id[new.person_id].roles:
        raise SwapError(
            f"{_who(scenario, new.person_id)} does not hold the role '{new.role}', so cannot "
            f"take {_who(scenario, old.person_id)}'s {new.role} seat in group {new.group_id} "
            f"of {new.duty_id} on {new.date.isoformat()}"
        )


def _who(scenario: Scenario | None, person_id: str) -> str:
    person = scenario.person_by_id.get(person_id) if scenario else None
    return f"{person.name} ({person_id})" if person else person_id


def _duty_words(duty_id: str | None) -> str:
    return "a duty" if duty_id is None else f"duty {duty_id}"
