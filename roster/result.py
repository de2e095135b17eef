"""What a solve (or a hand-edited roster) produces: assignments, violations, status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    MODEL_INVALID = "model_invalid"


@dataclass(frozen=True, order=True)
class Assignment:
    """One person in one seat of one shift. `role` is "" for an ordinary member."""

    date: date
    duty_id: str
    group_id: str
    role: str
    person_id: str

    @property
    def shift_id(self) -> str:
        return f"{self.duty_id}@{self.date.isoformat()}"


@dataclass(frozen=True, order=True)
class Violation:
    """One instance of a rule bent or broken, with its cost in the objective.

    Hard rules that cannot hold (e.g. too few people for a night) are reported
    with `hard=True`; their cost uses the scenario's `hard_weight`.
    """

    rule: str  # the rule's name in scenario.toml
    kind: str  # the rule family, e.g. "cover", "rest"
    hard: bool
    amount: int
    cost: int
    date: date | None = None
    person_id: str = ""
    duty_id: str = ""
    group_id: str = ""
    role: str = ""
    message: str = ""


def relative_gap(objective: int | None, bound: int | None) -> float | None:
    """`|objective - bound| / max(1, |objective|)`; None without both."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1, abs(objective))


@dataclass(frozen=True)
class Result:
    status: Status
    objective: int | None
    best_bound: int | None
    wall_time_s: float
    assignments: tuple[Assignment, ...] = ()
    violations: tuple[Violation, ...] = ()
    messages: tuple[str, ...] = ()
    stats: dict[str, object] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.best_bound)

    @property
    def hard_violations(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.hard)

    @property
    def uncovered(self) -> tuple[Violation, ...]:
        """Seats (kind "cover") and role seats (kind "roles") left empty."""
        return tuple(v for v in self.violations if v.kind in ("cover", "roles"))


@dataclass(frozen=True)
class EventRecord:
    """What a teacher's calendar holds for one duty, as last published.

    The calendar exporter takes the records of the previously published version and
    returns the new ones: an unchanged duty keeps its UID and SEQUENCE, a changed one
    keeps its UID with SEQUENCE + 1, a removed one is re-issued as CANCELLED with
    SEQUENCE + 1 (README, "Calendar updates"). The version store keeps these records.
    """

    uid: str
    person_id: str
    duty_id: str
    date: date
    group_id: str
    role: str
    sequence: int
    fingerprint: str  # hash of everything the event shows; a change bumps SEQUENCE
    cancelled: bool = False
