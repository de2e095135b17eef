"""What every check of a return plan shares: the plan indexed as the rules read it, and
the making of violations (roster/returns/check.py runs the checks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from roster.model import RuleSpec
from roster.returns.model import Cohort, ReturnProblem
from roster.returns.result import Placement, ReturnViolation
from roster.returns.texts import ReturnTexts

PLACEMENT = RuleSpec("placement", "placement", True, 0)


@dataclass(frozen=True)
class PlanCheck:
    violations: tuple[ReturnViolation, ...]
    objective: int

    @property
    def hard(self) -> tuple[ReturnViolation, ...]:
        return tuple(v for v in self.violations if v.hard)


@dataclass(frozen=True)
class Plan:
    """The valid placements of a plan, indexed as the rules read them."""

    problem: ReturnProblem
    at: dict[str, Placement]  # cohort -> its placement
    texts: ReturnTexts

    def cohorts(self) -> Iterable[tuple[Cohort, Placement]]:
        for cohort in self.problem.cohorts:
            if cohort.id in self.at:
                yield cohort, self.at[cohort.id]

    def start(self, cohort_id: str) -> int:
        return self.problem.windows[self.at[cohort_id].window].start_minute


def violation(plan: Plan, rule: RuleSpec, kind: str, amount: int, message: str, **keys: object):
    cost = amount * plan.problem.cost(rule)
    return ReturnViolation(rule.name, kind, rule.hard, amount, cost, message=message, **keys)


def soft(
    plan: Plan, rule: RuleSpec, weight: int, kind: str, amount: int, message: str, **keys: object
) -> ReturnViolation:
    return ReturnViolation(rule.name, kind, False, amount, amount * weight, message=message, **keys)
