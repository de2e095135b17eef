"""When the hard rules contradict each other: the best roster that breaks as few as possible.

Upper-bound hard rules are posted as constraints, so a contradiction (a pin on a day a
cap forbids, a minimum nobody can reach under a rest rule, a frozen past that breaks a new
rule) makes the model infeasible. The solver then solves again with every stated hard rule
priced at `hard_weight` per unit instead: the roster returned keeps all the others, and
each broken unit is reported as a hard violation at the cost the checker gives it.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from roster.model import RuleSpec, Scenario
from roster.result import Result, Violation

PRICED = "priced_hard_rule"


def has_hard_rules(scenario: Scenario) -> bool:
    return any(rule.hard for rule in scenario.rules)


def priced(scenario: Scenario) -> Scenario:
    """The scenario with each hard rule soft at `hard_weight` per unit."""
    weight = scenario.solver.hard_weight
    rules = tuple(_priced_rule(rule, weight) for rule in scenario.rules)
    return replace(scenario, rules=rules)


def _priced_rule(rule: RuleSpec, weight: int) -> RuleSpec:
    if not rule.hard:
        return rule
    params = MappingProxyType({**rule.params, PRICED: True})
    return replace(rule, hard=False, weight=weight, params=params)


def counts_as_hard(rule: RuleSpec) -> bool:
    """Hard, or a hard rule priced here: a re-solve minimises these before changes."""
    return rule.hard or bool(rule.param(PRICED, False))


def as_hard(original: Scenario, result: Result) -> Result:
    """The relaxed solve's result, its broken rules reported as hard again."""
    hard = {rule.name for rule in original.rules if rule.hard}
    violations = tuple(_hard_again(v, hard) for v in result.violations)
    broken = sorted({v.rule for v in violations if v.hard and v.rule in hard})
    note = (
        "hard rules contradict each other; the roster keeps every other rule and breaks "
        f"as little as possible of: {', '.join(broken)}"
    )
    return replace(
        result,
        violations=violations,
        messages=(*result.messages, note),
        stats=result.stats | {"hard_rules_priced": True, "hard_rules_broken": broken},
    )


def _hard_again(v: Violation, hard: set[str]) -> Violation:
    return replace(v, hard=True) if v.rule in hard else v
