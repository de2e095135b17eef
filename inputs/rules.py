"""The [rules.<name>] tables of scenario.toml, checked against docs/rules.md."""

from __future__ import annotations

from collections.abc import Callable, Collection
from types import MappingProxyType

from inputs.bounds import MAX_SHORTFALL_FACTOR
from inputs.limits import least
from inputs.toml_reader import TomlTable
from roster.fairness import DEFAULT_MEASURES, MEASURES, known_categories
from roster.families import FAMILY, names
from roster.model import RuleSpec

# Derived from the registry (roster/families.py): the kinds a [rules.<name>] table may name.
HARD_BY_DEFAULT = names(stated=True, hardness="hard_by_default")
ALWAYS_SOFT = names(stated=True, hardness="always_soft")
KINDS = HARD_BY_DEFAULT + ALWAYS_SOFT
# Families carrying their weights in their own keys: a `weight` there would be silently
# ignored, so it is refused.
WEIGHTLESS = names(stated=True, weightless=True)
DEFAULT_SAME_SCHOOL_WEIGHT = 1
WORKLOAD_UNITS = ("duties", "minutes")

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
    family = FAMILY[kind]
    common = ("kind", "hard") if family.weightless else ("kind", "hard", "weight")
    table.check_keys(common + family.params)
    hard = _hardness(table, kind)
    params = family.resolve("reader")(table, duty_ids)
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
        return table.weight("weight", default=DEFAULT_SAME_SCHOOL_WEIGHT)
    if not hard and not table.has("weight"):
        raise table.error("weight", "missing; a rule with hard = false needs a weight >= 0")
    return table.weight("weight", default=0)


# ---- parameters of each family (Family.reader in roster/families.py) ----


