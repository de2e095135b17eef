"""Staggered return to school (错峰返校): the domain, next to the duty roster.

Classes (cohorts) of every school get one return date and one arrival window within their
batch (第一批 / 第二批开学), so that no school gate, temperature-check lane, bus route or
gathering point is overwhelmed. Day schools then keep a daily staggered timetable of
arrival and dismissal (错峰上下学) for the rest of the term, and each school's gate duty
follows the students arriving (roster/returns/gate_duty.py).

Everything here is frozen and carries stable string ids; times of day become tz-aware
datetimes only through `ReturnProblem.at`. Rules are `RuleSpec`s of five families
(docs/returns.md): capacity, buses, regions, siblings (hard by default) and preferences
(always soft).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from types import MappingProxyType
from zoneinfo import ZoneInfo

from roster.model import Holiday, RuleSpec, SolverSettings
from roster.portable import Portable

FAMILIES = ("capacity", "buses", "regions", "siblings", "preferences")


def clock(t: time) -> str:
    return t.strftime("%H:%M")


def add_minutes(t: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), t) + timedelta(minutes=minutes)).time()


@dataclass(frozen=True)
class Window:
    """An arrival window of a return day, e.g. 07:20-07:40; `index` counts from 0."""

    index: int
    start: time
    end: time

    @property
    def label(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def minutes(self) -> int:
        return self.end.hour * 60 + self.end.minute - self.start_minute


@dataclass(frozen=True)
class Batch:
    """第一批 / 第二批: which schools and grades return, on which return days."""

    id: str
    name: str
    dates: tuple[date, ...]  # return days, ascending
    schools: frozenset[str] = frozenset()  # empty: every school
    grades: frozenset[int] = frozenset()  # empty: every grade

    def takes(self, cohort: Cohort) -> bool:
        return (not self.schools or cohort.school_id in self.schools) and (
            not self.grades or cohort.grade in self.grades
        )


@dataclass(frozen=True)
class ReturnSchool:
    id: str
    name: str
    area: str = ""
    address: str = ""
    gates: int = 1
    lanes: int | None = None  # temperature-check lanes; None: not a limit


@dataclass(frozen=True)
class Cohort:
    """One class (or part of one) that travels together: one row of cohorts.csv."""

    id: str
    school_id: str
    grade: int
    class_name: str
    students: int
    region: str  # home region (乡镇/街道)
    boarding: bool
    bus_route: str = ""  # "" = no bus
    family_groups: frozenset[str] = frozenset()  # siblings' families linking classes
    teacher_id: str = ""  # the class teacher (班主任), a person_id of people.csv


@dataclass(frozen=True)
class Route:
    """A point-to-point bus line (点对点专线公交) from a gathering point to school."""

    id: str
    name: str
    point_id: str
    buses: int  # per return day
    seats: int  # per bus
    travel_minutes: int = 0  # from the gathering point to the school gate

    @property
    def seats_per_day(self) -> int:
        return self.buses * self.seats


@dataclass(frozen=True)
class GatheringPoint:
    """指定地点统一集结: serves one region per window, up to `capacity` students."""

    id: str
    name: str
    regions: frozenset[str]
    capacity: int | None = None  # students per window; None: no limit


@dataclass(frozen=True)
class Capacity:
    """Students one gate (and one temperature lane) lets in per arrival window."""

    students_per_gate: int
    students_per_lane: int | None = None

    def gate_places(self, school: ReturnSchool) -> int:
        return school.gates * self.students_per_gate

    def lane_places(self, school: ReturnSchool) -> int | None:
        if school.lanes is None or self.students_per_lane is None:
            return None
        return school.lanes * self.students_per_lane

    def of(self, school: ReturnSchool) -> int:
        lanes = self.lane_places(school)
        gates = self.gate_places(school)
        return gates if lanes is None else min(gates, lanes)


@dataclass(frozen=True)
class DailySettings:
    """错峰上下学 for day-school classes after their return, the same every school day."""

    arrival: time  # first arrival window starts
    dismissal: time  # first dismissal window starts
    minutes: int
    windows: int
    students_per_gate: int
    grade_weight: int = 10  # per (school, grade) per extra window the grade is split over
    peak_weight: int = 0  # per student of a school's busiest daily window (0: off)
    make_up_days: tuple[date, ...] = ()  # weekend school days (调休上班)

    def arrival_window(self, slot: int) -> tuple[time, time]:
        start = add_minutes(self.arrival, slot * self.minutes)
        return start, add_minutes(start, self.minutes)

    def dismissal_window(self, slot: int) -> tuple[time, time]:
        start = add_minutes(self.dismissal, slot * self.minutes)
        return start, add_minutes(start, self.minutes)


@dataclass(frozen=True)
class GateDutySettings:
    """Teachers at a gate per window: ceil(students / students_per_teacher), at least min."""

    students_per_teacher: int = 40
    min_teachers: int = 2
    daily_days: int = 0  # also roster the first N school days of the daily timetable

    def teachers_for(self, students: int) -> int:
        if students <= 0:
            return 0
        return max(self.min_teachers, -(-students // self.students_per_teacher))


@dataclass(frozen=True)
class ReturnProblem(Portable):
    id: str
    name: str
    timezone: str
    language: str
    schools: tuple[ReturnSchool, ...]
    cohorts: tuple[Cohort, ...]
    batches: tuple[Batch, ...]
    windows: tuple[Window, ...]
    capacity: Capacity
    routes: tuple[Route, ...] = ()
    points: tuple[GatheringPoint, ...] = ()
    rules: tuple[RuleSpec, ...] = ()
    daily: DailySettings | None = None
    gate: GateDutySettings = GateDutySettings()
    term_end: date | None = None
    holidays: tuple[Holiday, ...] = ()
    solver: SolverSettings = SolverSettings()
    batch_of_cohort: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The daily timetable's slot of each day-school class (solver/returns/run.py sets it
    # from the timetable): on a return day, every class back from an earlier day arrives
    # in its daily arrival window, and those students count at the gate (`capacity`).
    daily_slots: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # Classes planned in other parts (solver/returns/parts.py): only their daily arrivals
    # reach this problem's gates.
    elsewhere: tuple[Cohort, ...] = ()

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def at(self, day: date, t: time) -> datetime:
        return datetime.combine(day, t, tzinfo=self.tz)

    @cached_property
    def school_by_id(self) -> Mapping[str, ReturnSchool]:
        return MappingProxyType({s.id: s for s in self.schools})

    @cached_property
    def cohort_by_id(self) -> Mapping[str, Cohort]:
        return MappingProxyType({c.id: c for c in self.cohorts})

    @cached_property
    def batch_by_id(self) -> Mapping[str, Batch]:
        return MappingProxyType({b.id: b for b in self.batches})

    @cached_property
    def route_by_id(self) -> Mapping[str, Route]:
        return MappingProxyType({r.id: r for r in self.routes})

    @cached_property
    def point_by_id(self) -> Mapping[str, GatheringPoint]:
        return MappingProxyType({p.id: p for p in self.points})

    def batch(self, cohort: Cohort) -> Batch:
        """The batch a cohort returns with: the first batch that takes it."""
        found = self.batch_of_cohort.get(cohort.id)
        if found is not None:
            return self.batch_by_id[found]
        return next(b for b in self.batches if b.takes(cohort))

    def slots(self, cohort: Cohort) -> tuple[tuple[date, int], ...]:
        """Every (return day, window index) the cohort may get."""
        return tuple((d, w.index) for d in self.batch(cohort).dates for w in self.windows)

    def rule(self, kind: str) -> RuleSpec:
        return next(r for r in self.rules if r.kind == kind)

    @property
    def hard_weight(self) -> int:
        return self.solver.hard_weight

    def cost(self, rule: RuleSpec) -> int:
        """Cost of one unit of a rule's violation: hard_weight when hard, else its weight."""
        return self.hard_weight if rule.hard else rule.weight

    def places(self, school_id: str) -> int:
        return self.capacity.of(self.school_by_id[school_id])

    @property
    def window_minutes(self) -> int:
        return self.windows[0].minutes

    def window_label(self, index: int) -> str:
        """Label of a window on the grid of return-day windows; a gathering window of a bus
        cohort may lie before the first arrival window (index < 0)."""
        first = self.windows[0]
        start = add_minutes(first.start, (index - first.index) * self.window_minutes)
        return f"{clock(start)}-{clock(add_minutes(start, self.window_minutes))}"

    def return_days(self, school_id: str) -> tuple[date, ...]:
        """The days a school has return windows: those of its classes' batches."""
        return self._return_days.get(school_id, ())

    @cached_property
    def _return_days(self) -> Mapping[str, tuple[date, ...]]:
        days: dict[str, set[date]] = {}
        for c in self.cohorts:
            days.setdefault(c.school_id, set()).update(self.batch(c).dates)
        return MappingProxyType({s: tuple(sorted(d)) for s, d in days.items()})

    def daily_overlap(self, slot: int) -> tuple[int, ...]:
        """The return windows a daily arrival slot overlaps: its students pass the gate
        during each of them, so each counts them in full (the safe reading when a daily
        window straddles two return windows)."""
        if self.daily is None:
            return ()
        start, end = self.daily.arrival_window(slot)
        a, b = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        return tuple(
            w.index for w in self.windows if w.start_minute < b and a < w.start_minute + w.minutes
        )

    def arrivals_back(self, returned: Mapping[str, date]) -> Counter:
        """Per (school, return day, window): students of day-school classes that returned
        (`returned`: class -> its return day) on an earlier day and arrive by their daily
        slot, in every return window it overlaps."""
        out: Counter = Counter()
        for cohort in self.cohorts:
            slot, back = self.daily_slots.get(cohort.id), returned.get(cohort.id)
            if cohort.boarding or slot is None or back is None:
                continue
            for day in self.return_days(cohort.school_id):
                if day > back:
                    for w in self.daily_overlap(slot):
                        out[(cohort.school_id, day, w)] += cohort.students
        return out

    def route_of(self, cohort: Cohort) -> Route | None:
        return self.route_by_id.get(cohort.bus_route) if cohort.bus_route else None

    def gathering_window(self, cohort: Cohort, window: int) -> int:
        """The window (index, may be < 0) in which a bus cohort gathers at its point."""
        route = self.route_of(cohort)
        if route is None:
            return window
        return window - route.travel_minutes // self.window_minutes
