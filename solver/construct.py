"""A roster built seat by seat, without the model: the fallback when a search ends without one.

Shift by shift in start order, each group's role seats first (role holders only), then its
other seats, each seat to the least-loaded person who may take it: available (eligibility,
free date, no busy time), not on an overlapping shift, not on the date of someone they must
be kept apart from, and within the person caps the shortage proof derives (rest,
max_in_window, max_shifts: solver/shortage.py). A first pass fills every seat up to its
group's min, a second up to its preferred headcount (a long horizon's paced construction
under a hard weekends max seats every weekend before the weekdays: `_fill_order`; where
no model follows, a plan of every weekend at once first: solver/weekend_plan.py).
Whatever other hard rule the roster then breaks (the independent checker says which) loses
the seats involved: a seat is left empty rather than a hard rule broken, where emptying it
helps.

No randomness: ties between equally loaded people go by a hash of the seed and the
person's id, so the same scenario and seed give the same roster on any machine.
"""

from __future__ import annotations

import bisect
import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, cast

from roster.check import CheckReport
from roster.components import check_by_parts
from roster.model import AvailabilityStatus, RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from solver.budget import WEEKEND_PLAN_SHARE
from solver.mend import Seating, mend
from solver.rows import PASSES, RowBudget, RowStats, improve_rows
from solver.seat_rules import ONE_DAY, SeatRules
from solver.shortage import CAP_KINDS, rule_cap
from solver.weekend_plan import PlanBudget, weekend_seats

# Rounds of dropping the seats of broken hard rules: each round re-checks the roster.
REPAIR_ROUNDS = 4
# Kinds a seat left empty does not mend (cover and roles are the empty seats themselves).
UNMENDABLE = frozenset({"cover", "roles"})


def construct(
    scenario: Scenario,
    keep: Sequence[Assignment] = (),
    fixed_before: date | None = None,
    rows: RowBudget | None = None,
    passes: Sequence[str] = PASSES,
) -> tuple[tuple[Assignment, ...], CheckReport]:
    """A roster keeping every hard rule it cheaply can, seats left empty where it cannot,
    and the independent checker's report of it. `keep`: assignments that stay (a re-solve's
    base, less what is no longer possible); those before `fixed_before` stay even when
    they break a rule (the worked past). With `rows`, the people the fill and its mending
    leave below a minimum or with a short stretch get their rows chosen again by their own
    small model, then everyone in turn, within that budget, in the `passes` of
    solver/rows.py."""
    roster, report, _ = construct_with_rows(scenario, keep, fixed_before, rows, passes)
    return roster, report


def construct_with_rows(
    scenario: Scenario,
    keep: Sequence[Assignment] = (),
    fixed_before: date | None = None,
    rows: RowBudget | None = None,
    passes: Sequence[str] = PASSES,
    processes: bool = False,
    plan_weekends: bool = False,
) -> tuple[tuple[Assignment, ...], CheckReport, RowStats]:
    """`construct`, and what its rows did (nothing without `rows`; their plans in
    processes if `processes`: solver/rows_replicas.py). With `plan_weekends`, a paced
    construction under a hard weekends max seats the weekend plan first
    (solver/weekend_plan.py)."""
    state = _Seating(scenario, keep)
    pace = rows is not None and fixed_before is None and not keep
    state.pace = pace
    weekends_first = pace and bool(state.rules.weekends)
    dates = _fill_order(scenario, state.rules.shifts_on, weekends_first)
    if weekends_first and plan_weekends and rows is not None:
        for pid, shift in weekend_seats(scenario, state.rules, _plan_budget(scenario, rows)):
            state.seat_in(pid, shift)
    for level in ("min", "preferred"):
        for day, shifts in dates.items():
            if fixed_before is None or day >= fixed_before:
                for shift in shifts:
                    state.fill(shift, level)
                # Filled before every weekday, a weekend finds everyone behind the pace of
                # their workload min: seats above its count would spend the weekends max.
                if pace and level == "min" and not (weekends_first and scenario.is_weekend(day)):
                    for shift in shifts:
                        state.fill_pace(shift)
    mend(state, fixed_before)
    stats = RowStats()
    if rows is not None and fixed_before is None and not keep:
        stats = improve_rows(state, rows, passes, processes)
    return (*repaired(scenario, tuple(sorted(state.roster)), fixed_before), stats)


