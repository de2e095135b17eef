"""Hypothesis strategies: small random scenarios with any mix of the rule families.

Scenarios: 2-8 people, 2-6 days, 1-2 duties (a night and a day duty), random groups,
roles, schools, availability, holidays, and a random subset of the families registered in
solver.rules.RULES (cover always, each other CORE family half the time, up to three of the
later ones), each hard or soft at random with random parameters; with them the tables they
read (limits, requests, pairs, history, demand, busy times). `FAMILIES` draws the
parameters of each family (tests/test_property.py fails for a family without an entry).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from inputs.rules import ALWAYS_SOFT, WEIGHTLESS
from roster.fairness import CATEGORIES
from roster.model import (
    BusyTime,
    Demand,
    Duty,
    Group,
    LedgerEntry,
    Pair,
    PastDuty,
    Person,
    PersonLimit,
    Request,
    RequestKind,
    RuleSpec,
    Scenario,
    SolverSettings,
)
from solver.rules import RULES
from tests.builders import day_duty, night, period, scenario

# Tiny and reproducible: one worker, a fixed seed, a small work budget (not wall time).
PROPERTY_SOLVER = SolverSettings(
    time_limit_s=20, seed=3, workers=1, deterministic=True, deterministic_time=2
)

Draw = Callable[[st.SearchStrategy], object]
Params = Callable[[Draw, Scenario], dict[str, object]]


def _duty_filter(draw: Draw, sc: Scenario) -> str:
    return draw(st.sampled_from(["", *sc.duty_by_id]))


def _cover(draw: Draw, sc: Scenario) -> dict[str, object]:
    params: dict[str, object] = {
        "short_weight": draw(st.integers(0, 5)),
        "extra_weight": draw(st.integers(0, 5)),
    }
    if draw(st.booleans()):  # which duty stays short first
        params["shortfall"] = MappingProxyType({d: draw(st.integers(1, 3)) for d in sc.duty_by_id})
    return params


def _workload(draw: Draw, sc: Scenario) -> dict[str, object]:
    unit = draw(st.sampled_from(["duties", "minutes"]))
    top = 4 if unit == "duties" else 4 * 14 * 60
    low = draw(st.none() | st.integers(0, top))
    high = draw(st.none() | st.integers(low or 0, top))
    if low is None and high is None:
        high = draw(st.integers(0, top))
    params: dict[str, object] = {"unit": unit, "duty": _duty_filter(draw, sc)}
    params.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
    return params


def _fairness(draw: Draw, sc: Scenario) -> dict[str, object]:
    known = [*CATEGORIES, *(f"duty:{d}" for d in sc.duty_by_id)]
    chosen = draw(st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True))
    weights = {c: draw(st.integers(0, 10)) for c in chosen}
    measure = draw(st.sampled_from([("deviation",), ("spread",), ("deviation", "spread")]))
    params: dict[str, object] = {"categories": MappingProxyType(weights), "measure": measure}
    if "spread" in measure and draw(st.booleans()):
        params["spread_weight"] = MappingProxyType({c: draw(st.integers(0, 5)) for c in chosen})
    return params


def _consecutive(draw: Draw, sc: Scenario) -> dict[str, object]:
    high = draw(st.none() | st.integers(1, 3))
    top = 3 if high is None else high
    low = draw(st.none() | st.integers(2, top)) if top >= 2 else None
    if high is None and low is None:
        high = 2
    params: dict[str, object] = {"duty": _duty_filter(draw, sc)}
    params.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
    return params


def _succession(draw: Draw, sc: Scenario) -> dict[str, object]:
    duties = list(sc.duty_by_id)
    pairs = [(a, b) for a in duties for b in duties]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs), unique=True))
    return {"forbidden": tuple(chosen)}


# Always cover (without it an empty roster is optimal); each other core family half the time.
CORE = (
    "cover",
    "roles",
    "rest",
    "max_in_window",
    "max_shifts",
    "preferences",
    "fairness",
    "same_school_group",
)

FAMILIES: dict[str, Params] = {
    "cover": _cover,
    "roles": _cover,
    "rest": lambda draw, sc: {"free_days": draw(st.integers(1, 3))},
    "max_in_window": lambda draw, sc: {
        "max": draw(st.integers(0, 3)),
        "days": draw(st.integers(1, 7)),
    },
    "max_shifts": lambda draw, sc: draw(st.sampled_from([{}, {"max": draw(st.integers(0, 4))}])),
    "workload": _workload,
    "weekends": lambda draw, sc: {"max": draw(st.integers(0, 1)), "duty": _duty_filter(draw, sc)},
    "preferences": lambda draw, sc: {
        "prefer_not_weight": draw(st.integers(0, 20)),
        "prefer_weight": draw(st.integers(0, 20)),
    },
    "fairness": _fairness,
    "same_school_group": lambda draw, sc: {},
    "requests": lambda draw, sc: {
        "on_weight": draw(st.integers(0, 9)),
        "not_weight": draw(st.integers(0, 9)),
    },
    "together": lambda draw, sc: {},
    "apart": lambda draw, sc: {},
    "consecutive": _consecutive,
    "days_off": lambda draw, sc: {"min": draw(st.integers(2, 3))},
    "rest_hours": lambda draw, sc: {"min_hours": draw(st.integers(1, 30))},
    "succession": _succession,
    "one_per_day": lambda draw, sc: {},
    "pattern": lambda draw, sc: {
        "cycle": draw(st.text("10.", min_size=1, max_size=4).filter(lambda c: set(c) - {"."})),
        "duty": _duty_filter(draw, sc),
        "who": draw(st.sampled_from(["", "leader"])),
    },
    "priority": lambda draw, sc: {"tiers": MappingProxyType({"leader": draw(st.integers(0, 5))})},
    "busy_rest": lambda draw, sc: {
        "before_hours": (before := draw(st.integers(0, 12))),
        "after_hours": draw(st.integers(0 if before else 1, 12)),
    },
}


# ---- scenarios ----


@st.composite
def groups(draw: Draw, prefix: str) -> tuple[Group, ...]:
    out = []
    for i in range(draw(st.integers(1, 2))):
        size = draw(st.integers(1, 2))
        low = draw(st.integers(0, size))
        roles = {"leader": 1} if draw(st.booleans()) and low >= 1 else {}
        high = draw(st.integers(size, size + 1))
        out.append(Group(f"{i + 1}", f"{prefix}{i + 1}", size, MappingProxyType(roles), low, high))
    return tuple(out)


@st.composite
def people(draw: Draw) -> tuple[Person, ...]:
    n = draw(st.integers(2, 8))
    return tuple(
        Person(
            f"p{i}",
            f"Name {i}",
            draw(st.sampled_from(["S1", "S2", "S3", ""])),
            frozenset({"leader"}) if draw(st.booleans()) else frozenset(),
            max_shifts=draw(st.none() | st.integers(0, 4)),
        )
        for i in range(n)
    )


@st.composite
def scenarios(draw: Draw, later: int = 3) -> Scenario:
    """A small random scenario: cover, each other CORE family half the time, and up to
    `later` of the other families of solver.rules.RULES."""
    crew = draw(people())
    days = draw(st.integers(2, 6))
    duties: list[Duty] = [night(draw(groups("N")))]
    if draw(st.booleans()):
        duties.append(
            day_duty(draw(groups("D")), days=draw(st.sampled_from(["daily", "weekends"])))
        )
    availability = [
        period(
            p.id,
            first := draw(st.integers(0, days - 1)),
            draw(st.integers(first, days - 1)),
            draw(st.sampled_from(["unavailable", "prefer_not", "prefer"])),
        )
        for p in crew
        for _ in range(draw(st.integers(0, 2)))
    ]
    sc = scenario(
        crew,
        days=days,
        duties=duties,
        availability=availability,
        holidays=draw(st.lists(st.integers(0, days - 1), max_size=2, unique=True)),
        solver=PROPERTY_SOLVER,
    )
    kinds = sorted(set(RULES) & set(FAMILIES))
    chosen = [k for k in CORE if k == "cover" or draw(st.booleans())]
    others = [k for k in kinds if k not in CORE]
    if others:
        chosen += draw(st.lists(st.sampled_from(others), max_size=later, unique=True))
    rules = tuple(_rule(draw, sc, kind) for kind in chosen)
    sc = dataclasses.replace(sc, rules=rules)
    return dataclasses.replace(
        sc,
        limits=draw(_limits(sc)),
        requests=draw(_requests(sc)) if "requests" in chosen else (),
        pairs=draw(_pairs(sc, [r for r in rules if r.kind in ("together", "apart")])),
        history=draw(_history(sc)) if "fairness" in chosen else (),
        demand=draw(_demand(sc)),
        busy=draw(_busy(sc)),
        previous=draw(_previous(sc)),
    )


def _rule(draw: Draw, sc: Scenario, kind: str) -> RuleSpec:
    hard = kind not in ALWAYS_SOFT and draw(st.booleans())
    weight = 0 if kind in WEIGHTLESS or hard else draw(st.integers(0, 20))
    params = FAMILIES[kind](draw, sc)
    if kind in ("cover", "roles") and not hard:  # as the reader: short_weight <= weight
        params["short_weight"] = min(int(params["short_weight"]), weight)
    return RuleSpec(kind, kind, hard, weight, MappingProxyType(params))


@st.composite
def _limits(draw: Draw, sc: Scenario) -> tuple[PersonLimit, ...]:
    """Personal values (limits.csv) of the caps, for some people."""
    out = []
    for rule in sc.rules:
        if rule.kind not in ("max_in_window", "max_shifts", "weekends"):
            continue
        for p in sc.people:
            if draw(st.integers(0, 3)) == 0:
                out.append(PersonLimit(p.id, rule.name, "max", draw(st.integers(0, 3))))
    return tuple(out)


@st.composite
def _requests(draw: Draw, sc: Scenario) -> tuple[Request, ...]:
    """Rows inputs/requests.py accepts: one per (person, date, duty), at most one pin per
    shift, and never a pin and a whole day off for one person on one date."""
    out: dict[tuple[str, date, str], Request] = {}
    pinned: set[str] = set()
    for p in sc.people:
        for _ in range(draw(st.integers(0, 2))):
            shift = draw(st.sampled_from(sc.shifts))
            kind = draw(st.sampled_from(list(RequestKind)))
            if kind is RequestKind.PIN:
                if shift.id in pinned or (p.id, shift.date, "") in out:
                    continue
                pinned.add(shift.id)
                duty = shift.duty_id
            elif kind is RequestKind.OFF:
                if any(
                    r.kind is RequestKind.PIN
                    for r in out.values()
                    if r.date == shift.date and r.person_id == p.id
                ):
                    continue
                duty = ""
            else:
                duty = draw(st.sampled_from(["", shift.duty_id]))
            weight = draw(st.none() | st.integers(0, 9)) if kind in ("on", "not") else None
            out.setdefault(
                (p.id, shift.date, duty), Request(p.id, shift.date, kind, duty, weight=weight)
            )
    return tuple(out.values())


@st.composite
def _pairs(draw: Draw, sc: Scenario, rules: list[RuleSpec]) -> tuple[Pair, ...]:
    ids = [p.id for p in sc.people]
    out = []
    for rule in rules:
        for _ in range(draw(st.integers(1, 2))):
            a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            out.append(Pair(rule.name, a, b))
    # one row per rule and pair of people, in either order
    return tuple({(p.rule, frozenset((p.first, p.second))): p for p in out}.values())


@st.composite
def _history(draw: Draw, sc: Scenario) -> tuple[LedgerEntry, ...]:
    if draw(st.booleans()):
        return ()
    return tuple(LedgerEntry(p.id, "all", draw(st.integers(0, 5))) for p in sc.people)


@st.composite
def _demand(draw: Draw, sc: Scenario) -> tuple[Demand, ...]:
    """A few dates whose headcount differs from the groups' defaults (demand.csv)."""
    out = {}
    for _ in range(draw(st.integers(0, 2))):
        shift = draw(st.sampled_from(sc.shifts))
        duty = sc.duty_by_id[shift.duty_id]
        group = draw(st.sampled_from(["", *(g.id for g in duty.groups)]))
        low = draw(st.integers(0, 2))
        preferred = draw(st.integers(low, 2))
        high = draw(st.integers(preferred, 3))
        out[(shift.date, duty.id, group)] = Demand(
            shift.date, duty.id, group, "", low, preferred, high
        )
    return tuple(out.values())


@st.composite
def _previous(draw: Draw, sc: Scenario) -> tuple[PastDuty, ...]:
    """Duties of the previous period's last days (previous.csv), for some people."""
    if draw(st.booleans()):
        return ()
    out = {
        PastDuty(p.id, sc.start - timedelta(days=draw(st.integers(1, 4))), duty)
        for p in sc.people
        for duty in draw(st.lists(st.sampled_from(list(sc.duty_by_id)), max_size=2))
    }
    return tuple(sorted(out, key=lambda x: (x.date, x.duty_id, x.person_id)))


@st.composite
def _busy(draw: Draw, sc: Scenario) -> tuple[BusyTime, ...]:
    """Busy times (busy.csv, e.g. online teaching) of a few hours, for some people."""
    out = []
    for p in sc.people:
        for _ in range(draw(st.integers(0, 1))):
            day = draw(st.sampled_from(sc.days))
            start = datetime.combine(day, time(draw(st.integers(6, 20))), tzinfo=sc.tz)
            out.append(BusyTime(p.id, start, start + timedelta(hours=draw(st.integers(1, 4)))))
    return tuple(out)


def examples(count: int) -> settings:
    """Settings of a property test: `count` examples, the same ones every run."""
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