def _no_params(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {}


def _cover_levels(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    """cover and roles: per person below preferred (at or above min), above preferred."""
    short = table.weight("short_weight", default=0)
    extra = table.weight("extra_weight", default=0)
    below = table.weight("weight", default=0)
    if not table.flag("hard", True) and short > below:
        # Else leaving one group below min to fill another to preferred would look cheaper.
        raise table.error(
            "short_weight",
            f"{short} is above weight {below}, the cost of a seat below min; "
            "expected short_weight <= weight",
        )
    stated = {"short_weight": short, "extra_weight": extra}
    params: dict[str, object] = {k: v for k, v in stated.items() if table.has(k)}
    if table.has("shortfall"):
        params["shortfall"] = _shortfall(table, duty_ids)
    return params


def _shortfall(table: TomlTable, duty_ids: Collection[str]) -> MappingProxyType[str, int]:
    """`shortfall = { checkpoint-night = 5 }`: a seat of that duty left short costs 5 times
    the rule's cost; `"<duty>/<role>"` names one role's seats (roles rules)."""
    factors = table.table("shortfall")
    kind = table.text("kind", table.path.rsplit(".", 1)[-1])
    out: dict[str, int] = {}
    for key in factors.data:
        duty, _, role = key.partition("/")
        if duty not in duty_ids:
            raise factors.error(
                key,
                f"no duty with id '{duty}'; expected a duty id (or \"<duty>/<role>\" in a "
                f"roles rule); duties: {', '.join(duty_ids)}",
            )
        if role and kind != "roles":
            raise factors.error(
                key, f"a '{kind}' rule counts a duty's seats; name the duty alone ('{duty}')"
            )
        out[key] = factors.integer(key, minimum=1, maximum=MAX_SHORTFALL_FACTOR)
    return MappingProxyType(out)


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


def _workload(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    low = table.optional_integer("min", minimum=0)
    high = table.optional_integer("max", minimum=0)
    if low is None and high is None:
        raise table.error("max", "missing; a workload rule needs min, max or both (integers >= 0)")
    if low is not None and high is not None and low > high:
        raise table.error("min", f"min {low} is above max {high}; expected min <= max")
    unit = table.text("unit", "duties")
    if unit not in WORKLOAD_UNITS:
        raise table.error("unit", f"unknown unit '{unit}'; expected one of: duties, minutes")
    params: dict[str, object] = {"unit": unit, "duty": _duty_filter(table, duty_ids)}
    if low is not None:
        params["min"] = low
    if high is not None:
        params["max"] = high
    return params


def _weekends(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {"max": table.integer("max", minimum=0), "duty": _duty_filter(table, duty_ids)}


def _duty_filter(table: TomlTable, duty_ids: Collection[str]) -> str:
    """The optional `duty` key: count only that duty; "" counts every duty."""
    if not table.has("duty"):
        return ""
    duty = table.text("duty")
    if duty not in duty_ids:
        raise table.error("duty", f"no duty with id '{duty}'; duties: {', '.join(duty_ids)}")
    return duty


def _requests(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {
        "on_weight": table.weight("on_weight", default=1),
        "not_weight": table.weight("not_weight", default=1),
    }


def _preferences(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {
        "prefer_not_weight": table.weight("prefer_not_weight", default=0),
        "prefer_weight": table.weight("prefer_weight", default=0),
    }


def _fairness(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    categories = table.table("categories", required=True)
    known = known_categories(duty_ids)
    for name in categories.data:
        _check_category(categories, name, known, duty_ids)
    weights = {name: categories.weight(name) for name in categories.data}
    measures = _measures(table)
    params: dict[str, object] = {"categories": MappingProxyType(weights), "measure": measures}
    if table.has("spread_weight"):
        params["spread_weight"] = _spread_weight(table, measures, weights)
    return params


def _check_category(
    table: TomlTable, name: str, known: Collection[str], duty_ids: Collection[str]
) -> None:
    if name.startswith("duty:") and name not in known:
        raise table.error(name, f"no duty with id '{name[5:]}'; duties: {', '.join(duty_ids)}")
    if name not in known:
        raise table.error(name, f"unknown fairness category; expected one of: {', '.join(known)}")


def _measures(table: TomlTable) -> tuple[str, ...]:
    value = table.data.get("measure", list(DEFAULT_MEASURES))
    values = [value] if isinstance(value, str) else value
    known = isinstance(values, list) and values and all(v in MEASURES for v in values)
    if not known or {"deviation", "distance"} <= set(values):
        raise table.error(
            "measure",
            'expected "deviation" (to the band) or "distance" (to the exact share), and/or '
            f'"spread", e.g. ["distance", "spread"]; got {value!r}',
        )
    return tuple(dict.fromkeys(values))


def _spread_weight(
    table: TomlTable, measures: tuple[str, ...], weights: Collection[str]
) -> MappingProxyType[str, int]:
    # without the spread measure these weights would be silently ignored
    if "spread" not in measures:
        raise table.error(
            "spread_weight", 'used only by measure "spread"; add measure = ["deviation", "spread"]'
        )
    spread = table.table("spread_weight")
    for name in spread.data:
        if name not in weights:
            raise spread.error(
                name, f"not a category of this rule; categories: {', '.join(weights)}"
            )
    return MappingProxyType({name: spread.weight(name) for name in spread.data})


def _consecutive(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    # max 0 would forbid every duty and min 1 always holds: both are mistakes, not rules.
    high = table.optional_integer("max", minimum=least("consecutive", "max"))
    low = table.optional_integer("min", minimum=least("consecutive", "min"))
    if low is None and high is None:
        raise table.error("max", "missing; a consecutive rule needs max (>= 1), min (>= 2) or both")
    if low is not None and high is not None and low > high:
        raise table.error("min", f"min {low} is above max {high}; expected min <= max")
    params: dict[str, object] = {"duty": _duty_filter(table, duty_ids)}
    params.update({k: n for k, n in (("min", low), ("max", high)) if n is not None})
    return params


def _days_off(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    # Without `min`, the rule holds for the people given their own in limits.csv only.
    low = table.optional_integer("min", minimum=least("days_off", "min"))
    return {} if low is None else {"min": low}


def _rest_hours(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    return {"min_hours": table.integer("min_hours", minimum=least("rest_hours", "min_hours"))}


def _succession(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    example = 'a list of [first, then] duty id pairs like [["night", "day"]]'
    value = table.data.get("forbidden")
    if not isinstance(value, list) or not value:
        got = "nothing" if value is None else repr(value)
        raise table.error("forbidden", f"expected {example}, got {got}")
    pairs: list[tuple[str, str]] = []
    for item in value:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(d, str) for d in item)
        ):
            raise table.error("forbidden", f"expected {example}, got {item!r}")
        pair = (item[0].strip(), item[1].strip())
        for duty in pair:
            if duty not in duty_ids:
                raise table.error(
                    "forbidden", f"no duty with id '{duty}'; duties: {', '.join(duty_ids)}"
                )
        if pair in pairs:
            raise table.error("forbidden", f"{list(pair)!r} is listed twice")
        pairs.append(pair)
    return {"forbidden": tuple(pairs)}


def _priority(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    """`tiers = { volunteer = 10 }`: each duty of a person holding that role costs 10."""
    tiers = table.table("tiers", required=True)
    if not tiers.data:
        raise table.error("tiers", "empty; expected role = cost per duty, e.g. { volunteer = 10 }")
    costs = {name.strip(): tiers.weight(name) for name in tiers.data}
    return {"tiers": MappingProxyType(costs)}


MAX_CYCLE = 366  # dates in one rotation cycle: a year at most


def _pattern(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    """`cycle = "110"` (做二休一): 1 on, 0 off, . either; spaces and `_` only group it."""
    text = table.text("cycle")
    cycle = "".join(ch for ch in text if ch not in " _")
    if not cycle or len(cycle) > MAX_CYCLE or set(cycle) - set("10."):
        raise table.error(
            "cycle",
            f'expected 1 to {MAX_CYCLE} of 1 (on duty), 0 (off) and . (either), like "110" '
            f"for two on, one off; got {text!r}",
        )
    if set(cycle) == {"."}:
        raise table.error("cycle", f"{text!r} asks nothing; expected at least one 1 or 0")
    params: dict[str, object] = {"cycle": cycle, "duty": _duty_filter(table, duty_ids)}
    params["who"] = table.text("who", "").strip()
    if table.has("anchor"):
        params["anchor"] = table.day("anchor")
    return params


def _busy_rest(table: TomlTable, duty_ids: Collection[str]) -> dict[str, object]:
    """Hours kept free before a busy time (after a duty) and after it (before a duty)."""
    before = table.integer("before_hours", minimum=0, default=0)
    after = table.integer("after_hours", minimum=0, default=0)
    if before == 0 and after == 0:
        raise table.error(
            "before_hours",
            "missing; a busy_rest rule needs before_hours, after_hours or both (whole hours >= 1)",
        )
    return {"before_hours": before, "after_hours": after}