def _plan_budget(scenario: Scenario, rows: RowBudget) -> PlanBudget:
    """WEEKEND_PLAN_SHARE of the rows' budget for the weekend plan (it runs before them)."""
    settings = scenario.solver
    seconds = WEEKEND_PLAN_SHARE * max(0.0, rows.until - time.time())
    work = WEEKEND_PLAN_SHARE * rows.work
    return PlanBudget(seconds, work, settings.workers, settings.seed)


def _fill_order(
    scenario: Scenario, by_date: dict[date, list[Shift]], weekends_first: bool
) -> dict[date, list[Shift]]:
    """The shifts by date in fill order: in date order, or every weekend's dates first
    (docs/decisions.md, "Weekends seated before the weekdays"). Under a weekends max a
    weekend seat is the scarce one, and date by date the weekdays before it have already
    used the runs of those who could work it whole: a Saturday worked as the last date a
    run may hold leaves its Sunday to someone else, and both spend a weekend on one date."""
    if not weekends_first:
        return by_date
    first = sorted(by_date, key=lambda day: (not scenario.is_weekend(day), day))
    return {day: by_date[day] for day in first}


def seating(scenario: Scenario, roster: Sequence[Assignment] = ()) -> Seating:
    """The seating the construction fills, holding `roster` as it stands (no rule
    checked on the way in): the state in which solver/rows.py chooses rows again, every
    seat it adds going through the seating's own test (overlap, rest hours, caps, apart,
    the sequence rules of solver/seat_rules.py)."""
    return _Seating(scenario, roster)


def rows_chosen_again(
    scenario: Scenario, roster: Sequence[Assignment], budget: RowBudget
) -> tuple[tuple[Assignment, ...], RowStats]:
    """`roster` (ordinary seats, e.g. a search's first roster) with its rows chosen again
    within `budget` (solver/rows.py, `improve_rows`), and what the rows did."""
    state = _Seating(scenario, roster)
    stats = improve_rows(state, budget)
    return tuple(sorted(state.roster)), stats


def kept_of_base(scenario: Scenario, base: Sequence[Assignment], as_of: date | None) -> list:
    """A base roster's assignments that still fit: the past as worked, the rest where the
    seat still exists and its person may still take it."""
    out = []
    for a in base:
        shift = scenario.shift_by_id.get(a.shift_id)
        if shift is None or a.group_id not in {g.id for g in _duty(scenario, a).groups}:
            continue
        past = as_of is not None and a.date < as_of
        held = not a.role or a.role in scenario.person_by_id[a.person_id].roles
        if past or (scenario.is_available(a.person_id, shift) and held):
            out.append(a)
    return out


def _duty(scenario: Scenario, a: Assignment):  # noqa: ANN202
    return scenario.duty_by_id[a.duty_id]


