"""Eligibility and busy times: enforced by creating no variable (solver/variables.py).

Only a frozen past (a re-solve keeps its duties whoever worked them) can hold such an
assignment; it is history, reported as the checker reports it (roster/checks/).
"""

from __future__ import annotations

from roster.keys import seat_keys
from roster.model import RuleSpec, Scenario
from roster.result import Assignment, Violation
from solver.baseline import Baseline


def frozen_violations(scenario: Scenario, base: Baseline | None) -> list[Violation]:
    if base is None:
        return []
    out = []
    for a in base.frozen_assignments():
        shift = scenario.shift_by_id.get(a.shift_id)
        if shift is None or a.person_id not in scenario.person_by_id:
            continue
        if not scenario.is_eligible(a.person_id, a.duty_id):
            out.append(_hard(scenario, "eligibility", a))
        if scenario.is_busy(a.person_id, shift):
            out.append(_hard(scenario, "busy", a))
    return out


def _hard(scenario: Scenario, kind: str, a: Assignment) -> Violation:
    rule = RuleSpec(kind, kind, True, 0)
    return Violation(
        rule=rule.name,
        kind=kind,
        hard=True,
        amount=1,
        cost=scenario.solver.hard_weight,
        **seat_keys(a),
    )
