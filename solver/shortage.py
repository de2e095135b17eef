"""Seats that no roster can fill, proven from the data before solving.

A stretch of dates (a *window*) needs the seats of its shifts; each person can take at most
so many of them: their available shifts there, thinned by the hard rules that cap a person
(rest, max_in_window, max_shifts). When the window needs more seats than everyone together
can take, the difference stays empty in every roster. Windows that share no date add up, so
the most empty seats a set of disjoint windows proves (a weighted interval schedule, solved
exactly by dynamic programming over the dates) is a lower bound of the empty seats of every
roster. The same for role seats, counting role holders only. A duty that a hard workload
rule of its own caps is also counted alone over the horizon (`duty_windows`): its seats
against what its people may work of it.

This is what the explanations say in words ("164 person-nights for 168 seats"); here it
becomes a number the solver uses: tries that demand every seat filled are skipped when it is
positive, and the reported bound includes it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from roster.cover import least_factor, rule_costs
from roster.explain import spaced_dates
from roster.model import RuleSpec, Scenario, Shift

CAP_KINDS = ("rest", "max_in_window", "max_shifts")


@dataclass(frozen=True)
class Window:
    first: date
    last: date
    needed: int  # seats (or role seats) of its shifts
    capacity: int  # the most the people available there can take together
    role: str = ""  # "" for seats, else the role whose seats these are
    duty: str = ""  # "" for every duty's seats, else the one duty whose seats these are

    @property
    def short(self) -> int:
        return max(0, self.needed - self.capacity)


@dataclass(frozen=True)
class Shortage:
    """Empty seats and empty role seats that every roster has, and the windows proving it."""

    seats: int = 0
    role_seats: int = 0
    windows: tuple[Window, ...] = ()

    @property
    def units(self) -> int:
        return self.seats + self.role_seats


def least_shortage(scenario: Scenario) -> Shortage:
    """Seats below their groups' min and role seats below theirs, in every roster: only
    for families stated hard (a soft cover may leave seats empty by choice)."""
    hard = {r.kind for r in scenario.rules if r.hard}
    if "cover" not in hard and "roles" not in hard:
        return Shortage()
    dates = scenario.days
    lengths = _window_lengths(scenario)
    proofs: list[Window] = []
    seats = 0
    if "cover" in hard:
        found = _disjoint_best(_windows(scenario, lengths, ""), dates)
        seats, proofs = sum(w.short for w in found), found
        per_duty = duty_windows(scenario)
        if sum(w.short for w in per_duty) > seats:
            seats, proofs = sum(w.short for w in per_duty), per_duty
    roles = 0
    if "roles" in hard:
        for role in sorted({r for d in scenario.duties for r in d.role_seats()}):
            found = _disjoint_best(_windows(scenario, lengths, role), dates)
            roles += sum(w.short for w in found)
            proofs += found
    return Shortage(seats, roles, tuple(proofs))


def shortage_cost(scenario: Scenario, shortage: Shortage) -> int:
    """The least those empty seats cost: each at its family's cost below min."""
    hw = scenario.solver.hard_weight
    duties = list(scenario.duty_by_id)
    cost = 0
    for rule in scenario.rules:
        # a duty's `shortfall` factor: the proof does not say which seats, so the cheapest
        factor = least_factor(rule, duties)
        if rule.hard and rule.kind == "cover":
            cost += shortage.seats * rule_costs(rule, hw, factor).below_min
        elif rule.hard and rule.kind == "roles":
            cost += shortage.role_seats * rule_costs(rule, hw, factor).below_min
    return cost


def _window_lengths(scenario: Scenario) -> list[int]:
    """One date, each capping rule's window, and the whole horizon (max_shifts)."""
    out = {1}
    for rule in cap_rules(scenario):
        if rule.kind == "rest":
            out.add(int(rule.param("free_days")) + 1)
        elif rule.kind == "max_in_window":
            out.add(int(rule.param("days", 7)))
        else:
            out.add(len(scenario.days))
    return sorted(n for n in out if n <= len(scenario.days))


def cap_rules(scenario: Scenario) -> list[RuleSpec]:
    return [r for r in scenario.rules if r.hard and r.kind in CAP_KINDS and _all_duties(r)]


def _all_duties(rule: RuleSpec) -> bool:
    """A rule limited to some duties caps nothing of the others: left out, to stay a bound."""
    return not rule.param("duty", None) and not rule.param("duties", None)


def _windows(scenario: Scenario, lengths: Sequence[int], role: str) -> list[Window]:
    by_date: dict[date, list[Shift]] = {}
    for shift in scenario.shifts:
        by_date.setdefault(shift.date, []).append(shift)
    people = [p for p in scenario.people if not role or role in p.roles]
    mine = {p.id: _dates_of(scenario, p.id) for p in people}
    rules = cap_rules(scenario)
    out = []
    for length in lengths:
        for i in range(len(scenario.days) - length + 1):
            span = scenario.days[i : i + length]
            needed = sum(_needed(scenario, s, role) for d in span for s in by_date.get(d, ()))
            if needed == 0:
                continue
            capacity = sum(_capacity(scenario, rules, pid, mine[pid], span) for pid in mine)
            if capacity < needed:
                out.append(Window(span[0], span[-1], needed, capacity, role))
    return out


