"""How many people each group of each shift needs: the ONE place that answers it.

A group's headcount and each of its role quotas have three levels, `min <= preferred <=
max` (docs/rules.md, "cover"). The defaults come from scenario.toml (`min`, `size`, `max`
of the group; `roles = { leader = 1 }` is min = preferred = max = 1); a row of demand.csv
overrides them for one duty on one date: a row naming a group beats a row for every group.
A group whose headcount `max` is 0 that date does not run: its role quotas drop to 0 too
unless a role row says otherwise.

The solver, the split into groups, the checker, the explanations and the exporters all
read cover through `Scenario.cover` (a `CoverTable`), and the amounts a rule counts through
`amounts`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from roster.model import Demand, Duty, RuleSpec

HEADCOUNT = ""  # the role key of a group's headcount in demand rows
# Violation kinds per family: below min, below preferred (at or above min), above preferred.
SHORT_SUFFIX = "_short"
EXTRA_SUFFIX = "_extra"


@dataclass(frozen=True)
class Cover:
    min: int
    preferred: int
    max: int

    def below_min(self, count: int) -> int:
        return max(0, self.min - count)

    def below_preferred(self, count: int) -> int:
        """Seats short of `preferred` that are not already short of `min`."""
        return max(0, self.preferred - max(count, self.min))

    def above_preferred(self, count: int) -> int:
        """People above `preferred`, up to `max` (beyond max is `overfilled`, never allowed)."""
        return max(0, min(count, self.max) - self.preferred)

    def above_max(self, count: int) -> int:
        return max(0, count - self.max)

    def __add__(self, other: Cover) -> Cover:
        return Cover(self.min + other.min, self.preferred + other.preferred, self.max + other.max)


NONE = Cover(0, 0, 0)


def total(covers: Iterable[Cover]) -> Cover:
    out = NONE
    for c in covers:
        out = out + c
    return out


@dataclass(frozen=True)
class Costs:
    """Cost per person at each level, summed over the stated rules of one family."""

    below_min: int = 0
    below_preferred: int = 0
    above_preferred: int = 0

    def __add__(self, other: Costs) -> Costs:
        return Costs(
            self.below_min + other.below_min,
            self.below_preferred + other.below_preferred,
            self.above_preferred + other.above_preferred,
        )


def rule_costs(rule: RuleSpec, hard_weight: int, factor: int = 1) -> Costs:
    """Costs per person at each level; `factor` (shortfall_factor) scales the two below
    preferred, so they stay convex and never fall below the rule's own."""
    below = hard_weight if rule.hard else rule.weight
    return Costs(below * factor, short_weight(rule) * factor, extra_weight(rule))


def shortfall_factor(rule: RuleSpec, duty_id: str, role: str = "") -> int:
    """How many times a seat of this duty (a role seat: `<duty>/<role>` first) costs when
    it stays short: the rule's `shortfall` table, default 1 (docs/rules.md#cover)."""
    factors = rule.param("shortfall", None)
    if not isinstance(factors, Mapping):
        return 1
    if role and f"{duty_id}/{role}" in factors:
        return int(factors[f"{duty_id}/{role}"])
    return int(factors.get(duty_id, 1))


def least_factor(rule: RuleSpec, duty_ids: Iterable[str]) -> int:
    """The smallest factor any seat of these duties (or their role seats) has: a seat
    short costs at least that many times the rule's own cost."""
    factors = rule.param("shortfall", None)
    found = [shortfall_factor(rule, d) for d in duty_ids]
    if isinstance(factors, Mapping):
        found += [int(f) for f in factors.values()]
    return min(found, default=1)


def short_weight(rule: RuleSpec) -> int:
    return int(rule.param("short_weight", 0) or 0)


def extra_weight(rule: RuleSpec) -> int:
    return int(rule.param("extra_weight", 0) or 0)


