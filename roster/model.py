"""Domain model: frozen, validated objects with stable string ids.

Everything downstream (solver, checker, exporters) reads a `Scenario` and never
the files it came from. Dates are calendar dates in the scenario's timezone;
shift start/end are timezone-aware datetimes derived from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from roster.portable import Portable

if TYPE_CHECKING:
    from roster.cover import CoverTable
    from roster.fairness import Share


class AvailabilityStatus(StrEnum):
    UNAVAILABLE = "unavailable"
    PREFER_NOT = "prefer_not"
    PREFER = "prefer"


# Words the seeds use: a checkpoint group is led by its 组长; schools add 值班 staff and 安保.
DEFAULT_ROLE_NAMES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "zh": MappingProxyType(
            {
                "": "组员",
                "leader": "组长",
                "driver": "司机",
                "staff": "值班人员",
                "security": "安保",
            }
        ),
        "en": MappingProxyType({"": "member"}),
    }
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    school: str
    roles: frozenset[str] = frozenset()
    phone: str = ""
    email: str = ""
    max_shifts: int | None = None
    # The id of their school in schools.csv ("" = none listed); `school` is then its name.
    school_id: str = ""


@dataclass(frozen=True)
class AvailabilityPeriod:
    """A period (inclusive dates) in which a person is unavailable or has a preference.

    `reason` is private to the coordinator: no exported file carries it.
    """

    person_id: str
    start: date
    end: date
    status: AvailabilityStatus
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Group(Portable):
    """A group (post) inside a duty: its headcount and seats per role.

    `size` is the preferred headcount, `min` and `max` (default: `size`) bound it;
    per-date overrides come from demand.csv, read through `Scenario.cover`.
    """

    id: str
    name: str
    size: int
    role_seats: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    min: int = None  # type: ignore[assignment]  # None = size, filled in below
    max: int = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.min is None:
            object.__setattr__(self, "min", self.size)
        if self.max is None:
            object.__setattr__(self, "max", self.size)

    def __hash__(self) -> int:
        roles = tuple(sorted(self.role_seats.items()))
        return hash((self.id, self.name, self.size, roles, self.min, self.max))


@dataclass(frozen=True)
class Duty:
    """A duty type, e.g. the checkpoint night 17:00-07:00 (next day) in three groups."""

    id: str
    name: str
    location: str
    start: time
    end: time
    groups: tuple[Group, ...]
    days: str = "daily"  # daily | weekdays | weekends | dates
    dates: frozenset[date] = frozenset()  # used when days == "dates"
    categories: frozenset[str] = frozenset()  # extra fairness categories, e.g. "night"
    # A school's rotation (docs/scenario.md): the school it belongs to, whose people may
    # serve it (None = anyone), and roles of which a person needs one to serve (none = any).
    school_id: str = ""
    staff_schools: frozenset[str] | None = None
    requires: frozenset[str] = frozenset()

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    @property
    def seats(self) -> int:
        return sum(g.size for g in self.groups)

    def role_seats(self) -> dict[str, int]:
        """Seats per role summed over the duty's groups."""
        total: dict[str, int] = {}
        for g in self.groups:
            for role, n in g.role_seats.items():
                total[role] = total.get(role, 0) + n
        return total

    def runs_on(self, day: date) -> bool:
        if self.days == "daily":
            return True
        if self.days == "weekdays":
            return day.weekday() < 5
        if self.days == "weekends":
            return day.weekday() >= 5
        return day in self.dates

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)


@dataclass(frozen=True)
class Shift:
    """One occurrence of a duty on a date (the date the shift starts)."""

    duty_id: str
    date: date
    start: datetime
    end: datetime

    @cached_property  # read millions of times while a large model is built
    def id(self) -> str:
        return f"{self.duty_id}@{self.date.isoformat()}"

    @cached_property
    def start_ts(self) -> float:
        """POSIX seconds of the start (real instants: rest across a DST change is exact)."""
        return self.start.timestamp()

    @cached_property
    def end_ts(self) -> float:
        return self.end.timestamp()

    @cached_property
    def minutes(self) -> int:
        """Real length: by the clock in UTC, so a DST change makes a night shorter or longer."""
        return round((self.end_ts - self.start_ts) / 60)


@dataclass(frozen=True)
class RuleSpec(Portable):
    """One rule as the scenario states it: a kind, hard or soft with a weight, parameters."""

    name: str
    kind: str
    hard: bool
    weight: int
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        return hash((self.name, self.kind, self.hard, self.weight))

    def param(self, key: str, default: object = None) -> object:
        return self.params.get(key, default)


