"""The [rules.<name>] tables of scenario.toml, checked against docs/rules.md."""

from __future__ import annotations

from collections.abc import Callable, Collection
from types import MappingProxyType

from inputs.toml_reader import TomlTable
from roster.fairness import CATEGORIES
from roster.model import RuleSpec

# Families whose `hard` defaults to true; the others are always soft.
HARD_BY_DEFAULT = ("cover", "roles", "rest", "max_in_window", "max_shifts")
ALWAYS_SOFT = ("preferences", "fairness", "same_school_group")
KINDS = HARD_BY_DEFAULT + ALWAYS_SOFT
# preferences and fairness carry their weights in their own keys: a `weight` there would
# be silently ignored, so it is refused.
WEIGHTLESS = ("preferences", "fairness")
DEFAULT_SAME_SCHOOL_WEIGHT = 1

ParamReader = Callable[[TomlTable, Collection[str]], dict[str, object]]


def read_rules(rules: TomlTable, duty_ids: Collection[str]) -> tuple[RuleSpec, ...]:
    return tuple(read_rule(name, table, duty_ids) for name, table in rules.subtables())


def read_rule(name: str, table: TomlTable, duty_ids: Collection[str]) -> RuleSpec:
    kind = table.text("kind", name)
    if kind not in KINDS:
        where = "kind" if table.has("kind") else "the table's name"
        raise table.error(
            "kind", f"unknown rule kind '{kind}' ({where}); expected one of: {', '.join(KINDS)}"
        )
    reader, keys = PARAMS[kind]
    common = ("kind", "hard") if kind in WEIGHTLESS else ("kind", "hard", "weight")
    table.check_keys(common + keys)
    hard = _hardness(table, kind)
    params = reader(table, duty_ids)
    return RuleSpec(name, kind, hard, _weight(table, kind, hard), MappingProxyType(params))


def _hardness(table: TomlTable, kind: str) -> bool:
    if kind in ALWAYS_SOFT:
        if table.flag("hard", False):
            raise table.error("hard", f"a '{kind}' rule is always soft; remove hard = true")
        return False
    return table.flag("hard", True)


def _weight(table: TomlTable, kind: str, hard: bool) -> int:
    if kind in WEIGHTLESS:
        return 0
    if kind == "same_school_group":
        return table.integer("weight", minimum=0, default=DEFAULT_SAME_SCHOOL_WEIGHT)
    if not hard and not table.has("weight"):
        raise table.error("weight", "missing; a rule with hard = false needs a weight >= 0")
    return table.integer("weight", minimum=0, default=0)


# ---- parameters of each family ----


def _no_params(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {}


def _rest(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {"free_days": table.integer("free_days", minimum=1)}


def _max_in_window(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {
        "max": table.integer("max", minimum=0),
        "days": table.integer("days", minimum=1, default=7),
    }


def _max_shifts(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    cap = table.optional_integer("max", minimum=0)
    return {} if cap is None else {"max": cap}


def _preferences(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {
        "prefer_not_weight": table.integer("prefer_not_weight", minimum=0, default=0),
        "prefer_weight": table.integer("prefer_weight", minimum=0, default=0),
    }


def _fairness(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    categories = table.table("categories", required=True)
    known = list(CATEGORIES) + [f"duty:{d}" for d in duty_ids]
    for name in categories.data:
        if name.startswith("duty:") and name not in known:
            raise categories.error(
                name, f"no duty with id '{name[5:]}'; duties: {', '.join(duty_ids)}"
            )
        if name not in known:
            raise categories.error(
                name, f"unknown fairness category; expected one of: {', '.join(known)}"
            )
    weights = {name: categories.integer(name, minimum=0) for name in categories.data}
    return {"categories": MappingProxyType(weights)}


PARAMS: dict[str, tuple[ParamReader, tuple[str, ...]]] = {
    "cover": (_no_params, ()),
    "roles": (_no_params, ()),
    "rest": (_rest, ("free_days",)),
    "max_in_window": (_max_in_window, ("max", "days")),
    "max_shifts": (_max_shifts, ("max",)),
    "preferences": (_preferences, ("prefer_not_weight", "prefer_weight")),
    "fairness": (_fairness, ("categories",)),
    "same_school_group": (_no_params, ()),
}