@dataclass(frozen=True)
class Amount:
    """One level of one cover or roles rule on one group: what the violation reports."""

    kind: str
    hard: bool
    amount: int
    unit_cost: int


def amounts(
    rule: RuleSpec, cover: Cover, count: int, hard_weight: int, factor: int = 1
) -> list[Amount]:
    """The (positive) amounts `rule` counts for `count` people against `cover`, seats short
    at `factor` times their cost (`shortfall_factor` of the shift's duty and role).

    Below preferred and above preferred are reported only when their weight is > 0 (a
    weight of 0 turns that level off), and are always soft.
    """
    costs = rule_costs(rule, hard_weight, factor)
    out = [Amount(rule.kind, rule.hard, cover.below_min(count), costs.below_min)]
    if costs.below_preferred:
        short = cover.below_preferred(count)
        out.append(Amount(rule.kind + SHORT_SUFFIX, False, short, costs.below_preferred))
    if costs.above_preferred:
        extra = cover.above_preferred(count)
        out.append(Amount(rule.kind + EXTRA_SUFFIX, False, extra, costs.above_preferred))
    return [a for a in out if a.amount > 0]


def convex(costs: Costs) -> bool:
    """A seat below min never costs less than one below preferred.

    Then filling every group to min, then to preferred, then to max is optimal, and a
    shift's cost depends on its totals only (docs/solving.md).
    """
    return costs.below_min >= costs.below_preferred


class CoverTable:
    """Cover per (duty, date, group[, role]): demand.csv rows over scenario.toml defaults."""

    def __init__(self, duties: Iterable[Duty], demand: Iterable[Demand]) -> None:
        self._duties = {d.id: d for d in duties}
        self._rows = {(r.date, r.duty_id, r.group_id, r.role): r for r in demand}

    def _row(self, day: date, duty_id: str, group_id: str, role: str) -> Demand | None:
        found = self._rows.get((day, duty_id, group_id, role))
        if found is None:
            found = self._rows.get((day, duty_id, "", role))
        return found

    def headcount(self, duty_id: str, day: date, group_id: str) -> Cover:
        row = self._row(day, duty_id, group_id, HEADCOUNT)
        if row is not None:
            return Cover(row.min, row.preferred, row.max)
        group = self._duties[duty_id].group(group_id)
        return Cover(group.min, group.size, group.max)

    def role(self, duty_id: str, day: date, group_id: str, role: str) -> Cover:
        row = self._row(day, duty_id, group_id, role)
        if row is not None:
            return Cover(row.min, row.preferred, row.max)
        if self.headcount(duty_id, day, group_id).max == 0:
            return NONE  # the group does not run that date
        seats = self._duties[duty_id].group(group_id).role_seats.get(role, 0)
        return Cover(seats, seats, seats)

    def roles(self, duty_id: str, day: date, group_id: str) -> dict[str, Cover]:
        """Every role with seats in this group that date (max > 0), sorted by role."""
        out = {}
        for role in sorted(self._duties[duty_id].role_seats()):
            cover = self.role(duty_id, day, group_id, role)
            if cover.max > 0:
                out[role] = cover
        return out

    def shift_headcount(self, duty_id: str, day: date) -> Cover:
        return total(self.headcount(duty_id, day, g.id) for g in self._duties[duty_id].groups)

    def shift_role(self, duty_id: str, day: date, role: str) -> Cover:
        groups = self._duties[duty_id].groups
        return total(self.role(duty_id, day, g.id, role) for g in groups)

    def independent(self, duty_id: str, day: date) -> bool:
        """Role seats can never push a group past its min: every group's role maxima fit in it.

        Then the group split can fill role seats and headcounts separately, and the
        shift's totals determine the cost (solver/rules/cover.py).
        """
        for g in self._duties[duty_id].groups:
            roles = self.roles(duty_id, day, g.id).values()
            if sum(c.max for c in roles) > self.headcount(duty_id, day, g.id).min:
                return False
        return True