@dataclass(frozen=True)
class PersonLimit:
    """One row of limits.csv: this person's own value of one key of one stated rule."""

    person_id: str
    rule: str  # the rule's name, the <name> of [rules.<name>]
    key: str  # a key of that rule, e.g. "max"
    value: int


class RequestKind(StrEnum):
    OFF = "off"  # a fixed day off: hard, no duty that date
    ON = "on"  # would like this duty (soft, weighted)
    NOT = "not"  # would rather not have this duty (soft, weighted)
    PIN = "pin"  # a fixed assignment the solver must keep (hard)


@dataclass(frozen=True)
class Request:
    """One row of requests.csv. duty_id "" means any duty that date."""

    person_id: str
    date: date
    kind: RequestKind
    duty_id: str = ""
    group_id: str = ""  # pins only: "" lets the solver choose the group
    role: str = ""  # pins only: the role seat; "" any seat, or an ordinary one of group_id
    weight: int | None = None  # on/not: None takes the rule's default weight


@dataclass(frozen=True)
class Pair:
    """One row of pairs.csv: two people a `together` or `apart` rule applies to."""

    rule: str  # the rule's name
    first: str
    second: str


@dataclass(frozen=True)
class LedgerEntry:
    """One row of history.csv: duties of a fairness category carried over from before."""

    person_id: str
    category: str
    count: int


@dataclass(frozen=True)
class PastDuty:
    """One row of previous.csv: a duty a person worked before this roster's first date.

    The sequence and rest rules read them at the horizon's start (roster/previous.py)."""

    person_id: str
    date: date
    duty_id: str


@dataclass(frozen=True)
class Demand:
    """One row of demand.csv: cover of one duty on one date, overriding the default.

    group_id "" applies to every group of the duty; role "" is the headcount, any other
    role its quota of seats.
    """

    date: date
    duty_id: str
    group_id: str
    role: str
    min: int
    preferred: int
    max: int


@dataclass(frozen=True)
class SolverSettings:
    time_limit_s: float = 20.0
    seed: int = 1
    workers: int = 2
    deterministic: bool = True
    # With deterministic=True the search stops on this work budget, not on wall time.
    deterministic_time: float = 60.0
    relative_gap: float = 0.0
    # Cost of one relaxed seat or quota of a hard lower-bound rule (see docs/rules.md).
    hard_weight: int = 100_000
    # Re-solves: None = fewest changes first, then the rules; a number = cost per change.
    change_weight: int | None = None
    # CP-SAT's presolve; schools solved apart skip it (solver/decompose.py: on school-sized
    # parts it cost more than it saved, docs/decisions.md).
    presolve: bool = True
    # When the solve must have ended (seconds since the epoch): set by the command from its
    # time limit (solver/budget.py); None leaves each CP-SAT call to `time_limit_s` alone.
    deadline: float | None = None


@dataclass(frozen=True)
class CalendarSettings:
    reminder_minutes: int | None = 60


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str


@dataclass(frozen=True)
class School:
    """One row of schools.csv: a school or other unit people belong to."""

    id: str
    name: str
    area: str = ""
    address: str = ""


# A school duty is named for its school and rotation, 实验小学·白天值班: the reader writes
# the name (inputs/rotations.py), the school sheets take the rotation's back (roster/schools.py).
SCHOOL_DUTY_SEPARATOR = "·"


@dataclass(frozen=True)
class BusyTime:
    """One row of busy.csv: a time a person is busy with something that is not a duty
    (online teaching). `what` is private like availability reasons: never exported."""

    person_id: str
    start: datetime
    end: datetime
    what: str = ""


