"""Views of a roster that several exporters show: seat order, group fill, load per person."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roster.cover import SHORT_SUFFIX
from roster.keys import group_keys
from roster.model import Duty, Group, Scenario
from roster.result import Assignment, Result, Violation
from roster.texts import Texts

_UNKNOWN = 1_000_000  # sorts duties and groups the scenario does not know after the known ones


# The ranks of the last scenarios' duties and groups: every seat of every file is sorted by
# them. The scenario is kept with them, so that its id cannot be another's while it is here.
_RANKS: dict[int, tuple[Scenario, dict[str, int], dict[tuple[str, str], int]]] = {}
KEEP_RANKS = 4


def _ranks(scenario: Scenario) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    found = _RANKS.get(id(scenario))
    if found is None or found[0] is not scenario:
        duties: dict[str, int] = {}
        groups: dict[tuple[str, str], int] = {}
        for i, duty in enumerate(scenario.duties):
            duties.setdefault(duty.id, i)
        for duty in scenario.duty_by_id.values():
            for k, g in enumerate(duty.groups):
                groups.setdefault((duty.id, g.id), k)
        while len(_RANKS) >= KEEP_RANKS:
            del _RANKS[next(iter(_RANKS))]
        found = _RANKS[id(scenario)] = (scenario, duties, groups)
    return found[1], found[2]


def duty_rank(scenario: Scenario, duty_id: str) -> int:
    return _ranks(scenario)[0].get(duty_id, _UNKNOWN)


def group_rank(scenario: Scenario, duty_id: str, group_id: str) -> int:
    return _ranks(scenario)[1].get((duty_id, group_id), _UNKNOWN)


def seat_key(scenario: Scenario, a: Assignment) -> tuple[object, ...]:
    """Date, duty and group in scenario order, role seats before ordinary ones, person id."""
    return _seat_key(*_ranks(scenario), a)


def _seat_key(
    duties: dict[str, int], groups: dict[tuple[str, str], int], a: Assignment
) -> tuple[object, ...]:
    return (
        a.date,
        duties.get(a.duty_id, _UNKNOWN),
        a.duty_id,
        groups.get((a.duty_id, a.group_id), _UNKNOWN),
        a.group_id,
        a.role == "",
        a.role,
        a.person_id,
    )


def sorted_seats(scenario: Scenario, assignments: Iterable[Assignment]) -> list[Assignment]:
    duties, groups = _ranks(scenario)
    return sorted(assignments, key=lambda a: _seat_key(duties, groups, a))


def violation_key(v: Violation) -> tuple[object, ...]:
    """Hard before soft, then rule, date (undated first), duty, group, role, person."""
    return (
        not v.hard,
        v.rule,
        v.date or date.min,
        v.duty_id,
        v.group_id,
        v.role,
        v.person_id,
        v.kind,
        v.amount,
        v.cost,
        v.message,
    )


def shift_times(scenario: Scenario, duty: Duty, day: date) -> tuple[datetime, datetime]:
    """Start and end of a duty on a date, also for a date outside the horizon."""
    shift = scenario.shift_by_id.get(f"{duty.id}@{day.isoformat()}")
    if shift is not None:
        return shift.start, shift.end
    start = datetime.combine(day, duty.start, tzinfo=scenario.tz)
    end_day = day + timedelta(days=1) if duty.overnight else day
    return start, datetime.combine(end_day, duty.end, tzinfo=scenario.tz)


@dataclass(frozen=True)
class GroupFill:
    """One group of one shift: who sits in it and which seats stay empty."""

    day: date
    duty: Duty
    group: Group
    seats: tuple[Assignment, ...]  # role seats first
    empty: int  # the group's min that date minus people assigned, when positive
    missing_roles: tuple[tuple[str, int], ...]  # (role, unfilled role seats), in role order
    # Seats short of the group's preferred size that date, beyond `empty` (min <= filled).
    short: int = 0

    def vacancies(self) -> Vacancies:
        """Split the empty seats: role seats first, then plain ones.

        Role seats are part of the group's size, so an unfilled role seat is an empty
        seat when the group is short, and a lacking role holder when it is full.
        """
        left = self.empty
        vacant_roles, lacking_roles = [], []
        for role, missing in self.missing_roles:
            vacant = min(missing, left)
            left -= vacant
            if vacant:
                vacant_roles.append((role, vacant))
            if missing > vacant:
                lacking_roles.append((role, missing - vacant))
        return Vacancies(tuple(vacant_roles), left, tuple(lacking_roles))


@dataclass(frozen=True)
class Vacancies:
    role_seats: tuple[tuple[str, int], ...]  # (role, empty seats of that role)
    plain_seats: int  # other empty seats
    lacking_roles: tuple[tuple[str, int], ...]  # (role, seats held by people without it)


# The last roster's fills of the whole horizon, with the scenario and the roster they are of:
# one export task builds the summary, the report, the tables and roster.xlsx of one roster,
# and each of them looks at every group of every shift.
_FILLS: list[tuple[Scenario, tuple[Assignment, ...], list[GroupFill]]] = []


def group_fills(
    scenario: Scenario, assignments: Iterable[Assignment], days: Collection[date] | None = None
) -> list[GroupFill]:
    """Every group of every shift of the horizon (of `days` only, when given), in date and
    scenario order."""
    if not isinstance(assignments, tuple):
        return _group_fills(scenario, assignments, days)
    for known, seats, fills in _FILLS:
        if known is scenario and seats is assignments:
            return list(fills) if days is None else [f for f in fills if f.day in days]
    if days is not None:
        return _group_fills(scenario, assignments, days)
    fills = _group_fills(scenario, assignments, None)
    _FILLS[:] = [(scenario, assignments, fills)]
    return list(fills)


def _group_fills(
    scenario: Scenario, assignments: Iterable[Assignment], days: Collection[date] | None
) -> list[GroupFill]:
    by_group: dict[tuple[date, str, str], list[Assignment]] = {}
    for a in sorted_seats(scenario, assignments):
        by_group.setdefault((a.date, a.duty_id, a.group_id), []).append(a)
    shifts = scenario.shifts if days is None else [s for s in scenario.shifts if s.date in days]
    fills = []
    for shift in sorted(shifts, key=lambda s: (s.date, duty_rank(scenario, s.duty_id))):
        duty = scenario.duty_by_id[shift.duty_id]
        for group in duty.groups:
            seats = tuple(by_group.get((shift.date, duty.id, group.id), ()))
            fills.append(_fill(scenario, shift.date, duty, group, seats))
    return fills


def _fill(
    scenario: Scenario, day: date, duty: Duty, group: Group, seats: tuple[Assignment, ...]
) -> GroupFill:
    """Empty seats against the cover that date (roster/cover.py): the seats it must have."""
    missing = []
    for role, level in scenario.cover.roles(duty.id, day, group.id).items():
        filled = sum(1 for a in seats if a.role == role)
        if level.min > filled:
            missing.append((role, level.min - filled))
    level = scenario.cover.headcount(duty.id, day, group.id)
    empty = max(0, level.min - len(seats))
    short = level.below_preferred(len(seats))
    return GroupFill(day, duty, group, seats, empty, tuple(missing), short)


def below_preferred(scenario: Scenario, result: Result) -> tuple[Violation, ...]:
    """Every group of a shift with fewer people than its preferred size but not fewer than
    its min, as a `cover_short` violation: the solver's own where a cover rule prices the
    level (`short_weight` > 0), else one of cost 0 made here, so a group whose min is 0 is
    seen short whatever the weights (summary, uncovered.csv, the roster's sheets)."""
    reported = {
        (v.date, v.duty_id, v.group_id): v
        for v in result.violations
        if v.kind == "cover" + SHORT_SUFFIX and not v.role
    }
    rule = next((r.name for r in scenario.rule("cover")), "")
    texts = Texts(scenario)
    out = []
    for fill in group_fills(scenario, result.assignments):
        if not fill.short:
            continue
        found = reported.get((fill.day, fill.duty.id, fill.group.id))
        if found is None:
            message = texts.say(
                "cover_below_preferred",
                where=texts.group(fill.day, fill.duty.id, fill.group.id),
                assigned=len(fill.seats),
                preferred=scenario.cover.headcount(fill.duty.id, fill.day, fill.group.id).preferred,
            )
            keys = group_keys(fill.day, fill.duty.id, fill.group.id)
            found = Violation(
                rule, "cover" + SHORT_SUFFIX, False, fill.short, 0, message=message, **keys
            )
        out.append(found)
    return tuple(out)


def shortfalls(scenario: Scenario, result: Result) -> tuple[Violation, ...]:
    """Seats left empty (below min: `Result.uncovered`) and groups below their preferred size."""
    return result.uncovered + below_preferred(scenario, result)


@dataclass(frozen=True)
class Coverage:
    required: int
    filled: int


def coverage(scenario: Scenario, assignments: Iterable[Assignment]) -> Coverage:
    """Seats the horizon must have (each group's min that date), and how many are filled
    (a group above its min counts its min)."""
    fills = group_fills(scenario, assignments)
    needed = [scenario.cover.headcount(f.duty.id, f.day, f.group.id).min for f in fills]
    required = sum(needed)
    filled = sum(min(n, len(f.seats)) for n, f in zip(needed, fills, strict=True))
    return Coverage(required, filled)


@dataclass(frozen=True)
class PersonLoad:
    person_id: str
    total: int  # shifts worked (a shift counts once even if someone holds two seats)
    night: int
    weekend: int
    holiday: int
    seats: tuple[Assignment, ...]


def person_loads(scenario: Scenario, assignments: Iterable[Assignment]) -> list[PersonLoad]:
    """Every person of the scenario (in its order), then anyone else the roster names."""
    seats: dict[str, list[Assignment]] = {p.id: [] for p in scenario.people}
    for a in sorted_seats(scenario, assignments):
        seats.setdefault(a.person_id, []).append(a)
    return [_load(scenario, pid, tuple(items)) for pid, items in seats.items()]


def _load(scenario: Scenario, person_id: str, seats: tuple[Assignment, ...]) -> PersonLoad:
    shifts = {(a.duty_id, a.date) for a in seats}
    nights = {
        (d, day)
        for d, day in shifts
        if d in scenario.duty_by_id and scenario.duty_by_id[d].overnight
    }
    weekend = {(d, day) for d, day in shifts if scenario.is_weekend(day)}
    holiday = {(d, day) for d, day in shifts if day in scenario.holiday_dates}
    return PersonLoad(person_id, len(shifts), len(nights), len(weekend), len(holiday), seats)


@dataclass(frozen=True)
class LoadStats:
    people: int
    min: int
    avg: float
    max: int


def load_stats(loads: Sequence[PersonLoad]) -> LoadStats:
    """Min, mean and max shifts per person over everyone listed (zero when nobody is)."""
    totals = [load.total for load in loads]
    if not totals:
        return LoadStats(0, 0, 0.0, 0)
    return LoadStats(len(totals), min(totals), round(sum(totals) / len(totals), 2), max(totals))
