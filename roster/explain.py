"""Why seats stay empty, in the coordinator's words, derived from the data alone.

`explain_shortages` turns the cover and roles shortfalls of a roster into one sentence
per shift: how many are needed that date (the groups' min, roster/cover.py), how many are
available that date (not unavailable), how many of those hold each missing role, and,
when enough are available, which stated
hard rules (rest, max_in_window, max_shifts, other duties at the same time) leave too
few assignable. `precheck` finds the obvious shortages before solving.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil

from roster.check import split_unknown
from roster.checking import Roster, windows
from roster.checks.max_shifts import personal_cap
from roster.families import FAMILY
from roster.model import Person, RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from roster.texts import Texts

SHORTFALL_KINDS = ("cover", "roles")
CAP_KINDS = ("rest", "max_in_window", "max_shifts")
# Hard rules of one person's duties that one more duty may break, asked of their own check
# on that person's duties alone (person-scoped families: roster/families.py).
OWN_CHECK_KINDS = ("one_per_day", "pattern", "consecutive", "days_off", "rest_hours", "succession")


@dataclass(frozen=True)
class Context:
    scenario: Scenario
    texts: Texts
    roster: Roster | None  # the roster, when known: then "assignable" is counted exactly

    @property
    def cap_rules(self) -> list[RuleSpec]:
        return hard_cap_rules(self.scenario)


def hard_cap_rules(scenario: Scenario) -> list[RuleSpec]:
    return [r for r in scenario.rules if r.kind in CAP_KINDS and r.hard]


def explain_shortages(
    scenario: Scenario,
    violations: Iterable[Violation],
    assignments: Sequence[Assignment] | None = None,
    until: float | None = None,
) -> list[str]:
    """One sentence per shift with empty seats or role seats, saying why from the data.

    With `assignments` (the roster the violations came from) the sentence counts how
    many available people the hard rules still allow on that shift; without it, it
    names the hard rules that limit who can be assigned. Past `until` (seconds since the
    epoch) the shifts left are counted in one sentence instead.
    """
    found: dict[str, list[Violation]] = {}
    for v in violations:
        if v.kind in SHORTFALL_KINDS and v.date is not None:
            found.setdefault(f"{v.duty_id}@{v.date.isoformat()}", []).append(v)
    roster = None
    if assignments is not None:
        roster = Roster(scenario, split_unknown(scenario, assignments)[0])
    ctx = Context(scenario, Texts(scenario), roster)
    short = [s for s in scenario.shifts if s.id in found]
    out = []
    for i, shift in enumerate(short):
        if until is not None and time.time() > until:
            # The time limit is the user's: the rest are counted, not explained.
            return [*out, ctx.texts.say("shortage_rest", count=len(short) - i)]
        out.append(explain_shift(ctx, shift, found[shift.id]))
    return out


def explain_shift(ctx: Context, shift: Shift, shortfalls: Sequence[Violation]) -> str:
    sc, t = ctx.scenario, ctx.texts
    available = [p for p in sc.people if sc.is_available(p.id, shift)]
    clauses = []
    if any(v.kind == "cover" for v in shortfalls):
        clauses.append(seat_clause(ctx, shift, seats_needed(sc, shift), available))
    for role in sorted({v.role for v in shortfalls if v.kind == "roles"}):
        holders = [p for p in available if role in p.roles]
        clauses.append(role_clause(ctx, shift, role, role_seats_needed(sc, shift, role), holders))
    return t.say(
        "shortage",
        where=t.shift(shift.date, shift.duty_id),
        clauses=t.clauses(clauses),
        empties=t.listing(empty_seats(t, shortfalls)),
    )


def seats_needed(scenario: Scenario, shift: Shift) -> int:
    """The shift's seats that must be filled that date: its groups' min (roster/cover.py)."""
    return scenario.cover.shift_headcount(shift.duty_id, shift.date).min


def role_seats_needed(scenario: Scenario, shift: Shift, role: str) -> int:
    return scenario.cover.shift_role(shift.duty_id, shift.date, role).min


def empty_seats(t: Texts, shortfalls: Sequence[Violation]) -> list[str]:
    """`G2: 2 empty`, `G2: 1 leader missing`, once per group and role even if two rules say so."""
    largest: dict[tuple[str, str], Violation] = {}
    for v in shortfalls:
        key = (v.group_id, v.role)
        if key not in largest or v.amount > largest[key].amount:
            largest[key] = v
    out = []
    for (group_id, role), v in sorted(largest.items()):
        group = t.group_name(v.duty_id, group_id)
        if role:
            out.append(t.say("empty_role", group=group, count=v.amount, role=role))
        else:
            out.append(t.say("empty_seats", group=group, count=v.amount))
    return out


def seat_clause(ctx: Context, shift: Shift, seats: int, available: Sequence[Person]) -> str:
    clause = ctx.texts.say("needs_available", seats=seats, available=len(available))
    if len(available) < seats:
        return clause
    return clause + _comma(ctx.texts) + why_not_assigned(ctx, shift, seats, available)


def role_clause(
    ctx: Context, shift: Shift, role: str, seats: int, holders: Sequence[Person]
) -> str:
    t = ctx.texts
    if not holders:
        return t.say("no_role", role=role)
    clause = t.say("role_available", seats=seats, role=role, available=len(holders))
    if len(holders) < seats:
        return clause
    return clause + _comma(t) + why_not_assigned(ctx, shift, seats, holders)


def _comma(t: Texts) -> str:
    return "，" if t.lang == "zh" else ", "


def why_not_assigned(ctx: Context, shift: Shift, needed: int, candidates: Sequence[Person]) -> str:
    """Enough people are available: name the hard rules that keep them off this shift."""
    t = ctx.texts
    if ctx.roster is None:
        labels = [t.rule_label(r) for r in ctx.cap_rules]
        if not labels:
            return t.say("not_assigned")
        return t.say("but_too_few", rules=t.join(labels), verb=t.verb_leave(len(labels)))
    on_shift = {a.person_id for a in ctx.roster.by_shift.get(shift.id, ())}
    assignable = 0
    blocking: list[str] = []
    for person in candidates:
        reasons = [] if person.id in on_shift else blocking_rules(ctx, person.id, shift)
        if not reasons:
            assignable += 1
        blocking += [label for label in reasons if label not in blocking]
    if assignable >= needed:
        return t.say("enough_assignable")
    if not blocking:
        return t.say("not_assigned")
    return t.say(
        "but_leave" if assignable else "but_leave_none",
        rules=t.join(blocking),
        verb=t.verb_leave(len(blocking)),
        count=assignable,
    )


def blocking_rules(ctx: Context, person_id: str, shift: Shift) -> list[str]:
    """Labels of the hard rules one more duty on `shift` would break for this person."""
    assert ctx.roster is not None
    t = ctx.texts
    worked = ctx.roster.shifts_of.get(person_id, ())
    out = []
    if any(s.start < shift.end and shift.start < s.end for s in worked):
        out.append(t.say("rule_overlap"))
    for rule in ctx.cap_rules:
        if _one_more_breaks(ctx.roster, rule, person_id, shift.date):
            out.append(t.rule_label(rule))
    own = [r for r in ctx.scenario.rules if r.hard and r.kind in OWN_CHECK_KINDS]
    out += [t.rule_label(r) for r in own if _one_more_worsens(ctx.roster, r, person_id, shift)]
    return out


def _one_more_worsens(roster: Roster, rule: RuleSpec, person_id: str, shift: Shift) -> bool:
    """The rule's own check finds more on this person's duties with the shift added."""
    check = FAMILY[rule.kind].resolve("check")
    mine = roster.assignments_of.get(person_id, ())
    group_id = roster.scenario.duty_by_id[shift.duty_id].groups[0].id
    extra = Assignment(shift.date, shift.duty_id, group_id, "", person_id)

    def amount(seats: tuple[Assignment, ...]) -> int:
        return sum(v.amount for v in check(Roster(roster.scenario, seats), rule))

    return amount((*mine, extra)) > amount(mine)


def _one_more_breaks(roster: Roster, rule: RuleSpec, person_id: str, day: date) -> bool:
    if rule.kind == "max_shifts":
        cap = personal_cap(roster.scenario, rule, person_id)
        return cap is not None and len(roster.shifts_of.get(person_id, ())) + 1 > cap
    if rule.kind == "rest":
        length, cap = int(rule.param("free_days")) + 1, 1
    else:
        length, cap = int(rule.param("days", 7)), int(rule.param("max"))
    return any(
        roster.count_between(person_id, span[0], span[-1]) + 1 > cap
        for span in windows(roster.scenario, length)
        if span[0] <= day <= span[-1]
    )


# ---- before solving ----


def precheck(scenario: Scenario, until: float | None = None) -> list[str]:
    """Shortages visible before solving: per shift, per role, and over the whole period;
    those found by `until` (seconds since the epoch), when given."""
    t = Texts(scenario)
    stated = {r.kind for r in scenario.rules}
    out = []
    # Who could work each shift, asked once: every check below reads it.
    available: dict[str, list[Person]] = {}
    for shift in scenario.shifts:
        if until is not None and time.time() >= until:
            return out
        here = available[shift.id] = _available(scenario, shift)
        if "cover" in stated:
            out += _seats_short(scenario, t, shift, here)
        if "roles" in stated:
            out += _roles_short(scenario, t, shift, here)
    if "cover" in stated and (until is None or time.time() < until):
        out += _period_short(scenario, t, available)
    return out


def _available(scenario: Scenario, shift: Shift) -> list[Person]:
    # Among those who may serve the duty only: nobody else is available for it, and a
    # city's school duty has dozens of them among thousands of people.
    found = scenario.eligible_people(shift.duty_id)
    return [p for p in found if scenario.is_available(p.id, shift)]


def _available_dates(
    scenario: Scenario, available: Mapping[str, list[Person]]
) -> dict[str, list[date]]:
    """Person id -> the start dates of the shifts they could work, in shift order."""
    out: dict[str, list[date]] = {p.id: [] for p in scenario.people}
    for shift in scenario.shifts:
        for p in available[shift.id]:
            out[p.id].append(shift.date)
    return out


def _seats_short(scenario: Scenario, t: Texts, shift: Shift, available: list[Person]) -> list[str]:
    seats = seats_needed(scenario, shift)
    if len(available) >= seats:
        return []
    where = t.shift(shift.date, shift.duty_id)
    return [t.say("pre_seats", where=where, seats=seats, available=len(available))]


def _roles_short(scenario: Scenario, t: Texts, shift: Shift, available: list[Person]) -> list[str]:
    where = t.shift(shift.date, shift.duty_id)
    out = []
    for role in sorted(scenario.duty_by_id[shift.duty_id].role_seats()):
        seats = role_seats_needed(scenario, shift, role)
        holders = sum(1 for p in available if role in p.roles)
        if holders == 0 and seats > 0:
            out.append(t.say("pre_no_role", where=where, seats=seats, role=role))
        elif holders < seats:
            out.append(t.say("pre_role", where=where, seats=seats, role=role, available=holders))
    return out


def _period_short(scenario: Scenario, t: Texts, by_shift: Mapping[str, list[Person]]) -> list[str]:
    """More seats over the period than the hard caps let everyone carry together."""
    total = sum(seats_needed(scenario, s) for s in scenario.shifts)
    rules = hard_cap_rules(scenario)
    capacity = 0
    binding: list[RuleSpec] = []
    available = _available_dates(scenario, by_shift)
    for person in scenario.people:
        dates = available[person.id]
        carry = len(dates)
        for rule in rules:
            bound = duty_bound(scenario, rule, person.id, dates)
            if bound < len(dates) and rule not in binding:
                binding.append(rule)
            carry = min(carry, bound)
        capacity += carry
    if capacity >= total or not binding:
        return []
    labels = [t.rule_label(r) for r in rules if r in binding]
    return [
        t.say(
            "pre_total",
            total=total,
            rules=t.join(labels),
            verb=t.verb_let(len(labels)),
            people=len(scenario.people),
            cap=capacity,
        )
    ]


def duty_bound(scenario: Scenario, rule: RuleSpec, person_id: str, dates: Sequence[date]) -> int:
    """At most how many duties one rule lets a person take on these (available) dates."""
    if rule.kind == "max_shifts":
        cap = personal_cap(scenario, rule, person_id)
        return len(dates) if cap is None else cap
    if rule.kind == "rest":
        return spaced_dates(dates, int(rule.param("free_days")) + 1)
    days, cap = int(rule.param("days", 7)), int(rule.param("max"))
    blocks = 1 if len(scenario.days) <= days else ceil(len(scenario.days) / days)
    return cap * blocks


def spaced_dates(dates: Sequence[date], gap: int) -> int:
    """Most dates that can be picked at least `gap` days apart (earliest first is optimal)."""
    taken = 0
    last: date | None = None
    for day in sorted(dates):
        if last is None or (day - last).days >= gap:
            taken += 1
            last = day
    return taken


def most_apart(shifts: Sequence[Shift]) -> int:
    """Most of these shifts one person can work, none overlapping (earliest end first is
    optimal); 1 when they all run together at one instant, as on a date of shift types
    all starting at eight."""
    if max(s.start for s in shifts) < min(s.end for s in shifts):
        return 1
    taken, free_from = 0, None
    for shift in sorted(shifts, key=lambda s: s.end):
        if free_from is None or shift.start >= free_from:
            taken, free_from = taken + 1, shift.end
    return taken