@dataclass(frozen=True)
class Scenario(Portable):
    id: str
    name: str
    timezone: str
    language: str  # "zh" | "en"
    start: date
    end: date  # inclusive
    duties: tuple[Duty, ...]
    people: tuple[Person, ...]
    availability: tuple[AvailabilityPeriod, ...] = ()
    rules: tuple[RuleSpec, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    solver: SolverSettings = SolverSettings()
    calendar: CalendarSettings = CalendarSettings()
    # How a role is called in texts for people (`leader` -> 组长); defaults by language.
    role_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    limits: tuple[PersonLimit, ...] = ()
    requests: tuple[Request, ...] = ()
    pairs: tuple[Pair, ...] = ()
    history: tuple[LedgerEntry, ...] = ()
    demand: tuple[Demand, ...] = ()
    schools: tuple[School, ...] = ()
    busy: tuple[BusyTime, ...] = ()
    # The last duties of the previous period (previous.csv), by date.
    previous: tuple[PastDuty, ...] = ()

    # Pickled with the scenario (roster/portable.py): the sub-scenarios of a fan-out share them.
    SENT_VIEWS = ("tz", "days", "shifts", "cover")

    # ---- derived views (cached; the dataclass stays frozen) ----

    @cached_property
    def fair_share_memo(self) -> dict[str, Mapping[str, Share]]:
        """roster/fairness.py's fair shares by category, filled as they are asked for (not
        pickled: a process works them out again)."""
        return {}

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def days(self) -> tuple[date, ...]:
        n = (self.end - self.start).days + 1
        return tuple(self.start + timedelta(days=i) for i in range(n))

    def role_name(self, role: str) -> str:
        """The word for a role in the scenario's language; `""` is an ordinary seat."""
        if role in self.role_names:
            return self.role_names[role]
        return DEFAULT_ROLE_NAMES[self.language].get(role, role)

    @cached_property
    def _limits(self) -> Mapping[tuple[str, str, str], int]:
        return MappingProxyType({(x.rule, x.person_id, x.key): x.value for x in self.limits})

    def limit(self, rule: RuleSpec, person_id: str, key: str, default: object = None) -> object:
        """A rule's parameter for one person: their limits.csv value, else the rule's."""
        return self._limits.get((rule.name, person_id, key), rule.param(key, default))

    def duty_cap(self, rule: RuleSpec, person_id: str) -> int | None:
        """A person's cap under a `max_shifts` rule: the smaller of the rule's `max` (or their
        limits.csv `max`) and their people.csv `max_shifts`; None when neither is given."""
        caps = (self.limit(rule, person_id, "max"), self.person_by_id[person_id].max_shifts)
        known = [int(c) for c in caps if c is not None]
        return min(known) if known else None

    def day_index(self, day: date) -> int:
        return (day - self.start).days

    @cached_property
    def person_by_id(self) -> Mapping[str, Person]:
        return MappingProxyType({p.id: p for p in self.people})

    @cached_property
    def duty_by_id(self) -> Mapping[str, Duty]:
        return MappingProxyType({d.id: d for d in self.duties})

    @cached_property
    def holiday_dates(self) -> frozenset[date]:
        return frozenset(h.date for h in self.holidays)

    @cached_property
    def shifts(self) -> tuple[Shift, ...]:
        """Every shift in the horizon, ordered by start time, then duty id."""
        out = [
            self._make_shift(duty, day)
            for day in self.days
            for duty in self.duties
            if duty.runs_on(day)
        ]
        return tuple(sorted(out, key=lambda s: (s.start, s.duty_id)))

    @cached_property
    def shift_by_id(self) -> Mapping[str, Shift]:
        return MappingProxyType({s.id: s for s in self.shifts})

    def shift(self, duty_id: str, day: date) -> Shift:
        return self.shift_by_id[f"{duty_id}@{day.isoformat()}"]

    def _make_shift(self, duty: Duty, day: date) -> Shift:
        start = datetime.combine(day, duty.start, tzinfo=self.tz)
        end_day = day + timedelta(days=1) if duty.overnight else day
        end = datetime.combine(end_day, duty.end, tzinfo=self.tz)
        return Shift(duty.id, day, start, end)

    @cached_property
    def _periods_by_person(self) -> Mapping[str, tuple[AvailabilityPeriod, ...]]:
        grouped: dict[str, list[AvailabilityPeriod]] = {}
        for period in self.availability:
            grouped.setdefault(period.person_id, []).append(period)
        return MappingProxyType({k: tuple(v) for k, v in grouped.items()})

    @cached_property
    def previous_by_person(self) -> Mapping[str, tuple[PastDuty, ...]]:
        """Person id -> their duties of previous.csv (roster/previous.py reads them)."""
        grouped: dict[str, list[PastDuty]] = {}
        for p in self.previous:
            grouped.setdefault(p.person_id, []).append(p)
        return MappingProxyType({k: tuple(v) for k, v in grouped.items()})

    def periods_of(self, person_id: str) -> tuple[AvailabilityPeriod, ...]:
        return self._periods_by_person.get(person_id, ())

    def status_on(self, person_id: str, day: date) -> AvailabilityStatus | None:
        """The person's status on a date; `unavailable` wins over preferences."""
        found = [p.status for p in self.periods_of(person_id) if p.covers(day)]
        for status in (
            AvailabilityStatus.UNAVAILABLE,
            AvailabilityStatus.PREFER_NOT,
            AvailabilityStatus.PREFER,
        ):
            if status in found:
                return status
        return None

    def is_available(self, person_id: str, shift: Shift) -> bool:
        """Whether the person could work the shift at all: they may serve its duty (their
        school's rotation, a role it requires), are free that date (`is_free`), and have
        no busy time (busy.csv) overlapping it. No variable exists for any other pair."""
        found = self._available_shifts.get(person_id)
        known = self.shift_by_id.get(shift.id)
        if found is None or (known is not shift and known != shift):
            return self._could_work(person_id, shift)  # someone or a shift not in the scenario
        return shift.id in found

    def available_shifts(self, person_id: str) -> tuple[Shift, ...]:
        """The shifts the person could work (`is_available`), in scenario order."""
        found = self._available_in_order.get(person_id)
        if found is None:
            return tuple(s for s in self.shifts if self._could_work(person_id, s))
        return found

    @cached_property
    def _available_in_order(self) -> Mapping[str, tuple[Shift, ...]]:
        """`available_shifts` of everyone, in one pass over the shifts: a construction asks
        for a person's again and again (thousands of times on the district's checkpoint),
        and a scan of every shift each time was most of its time."""
        found = self._available_shifts
        out: dict[str, list[Shift]] = {pid: [] for pid in found}
        for shift in self.shifts:
            for p in self.eligible_people(shift.duty_id):
                if shift.id in found[p.id]:
                    out[p.id].append(shift)
        return MappingProxyType({pid: tuple(shifts) for pid, shifts in out.items()})

    def _could_work(self, person_id: str, shift: Shift) -> bool:
        return (
            self.is_eligible(person_id, shift.duty_id)
            and self.is_free(person_id, shift)
            and not self.is_busy(person_id, shift)
        )

    @cached_property
    def _available_shifts(self) -> Mapping[str, frozenset[str]]:
        """Person id -> the shifts they could work, found in one pass: a large model asks for
        the same pairs again and again (1000 x 120 x 4: 375,000 times in the scoring model's
        workload rule alone)."""
        out: dict[str, set[str]] = {p.id: set() for p in self.people}
        for shift in self.shifts:
            for p in self.eligible_people(shift.duty_id):
                if self._could_work(p.id, shift):
                    out[p.id].add(shift.id)
        return MappingProxyType({pid: frozenset(ids) for pid, ids in out.items()})

    def is_free(self, person_id: str, shift: Shift) -> bool:
        """Free unless `unavailable` on the date the shift starts, or given it `off`.

        Periods are whole dates: a night 17:00-07:00 belongs to its start date, so a
        period starting the next day does not block it (that morning it is over).
        An `off` request (requests.csv) is an unavailable date for that duty, or any.
        """
        offs = self._days_off
        if (person_id, shift.date, "") in offs or (person_id, shift.date, shift.duty_id) in offs:
            return False
        if self.start <= shift.date <= self.end:
            return shift.date not in self._unavailable_dates.get(person_id, ())
        return self.status_on(person_id, shift.date) is not AvailabilityStatus.UNAVAILABLE

    @cached_property
    def _unavailable_dates(self) -> Mapping[str, frozenset[date]]:
        """person id -> the horizon's dates they are unavailable: `is_free` is asked for
        every (person, shift) pair of every model, so it reads a set, not the periods."""
        out: dict[str, set[date]] = {}
        for period in self.availability:
            if period.status is not AvailabilityStatus.UNAVAILABLE:
                continue
            first, last = max(period.start, self.start), min(period.end, self.end)
            days = out.setdefault(period.person_id, set())
            days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        return MappingProxyType({k: frozenset(v) for k, v in out.items()})

    @cached_property
    def _days_off(self) -> frozenset[tuple[str, date, str]]:
        return frozenset(
            (r.person_id, r.date, r.duty_id) for r in self.requests if r.kind is RequestKind.OFF
        )

    # ---- schools, eligibility and busy times (docs/scenario.md) ----

    @cached_property
    def school_by_id(self) -> Mapping[str, School]:
        return MappingProxyType({s.id: s for s in self.schools})

    @cached_property
    def _eligible(self) -> Mapping[str, tuple[Person, ...] | None]:
        """duty id -> the people who may serve it, in scenario order; None: everyone."""
        by_school: dict[str, list[Person]] = {}
        for p in self.people:
            by_school.setdefault(p.school_id, []).append(p)
        out: dict[str, tuple[Person, ...] | None] = {}
        for duty in self.duties:
            if duty.staff_schools is None and not duty.requires:
                out[duty.id] = None
                continue
            pool = (
                self.people
                if duty.staff_schools is None
                else [p for s in sorted(duty.staff_schools) for p in by_school.get(s, ())]
            )
            found = [p for p in pool if not duty.requires or p.roles & duty.requires]
            if duty.staff_schools is not None and len(duty.staff_schools) > 1:
                found.sort(key=lambda p: self._position[p.id])
            out[duty.id] = tuple(found)
        return MappingProxyType(out)

    @cached_property
    def _position(self) -> Mapping[str, int]:
        return MappingProxyType({p.id: i for i, p in enumerate(self.people)})

    @cached_property
    def _eligible_ids(self) -> Mapping[str, frozenset[str] | None]:
        found = self._eligible.items()
        return MappingProxyType(
            {k: None if v is None else frozenset(p.id for p in v) for k, v in found}
        )

    def is_eligible(self, person_id: str, duty_id: str) -> bool:
        """May this person serve this duty at all (own school's rotation, required role)?"""
        ids = self._eligible_ids.get(duty_id)
        return ids is None or person_id in ids

    def eligible_people(self, duty_id: str) -> tuple[Person, ...]:
        """The people who may serve a duty, in scenario order."""
        found = self._eligible.get(duty_id)
        return self.people if found is None else found

    @cached_property
    def _duty_dates(self) -> tuple[frozenset[date], Mapping[str, frozenset[date]]]:
        """Dates of duties open to everyone, and each person's dates of the others."""
        by_duty: dict[str, set[date]] = {}
        for shift in self.shifts:
            by_duty.setdefault(shift.duty_id, set()).add(shift.date)
        open_dates: set[date] = set()
        own: dict[str, set[date]] = {}
        for duty_id, dates in by_duty.items():
            people = self._eligible.get(duty_id)
            if people is None:
                open_dates |= dates
                continue
            for p in people:
                own.setdefault(p.id, set()).update(dates)
        return frozenset(open_dates), MappingProxyType({k: frozenset(v) for k, v in own.items()})

    def duty_dates(self, person_id: str) -> tuple[date, ...]:
        """Dates on which a duty runs that this person may serve, in order."""
        open_dates, own = self._duty_dates
        return tuple(sorted(open_dates | own.get(person_id, frozenset())))

    @cached_property
    def _busy_by_day(self) -> Mapping[tuple[str, date], tuple[BusyTime, ...]]:
        """(person, each date a busy time touches) -> those busy times."""
        out: dict[tuple[str, date], list[BusyTime]] = {}
        for b in self.busy:
            day = b.start.date()
            while day <= b.end.date():
                out.setdefault((b.person_id, day), []).append(b)
                day += timedelta(days=1)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def busy_near(self, person_id: str, first: date, last: date) -> list[BusyTime]:
        """The person's busy times touching any date from `first` to `last`, once each."""
        found: dict[int, BusyTime] = {}
        day = first
        while day <= last:
            for b in self._busy_by_day.get((person_id, day), ()):
                found.setdefault(id(b), b)
            day += timedelta(days=1)
        return sorted(found.values(), key=lambda b: (b.start, b.end, b.what))

    @cached_property
    def _busy_people(self) -> frozenset[str]:
        return frozenset(b.person_id for b in self.busy)

    def busy_during(self, person_id: str, shift: Shift) -> list[BusyTime]:
        """Busy times of the person overlapping the shift."""
        if person_id not in self._busy_people:
            return []
        near = self.busy_near(person_id, shift.start.date(), shift.end.date())
        return [b for b in near if b.start < shift.end and shift.start < b.end]

    def is_busy(self, person_id: str, shift: Shift) -> bool:
        return person_id in self._busy_people and bool(self.busy_during(person_id, shift))

    def rule(self, kind: str) -> Iterator[RuleSpec]:
        return (r for r in self.rules if r.kind == kind)

    @cached_property
    def cover(self) -> CoverTable:
        """Cover of every group and role quota by date (roster/cover.py)."""
        from roster.cover import CoverTable  # roster.cover builds on this module

        return CoverTable(self.duties, self.demand)

    def is_weekend(self, day: date) -> bool:
        return day.weekday() >= 5
