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
from datetime import date, timedelta

from roster.cover import least_factor, rule_costs
from roster.explain import most_apart, spaced_dates
from roster.model import RuleSpec, Scenario, Shift
from roster.weekend_seats import weekend_seats

CAP_KINDS = ("rest", "max_in_window", "max_shifts")


@dataclass(frozen=True)
class Window:
    first: date
    last: date
    needed: int  # seats (or role seats) of its shifts
    capacity: int  # the most the people available there can take together
    role: str = ""  # "" for seats, else the role whose seats these are
    duty: str = ""  # "" for every duty's seats, else the one duty whose seats these are
    # "" for the dates first..last; "weekends": their Saturdays and Sundays only; "minutes":
    # needed and capacity are minutes, and a seat holds at most `seat_minutes` of them.
    kind: str = ""
    seat_minutes: int = 0

    @property
    def short(self) -> int:
        missing = max(0, self.needed - self.capacity)
        return -(-missing // self.seat_minutes) if self.seat_minutes else missing


@dataclass(frozen=True)
class Shortage:
    """Empty seats and empty role seats that every roster has, and the windows proving it."""

    seats: int = 0
    role_seats: int = 0
    windows: tuple[Window, ...] = ()

    @property
    def units(self) -> int:
        return self.seats + self.role_seats


class Pool:
    """What each person's available shifts allow, read once for every proof: per date the
    most they can work and the longest of them, per duty how many and the shortest."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._read: dict[str, tuple[dict[date, int], dict[date, int], dict[str, Shifts]]] = {}

    def dates(self, person_id: str) -> dict[date, int]:
        """Date -> how many shifts starting that date the person could work: the most
        that do not overlap (nobody works two at once), so a date of eighteen shift types
        all starting at eight is one."""
        return self._of(person_id)[0]

    def longest(self, person_id: str) -> dict[date, int]:
        """Date -> the longest shift (minutes) the person could work starting that date."""
        return self._of(person_id)[1]

    def of_duty(self, person_id: str, duty: str) -> Shifts:
        """How many shifts of `duty` the person could work, and the shortest (minutes)."""
        return self._of(person_id)[2].get(duty, Shifts(0, 0))

    def _of(self, person_id: str) -> tuple[dict[date, int], dict[date, int], dict[str, Shifts]]:
        found = self._read.get(person_id)
        if found is None:
            found = self._read[person_id] = _read_person(self.scenario, person_id)
        return found


@dataclass(frozen=True)
class Shifts:
    count: int
    shortest: int


def _read_person(
    scenario: Scenario, person_id: str
) -> tuple[dict[date, int], dict[date, int], dict[str, Shifts]]:
    by_date: dict[date, list[Shift]] = {}
    count: dict[str, int] = {}
    shortest: dict[str, int] = {}
    for shift in scenario.available_shifts(person_id):
        by_date.setdefault(shift.date, []).append(shift)
        duty, minutes = shift.duty_id, shift.minutes
        count[duty] = count.get(duty, 0) + 1
        if minutes < shortest.get(duty, minutes + 1):
            shortest[duty] = minutes
    dates = {d: most_apart(shifts) for d, shifts in by_date.items()}
    longest = {d: max(s.minutes for s in shifts) for d, shifts in by_date.items()}
    return dates, longest, {d: Shifts(n, shortest[d]) for d, n in count.items()}


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
    pool = Pool(scenario)
    if "cover" in hard:
        seats, found = seats_short(scenario, "min", pool)
        proofs = list(found)
    roles = 0
    if "roles" in hard:
        for role in sorted({r for d in scenario.duties for r in d.role_seats()}):
            found = _disjoint_best(_windows(pool, lengths, role), dates)
            roles += sum(w.short for w in found)
            proofs += found
    return Shortage(seats, roles, tuple(proofs))


def seats_short(
    scenario: Scenario, level: str = "min", pool: Pool | None = None
) -> tuple[int, tuple[Window, ...]]:
    """The most seats below `level` ("min" or "preferred") one proof leaves empty in every
    roster, and its windows. The proofs count the same seats in different ways (disjoint
    stretches of dates, one duty over the horizon, the weekends, the minutes), so the
    largest one is the bound, not their sum; only the weekends and stretches of weekdays
    count seats apart."""
    pool = pool or Pool(scenario)
    spans = _windows(pool, _window_lengths(scenario), "", level)
    weekdays = [w for w in spans if not _has_weekend(w)]
    proofs = [
        _disjoint_best(spans, scenario.days),
        duty_windows(scenario, level, pool),
        # the weekends' seats and those of windows of weekdays only are apart: they add up
        weekend_windows(scenario, level, pool) + _disjoint_best(weekdays, scenario.days),
        minute_windows(scenario, level, pool),
    ]
    best = max(proofs, key=lambda ws: sum(w.short for w in ws))
    return sum(w.short for w in best), tuple(best)


def _has_weekend(w: Window) -> bool:
    days = (w.last - w.first).days + 1
    return days >= 7 or any((w.first + timedelta(i)).weekday() >= 5 for i in range(days))


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


def cover_floor(scenario: Scenario, shortage: Shortage) -> int:
    """What the cover costs at least beyond `shortage_cost`: a soft cover's seats proven
    empty below min and below preferred, a hard cover's below preferred beyond its proven
    seats below min (`shortage.seats`). It concerns cover seats only, so it adds to the
    other families' bounds (the person bound) and to `shortage_cost`'s role seats."""
    rule = _cover_rule(scenario)
    if rule is None or not may_floor(scenario):
        return 0
    costs = rule_costs(rule, scenario.solver.hard_weight, least_factor(rule, scenario.duty_by_id))
    pool = Pool(scenario)
    below_min = shortage.seats if rule.hard else seats_short(scenario, "min", pool)[0]
    below_preferred = below_min
    if costs.below_preferred and _any_preferred_above_min(scenario):
        below_preferred = max(below_min, seats_short(scenario, "preferred", pool)[0])
    # a seat below preferred costs at least the cheaper of the two levels (convex or not)
    cheaper = min(costs.below_min, costs.below_preferred)
    floor = cheaper * (below_preferred - below_min)
    return floor if rule.hard else floor + costs.below_min * below_min


def may_floor(scenario: Scenario) -> bool:
    """Whether `cover_floor` can be above 0: a soft cover, or one whose seats below
    preferred cost something."""
    rule = _cover_rule(scenario)
    if rule is None:
        return False
    if not rule.hard:
        return True
    costs = rule_costs(rule, scenario.solver.hard_weight)
    return bool(costs.below_preferred) and _any_preferred_above_min(scenario)


def _cover_rule(scenario: Scenario) -> RuleSpec | None:
    return next((r for r in scenario.rules if r.kind == "cover"), None)


def known_shortage(scenario: Scenario, stats: dict) -> Shortage:
    """The proven shortage: as a search found it (its stats), else proven again."""
    seats = stats.get("least_empty_seats")
    if isinstance(seats, int):
        roles = stats.get("least_empty_role_seats", 0)
        return Shortage(seats, roles if isinstance(roles, int) else 0)
    return least_shortage(scenario)


def _any_preferred_above_min(scenario: Scenario) -> bool:
    heads = (scenario.cover.shift_headcount(s.duty_id, s.date) for s in scenario.shifts)
    return any(c.preferred > c.min for c in heads)


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


def _windows(pool: Pool, lengths: Sequence[int], role: str, level: str = "min") -> list[Window]:
    scenario = pool.scenario
    by_date: dict[date, list[Shift]] = {}
    for shift in scenario.shifts:
        by_date.setdefault(shift.date, []).append(shift)
    people = [p for p in scenario.people if not role or role in p.roles]
    mine = {p.id: pool.dates(p.id) for p in people}
    rules = cap_rules(scenario)
    out = []
    for length in lengths:
        for i in range(len(scenario.days) - length + 1):
            span = scenario.days[i : i + length]
            needed = sum(
                _needed(scenario, s, role, level) for d in span for s in by_date.get(d, ())
            )
            if needed == 0:
                continue
            capacity = sum(_capacity(scenario, rules, pid, mine[pid], span) for pid in mine)
            if capacity < needed:
                out.append(Window(span[0], span[-1], needed, capacity, role))
    return out


def duty_windows(scenario: Scenario, level: str = "min", pool: Pool | None = None) -> list[Window]:
    """Per duty a hard workload rule of its own caps (e.g. at most 4 nights each), the
    whole horizon: its seats against the most its people may work of it. The duties' seats
    are apart, so their shortfalls add up; the windows over every duty count the same seats
    again, so the larger of the two proofs is the bound, not their sum."""
    capped = [r for r in scenario.rules if r.hard and r.kind == "workload" and r.param("duty")]
    caps = capped + [r for r in cap_rules(scenario) if r.kind == "max_shifts"]
    days = scenario.days
    pool = pool or Pool(scenario)
    out = []
    for duty in sorted({str(r.param("duty")) for r in capped}):
        shifts = [s for s in scenario.shifts if s.duty_id == duty]
        needed = sum(_needed(scenario, s, "", level) for s in shifts)
        capacity = sum(_duty_capacity(pool, caps, p.id, duty) for p in scenario.people)
        if capacity < needed:
            out.append(Window(days[0], days[-1], needed, capacity, duty=duty))
    return out


def weekend_windows(
    scenario: Scenario, level: str = "min", pool: Pool | None = None
) -> list[Window]:
    """The weekends' seats against what their people may work of them, where a hard
    `weekends` rule over every duty caps how many weekends each works (roster/weekend_seats.py:
    each person's best weekends, and each weekend's dates filled no further than they ask)."""
    rules = [r for r in scenario.rules if r.hard and r.kind == "weekends" and _all_duties(r)]
    days = [d for d in scenario.days if d.weekday() >= 5]
    if not rules or not days:
        return []
    on_weekend = set(days)
    pool = pool or Pool(scenario)
    needed: dict[date, int] = {}
    for shift in scenario.shifts:
        if shift.date in on_weekend:
            needed[shift.date] = needed.get(shift.date, 0) + _needed(scenario, shift, "", level)
    people = [
        (
            {d: n for d, n in pool.dates(p.id).items() if d in on_weekend},
            min(int(str(scenario.limit(r, p.id, "max"))) for r in rules),
        )
        for p in scenario.people
    ]
    found = weekend_seats(needed, people)
    if not found.short:
        return []
    return [Window(days[0], days[-1], found.needed, found.most, kind="weekends")]


def minute_windows(
    scenario: Scenario, level: str = "min", pool: Pool | None = None
) -> list[Window]:
    """The horizon's seats in minutes against what the people may work, where a hard
    `workload` rule in minutes over every duty caps each person: the minutes missing fill
    no fewer seats than that many of the longest shift would."""
    rules = [
        r
        for r in scenario.rules
        if r.hard and r.kind == "workload" and r.param("unit", "duties") == "minutes"
    ]
    rules = [r for r in rules if _all_duties(r)]
    shifts = [s for s in scenario.shifts if _needed(scenario, s, "", level)]
    if not rules or not shifts:
        return []
    needed = sum(_needed(scenario, s, "", level) * s.minutes for s in shifts)
    pool = pool or Pool(scenario)
    capacity = sum(_minutes_capacity(pool, rules, p.id) for p in scenario.people)
    if capacity >= needed:
        return []
    days = scenario.days
    longest = max(s.minutes for s in shifts)
    return [Window(days[0], days[-1], needed, capacity, kind="minutes", seat_minutes=longest)]


def _minutes_capacity(pool: Pool, rules: list[RuleSpec], person_id: str) -> int:
    """The most minutes one person may work: their dates' shifts (as many as fit apart,
    each at most the date's longest) under each rule's `max`."""
    longest = pool.longest(person_id)
    most = sum(n * longest[d] for d, n in pool.dates(person_id).items())
    for rule in rules:
        high = pool.scenario.limit(rule, person_id, "max")
        if high is not None:
            most = min(most, int(str(high)))
    return most


def _duty_capacity(pool: Pool, caps: list[RuleSpec], person_id: str, duty: str) -> int:
    """The most shifts of `duty` one person may work over the horizon: those available,
    under their max_shifts cap and each workload cap of that duty (in duties, or in minutes
    over its shortest shift)."""
    scenario = pool.scenario
    mine = pool.of_duty(person_id, duty)
    most = mine.count
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
            size = max(1, mine.shortest)
        most = min(most, int(str(high)) // size)
    return most


def _needed(scenario: Scenario, shift: Shift, role: str, level: str = "min") -> int:
    if role:
        if role not in scenario.duty_by_id[shift.duty_id].role_seats():
            return 0
        cover = scenario.cover.shift_role(shift.duty_id, shift.date, role)
    else:
        cover = scenario.cover.shift_headcount(shift.duty_id, shift.date)
    return cover.preferred if level == "preferred" else cover.min


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
