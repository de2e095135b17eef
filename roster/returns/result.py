"""What a solved return plan or daily timetable is: placements, daily slots, violations,
status, objective and bound (the domain is roster/returns/model.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from roster.result import Status, relative_gap


@dataclass(frozen=True, order=True)
class Placement:
    """A cohort's return: its date and arrival window (index into the problem's windows)."""

    cohort_id: str
    date: date
    window: int


@dataclass(frozen=True, order=True)
class ReturnViolation:
    """One instance of a return rule bent or broken.

    Keys (the solver and the checker report the same): rule, kind, date, school_id,
    window (label, e.g. "07:00-07:20", or ""), subject (a route, point, region, family,
    grade or cohort id the violation is about, or ""), amount.
    """

    rule: str
    kind: str
    hard: bool
    amount: int
    cost: int
    date: date | None = None
    school_id: str = ""
    window: str = ""
    subject: str = ""
    message: str = ""

    @property
    def key(self) -> tuple:
        return (
            self.rule,
            self.kind,
            self.date,
            self.school_id,
            self.window,
            self.subject,
            self.amount,
        )


@dataclass(frozen=True)
class DailyTime:
    """A day-school class's daily slot: arrival and dismissal windows of the same index."""

    cohort_id: str
    slot: int


@dataclass(frozen=True)
class PlanResult:
    """A solved return plan, or a daily timetable (then `placements` is empty)."""

    status: Status
    objective: int | None
    best_bound: int | None
    wall_time_s: float
    placements: tuple[Placement, ...] = ()
    times: tuple[DailyTime, ...] = ()
    violations: tuple[ReturnViolation, ...] = ()
    stats: Mapping[str, object] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.best_bound)

    @property
    def hard_violations(self) -> tuple[ReturnViolation, ...]:
        return tuple(v for v in self.violations if v.hard)
