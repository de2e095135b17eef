"""The rule families: one `Family` per family, the only place their facts are stated.

Every list a layer keeps about families is derived from FAMILIES: the kinds a
scenario.toml may state and their hardness and parameters (inputs/rules.py), the model
adders (solver.rules.RULES), the checks (roster.check.RULE_CHECKS, ALWAYS_HARD), the
families a block model or the candidate ranking may split off (solver/blocks.py,
roster/candidates.py) and the families reported after the group split (solver/extract.py).

Layering. The layers import downwards only: inputs -> roster -> solver, and the checker
(roster/check.py, roster/checks/) must not import the solver at all. A registry holding
the functions themselves would have to import every layer, so the checker would import
OR-Tools and inputs/rules.py would import itself. A Family therefore names its functions
by dotted path ("module:function") and each layer resolves only the ones it runs
(`Family.resolve`). This module imports nothing of the project but roster.result, so
every layer may import it.

Each family's parts are found by its name: the model in solver/rules/<name>.py, the
check in roster/checks/<name>.py, the tests in tests/rules/test_<name>.py and the
reference in docs/rules.md under a heading starting with `<name>`
(tests/rules/test_registry.py fails when one is missing).

Violation keys. The solver's Penalty and the checker's Violation must describe one
violation by the same fields, so that they can be matched. Both sides build those fields
with the functions of roster/keys.py; `Family.key` lists the fields a family fills (the
others stay "" or None), and `violation_key` is the one identity of a violation that
solver and checker are compared by (tests/builders.py, roster/candidates.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from roster.result import Violation

Hardness = Literal["always_hard", "hard_by_default", "always_soft"]
KeyField = Literal["date", "person_id", "duty_id", "group_id", "role"]
KEY_FIELDS: tuple[KeyField, ...] = ("date", "person_id", "duty_id", "group_id", "role")
# rule, kind, date, person_id, duty_id, group_id, role
ViolationKey = tuple[str, str, date | None, str, str, str, str]


@dataclass(frozen=True)
class Family:
    """One rule family. Dotted names are "module:function"; None where a part is absent."""

    name: str
    hardness: Hardness
    # False: never stated in scenario.toml, it always holds (availability, overlap, ...).
    stated: bool = True
    # The family carries its weights in its own parameters, so `weight` is refused.
    weightless: bool = False
    params: tuple[str, ...] = ()  # the keys of its [rules.<name>] table besides kind/hard/weight
    reader: str | None = None  # inputs: (table, duty ids) -> params
    model: str | None = None  # solver: (model, scenario, vars, rule) -> penalties
    check: str | None = None  # checker: (roster, rule) -> violations
    # The part of the family that holds whether or not it is stated, and always hard.
    always_hard_check: str | None = None
    # Every violation names one person and depends on that person's duties alone.
    person_scoped: bool = False
    # Its penalties concern a shift or a group rather than a person.
    coupling: bool = False
    # Reported per group once a shift's workers are split into groups.
    split: bool = False
    key: tuple[KeyField, ...] = ()  # the key fields its violations fill
    # Violation kinds it reports besides its name (cover: cover_short, overfilled, ...).
    kinds: tuple[str, ...] = ()
    # Where the model lives when it has no module of its own.
    model_note: str = ""

    @property
    def doc_anchor(self) -> str:
        """Its section of the rules reference."""
        return f"docs/rules.md#{self.name}"

    def resolve(self, part: Literal["reader", "model", "check", "always_hard_check"]) -> Any:
        """The function a dotted name names, imported on first use."""
        dotted = getattr(self, part)
        if dotted is None:
            raise LookupError(f"rule family '{self.name}' has no {part}")
        return resolve(dotted)


@cache
def resolve(dotted: str) -> Callable[..., Any]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def _model(name: str) -> str:
    return f"solver.rules.{name}:add"


def _check(name: str) -> str:
    return f"roster.checks.{name}:check_{name}"


_PERSON: tuple[KeyField, ...] = ("person_id",)
_PERSON_WINDOW: tuple[KeyField, ...] = ("date", "person_id")
_SEAT: tuple[KeyField, ...] = KEY_FIELDS
_SHIFT_GROUP: tuple[KeyField, ...] = ("date", "duty_id", "group_id")

FAMILIES: tuple[Family, ...] = (
    # ---- always hard, never stated ----
    Family(
        "availability",
        "always_hard",
        stated=False,
        check="roster.checks.availability:check_availability",
        always_hard_check="roster.checks.availability:check_availability",
        person_scoped=True,
        key=_SEAT,
        model_note="solver/variables.py: no variable for a seat its person cannot take",
    ),
    Family(
        "overlap",
        "always_hard",
        stated=False,
        model="solver.rules.overlap:add",
        check="roster.checks.overlap:check_overlap",
        always_hard_check="roster.checks.overlap:check_overlap",
        person_scoped=True,
        key=("date", "person_id", "duty_id"),
    ),
    Family(
        "eligibility",
        "always_hard",
        stated=False,
        check="roster.checks.eligibility:check_eligibility",
        always_hard_check="roster.checks.eligibility:check_eligibility",
        person_scoped=True,
        key=_SEAT,
        model_note="solver/variables.py: no variable for a seat its person may not take",
    ),
    Family(
        "busy",
        "always_hard",
        stated=False,
        check="roster.checks.busy:check_busy",
        always_hard_check="roster.checks.busy:check_busy",
        person_scoped=True,
        key=_SEAT,
        model_note="solver/variables.py: no variable for a seat inside a busy time",
    ),
    # ---- hard unless stated hard = false ----
    Family(
        "cover",
        "hard_by_default",
        params=("short_weight", "extra_weight", "shortfall"),
        reader="inputs.rules:_cover_levels",
        model=_model("cover"),
        check=_check("cover"),
        always_hard_check="roster.checks.cover:check_overfilled",
        coupling=True,
        split=True,
        key=_SHIFT_GROUP,
        kinds=("cover_short", "cover_extra", "overfilled"),
    ),
    Family(
        "roles",
        "hard_by_default",
        params=("short_weight", "extra_weight", "shortfall"),
        reader="inputs.rules:_cover_levels",
        model=_model("roles"),
        check=_check("roles"),
        always_hard_check="roster.checks.roles:check_role_holders",
        coupling=True,
        split=True,
        key=_SEAT,
        kinds=("roles_short", "roles_extra", "invalid_role"),
    ),
    Family(
        "rest",
        "hard_by_default",
        params=("free_days",),
        reader="inputs.rules:_rest",
        model=_model("rest"),
        check=_check("rest"),
        person_scoped=True,
        key=_PERSON_WINDOW,
    ),
    Family(
        "max_in_window",
        "hard_by_default",
        params=("max", "days"),
        reader="inputs.rules:_max_in_window",
        model=_model("max_in_window"),
        check=_check("max_in_window"),
        person_scoped=True,
        key=_PERSON_WINDOW,
    ),
    Family(
        "one_per_day",
        "hard_by_default",
        reader="inputs.rules:_no_params",
        model=_model("one_per_day"),
        check=_check("one_per_day"),
        person_scoped=True,
        key=_PERSON_WINDOW,
    ),
    Family(
        "max_shifts",
        "hard_by_default",
        params=("max",),
        reader="inputs.rules:_max_shifts",
        model=_model("max_shifts"),
        check=_check("max_shifts"),
        person_scoped=True,
        key=_PERSON,
    ),
    Family(
        "workload",
        "hard_by_default",
        params=("min", "max", "duty", "unit"),
        reader="inputs.rules:_workload",
        model=_model("workload"),
        check=_check("workload"),
        person_scoped=True,
        key=("person_id", "duty_id", "role"),
    ),
    Family(
        "weekends",
        "hard_by_default",
        params=("max", "duty"),
        reader="inputs.rules:_weekends",
        model=_model("weekends"),
        check=_check("weekends"),
        person_scoped=True,
        key=("person_id", "duty_id"),
    ),
    Family(
        "consecutive",
        "hard_by_default",
        params=("max", "min", "duty"),
        reader="inputs.rules:_consecutive",
        model=_model("consecutive"),
        check=_check("consecutive"),
        person_scoped=True,
        key=("date", "person_id", "duty_id", "role"),
    ),
    Family(
        "days_off",
        "hard_by_default",
        params=("min",),
        reader="inputs.rules:_days_off",
        model=_model("days_off"),
        check=_check("days_off"),
        person_scoped=True,
        key=_PERSON_WINDOW,
    ),
    Family(
        "rest_hours",
        "hard_by_default",
        params=("min_hours",),
        reader="inputs.rules:_rest_hours",
        model=_model("rest_hours"),
        check=_check("rest_hours"),
        person_scoped=True,
        key=("date", "person_id", "duty_id"),
    ),
    Family(
        "succession",
        "hard_by_default",
        params=("forbidden",),
        reader="inputs.rules:_succession",
        model=_model("succession"),
        check=_check("succession"),
        person_scoped=True,
        key=("date", "person_id", "duty_id"),
    ),
    Family(
        "pattern",
        "hard_by_default",
        params=("cycle", "duty", "who", "anchor"),
        reader="inputs.rules:_pattern",
        model=_model("pattern"),
        check=_check("pattern"),
        person_scoped=True,
        key=("date", "person_id", "duty_id", "role"),
    ),
    Family(
        "together",
        "hard_by_default",
        reader="inputs.rules:_no_params",
        model=_model("together"),
        check=_check("together"),
        key=("date", "person_id", "duty_id"),
    ),
    Family(
        "apart",
        "hard_by_default",
        reader="inputs.rules:_no_params",
        model=_model("apart"),
        check=_check("apart"),
        key=_PERSON_WINDOW,
    ),
    # ---- always soft ----
    Family(
        "preferences",
        "always_soft",
        weightless=True,
        params=("prefer_not_weight", "prefer_weight"),
        reader="inputs.rules:_preferences",
        model=_model("preferences"),
        check=_check("preferences"),
        person_scoped=True,
        key=("date", "person_id", "duty_id", "role"),
    ),
    Family(
        "fairness",
        "always_soft",
        weightless=True,
        params=("categories", "measure", "spread_weight"),
        reader="inputs.rules:_fairness",
        model=_model("fairness"),
        check=_check("fairness"),
        # person-scoped only without the spread measure: roster/candidates.py decides
        key=("person_id", "duty_id", "role"),
    ),
    Family(
        "same_school_group",
        "always_soft",
        reader="inputs.rules:_no_params",
        model=_model("same_school_group"),
        check=_check("same_school_group"),
        coupling=True,
        key=("date", "duty_id"),
    ),
    Family(
        # pins are hard, on/not wishes soft at their own weights (docs/rules.md)
        "requests",
        "always_soft",
        weightless=True,
        params=("on_weight", "not_weight"),
        reader="inputs.rules:_requests",
        model=_model("requests"),
        check=_check("requests"),
        person_scoped=True,
        key=_SEAT,
    ),
    Family(
        "priority",
        "always_soft",
        weightless=True,
        params=("tiers",),
        reader="inputs.rules:_priority",
        model=_model("priority"),
        check=_check("priority"),
        person_scoped=True,
        key=("person_id", "role"),
    ),
    Family(
        "busy_rest",
        "always_soft",
        params=("before_hours", "after_hours"),
        reader="inputs.rules:_busy_rest",
        model=_model("busy_rest"),
        check=_check("busy_rest"),
        person_scoped=True,
        key=("date", "person_id", "duty_id", "role"),
    ),
)

FAMILY: dict[str, Family] = {f.name: f for f in FAMILIES}
STATED: tuple[Family, ...] = tuple(f for f in FAMILIES if f.stated)
# The checks that run on every roster, stated or not (named after the family).
IMPLICIT_KINDS: tuple[str, ...] = tuple(f.name for f in FAMILIES if not f.stated)
# Violation kind -> the family that reports it.
FAMILY_OF_KIND: dict[str, Family] = {k: f for f in FAMILIES for k in (f.name, *f.kinds)}


def names(**flags: object) -> tuple[str, ...]:
    """The families whose attributes equal these values, in registry order."""
    return tuple(f.name for f in FAMILIES if all(getattr(f, k) == v for k, v in flags.items()))


def violation_key(v: Violation) -> ViolationKey:
    """What solver and checker must agree on for one violation, besides amount and cost."""
    return (v.rule, v.kind, v.date, v.person_id, v.duty_id, v.group_id, v.role)


def unkeyed_fields(v: Violation) -> tuple[str, ...]:
    """Key fields this violation fills that its family does not declare."""
    family = FAMILY_OF_KIND.get(v.kind)
    declared = family.key if family is not None else KEY_FIELDS
    return tuple(k for k in KEY_FIELDS if getattr(v, k) not in ("", None) and k not in declared)
