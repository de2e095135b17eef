"""requests.csv: days off, wishes for or against a duty, and pinned assignments.

Rows that contradict the scenario or each other on their own (an unknown duty, two pins
for one seat, a pin on a day off) are refused here; a pin that only fails against
availability or the rules is reported by the solve instead (docs/rules.md, `requests`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

from inputs.bounds import MAX_WEIGHT
from inputs.cells import date_cell, optional_count, required_text
from inputs.ids import spelled_as_known
from inputs.tables import Row, Table
from inputs.vocabulary import KIND_WORDS, kind_value
from roster.errors import InputError
from roster.model import Duty, Person, Request, RequestKind, RuleSpec

REQUEST_COLUMNS = ("person_id", "date", "kind")
REQUEST_KINDS = tuple(k.value for k in RequestKind)
WEIGHTED = (RequestKind.ON, RequestKind.NOT)
DEFAULT_RULE = "requests"
DEFAULT_WEIGHT = 1


def read_requests(
    table: Table,
    people: Sequence[Person],
    duties: Sequence[Duty],
    horizon: tuple[date, date],
) -> tuple[Request, ...]:
    table.require(*REQUEST_COLUMNS)
    reader = _Reader(table, {p.id: p for p in people}, {d.id: d for d in duties}, horizon)
    return tuple(reader.row(row) for row in table)


class _Reader:
    """Reads rows in order, remembering what earlier rows asked for, to report clashes."""

    def __init__(
        self,
        table: Table,
        people: Mapping[str, Person],
        duties: Mapping[str, Duty],
        horizon: tuple[date, date],
    ) -> None:
        self.table = table
        self.people = people
        self.duties = duties
        self.horizon = horizon
        # (person, date, duty) -> (row, kind) of the rows read so far
        self.seen: dict[tuple[str, date, str], tuple[int, RequestKind]] = {}
        self.first_pin: dict[tuple[str, date], int] = {}  # (person, date) -> row
        self.pinned: Counter[tuple[str, date, str, str]] = Counter()  # (duty, day, group, role)

    def row(self, row: Row) -> Request:
        kind = self._kind(row)
        person = self._person(row)
        day = self._date(row)
        duty = self._duty(row, day, kind)
        group, role = self._seat(row, kind, duty, person)
        weight = self._weight(row, kind)
        request = Request(person.id, day, kind, duty.id if duty else "", group, role, weight)
        self._check_clash(row, request)
        if duty is not None and kind is RequestKind.PIN:
            self._count_pin(row, request, duty)
        return request

    # ---- cells ----

    def _kind(self, row: Row) -> RequestKind:
        value = required_text(self.table, row, "kind")
        kind = kind_value(value)
        if kind is None:
            chinese = ", ".join(KIND_WORDS[k][0] for k in REQUEST_KINDS)
            raise self.table.error(
                row,
                "kind",
                f"unknown kind '{value.lower()}'; expected one of: {', '.join(REQUEST_KINDS)} "
                f"({chinese})",
            )
        return RequestKind(kind)

    def _person(self, row: Row) -> Person:
        person_id = required_text(self.table, row, "person_id")
        if person_id not in self.people:
            raise self.table.error(
                row, "person_id", f"no person with person_id '{person_id}' in the people table"
            )
        return self.people[person_id]

    def _date(self, row: Row) -> date:
        day = date_cell(self.table, row, "date")
        first, last = self.horizon
        if not first <= day <= last:
            raise self.table.error(
                row,
                "date",
                f"{day.isoformat()} is outside the period {first.isoformat()} to "
                f"{last.isoformat()} of scenario.toml",
            )
        return day

    def _duty(self, row: Row, day: date, kind: RequestKind) -> Duty | None:
        duty_id = row.get("duty")
        if not duty_id:
            if kind is RequestKind.PIN:
                raise self.table.error(
                    row, "duty", "a pin needs the duty it pins; expected a duty id"
                )
            if not any(d.runs_on(day) for d in self.duties.values()):
                raise self.table.error(
                    row, "date", f"no duty runs on {day.isoformat()}; expected a date with a duty"
                )
            return None
        duty = self.duties.get(duty_id)
        if duty is None:
            raise self.table.error(
                row, "duty", f"no duty with id '{duty_id}'; duties: {', '.join(self.duties)}"
            )
        if not duty.runs_on(day):
            raise self.table.error(
                row, "duty", f"duty '{duty_id}' does not run on {day.isoformat()}"
            )
        return duty

    def _seat(
        self, row: Row, kind: RequestKind, duty: Duty | None, person: Person
    ) -> tuple[str, str]:
        group_id, role = row.get("group"), row.get("role")
        if kind is not RequestKind.PIN:
            for column, value in (("group", group_id), ("role", role)):
                if value:
                    raise self.table.error(
                        row, column, f"'{column}' is only for pins; expected it empty for '{kind}'"
                    )
            return "", ""
        assert duty is not None  # a pin without a duty was refused
        seats = duty.role_seats()
        role = spelled_as_known(role, seats)
        if group_id:
            if group_id not in {g.id for g in duty.groups}:
                known = ", ".join(g.id for g in duty.groups)
                raise self.table.error(
                    row, "group", f"duty '{duty.id}' has no group '{group_id}'; groups: {known}"
                )
            seats = dict(duty.group(group_id).role_seats)
        if role:
            self._check_role(row, role, seats, person)
        return group_id, role

    def _check_role(self, row: Row, role: str, seats: Mapping[str, int], person: Person) -> None:
        if not seats.get(role):
            where = "group" if row.get("group") else "duty"
            known = ", ".join(sorted(r for r, n in seats.items() if n)) or "none"
            raise self.table.error(
                row, "role", f"the {where} has no '{role}' seat; role seats: {known}"
            )
        if role not in person.roles:
            raise self.table.error(
                row,
                "role",
                f"person '{person.id}' does not hold the role '{role}' (people table, roles)",
            )

    def _weight(self, row: Row, kind: RequestKind) -> int | None:
        if kind not in WEIGHTED:
            if row.get("weight"):
                raise self.table.error(
                    row, "weight", f"'{kind}' requests have no weight; expected it empty"
                )
            return None
        return optional_count(self.table, row, "weight", MAX_WEIGHT)

    # ---- clashes between rows ----

    def _check_clash(self, row: Row, request: Request) -> None:
        pid, day = request.person_id, request.date
        key = (pid, day, request.duty_id)
        if key in self.seen:
            raise self.table.error(
                row,
                "kind",
                f"row {self.seen[key][0]} already has a request of this person for this date "
                "and duty; expected one row per person, date and duty",
            )
        self.seen[key] = (row.number, request.kind)
        # A pin of one duty and a whole day off on the same date (in either order).
        other = None
        if request.kind is RequestKind.PIN:
            self.first_pin.setdefault((pid, day), row.number)
            day_off = self.seen.get((pid, day, ""))
            other = day_off[0] if day_off and day_off[1] is RequestKind.OFF else None
        elif request.kind is RequestKind.OFF and not request.duty_id:
            other = self.first_pin.get((pid, day))
        if other is not None:
            raise self.table.error(
                row,
                "kind",
                f"row {other} and this row pin and give off the same person on "
                f"{day.isoformat()}; a pin on a day off cannot hold",
            )

    def _count_pin(self, row: Row, request: Request, duty: Duty) -> None:
        """Pins of one seat kind never outnumber its seats in scenario.toml: they could not
        all hold (demand.csv may still lower a date's seats: then the solve reports it)."""
        day, group_id, role = request.date, request.group_id, request.role
        where = f"duty '{duty.id}' on {day.isoformat()}"
        limits = [((duty.id, day, "", ""), sum(g.max for g in duty.groups), "duty", "seats")]
        if role:
            seats = duty.role_seats()[role]
            limits.append(((duty.id, day, "", role), seats, "role", f"'{role}' seats"))
        if group_id:
            group = duty.group(group_id)
            if role:
                seats, what = group.role_seats[role], f"'{role}' seats in group '{group_id}'"
            else:
                seats = group.max - sum(group.role_seats.values())
                what = (
                    f"ordinary seats in group '{group_id}' (max minus role seats; "
                    "pin a role for a role seat)"
                )
            limits.append(((duty.id, day, group_id, role), seats, "group", what))
        for key, seats, column, what in limits:
            self.pinned[key] += 1
            if self.pinned[key] > seats:
                raise self.table.error(
                    row,
                    column,
                    f"more pins than {where} has {what} ({seats}); such pins cannot all hold",
                )


def requests_rules(rules: Sequence[RuleSpec], requests: Sequence[Request]) -> tuple[RuleSpec, ...]:
    """The stated rules, plus a default `requests` rule when requests exist but none is stated.

    Two stated `requests` rules would each count every request, so that is refused.
    """
    stated = [r for r in rules if r.kind == "requests"]
    if len(stated) > 1:
        raise InputError(
            "scenario.toml",
            f"rules.{stated[1].name}: a second rule of kind 'requests' (rules.{stated[0].name} "
            "is one); expected at most one, since each would count every request",
        )
    if stated or not requests:
        return tuple(rules)
    weights = {"on_weight": DEFAULT_WEIGHT, "not_weight": DEFAULT_WEIGHT}
    return (*rules, RuleSpec(DEFAULT_RULE, "requests", False, 0, MappingProxyType(weights)))