class _Seating:
    """The roster as it grows, and what each person already works."""

    def __init__(self, scenario: Scenario, keep: Sequence[Assignment]) -> None:
        self.scenario = scenario
        self.roster: dict[Assignment, None] = {}  # ordered, and removed from at once
        self.worked: dict[str, list[Shift]] = {p.id: [] for p in scenario.people}
        self.dates: dict[str, list[date]] = {p.id: [] for p in scenario.people}
        self.seated: Counter[tuple[str, str, str]] = Counter()  # (shift, group, role|"")
        self.heads: Counter[str] = Counter()  # by shift, all groups (rows ask it often)
        self.journal: list[tuple[Any, str]] | None = None
        self.in_shift: dict[str, set[str]] = {}
        self.on_date: dict[date, set[str]] = {}
        self.caps = [r for r in scenario.rules if r.hard and r.kind in CAP_KINDS]
        self.rest_hours = [r for r in scenario.rules if r.hard and r.kind == "rest_hours"]
        self.by_date: dict[str, dict[date, list[Shift]]] = {p.id: {} for p in scenario.people}
        self.reach = _reach(scenario, self.rest_hours)
        self.rules = SeatRules(scenario)
        self._urgency_day: date | None = None
        self._urgency_of: dict[str, tuple[int, float]] = {}
        self.apart = _apart_partners(scenario)
        # Seats paced over the horizon (a long horizon's construction, solver/hinted.py):
        # extra seats for people behind their workload min, weekends spent evenly.
        self.pace = False
        self.unwilling = _prefer_not(scenario)
        seed = str(scenario.solver.seed)
        self.tie = {p.id: hashlib.sha256(f"{seed}:{p.id}".encode()).hexdigest()
                    for p in scenario.people}  # fmt: skip
        for a in keep:
            if a.person_id in self.worked and a.shift_id in scenario.shift_by_id:
                self._seat(a, scenario.shift_by_id[a.shift_id])

    def fill(self, shift: Shift, level: str) -> None:
        duty = self.scenario.duty_by_id[shift.duty_id]
        cover = self.scenario.cover
        order = self._candidates(shift)
        for group in duty.groups:
            heads = cover.headcount(shift.duty_id, shift.date, group.id)
            room = heads.max - self.seated[(shift.id, group.id, "")]
            for role, need in cover.roles(shift.duty_id, shift.date, group.id).items():
                wanted = min(getattr(need, level), need.max)
                missing = wanted - self.seated[(shift.id, group.id, role)]
                room -= self._place(shift, group.id, role, min(missing, room), order)
            missing = min(getattr(heads, level), heads.max) - self.seated[(shift.id, group.id, "")]
            self._place(shift, group.id, "", min(missing, room), order)

    def fill_pace(self, shift: Shift) -> None:
        """Seats above the preferred headcount for people behind the pace of their
        workload min (solver/seat_rules.py, `behind_pace`): where the mins add up to more
        than the cover asks (Curtois 20-24: 9-15 % more), a seat above it costs its
        `extra_weight`, a person below their min breaks a hard rule. Not on a weekend
        ahead of the pace of their weekends max: where the weekends are scarce (Curtois
        22-24), a weekend spent on a seat above preferred leaves one short in the autumn."""
        for pid in self._candidates(shift):
            paced = self._weekend_rank(pid, shift) < 2 and self.rules.behind_pace(pid, shift.date)
            if paced and self.seat_in(pid, shift) is not None:
                self._whole_weekend(pid, shift)

    def _candidates(self, shift: Shift) -> list[str]:
        """Who may take a seat of this shift, least loaded first; people with a role the duty
        seats come after those without (they are scarcer), the unwilling last. When pacing,
        a weekend costs its weekends max least first (SeatRules.weekend_rank): those who
        already work it, then those within the max's pace."""
        roles = set(self.scenario.duty_by_id[shift.duty_id].role_seats())
        people = self.scenario.person_by_id
        found = self.scenario.eligible_people(shift.duty_id)
        pool = [p.id for p in found if self.scenario.is_available(p.id, shift)]
        urgency = {pid: self._urgency(pid, shift.date) for pid in pool}
        weekend = {pid: self._weekend_rank(pid, shift) for pid in pool}
        return sorted(
            pool,
            key=lambda pid: (
                urgency[pid][0],
                weekend[pid],
                (pid, shift.date) in self.unwilling,
                urgency[pid][1],
                len(self.worked[pid]),
                bool(roles & people[pid].roles),
                self.tie[pid],
            ),
        )

    def _weekend_rank(self, pid: str, shift: Shift) -> int:
        if not self.pace:
            return 0
        return self.rules.weekend_rank(pid, shift.date, shift.duty_id)

    def _urgency(self, pid: str, day: date) -> tuple[int, float]:
        """SeatRules.urgency, once per person and date: it reads the dates before `day`
        and the person's totals, and a person seated that date takes no other shift of it
        that overlaps (every shift of a date, in a Curtois instance)."""
        if self._urgency_day != day:
            self._urgency_day = day
            self._urgency_of = {}
        if pid not in self._urgency_of:
            self._urgency_of[pid] = self.rules.urgency(pid, day)
        return self._urgency_of[pid]

    def _place(self, shift: Shift, group_id: str, role: str, count: int, order: list) -> int:
        placed = 0
        people = self.scenario.person_by_id
        for pid in order:
            if placed >= count:
                break
            if role and role not in people[pid].roles:
                continue
            if self._fits(pid, shift):
                self._seat(Assignment(shift.date, shift.duty_id, group_id, role, pid), shift)
                self._whole_weekend(pid, shift)
                placed += 1
        return placed

    def _whole_weekend(self, pid: str, shift: Shift) -> None:
        """When pacing under a weekends max, a Saturday seat brings the person a Sunday
        seat still below its preferred headcount, of the same duty first: a weekend worked
        on one day spends a whole weekend of the max on half its seats, and the fill,
        date by date, would give the Sunday to someone else."""
        if not self.pace or not self.rules.weekends or shift.date.weekday() != 5:
            return
        sunday = shift.date + ONE_DAY
        if self.rules.works(pid, sunday):
            return
        cover = self.scenario.cover
        for other in sorted(
            self.rules.shifts_on.get(sunday, ()), key=lambda s: s.duty_id != shift.duty_id
        ):
            room = self.heads[other.id] < cover.shift_headcount(other.duty_id, sunday).preferred
            if room and self.seat_in(pid, other) is not None:
                return

    def _seat(self, a: Assignment, shift: Shift) -> None:
        self.roster[a] = None
        self.seated[(a.shift_id, a.group_id, "")] += 1
        self.heads[a.shift_id] += 1
        if a.role:
            self.seated[(a.shift_id, a.group_id, a.role)] += 1
        self.in_shift.setdefault(a.shift_id, set()).add(a.person_id)
        self.on_date.setdefault(a.date, set()).add(a.person_id)
        bisect.insort(self.dates[a.person_id], a.date)
        self.worked[a.person_id].append(shift)
        self.by_date[a.person_id].setdefault(shift.date, []).append(shift)
        self.rules.add(a.person_id, shift)

    def unseat(self, a: Assignment) -> None:
        shift = self.scenario.shift_by_id[a.shift_id]
        del self.roster[a]
        self.seated[(a.shift_id, a.group_id, "")] -= 1
        self.heads[a.shift_id] -= 1
        if a.role:
            self.seated[(a.shift_id, a.group_id, a.role)] -= 1
        self.in_shift[a.shift_id].discard(a.person_id)
        if not any(s.date == a.date for s in self.worked[a.person_id] if s is not shift):
            self.on_date[a.date].discard(a.person_id)
        self.dates[a.person_id].remove(a.date)
        self.worked[a.person_id].remove(shift)
        self.by_date[a.person_id][shift.date].remove(shift)
        self.rules.remove(a.person_id, shift)

    def place(self, a: Assignment) -> None:
        self._seat(a, self.scenario.shift_by_id[a.shift_id])

    def seated_count(self, shift: Shift) -> int:
        return self.heads[shift.id]

    def short_of(self, shift: Shift) -> int:
        """Ordinary seats of the shift below its groups' min (then 0)."""
        cover = self.scenario.cover
        short = 0
        for g in self.scenario.duty_by_id[shift.duty_id].groups:
            least = cover.headcount(shift.duty_id, shift.date, g.id).min
            short += max(0, least - self.seated[(shift.id, g.id, "")])
        return short

    def seat_in(self, pid: str, shift: Shift) -> Assignment | None:
        """An ordinary seat of the shift for the person, in a group with room, if they fit."""
        if not self.scenario.is_available(pid, shift) or not self._fits(pid, shift):
            return None
        cover = self.scenario.cover
        for group in self.scenario.duty_by_id[shift.duty_id].groups:
            heads = cover.headcount(shift.duty_id, shift.date, group.id)
            roles = sum(n.min for n in cover.roles(shift.duty_id, shift.date, group.id).values())
            if self.seated[(shift.id, group.id, "")] + roles < heads.max:
                a = Assignment(shift.date, shift.duty_id, group.id, "", pid)
                self._seat(a, shift)
                return a
        return None

    def _fits(self, pid: str, shift: Shift) -> bool:
        if pid in self.in_shift.get(shift.id, ()):
            return False
        if any(self._too_close(pid, s, shift) for s in self._near(pid, shift.date)):
            return False
        together = self.on_date.get(shift.date, set())
        if any(other in together for other in self.apart.get(pid, ())):
            return False
        if not all(self._within(rule, pid, shift.date) for rule in self.caps):
            return False
        return self.rules.allows(pid, shift)

    def _near(self, pid: str, day: date) -> list[Shift]:
        """The person's shifts starting within `reach` days of `day`: the only ones that
        can overlap a shift of that date or leave it too little rest."""
        mine = self.by_date[pid]
        found: list[Shift] = []
        for k in range(-self.reach, self.reach + 1):
            found += mine.get(day + timedelta(days=k), ())
        return found

    def _too_close(self, pid: str, worked: Shift, shift: Shift) -> bool:
        """The shifts overlap, or leave less rest between them than a rest_hours rule asks."""
        if worked.start < shift.end and shift.start < worked.end:
            return True
        for rule in self.rest_hours:
            least = 3600 * _number(self.scenario.limit(rule, pid, "min_hours"))
            if worked.end <= shift.start:
                gap = shift.start.timestamp() - worked.end.timestamp()
            else:
                gap = worked.start.timestamp() - shift.end.timestamp()
            if gap < least:
                return True
        return False

    def _within(self, rule: RuleSpec, pid: str, day: date) -> bool:
        """One duty more on `day` keeps the person within the rule in every window."""
        length = _window(self.scenario, rule, pid)
        days = self.scenario.days
        mine = self.dates[pid]
        first = max(0, self.scenario.day_index(day) - length + 1)
        last = min(self.scenario.day_index(day), max(0, len(days) - length))
        for i in range(first, last + 1):
            span = days[i : i + length]
            lo, hi = bisect.bisect_left(mine, span[0]), bisect.bisect_right(mine, span[-1])
            inside = sorted({*mine[lo:hi], day})
            if hi - lo + 1 > rule_cap(self.scenario, rule, pid, inside, len(span)):
                return False
        return True


