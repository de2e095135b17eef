"""Priority tiers (docs/rules.md#priority): which tier a person is in and what a duty of
theirs costs, read alike by the solver and the checker."""

from __future__ import annotations

from collections.abc import Mapping

from roster.model import Person, RuleSpec


def tier_of(rule: RuleSpec, person: Person) -> tuple[str, int] | None:
    """The person's tier under the rule: of the roles they hold that the rule prices, the
    dearest (ties: the first in role order), with its cost per duty; None when none."""
    tiers = rule.param("tiers", None)
    if not isinstance(tiers, Mapping):
        return None
    held = sorted((role, int(cost)) for role, cost in tiers.items() if role in person.roles)
    if not held:
        return None
    return max(held, key=lambda item: item[1])
