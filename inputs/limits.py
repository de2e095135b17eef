"""limits.csv (or sheet `limits`): a person's own value of one key of one stated rule.

Columns `person_id`, `rule` (the <name> of [rules.<name>] in scenario.toml), `key`, `value`
(a whole number >= 0). The rules read them through `Scenario.limit` (docs/scenario.md).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from inputs.cells import optional_count, required_text
from inputs.tables import Row, Table
from roster.model import PersonLimit, RuleSpec

LIMIT_COLUMNS = ("person_id", "rule", "key", "value")
# Keys a person may have their own value of, per rule kind; the others are the rule's alone.
PERSONAL_KEYS: Mapping[str, tuple[str, ...]] = {
    "workload": ("min", "max"),
    "weekends": ("max",),
    "max_in_window": ("max",),
    "max_shifts": ("max",),
    "consecutive": ("min", "max"),
    "days_off": ("min",),
    "rest_hours": ("min_hours",),
    "pattern": ("offset",),
}
# The least value of a key, the same in scenario.toml and limits.csv (inputs/rules.py reads
# it from here): consecutive min 1 always holds and max 0 forbids every duty, a days_off
# min 1 is any day off, a rest of 0 hours no rule; keys not listed take 0.
LEAST: Mapping[tuple[str, str], int] = {
    ("consecutive", "min"): 2,
    ("consecutive", "max"): 1,
    ("days_off", "min"): 2,
    ("rest_hours", "min_hours"): 1,
}


def least(kind: str, key: str) -> int:
    """The smallest value `key` of a `kind` rule takes, in scenario.toml and limits.csv."""
    return LEAST.get((kind, key), 0)


def read_limits(
    table: Table, person_ids: Collection[str], rules: Sequence[RuleSpec]
) -> tuple[PersonLimit, ...]:
    table.require(*LIMIT_COLUMNS)
    by_name = {r.name: r for r in rules}
    first_row: dict[tuple[str, str, str], int] = {}
    limits: list[PersonLimit] = []
    for row in table:
        limit = _limit(table, row, person_ids, by_name)
        key = (limit.person_id, limit.rule, limit.key)
        if key in first_row:
            raise table.error(
                row,
                "key",
                f"person '{limit.person_id}' already has a '{limit.key}' for rule "
                f"'{limit.rule}' in row {first_row[key]}; expected one value per person, "
                "rule and key",
            )
        first_row[key] = row.number
        limits.append(limit)
        _check_min_not_above_max(table, row, limit, limits, by_name[limit.rule])
    return tuple(limits)


def _limit(
    table: Table, row: Row, person_ids: Collection[str], rules: Mapping[str, RuleSpec]
) -> PersonLimit:
    person_id = required_text(table, row, "person_id")
    if person_id not in person_ids:
        raise table.error(
            row, "person_id", f"no person with person_id '{person_id}' in the people table"
        )
    rule = _rule(table, row, rules)
    key = _key(table, row, rule)
    return PersonLimit(person_id, rule.name, key, _value(table, row, rule, key))


def _rule(table: Table, row: Row, rules: Mapping[str, RuleSpec]) -> RuleSpec:
    name = required_text(table, row, "rule")
    if name not in rules:
        stated = ", ".join(n for n, r in rules.items() if r.kind in PERSONAL_KEYS) or "none"
        raise table.error(
            row,
            "rule",
            f"no rule named '{name}' in scenario.toml; expected the <name> of a "
            f"[rules.<name>] table taking per-person values (stated: {stated})",
        )
    return rules[name]


def _key(table: Table, row: Row, rule: RuleSpec) -> str:
    key = required_text(table, row, "key").lower()
    allowed = PERSONAL_KEYS.get(rule.kind, ())
    if not allowed:
        raise table.error(
            row, "rule", f"rule '{rule.name}' (kind '{rule.kind}') takes no per-person values"
        )
    if key not in allowed:
        raise table.error(
            row,
            "key",
            f"rule '{rule.name}' (kind '{rule.kind}') has no per-person key '{key}'; "
            f"expected one of: {', '.join(allowed)}",
        )
    return key


def _value(table: Table, row: Row, rule: RuleSpec, key: str) -> int:
    required_text(table, row, "value")
    value = optional_count(table, row, "value")
    assert value is not None  # the cell is not empty
    lowest = least(rule.kind, key)
    if value < lowest:
        raise table.error(
            row,
            "value",
            f"{value} is below the least '{key}' of a '{rule.kind}' rule; expected a whole "
            f"number >= {lowest}, as in scenario.toml",
        )
    return value


def _check_min_not_above_max(
    table: Table, row: Row, limit: PersonLimit, limits: Sequence[PersonLimit], rule: RuleSpec
) -> None:
    """A person's own min above their max (own or the rule's) is a typo, not a wish."""
    if limit.key not in ("min", "max"):
        return
    own = {x.key: x.value for x in limits if (x.person_id, x.rule) == (limit.person_id, rule.name)}
    low, high = own.get("min", rule.param("min")), own.get("max", rule.param("max"))
    if low is not None and high is not None and int(low) > int(high):
        raise table.error(
            row,
            "value",
            f"person '{limit.person_id}' would have min {low} above max {high} for rule "
            f"'{rule.name}'; expected min <= max",
        )
