"""Seats that the whole pool of people could never fill, whatever their availability.

A person holds at most one seat per shift, so a group, a duty's seats together, or a
role's seats cannot outnumber the people (or the role's holders) in people.csv.
"""

from __future__ import annotations

from collections.abc import Sequence

from inputs.toml_reader import SCENARIO_FILE
from roster.errors import InputError
from roster.model import Duty, Person


def check_pool(duties: Sequence[Duty], people: Sequence[Person], people_file: str) -> None:
    holders = _holders(people)
    for i, duty in enumerate(duties, start=1):
        for j, group in enumerate(duty.groups, start=1):
            where = f"duties[{i}].groups[{j}]"
            if group.size > len(people):
                raise _error(
                    f"{where}.size",
                    f"is {group.size} but {people_file} lists only {len(people)} people",
                )
            for role, seats in group.role_seats.items():
                if seats > holders.get(role, 0):
                    raise _error(f"{where}.roles.{role}", _role_shortage(role, seats, holders))
        _check_duty_total(duty, f"duties[{i}]", len(people), holders, people_file)


def _check_duty_total(
    duty: Duty, where: str, people: int, holders: dict[str, int], people_file: str
) -> None:
    if duty.seats > people:
        raise _error(
            f"{where}.groups",
            f"the groups of duty '{duty.id}' have {duty.seats} seats in all but "
            f"{people_file} lists only {people} people; nobody can hold two seats of a shift",
        )
    for role, seats in sorted(duty.role_seats().items()):
        if seats > holders.get(role, 0):
            raise _error(f"{where}.groups", _role_shortage(role, seats, holders))


def _holders(people: Sequence[Person]) -> dict[str, int]:
    count: dict[str, int] = {}
    for person in people:
        for role in person.roles:
            count[role] = count.get(role, 0) + 1
    return count


def _role_shortage(role: str, seats: int, holders: dict[str, int]) -> str:
    return (
        f"{seats} seat(s) for role '{role}' per shift but only {holders.get(role, 0)} "
        f"people hold that role; give more people the role in their 'roles' column"
    )


def _error(key: str, message: str) -> InputError:
    return InputError(SCENARIO_FILE, f"{key}: {message}")