def _reach(scenario: Scenario, rest_hours: Sequence[RuleSpec]) -> int:
    """Days between the starts of two shifts beyond which neither can overlap the other or
    leave it less rest than any hard rest_hours rule asks (per person values included)."""
    longest = max((s.end - s.start for s in scenario.shifts), default=timedelta(0))
    hours = [
        _number(scenario.limit(r, p.id, "min_hours")) for r in rest_hours for p in scenario.people
    ]
    span = longest + timedelta(hours=max(hours, default=0))
    return span.days + 2


def _window(scenario: Scenario, rule: RuleSpec, pid: str) -> int:
    """The dates a cap counts over (the checker's windows; the horizon when longer)."""
    if rule.kind == "rest":
        free = max(
            _number(rule.param("free_days")), _number(scenario.limit(rule, pid, "free_days"))
        )
        length = free + 1
    elif rule.kind == "max_in_window":
        length = _number(rule.param("days", 7))
    else:
        length = len(scenario.days)
    return min(length, len(scenario.days))


def _number(value: object) -> int:
    """A rule's whole-number parameter (inputs/rules.py has checked it is one)."""
    return int(cast(int, value))


def _apart_partners(scenario: Scenario) -> dict[str, set[str]]:
    hard = {r.name for r in scenario.rules if r.hard and r.kind == "apart"}
    out: dict[str, set[str]] = {}
    for pair in scenario.pairs:
        if pair.rule in hard:
            out.setdefault(pair.first, set()).add(pair.second)
            out.setdefault(pair.second, set()).add(pair.first)
    return out


