"""demand.csv: cover of one duty on one date (headcount or a role quota), overriding the
group's `min`, `size` and `max` (or its `roles`) from scenario.toml.

Columns: `date`, `duty`, `preferred` required; `group` (empty = every group of the duty),
`role` (empty = the headcount), `min` and `max` (empty = `preferred`) optional.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from inputs.cells import date_cell, optional_count, required_text
from inputs.ids import spelled_as_known
from inputs.tables import Row, Table
from roster.cover import HEADCOUNT, CoverTable
from roster.model import Demand, Duty

DEMAND_COLUMNS = ("date", "duty", "preferred")


def read_demand(table: Table, duties: Sequence[Duty], start: date, end: date) -> tuple[Demand, ...]:
    table.require(*DEMAND_COLUMNS)
    by_id = {d.id: d for d in duties}
    first_row: dict[tuple[date, str, str, str], int] = {}
    rows: list[tuple[Row, Demand]] = []
    for row in table:
        demand = _demand(table, row, by_id, start, end)
        key = (demand.date, demand.duty_id, demand.group_id, demand.role)
        if key in first_row:
            raise table.error(
                row,
                "role" if demand.role else "group",
                f"{_what(demand)} on {demand.date.isoformat()} is already set in row "
                f"{first_row[key]}; one row per date, duty, group and role",
            )
        first_row[key] = row.number
        rows.append((row, demand))
    out = tuple(d for _, d in rows)
    _check_role_seats_fit(table, rows, CoverTable(duties, out), by_id)
    return out


def _demand(table: Table, row: Row, duties: dict[str, Duty], start: date, end: date) -> Demand:
    duty = _duty(table, row, duties)
    day = date_cell(table, row, "date")
    if not start <= day <= end:
        raise table.error(
            row,
            "date",
            f"{day.isoformat()} is outside the horizon {start.isoformat()} to {end.isoformat()}",
        )
    if not duty.runs_on(day):
        raise table.error(row, "date", f"duty '{duty.id}' does not run on {day.isoformat()}")
    group_id = row.get("group")
    if group_id and group_id not in {g.id for g in duty.groups}:
        groups = ", ".join(g.id for g in duty.groups)
        raise table.error(
            row, "group", f"duty '{duty.id}' has no group '{group_id}'; its groups: {groups}"
        )
    role = _role(table, row, duty)
    low, preferred, high = _levels(table, row)
    return Demand(day, duty.id, group_id, role, low, preferred, high)


def _duty(table: Table, row: Row, duties: dict[str, Duty]) -> Duty:
    duty_id = required_text(table, row, "duty")
    if duty_id not in duties:
        raise table.error(row, "duty", f"no duty with id '{duty_id}'; duties: {', '.join(duties)}")
    return duties[duty_id]


def _role(table: Table, row: Row, duty: Duty) -> str:
    role = spelled_as_known(row.get("role"), duty.role_seats())
    if role and role not in duty.role_seats():
        known = ", ".join(sorted(duty.role_seats())) or "none"
        raise table.error(
            row,
            "role",
            f"duty '{duty.id}' has no '{role}' seats in scenario.toml (roles with seats: "
            f"{known}); give a group roles = {{ {role} = 0 }} to set them by date",
        )
    return role


def _levels(table: Table, row: Row) -> tuple[int, int, int]:
    preferred = optional_count(table, row, "preferred")
    if preferred is None:
        raise table.error(row, "preferred", "'preferred' is empty; a value is required")
    low = optional_count(table, row, "min")
    high = optional_count(table, row, "max")
    low = preferred if low is None else low
    high = preferred if high is None else high
    if low > preferred:
        raise table.error(
            row, "min", f"min {low} is above preferred {preferred}; expected min <= preferred"
        )
    if high < preferred:
        raise table.error(
            row, "max", f"max {high} is below preferred {preferred}; expected preferred <= max"
        )
    return low, preferred, high


def _what(demand: Demand) -> str:
    group = f"group '{demand.group_id}'" if demand.group_id else "every group"
    target = "the headcount" if demand.role == HEADCOUNT else f"role '{demand.role}'"
    return f"{target} of {group} of duty '{demand.duty_id}'"


def _check_role_seats_fit(
    table: Table, rows: list[tuple[Row, Demand]], cover: CoverTable, duties: dict[str, Duty]
) -> None:
    """Role minimums are different people: together they must fit in the group's max."""
    for row, demand in rows:
        every = [g.id for g in duties[demand.duty_id].groups]
        groups = [demand.group_id] if demand.group_id else every
        for group_id in groups:
            head = cover.headcount(demand.duty_id, demand.date, group_id)
            roles = cover.roles(demand.duty_id, demand.date, group_id)
            needed = sum(c.min for c in roles.values())
            if needed > head.max:
                listing = ", ".join(f"{r} {c.min}" for r, c in roles.items() if c.min)
                raise table.error(
                    row,
                    "max" if demand.role == HEADCOUNT else "min",
                    f"on {demand.date.isoformat()} group '{group_id}' of duty "
                    f"'{demand.duty_id}' needs at least {needed} role seats ({listing}) but "
                    f"takes at most {head.max} people; each role seat is a different person",
                )