def duty_windows(scenario: Scenario) -> list[Window]:
    """Per duty a hard workload rule of its own caps (e.g. at most 4 nights each), the
    whole horizon: its seats against the most its people may work of it. The duties' seats
    are apart, so their shortfalls add up; the windows over every duty count the same seats
    again, so the larger of the two proofs is the bound, not their sum."""
    capped = [r for r in scenario.rules if r.hard and r.kind == "workload" and r.param("duty")]
    caps = capped + [r for r in cap_rules(scenario) if r.kind == "max_shifts"]
    days = scenario.days
    out = []
    for duty in sorted({str(r.param("duty")) for r in capped}):
        shifts = [s for s in scenario.shifts if s.duty_id == duty]
        needed = sum(scenario.cover.shift_headcount(duty, s.date).min for s in shifts)
        capacity = sum(_duty_capacity(scenario, caps, p.id, duty) for p in scenario.people)
        if capacity < needed:
            out.append(Window(days[0], days[-1], needed, capacity, duty=duty))
    return out


def _duty_capacity(scenario: Scenario, caps: list[RuleSpec], person_id: str, duty: str) -> int:
    """The most shifts of `duty` one person may work over the horizon: those available,
    under their max_shifts cap and each workload cap of that duty (in duties, or in minutes
    over its shortest shift)."""
    mine = [s for s in scenario.available_shifts(person_id) if s.duty_id == duty]
    most = len(mine)
    for rule in caps:
        if rule.kind == "max_shifts":
            cap = scenario.duty_cap(rule, person_id)
            most = most if cap is None else min(most, cap)
            continue
        high = scenario.limit(rule, person_id, "max")
        if high is None or rule.param("duty") != duty:
            continue
        size = 1
        if rule.param("unit", "duties") == "minutes":
            size = max(1, min((s.minutes for s in mine), default=1))
        most = min(most, int(str(high)) // size)
    return most


def _needed(scenario: Scenario, shift: Shift, role: str) -> int:
    if role:
        if role not in scenario.duty_by_id[shift.duty_id].role_seats():
            return 0
        return scenario.cover.shift_role(shift.duty_id, shift.date, role).min
    return scenario.cover.shift_headcount(shift.duty_id, shift.date).min


def _dates_of(scenario: Scenario, person_id: str) -> dict[date, int]:
    """Date -> how many shifts starting that date the person could work."""
    out: dict[date, int] = {}
    for shift in scenario.available_shifts(person_id):
        out[shift.date] = out.get(shift.date, 0) + 1
    return out


def _capacity(
    scenario: Scenario,
    rules: Iterable[RuleSpec],
    person_id: str,
    dates: dict[date, int],
    span: Sequence[date],
) -> int:
    inside = [d for d in span if d in dates]
    most = sum(dates[d] for d in inside)
    for rule in rules:
        if most == 0:
            break
        most = min(most, rule_cap(scenario, rule, person_id, inside, len(span)))
    return most


def rule_cap(
    scenario: Scenario, rule: RuleSpec, person_id: str, inside: list[date], length: int
) -> int:
    if rule.kind == "max_shifts":
        cap = scenario.duty_cap(rule, person_id)
        return len(inside) * 99 if cap is None else cap
    if rule.kind == "rest":
        return spaced_dates(inside, int(scenario.limit(rule, person_id, "free_days")) + 1)
    days = int(rule.param("days", 7))
    return int(scenario.limit(rule, person_id, "max")) * max(1, math.ceil(length / days))


def _disjoint_best(windows: Sequence[Window], dates: Sequence[date]) -> list[Window]:
    """The disjoint windows proving the most empty seats together (weighted intervals)."""
    index = {d: i for i, d in enumerate(dates)}
    ending: dict[int, list[Window]] = {}
    for w in windows:
        ending.setdefault(index[w.last], []).append(w)
    best = [0] * (len(dates) + 1)  # best[i]: using the first i dates
    chosen: list[Window | None] = [None] * (len(dates) + 1)
    for i in range(1, len(dates) + 1):
        best[i] = best[i - 1]
        for w in ending.get(i - 1, ()):
            start = index[w.first]
            if best[start] + w.short > best[i]:
                best[i], chosen[i] = best[start] + w.short, w
    out = []
    i = len(dates)
    while i > 0:
        w = chosen[i]
        if w is not None and best[i] != best[i - 1]:
            out.append(w)
            i = index[w.first]
        else:
            i -= 1
    return sorted(out, key=lambda w: w.first)