def _prefer_not(scenario: Scenario) -> set[tuple[str, date]]:
    out = set()
    for period in scenario.availability:
        if period.status is AvailabilityStatus.PREFER_NOT:
            day = max(period.start, scenario.start)
            while day <= min(period.end, scenario.end):
                out.add((period.person_id, day))
                day += timedelta(days=1)
    return out


# ---- what the checker still finds ----


def repaired(
    scenario: Scenario, roster: tuple[Assignment, ...], fixed_before: date | None = None
) -> tuple[tuple[Assignment, ...], CheckReport]:
    """The roster less the seats of the hard rules it breaks (other than empty seats),
    round by round while that breaks fewer of them; with the checker's report."""
    best, cost = roster, check_by_parts(scenario, roster)
    for _ in range(REPAIR_ROUNDS):
        drop = _to_drop(best, cost.violations, fixed_before)
        if not drop:
            break
        trial = tuple(a for a in best if a not in drop)
        report = check_by_parts(scenario, trial)
        if broken(report.violations) >= broken(cost.violations):
            break
        best, cost = trial, report
    return best, cost


def broken(violations: Sequence[Violation]) -> tuple[int, int]:
    """Hard rules broken other than by empty seats, then the cost: an empty seat is the
    lesser harm (the coordinator can fill it by hand; a broken rest cannot be seen)."""
    other = sum(v.amount for v in violations if v.hard and v.kind not in UNMENDABLE)
    return other, sum(v.cost for v in violations)


def _to_drop(
    roster: Sequence[Assignment], violations: Sequence[Violation], fixed_before: date | None
) -> set[Assignment]:
    """The assignments behind each mendable hard violation: its person's on its date, or
    (a violation of the whole horizon) their last one of its duty."""
    by_person: dict[str, list[Assignment]] = {}
    for a in roster:
        if fixed_before is None or a.date >= fixed_before:
            by_person.setdefault(a.person_id, []).append(a)
    drop: set[Assignment] = set()
    for v in violations:
        if not v.hard or v.kind in UNMENDABLE or v.role == "min" or not v.person_id:
            continue
        mine = by_person.get(v.person_id, [])
        if v.date is not None:
            drop.update(a for a in mine if a.date == v.date)
        else:
            scoped = [a for a in mine if not v.duty_id or a.duty_id == v.duty_id] or mine
            if scoped:
                drop.add(max(scoped))
    return drop
