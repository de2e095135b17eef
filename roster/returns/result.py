"""What a solved return plan or daily timetable is: placements, daily slots, violations,
status, objective and bound (the domain is roster/returns/model.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from roster.result import Result


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
class PlanResult(Result):
    """A solved return plan, or a daily timetable (then `placements` is empty).

    The engine's Result extended, not copied: status, objective, bound, time, stats, gap
    and hard_violations mean the same, and the merge and status map of solver/status.py
    serve both. A plan places classes in windows rather than people in seats, so it adds
    `placements` and the daily `times` (its `assignments` stay empty), and its violations
    are ReturnViolations, keyed by school, window and subject rather than by person, duty
    and group.
    """

    violations: tuple[ReturnViolation, ...] = ()  # type: ignore[assignment]
    placements: tuple[Placement, ...] = ()
    times: tuple[DailyTime, ...] = ()
