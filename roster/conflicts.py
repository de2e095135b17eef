"""Why hard rules could not all hold, in the coordinator's words, from the data alone.

`explain_conflicts` adds to the per-shift sentences of roster/explain.py two arguments that
span several days, each a proof (an upper bound on what people can carry):

* capacity per window: over N consecutive days (N of each hard rest / max_in_window rule,
  and the whole period when a hard max_shifts or workload cap exists), the seats to fill,
  and each role's seats, against the most the people available then can take under the
  hard caps. When the seats are more, that many stay empty whatever the roster, e.g.
  "2020-02-03 to 2020-02-09: 168 seats to fill, but max 2 per 7 days lets the 40 people
  available then take at most 80, so at least 88 stay empty; 44 more volunteers (each can
  take 2) would close the gap".
  A duty that a hard workload rule of its own caps ("at most 4 nights each") is also
  counted alone over the whole period: its seats against what its people may work of it;
  so are the weekends' seats under a hard `weekends` cap (each person's best weekends, or
  the weekends worked between them when Saturdays and Sundays ask for different numbers),
  and the period's minutes under a hard workload cap in minutes (then whole seats of the
  longest shift).
* impossible minimums: a hard workload `min` above the most the caps let that person take.

A person's bound in a window is the smallest of: the shifts they are available for;
rest's spacing over those dates; max_in_window's K per started block of N days; their
max_shifts cap; a workload max (in duties, or minutes over the shortest shift). Caps of
other families are left out, which only makes the bound looser, never wrong.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from roster.checking import windows
from roster.checks.max_shifts import personal_cap
from roster.explain import most_apart
from roster.model import RuleSpec, Scenario, Shift
from roster.result import Violation
from roster.texts import Texts
from roster.weekend_seats import weekend_seats

CAP_KINDS = ("rest", "max_in_window", "max_shifts", "workload")
SHORTFALL_KINDS = ("cover", "roles")
MAX_RUNS = 3  # short periods reported per window length and role; the rest are counted
MAX_PEOPLE = 10  # impossible minimums named; the rest are counted


def explain_conflicts(scenario: Scenario, violations: Iterable[Violation]) -> list[str]:
    """Sentences for the hard rules that cannot all hold; none when every hard rule holds."""
    hard = [v for v in violations if v.hard]
    if not hard:
        return []
    caps = Caps(scenario)
    short_days: dict[str, set[date]] = {}  # role ("" for the headcount) -> dates short
    for v in hard:
        if v.kind in SHORTFALL_KINDS and v.date is not None:
            short_days.setdefault(v.role if v.kind == "roles" else "", set()).add(v.date)
    short_duties = {v.duty_id for v in hard if v.kind == "cover" and v.duty_id}
    lines = window_conflicts(caps, short_days) + duty_conflicts(caps, short_duties)
    lines += weekend_conflicts(caps, short_days.get("", set()))
    lines += minute_conflicts(caps) if short_days.get("") else []
    return lines + impossible_minimums(caps)


# ---- what one person can carry ----


def _minutes(shift: Shift) -> int:
    return round((shift.end.timestamp() - shift.start.timestamp()) / 60)


def spaced(dates: Sequence[date], gap: int) -> int:
    """Most of these dates that can be taken `gap` days apart (earliest first is optimal)."""
    taken, last = 0, None
    for day in sorted(set(dates)):
        if last is None or (day - last).days >= gap:
            taken, last = taken + 1, day
    return taken


class Caps:
    """The hard caps of a scenario and everyone's available shifts, by date."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.texts = Texts(scenario)
        self.rules = [r for r in scenario.rules if r.hard and r.kind in CAP_KINDS]
        self.available: dict[str, list[Shift]] = {
            p.id: [s for s in scenario.shifts if scenario.is_available(p.id, s)]
            for p in scenario.people
        }
        self._dates = {pid: [s.date for s in shifts] for pid, shifts in self.available.items()}

    def shifts_between(self, pid: str, first: date, last: date) -> list[Shift]:
        dates = self._dates[pid]
        return self.available[pid][bisect_left(dates, first) : bisect_right(dates, last)]

    def bound(self, rule: RuleSpec, pid: str | None, shifts: Sequence[Shift], days: int) -> int:
        """Most of `shifts` (within `days` dates) one rule lets a person take.

        pid None is a new volunteer: the rule's own values, no limits.csv row.
        """

        def value(key: str) -> object:
            return rule.param(key) if pid is None else self.scenario.limit(rule, pid, key)

        n = len(shifts)
        if rule.kind == "rest":
            return spaced([s.date for s in shifts], int(rule.param("free_days")) + 1)
        if rule.kind == "max_in_window":
            length = int(rule.param("days", 7))
            blocks = 1 if len(self.scenario.days) <= length else ceil(days / length)
            return min(n, int(value("max")) * blocks)
        if rule.kind == "max_shifts":
            cap = rule.param("max") if pid is None else personal_cap(self.scenario, rule, pid)
            return n if cap is None else min(n, int(cap))
        return self._workload_bound(rule, value("max"), shifts)

    def _workload_bound(self, rule: RuleSpec, high: object, shifts: Sequence[Shift]) -> int:
        duty = str(rule.param("duty", "") or "")
        if high is None or any(duty and s.duty_id != duty for s in shifts):
            return len(shifts)  # no max, or it caps only part of these shifts
        if rule.param("unit", "duties") != "minutes":
            return min(len(shifts), int(high))
        shortest = min((_minutes(s) for s in shifts), default=1)
        return min(len(shifts), int(high) // max(1, shortest))


# ---- capacity per window ----


@dataclass(frozen=True)
class Window:
    first: date
    last: date
    role: str  # "" for every seat
    needed: int
    capacity: int
    people: int  # people available for at least one of its shifts
    binding: tuple[RuleSpec, ...]
    each: int  # what a new volunteer available throughout could take
    duty: str = ""  # "" for every duty's seats, else the one duty whose seats these are

    @property
    def short(self) -> int:
        return self.needed - self.capacity


def window_lengths(caps: Caps) -> list[int]:
    lengths = set()
    for rule in caps.rules:
        if rule.kind == "rest":
            lengths.add(int(rule.param("free_days")) + 1)
        elif rule.kind == "max_in_window":
            lengths.add(int(rule.param("days", 7)))
        else:
            lengths.add(len(caps.scenario.days))
    return sorted(min(n, len(caps.scenario.days)) for n in lengths)


def window_conflicts(caps: Caps, short_days: dict[str, set[date]]) -> list[str]:
    """Periods with empty seats that hold more seats than the people can carry under caps."""
    lines = []
    for length in dict.fromkeys(window_lengths(caps)):
        for role, days in sorted(short_days.items()):
            spans = [s for s in windows(caps.scenario, length) if days.intersection(s)]
            found = [w for span in spans if (w := window(caps, span, role)) is not None]
            lines += _runs_text(caps.texts, found, length)
    return lines


def duty_conflicts(caps: Caps, short_duties: set[str]) -> list[str]:
    """Over the whole period, a short duty that a hard workload rule of its own caps (at
    most 4 nights each): its seats against the most its people may work of it."""
    capped = {str(r.param("duty")) for r in caps.rules if r.kind == "workload" and r.param("duty")}
    lines = []
    for duty in sorted(short_duties & capped):
        w = window(caps, caps.scenario.days, "", duty)
        if w is not None:
            lines.append(_window_text(caps.texts, [w], len(caps.scenario.days)))
    return lines


def window(caps: Caps, span: Sequence[date], role: str, duty: str = "") -> Window | None:
    """The seats of `span` (of `duty` only, when given) against the most the people
    available then can take under the hard caps; None when they can take them all."""
    sc = caps.scenario
    first, last = span[0], span[-1]
    shifts = [s for s in sc.shifts if first <= s.date <= last and duty in ("", s.duty_id)]
    needed = sum(_seats(sc, s, role) for s in shifts)
    holders = [p.id for p in sc.people if not role or role in p.roles]
    total, ceiling, people = 0, 0, 0  # ceiling: what availability alone would allow
    alone = [0] * len(caps.rules)  # what each cap alone would allow
    for pid in holders:
        mine = caps.shifts_between(pid, first, last)
        mine = [s for s in mine if duty in ("", s.duty_id)]
        bounds = [caps.bound(r, pid, mine, len(span)) for r in caps.rules]
        total += min([len(mine), *bounds])
        ceiling += len(mine)
        alone = [a + min(len(mine), b) for a, b in zip(alone, bounds, strict=True)]
        people += bool(mine)
    capping = [(r, a) for r, a in zip(caps.rules, alone, strict=True) if a < ceiling]
    if total >= needed or not capping:  # enough, or too few available: per-shift sentences
        return None
    # the caps that alone leave seats empty; if none does alone, all that hold someone back
    binding = [r for r, a in capping if a < needed] or [r for r, _ in capping]
    each = min([len(shifts), *(caps.bound(r, None, shifts, len(span)) for r in caps.rules)])
    return Window(first, last, role, needed, total, people, tuple(binding), each, duty)


def _seats(scenario: Scenario, shift: Shift, role: str) -> int:
    """Seats the hard cover (or roles) rule requires: the `min` of each level."""
    if role:
        return scenario.cover.shift_role(shift.duty_id, shift.date, role).min
    return scenario.cover.shift_headcount(shift.duty_id, shift.date).min


def _runs_text(t: Texts, found: Sequence[Window], length: int) -> list[str]:
    """One sentence per run of overlapping short windows, about its worst one."""
    runs: list[list[Window]] = []
    for w in found:
        if runs and w.first - runs[-1][-1].first == timedelta(days=1):
            runs[-1].append(w)
        else:
            runs.append([w])
    lines = [_window_text(t, run, length) for run in runs[:MAX_RUNS]]
    if len(runs) > MAX_RUNS:
        lines.append(t.say("conflict_periods_more", count=len(runs) - MAX_RUNS, days=length))
    return lines


def _window_text(t: Texts, run: Sequence[Window], length: int) -> str:
    w = max(run, key=lambda x: (x.short, -x.first.toordinal()))
    labels = [t.rule_label(r) for r in w.binding]
    more = ""
    if w.each > 0:
        key = "conflict_more_role" if w.role else "conflict_more"
        more = t.say(key, count=ceil(w.short / w.each), each=w.each, role=w.role)
    note = ""
    if len(run) > 1:
        note = t.say(
            "conflict_run", count=len(run), days=length, first=run[0].first, last=run[-1].last
        )
    key = "conflict_role_window" if w.role else "conflict_window"
    return t.say(
        "conflict_duty_window" if w.duty else key,
        duty=t.duty_name(w.duty) if w.duty else "",
        first=w.first,
        last=w.last,
        needed=w.needed,
        role=w.role,
        rules=t.join(labels),
        verb=t.verb_let(len(labels)),
        people=w.people,
        cap=w.capacity,
        short=w.short,
        more=more,
        run=note,
    )


def weekend_conflicts(caps: Caps, short_days: set[date]) -> list[str]:
    """Empty seats on weekends, where a hard `weekends` rule over every duty caps how many
    weekends each person works (roster/weekend_seats.py): each person's best weekends, or
    the weekends they work between them when Saturdays and Sundays ask for different
    numbers."""
    sc = caps.scenario
    rules = [r for r in sc.rules if r.hard and r.kind == "weekends" and not r.param("duty")]
    weekend = [d for d in sc.days if d.weekday() >= 5]
    if not rules or not any(d.weekday() >= 5 for d in short_days):
        return []
    needed: dict[date, int] = {}
    for s in _on_weekends(sc.shifts):
        needed[s.date] = needed.get(s.date, 0) + _seats(sc, s, "")
    people = [
        (
            {d: most_apart(on) for d, on in _by_date(_on_weekends(mine)).items()},
            min(int(str(sc.limit(r, pid, "max"))) for r in rules),
        )
        for pid, mine in caps.available.items()
    ]
    found = weekend_seats(needed, people)
    if not found.short:
        return []
    t = caps.texts
    labels = [t.rule_label(r) for r in rules]
    key = (
        "conflict_weekend_pairs"
        if found.by_weekend < found.by_person
        else "conflict_weekend_window"
    )
    return [
        t.say(
            key,
            first=weekend[0],
            last=weekend[-1],
            needed=found.needed,
            rules=t.join(labels),
            verb=t.verb_let(len(labels)),
            people=found.people,
            weekends=found.weekends,
            cap=found.most,
            short=found.short,
        )
    ]


def minute_conflicts(caps: Caps) -> list[str]:
    """Empty seats over the period where a hard workload rule in minutes over every duty
    caps each person: the shifts' minutes against what the people may work, the minutes
    missing as whole seats of the longest shift."""
    sc = caps.scenario
    rules = [
        r
        for r in caps.rules
        if r.kind == "workload" and r.param("unit") == "minutes" and not r.param("duty")
    ]
    shifts = [s for s in sc.shifts if _seats(sc, s, "")]
    if not rules or not shifts:
        return []
    needed = sum(_seats(sc, s, "") * _minutes(s) for s in shifts)
    capacity, people = 0, 0
    for pid, mine in caps.available.items():
        most = sum(most_apart(on) * max(map(_minutes, on)) for on in _by_date(mine).values())
        for rule in rules:
            high = sc.limit(rule, pid, "max")
            most = most if high is None else min(most, int(str(high)))
        capacity += most
        people += bool(mine)
    if capacity >= needed:
        return []
    longest = max(_minutes(s) for s in shifts)
    t = caps.texts
    labels = [t.rule_label(r) for r in rules]
    return [
        t.say(
            "conflict_minutes_window",
            first=sc.days[0],
            last=sc.days[-1],
            needed=needed,
            rules=t.join(labels),
            verb=t.verb_let(len(labels)),
            people=people,
            cap=capacity,
            short=ceil((needed - capacity) / longest),
            longest=longest,
        )
    ]


def _on_weekends(shifts: Iterable[Shift]) -> list[Shift]:
    return [s for s in shifts if s.date.weekday() >= 5]


def _by_date(shifts: Iterable[Shift]) -> dict[date, list[Shift]]:
    out: dict[date, list[Shift]] = {}
    for shift in shifts:
        out.setdefault(shift.date, []).append(shift)
    return out


# ---- per person ----


def impossible_minimums(caps: Caps) -> list[str]:
    """Hard workload minimums above what the caps let the person take."""
    lines = []
    for rule in caps.rules:
        if rule.kind != "workload":
            continue
        for person in caps.scenario.people:
            line = _minimum(caps, rule, person.id)
            if line is not None:
                lines.append(line)
    if len(lines) > MAX_PEOPLE:
        extra = len(lines) - MAX_PEOPLE
        lines = lines[:MAX_PEOPLE] + [caps.texts.say("conflict_others", count=extra)]
    return lines


def _minimum(caps: Caps, rule: RuleSpec, pid: str) -> str | None:
    low = caps.scenario.limit(rule, pid, "min")
    if low is None:
        return None
    duty = str(rule.param("duty", "") or "")
    mine = [s for s in caps.available[pid] if not duty or s.duty_id == duty]
    in_minutes = rule.param("unit", "duties") == "minutes"
    sizes = sorted((_minutes(s) if in_minutes else 1 for s in mine), reverse=True)
    floor = min(int(low), sum(sizes))  # the checker asks no more than availability allows
    days = len(caps.scenario.days)
    others = [r for r in caps.rules if r is not rule]
    bounds = [caps.bound(r, pid, mine, days) for r in others]
    cap = sum(sizes[: min([len(mine), *bounds])])
    if cap >= floor:
        return None
    binding = [r for r, b in zip(others, bounds, strict=True) if sum(sizes[:b]) < floor]
    binding = binding or [r for r, b in zip(others, bounds, strict=True) if b < len(mine)]
    t = caps.texts
    labels = [t.rule_label(r) for r in binding]
    return t.say(
        "conflict_minimum",
        name=t.person(pid),
        rule=rule.name,
        low=_amount(t, floor, in_minutes),
        rules=t.join(labels),
        verb=t.verb_let(len(labels)),
        cap=_amount(t, cap, in_minutes),
    )


def _amount(t: Texts, n: int, in_minutes: bool) -> str:
    return t.say("conflict_minutes", n=n) if in_minutes else t.duties(n)
