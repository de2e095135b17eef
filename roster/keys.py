"""Violation keys: which violation it is, built here once for the solver and the checker.

A solver's Penalty and a checker's Violation carry the same key fields (date, person_id,
duty_id, group_id, role; the unused ones "" or None), so that the violations of a roster
can be matched one by one (`roster.families.violation_key`). Each family builds its keys
with one of these functions on both sides; `Family.key` (roster/families.py) lists the
fields it fills, and tests/rules/test_registry.py holds both sides to it.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from roster.model import Pair, Request
from roster.result import Assignment


class Keys(TypedDict, total=False):
    """The key fields of a Penalty or Violation; the ones left out stay "" or None."""

    date: date | None
    person_id: str
    duty_id: str
    group_id: str
    role: str


def seat_keys(a: Assignment) -> Keys:
    """One assignment, by its seat: availability, eligibility, busy, invalid_role."""
    return {
        "date": a.date,
        "person_id": a.person_id,
        "duty_id": a.duty_id,
        "group_id": a.group_id,
        "role": a.role,
    }


def dated_keys(day: date, person_id: str, duty_id: str = "", role: str = "") -> Keys:
    """A person on a date: a window or stretch by its first date (rest, max_in_window,
    days_off, consecutive), a shift by its date and duty (rest_hours, succession, busy_rest,
    preferences)."""
    return {"date": day, "person_id": person_id, "duty_id": duty_id, "role": role}


def person_keys(person_id: str, duty_id: str = "", role: str = "") -> Keys:
    """A person over the horizon, of one duty or all (""): max_shifts, workload, weekends."""
    return {"person_id": person_id, "duty_id": duty_id, "role": role}


def group_keys(day: date, duty_id: str, group_id: str = "", role: str = "") -> Keys:
    """A group (and role) of a shift: cover, roles; a whole shift: same_school_group."""
    return {"date": day, "duty_id": duty_id, "group_id": group_id, "role": role}


def pair_keys(pair: Pair, day: date, duty_id: str = "") -> Keys:
    """A pair on a date (apart) or a shift (together), named by its first person."""
    return dated_keys(day, pair.first, duty_id)


def request_keys(request: Request) -> Keys:
    """A request of requests.csv, by its date, person, duty and kind; a pin's group is
    added where it is broken."""
    return dated_keys(request.date, request.person_id, request.duty_id, request.kind.value)
