"""One person's row of the roster chosen again by a small CP-SAT model, everyone else's kept.

The seat-by-seat fill (solver/construct.py) commits a person's stretches and breaks date by
date, so on a long horizon many people end below a `workload` min with no date left where
one duty more keeps their consecutive and days-off rules (Curtois Instance20: 49 of 50
people, where the min is within three duties of the max). A person's row alone is a small
problem: their working days under the hard sequence rules the seating keeps
(solver/seat_rules.py: `consecutive` min and max, `days_off` min, `weekends` max,
`succession`, `workload` min and max) plus one shift at a time, stated here directly on
day literals (a clause per forbidden short stretch or break, a sum per window), which
CP-SAT solves in a fraction of a second where the general model of one person
(solver/blocks.py) found no row in 20 s.

The row's cost is exact with everyone else fixed: a seat of a shift below its min gains
what leaving it short costs, above preferred costs its `extra_weight`, a full shift is
closed; the person's own `on` and `not` requests at their weights. So choosing rows again,
person after person, never makes the roster's cover and requests cost worse. A chosen row
is seated through the seating's own test (`seat_in`); a rule the model does not state
(rest hours, caps, apart) refuses it there and the old row is kept.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property, partial
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from roster.cover import Costs, Cover, rule_costs, shortfall_factor
from roster.model import RuleSpec, Scenario, Shift
from roster.result import Assignment
from solver.mend import Seating
from solver.rules.requests import soft_wishes
from solver.seat_rules import Total

if TYPE_CHECKING:
    from solver.rows_replicas import Pool

ONE_DAY = timedelta(days=1)
# What a unit below a workload min costs in a row's model, by unit (minutes or duties):
# more than any seat or wish can gain, so a row reaches the min first where it can.
SHORT_COST = {True: 10, False: 5_000}
# Rows are chosen again at most this many dates at a time: a year's row of 32 shift types
# is too slow a model to solve for each of 150 people, and spans of a quarter leave worse
# rows (bench/README.md, "Instances 19-24").
WINDOW_DAYS = 182
RETRY_WORK = 4
# The passes of `improve_rows`, in turn: everyone's own row, everyone in pairs, a few
# people around each short shift (solver/rows_groups.py).
PASSES = ("rows", "pairs", "holes")
# Where one pass of single rows takes most of the clock (no model after the rows: a
# year of 100-150 people), the pass around short shifts only displaces the next pass of
# rows, which gains more there (docs/decisions.md, "Rows around the short shifts"); from
# the second round on, everyone's rows around each split weekend (solver/rows_weekends.py).
ROWS_ONLY_PASSES = ("rows", "pairs", "weekends")
# What a day literal is: a Boolean variable, or a constant 0 (no shift the person could work).
Lit = cp_model.IntVar | int


@dataclass
class RowStats:
    tried: int = 0
    changed: int = 0
    no_row: int = 0  # no row keeping the hard rules found (or proven none) in its budget
    refused: int = 0  # a row the seating refused (a rule not stated here)
    work: float = 0.0  # deterministic units spent
    # Each pass's turns, seconds and changes ("short": those breaking a rule, first).
    passes: dict[str, dict[str, float]] = field(default_factory=dict)
    # Processes that planned the rows (solver/rows_replicas.py; 0: this one), and whether
    # one died or went its own way, leaving the rest to this process.
    processes: int = 0
    fell_back: bool = False

    def record(self, kind: str, started: float, changed_before: int) -> None:
        """One turn of a pass, begun at `started` (perf_counter) with `changed_before`."""
        entry = self.passes.setdefault(kind, {"turns": 0, "s": 0.0, "changed": 0})
        entry["turns"] += 1
        entry["s"] = round(entry["s"] + time.perf_counter() - started, 3)
        entry["changed"] += self.changed - changed_before

    def summary(self) -> dict[str, object]:
        """What the rows did, for the solve's stats (summary.json's "solver")."""
        counts = {"tried": self.tried, "changed": self.changed, "no_row": self.no_row}
        planned = {"processes": self.processes, "fell_back": self.fell_back}
        return counts | {"refused": self.refused, "passes": self.passes} | planned

    def spent(self, budget: RowBudget) -> bool:
        return self.work >= budget.work or time.time() >= budget.until

    def note(self, outcome: str, work: float) -> None:
        """One more row or group tried: its outcome ('changed', 'same', 'no_row' or
        'refused') and the work it took."""
        self.tried += 1
        self.work += work
        self.changed += outcome == "changed"
        self.refused += outcome == "refused"
        self.no_row += outcome == "no_row"

    def tally(self, outcomes: set[str]) -> None:
        """One more person tried, on one window or more (each window's outcome in
        `outcomes`, their work already counted): changed if any window changed."""
        self.tried += 1
        if "changed" in outcomes:
            self.changed += 1
        elif "refused" in outcomes:
            self.refused += 1
        elif "no_row" in outcomes:
            self.no_row += 1


class Frame:
    """What every person's row model shares: the dates, each date's shifts, whether they
    all overlap one another (then one shift that date), the shifts of the next date that
    overlap one of it; the cover rule's costs and the requests by person."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.days = scenario.days
        self.by_date: dict[date, list[Shift]] = {}
        for shift in scenario.shifts:
            self.by_date.setdefault(shift.date, []).append(shift)
        self.cover_rule = next(scenario.rule("cover"), None)
        self._clashes: dict[date, list[tuple[Shift, Shift]]] = {}
        self._level: dict[str, tuple[Cover, Costs | None]] = {}
        self._sizes: dict[int, dict[str, int]] = {}
        self._counted: dict[int, list[str]] = {}
        self._seat_costs: dict[tuple[str, int, int], tuple[int, ...]] = {}
        self._available: dict[str, tuple[Sequence[Shift], list[date] | None]] = {}
        self.requests = soft_wishes(scenario)

    @cached_property
    def one_a_day(self) -> frozenset[date]:
        """Dates whose shifts all overlap one another: at most one of them per person."""
        out = set()
        for day, shifts in self.by_date.items():
            if all(_overlap(a, b) for i, a in enumerate(shifts) for b in shifts[i + 1 :]):
                out.add(day)
        return frozenset(out)

    def clashes(self, day: date) -> list[tuple[Shift, Shift]]:
        """Pairs of shifts overlapping that start on `day` and on `day` or the next date,
        other than those a one-a-day date already excludes (found once per date: every
        row model asks for them)."""
        if day not in self._clashes:
            self._clashes[day] = self._find_clashes(day)
        return self._clashes[day]

    def _find_clashes(self, day: date) -> list[tuple[Shift, Shift]]:
        today = self.by_date.get(day, [])
        out = [(a, b) for a in today for b in self.by_date.get(day + ONE_DAY, []) if _overlap(a, b)]
        if day not in self.one_a_day:
            out += [(a, b) for i, a in enumerate(today) for b in today[i + 1 :] if _overlap(a, b)]
        return out

    def gain(self, state: Seating, shift: Shift, mine: bool) -> int | None:
        """The change in the cover's cost when the person takes a seat of the shift, the
        others' seats as they are; None: the shift is full."""
        return self.seat_cost(shift, state.seated_count(shift) - int(mine))

    def seat_cost(self, shift: Shift, before: int) -> int | None:
        """The change in the cover's cost of one seat more of the shift where `before`
        are seated; None: the shift is full."""
        level, costs = self._levels(shift)
        if before >= level.max:
            return None
        if costs is None:
            return 0
        if before < level.min:
            return -costs.below_min
        if before < level.preferred:
            return -costs.below_preferred
        return costs.above_preferred

    def seat_costs(self, shift: Shift, before: int, most: int) -> tuple[int, ...]:
        """What each of up to `most` seats more costs in turn where `before` are seated
        (fewer: the shift is full); read once per count (every group model asks)."""
        key = (shift.id, before, most)
        if key not in self._seat_costs:
            out = []
            for k in range(most):
                cost = self.seat_cost(shift, before + k)
                if cost is None:
                    break
                out.append(cost)
            self._seat_costs[key] = tuple(out)
        return self._seat_costs[key]

    def _levels(self, shift: Shift) -> tuple[Cover, Costs | None]:
        """The shift's headcount and its cover costs, read once (every row asks)."""
        if shift.id not in self._level:
            level = self.scenario.cover.shift_headcount(shift.duty_id, shift.date)
            costs = None
            if self.cover_rule is not None:
                factor = shortfall_factor(self.cover_rule, shift.duty_id)
                costs = rule_costs(self.cover_rule, self.scenario.solver.hard_weight, factor)
            self._level[shift.id] = (level, costs)
        return self._level[shift.id]

    def available_within(self, pid: str, window: tuple[date, date]) -> list[Shift]:
        """The person's shifts (`available_shifts`, in scenario order) on the window's
        dates: found by bisection where that order is by date (a short window's row would
        otherwise scan a year's shifts)."""
        if pid not in self._available:
            found = self.scenario.available_shifts(pid)
            on = [s.date for s in found]
            self._available[pid] = (found, on if on == sorted(on) else None)
        shifts, dates = self._available[pid]
        first, last = window
        if dates is None:
            return [s for s in shifts if first <= s.date <= last]
        return list(shifts[bisect_left(dates, first) : bisect_right(dates, last)])

    def counted_duties(self, total: Total) -> list[str]:
        """The duties with a shift the total counts (a size above 0), in scenario order."""
        key = id(total)
        if key not in self._counted:
            size = self.sizes(total)
            found = {s.duty_id: None for s in self.scenario.shifts if size[s.id]}
            self._counted[key] = list(found)
        return self._counted[key]

    def sizes(self, total: Total) -> dict[str, int]:
        """Each shift's size in the total's unit (0: it does not count), read once."""
        key = id(total)
        if key not in self._sizes:
            self._sizes[key] = {s.id: total.size(s) for s in self.scenario.shifts}
        return self._sizes[key]


def _overlap(a: Shift, b: Shift) -> bool:
    return a.start < b.end and b.start < a.end


class Row:
    """The model of one person's row on the dates of `window` (first, last), their duties
    on the other dates kept as they are (constants in the rules that reach across).

    `model`: a model shared with other people's rows (solver/rows_groups.py), which then
    prices the cover itself (`priced` False: no cover terms, no shift closed as full)."""

    def __init__(
        self,
        frame: Frame,
        state: Seating,
        pid: str,
        mine: set[str],
        window: tuple[date, date],
        model: cp_model.CpModel | None = None,
        priced: bool = True,
    ) -> None:
        self.frame = frame
        self.state = state
        self.pid = pid
        self.window = window
        self.model = model or cp_model.CpModel()
        self.x: dict[str, tuple[Shift, cp_model.IntVar]] = {}
        self.on: dict[date, list[tuple[Shift, cp_model.IntVar]]] = {}
        self.by_duty: dict[str, list[tuple[str, cp_model.IntVar]]] = {}
        self.fixed: dict[date, list[Shift]] = {}
        self.terms: list[tuple[cp_model.IntVar, int]] = []
        # The person's duties now: every variable the model adds is hinted from them, so
        # the hint is complete (a group model's search could spend its whole budget
        # completing one, and find no row).
        self.mine = mine
        first, last = window
        shift_by_id = frame.scenario.shift_by_id
        for sid in mine:
            shift = shift_by_id[sid]
            if not first <= shift.date <= last:
                self.fixed.setdefault(shift.date, []).append(shift)
        for shift in frame.available_within(pid, window):
            gain = frame.gain(state, shift, shift.id in mine) if priced else 0
            if gain is None:
                continue
            var = self.model.new_bool_var(f"{pid}:{shift.id}")
            self.x[shift.id] = (shift, var)
            self.on.setdefault(shift.date, []).append((shift, var))
            self.by_duty.setdefault(shift.duty_id, []).append((shift.id, var))
            if gain:
                self.terms.append((var, gain))
        self._worked: dict[str, dict[date, Lit]] = {}
        self._banned: dict[str, frozenset[str]] = {}
        self._kept = [s.id for shifts in self.fixed.values() for s in shifts]
        # The window's first and last positions among the dates: a rule's span or stretch
        # wholly outside it holds constants only and adds nothing to the model.
        self._first_at = (first - frame.days[0]).days
        self._last_at = (last - frame.days[0]).days

    def worked(self, duty: str = "") -> dict[date, Lit]:
        """Each date's literal: the person starts a duty (of `duty`) that date (outside the
        window a constant)."""
        if duty not in self._worked:
            out: dict[date, Lit] = {}
            first, last = self.window
            for day in self.frame.days:
                if first <= day <= last:
                    out[day] = self._any(self._matching(day, duty), day, duty)
                else:
                    kept = self.fixed.get(day, ())
                    out[day] = int(any(not duty or s.duty_id == duty for s in kept))
            self._worked[duty] = out
        return self._worked[duty]

    def _any(self, items: list[tuple[Shift, cp_model.IntVar]], day: date, duty: str) -> Lit:
        xs = [x for _, x in items]
        if not xs:
            return 0
        if len(xs) == 1:
            return xs[0]
        w = self.model.new_bool_var(f"w{day}")
        self.model.add_hint(w, self._holds(day, duty))
        if day in self.frame.one_a_day:
            self.model.add(w == sum(xs))
        else:
            self.model.add_max_equality(w, xs)
        return w

    def state_rules(self) -> None:
        rules = self.state.rules
        for day, items in self.on.items():
            if day in self.frame.one_a_day and len(items) > 1:
                self.model.add_at_most_one(x for _, x in items)
            for a, b in self.frame.clashes(day):
                if a.id in self.x and b.id in self.x:
                    self.model.add(self.x[a.id][1] + self.x[b.id][1] <= 1)
        self._succession(rules.after)
        for rule in rules.consecutive:
            self._consecutive(rule)
        for rule in rules.days_off:
            self._breaks(rule)
        for rule in rules.weekends:
            self._weekends(rule)
        self.short: list[tuple[cp_model.IntVar, int]] = []
        for total in rules.totals:
            self._total(total)

    def _total(self, total: Total) -> None:
        """Within the max; below the min only by a slack that costs more than any seat
        gains (a row of the window alone may not reach it)."""
        rules = self.state.rules
        size = self.frame.sizes(total)
        sizes = [(x, size[sid]) for sid, x in self._counted(total) if size[sid]]
        kept = sum(map(size.__getitem__, self._kept))
        load = kept + cp_model.LinearExpr.weighted_sum([x for x, _ in sizes], [n for _, n in sizes])
        low = rules.limit(total.rule, self.pid, "min")
        high = rules.limit(total.rule, self.pid, "max")
        if low:
            slack = self.model.new_int_var(0, low, "short")
            self.model.add(load + slack >= low)
            held = kept + sum(size[sid] for sid in self.mine if sid in self.x)
            self.model.add_hint(slack, max(0, min(low, low - held)))
            self.short.append((slack, SHORT_COST[total.minutes]))
        if high is not None and high >= kept:
            self.model.add(load <= high)

    def _counted(self, total: Total) -> list[tuple[str, cp_model.IntVar]]:
        """The window's (shift id, literal) of the duties the total counts, in the order
        the literals were made (a total of one duty among 32 reads a 32nd of them)."""
        duties = [d for d in self.frame.counted_duties(total) if d in self.by_duty]
        if len(duties) == len(self.by_duty):
            return [(sid, x) for sid, (_, x) in self.x.items()]
        if len(duties) == 1:
            return self.by_duty[duties[0]]
        found = [item for duty in duties for item in self.by_duty[duty]]
        return sorted(found, key=lambda item: item[1].index)

    def _succession(self, after: dict[str, set[str]]) -> None:
        """A duty's shift and, the next date, any duty that may not follow it: not both
        (one clique per date and set of duties banned after, where both dates take one
        shift at most); next to a kept duty, the shifts that may not neighbour it are
        closed."""
        one_a_day = self.frame.one_a_day
        for day, items in self.on.items():
            following = self.on.get(day + ONE_DAY, ())
            kept_next = self.fixed.get(day + ONE_DAY, ())
            kept_before = self.fixed.get(day - ONE_DAY, ())
            by_banned: dict[frozenset[str], list[cp_model.IntVar]] = {}
            for shift, x in items:
                banned = self._banned_after(after, shift.duty_id)
                if kept_next and any(t.duty_id in banned for t in kept_next):
                    self.model.add(x == 0)
                if kept_before and any(shift.duty_id in after.get(t.duty_id, ()) for t in kept_before):  # fmt: skip  # noqa: E501
                    self.model.add(x == 0)
                if banned:
                    by_banned.setdefault(banned, []).append(x)
            if not following:
                continue
            for banned, xs in by_banned.items():
                then = [y for s, y in following if s.duty_id in banned]
                if then:
                    self._not_both(xs, then, day in one_a_day, day + ONE_DAY in one_a_day)

    def _banned_after(self, after: dict[str, set[str]], duty: str) -> frozenset[str]:
        if duty not in self._banned:
            self._banned[duty] = frozenset(after.get(duty, ()))
        return self._banned[duty]

    def _not_both(
        self, xs: list[cp_model.IntVar], then: list[cp_model.IntVar], one: bool, one_next: bool
    ) -> None:
        """No literal of `xs` (one date's) with one of `then` (the next date's)."""
        if one and one_next:
            self.model.add_at_most_one(xs + then)
        elif one_next:
            for x in xs:
                self.model.add(x + sum(then) <= 1)
        else:
            for x in xs:
                for y in then:
                    self.model.add(x + y <= 1)

    def _consecutive(self, rule: RuleSpec) -> None:
        duty = str(rule.param("duty", "") or "")
        worked = self.worked(duty)
        w = [worked[d] for d in self.frame.days]
        cap = self.state.rules.limit(rule, self.pid, "max")
        if cap is not None:
            for i in range(max(0, self._first_at - cap), min(len(w) - cap, self._last_at + 1)):
                span = w[i : i + cap + 1]
                free = [v for v in span if not isinstance(v, int)]
                kept = sum(v for v in span if isinstance(v, int))
                if free and kept <= cap and len(free) + kept > cap:
                    self.model.add(sum(free) <= cap - kept)
        least = self.state.rules.limit(rule, self.pid, "min")
        if least is not None:
            self._no_short_runs(w, least, worked=True)

    def _breaks(self, rule: RuleSpec) -> None:
        least = self.state.rules.limit(rule, self.pid, "min")
        if least is not None:
            worked = self.worked()
            self._no_short_runs([worked[d] for d in self.frame.days], least, worked=False)

    def _no_short_runs(self, w: list[Lit], least: int, worked: bool) -> None:
        """No stretch of worked (or of free) dates shorter than `least` strictly inside the
        horizon: for each length below it and each start, a clause (none where the kept
        duties alone decide it)."""
        for length in range(1, least):
            # the stretches w[i-1 .. i+length] that reach into the window
            starts = range(max(1, self._first_at - length), min(len(w) - length, self._last_at + 2))
            for i in starts:
                inside = w[i : i + length]
                edges = (w[i - 1], w[i + length])
                lits = [_lit(v, worked) for v in edges] + [_lit(v, not worked) for v in inside]
                if any(lit is True for lit in lits):
                    continue
                clause = [lit for lit in lits if lit is not False]
                if clause:
                    self.model.add_bool_or(clause)

    def _weekends(self, rule: RuleSpec) -> None:
        cap = self.state.rules.limit(rule, self.pid, "max")
        if cap is None:
            return
        duty = str(rule.param("duty", "") or "")
        worked = self.worked(duty)
        by_saturday: dict[date, list[Lit]] = {}
        for day, v in worked.items():
            if day.weekday() >= 5:
                by_saturday.setdefault(day - timedelta(days=day.weekday() - 5), []).append(v)
        ends = []
        kept = 0
        for saturday, vs in sorted(by_saturday.items()):
            if any(v == 1 for v in vs if isinstance(v, int)):
                kept += 1
                continue
            free = [v for v in vs if not isinstance(v, int)]
            if not free:
                continue
            end = self.model.new_bool_var(f"we{saturday}")
            self.model.add_hint(
                end, any(self._holds(saturday + timedelta(k), duty) for k in (0, 1))
            )
            for v in free:
                self.model.add_implication(v, end)
            ends.append(end)
        if kept <= cap and len(ends) + kept > cap:
            self.model.add(sum(ends) <= cap - kept)

    def objective(self) -> None:
        terms = self.cost_terms()
        self.model.minimize(
            cp_model.LinearExpr.weighted_sum([x for x, _ in terms], [c for _, c in terms])
        )

    def cost_terms(self) -> list[tuple[cp_model.IntVar, int]]:
        """The row's cost as (literal, coefficient) pairs: the cover's (when priced), the
        workload shortfall's, the requests'."""
        terms = list(self.terms) + self.short
        for day, duty, weight in self.frame.requests.get(self.pid, ()):
            xs = [x for s, x in self._matching(day, duty)]
            if weight > 0:  # not: each matching duty costs
                terms += [(x, weight) for x in xs]
            elif xs:  # on: missed unless one matching duty is worked
                hit = self.model.new_bool_var(f"hit{day}")
                self.model.add_hint(hit, self._holds(day, duty))
                self.model.add(hit <= sum(xs))
                terms.append((hit, weight))
        return terms

    def _holds(self, day: date, duty: str) -> bool:
        """Whether the person's duties now include one (of `duty`) that date."""
        return any(s.id in self.mine for s, _ in self._matching(day, duty))

    def _matching(self, day: date, duty: str) -> list[tuple[Shift, cp_model.IntVar]]:
        return [(s, x) for s, x in self.on.get(day, ()) if not duty or s.duty_id == duty]

    def cost_of(self, worked: set[str]) -> int:
        """The objective's value for the row of these shifts (in the window, the kept
        duties outside it)."""
        gains = {x.index: c for x, c in self.terms}
        cost = sum(gains.get(self.x[sid][1].index, 0) for sid in worked if sid in self.x)
        for day, duty, weight in self.frame.requests.get(self.pid, ()):
            hits = sum(s.id in worked for s, _ in self._matching(day, duty))
            cost += weight * hits if weight > 0 else weight * bool(hits)
        rules = self.state.rules
        by_id = self.frame.scenario.shift_by_id
        for total in rules.totals:
            low = rules.limit(total.rule, self.pid, "min")
            if low:
                load = sum(total.size(by_id[sid]) for sid in worked)
                cost += SHORT_COST[total.minutes] * max(0, low - load)
        return cost


def _lit(v: Lit, positive: bool) -> cp_model.LiteralT:
    """The literal `v` (positive) or its negation, a constant as True/False."""
    if isinstance(v, int):
        return bool(v) == positive
    return v if positive else ~v


@dataclass(frozen=True)
class RowBudget:
    """How long rows are chosen again: until `until` (seconds since the epoch) and within
    `work` deterministic units in all, each person's model within `person_work`."""

    until: float
    work: float
    person_work: float = 0.5


def improve_rows(
    state: Seating, budget: RowBudget, passes: Sequence[str] = PASSES, processes: bool = False
) -> RowStats:
    """The people below a workload min or with a short stretch first, then everyone in
    turn, pass after pass (the windows shifted by half a window each pass): one person's
    row at a time, then people in pairs, then a few people around each short shift
    (solver/rows_groups.py), in turn (`passes`), until a round of them changes nothing
    or the budget is spent."""
    from solver.rows_replicas import row_processes

    if not processes:
        return _improve_rows(state, budget, passes, None)
    with row_processes(state) as pool:
        stats = _improve_rows(state, budget, passes, pool)
        if pool is not None:
            stats.processes, stats.fell_back = pool.started, pool.broken
        return stats


def _improve_rows(state: Seating, budget: RowBudget, passes: Sequence[str], pool: Pool) -> RowStats:
    from solver.rows_groups import choose_around_short, choose_groups  # they build on Row
    from solver.rows_weekends import choose_weekends

    frame = Frame(state.scenario)
    people = [p.id for p in state.scenario.people]
    started_at = time.perf_counter()
    short = [p for p in people if _breaks_a_rule(state, p)]
    # Those breaking a rule each get their turn whatever the work budget (the clock still
    # stops them): the budget is for improving rows that keep the rules.
    stats = choose_rows(state, short, replace(budget, work=math.inf), frame, pool=pool)
    if short:
        stats.record("short", started_at, 0)
    turn = 0
    idle: set[str] = set()  # the passes run since the last change
    ran: set[str] = set()
    while not stats.spent(budget) and idle != set(passes):
        turn += 1
        changed = stats.changed
        kind = passes[(turn - 1) % len(passes)]
        if kind == "weekends" and not ran >= set(passes) - {kind}:
            continue  # after a first round of the others: early they gain more
        ran.add(kind)
        began = time.perf_counter()
        if kind == "rows":
            stats = choose_rows(state, people, budget, frame, stats, turn, pool)
        elif kind == "pairs":
            stats = choose_groups(state, people, budget, frame, stats, turn, pool)
        elif kind == "weekends":
            stats = choose_weekends(state, budget, frame, stats, turn, pool)
        else:
            stats = choose_around_short(state, budget, frame, stats, turn)
        stats.record(kind, began, changed)
        idle = idle | {kind} if stats.changed == changed else set()
    return stats


def windows(days: Sequence[date], turn: int = 0) -> list[tuple[date, date]]:
    """The horizon in spans of WINDOW_DAYS dates (one span if shorter), the cuts moved by
    half a span on odd turns."""
    if len(days) <= WINDOW_DAYS:
        return [(days[0], days[-1])]
    cuts = list(range((turn % 2) * (WINDOW_DAYS // 2), len(days), WINDOW_DAYS))
    starts = [0] + [c for c in cuts if c > 0]
    ends = [s - 1 for s in starts[1:]] + [len(days) - 1]
    return [(days[i], days[j]) for i, j in zip(starts, ends, strict=True)]


def choose_rows(
    state: Seating,
    order: Sequence[str],
    budget: RowBudget,
    frame: Frame | None = None,
    stats: RowStats | None = None,
    turn: int = 0,
    pool: Pool = None,
) -> RowStats:
    """People of `order` one after another while the budget lasts, window by window:
    each given the row their model finds best, when it costs less than theirs (or theirs
    breaks a rule) and the seating accepts it. A person breaking a rule stops at the
    first window after which they keep them. The windows go as a wave, several at once
    (solver/rows_wave.py)."""
    from solver.rows_replicas import Planned
    from solver.rows_wave import row_pool, wave

    frame = frame or Frame(state.scenario)
    stats = stats or RowStats()
    spans = windows(frame.days, turn)
    plan = Planned(plan_row, frame, state, budget)
    with row_pool(state.scenario, pool) as chosen:
        for run, breaking in _runs(state, order):
            if stats.spent(budget):
                break
            if breaking:
                _mend_rows(frame, state, run, budget, spans, stats, chosen)
                continue
            for outcomes in wave(state, run, spans, plan, budget, stats, chosen):
                if outcomes:
                    stats.tally(set(outcomes))
    return stats


def _runs(state: Seating, order: Sequence[str]) -> Iterator[tuple[list[str], bool]]:
    """`order` in runs of people keeping the rules and runs of people breaking one (their
    rows take more sweeps); only a person's own row decides whether they do."""
    run: list[str] = []
    run_breaking = False
    for pid in order:
        breaking = _breaks_a_rule(state, pid)
        if run and breaking != run_breaking:
            yield run, run_breaking
            run = []
        run.append(pid)
        run_breaking = breaking
    if run:
        yield run, run_breaking


def _mend_rows(
    frame: Frame,
    state: Seating,
    run: list[str],
    budget: RowBudget,
    spans: list[tuple[date, date]],
    stats: RowStats,
    pool: Pool,
) -> None:
    """The rows of people breaking a rule chosen again, side by side on different windows
    (solver/rows_wave.py, `_spread_steps`), each until they keep the rules (see `choose_rows`):
    those still breaking one after a sweep get one more with RETRY_WORK times the work
    (their model found no row within it). One at a time, they left the solve's other
    workers idle (Curtois Instance22: 30 people, a seventh of the clock)."""
    from solver.rows_replicas import Planned
    from solver.rows_wave import wave

    outcomes: dict[str, set[str]] = {pid: set() for pid in run}
    kept = partial(_keeps_the_rules, state)
    for work in (budget.person_work, RETRY_WORK * budget.person_work):
        breaking = [pid for pid in run if _breaks_a_rule(state, pid)]
        if not breaking or stats.spent(budget):
            break
        plan = Planned(plan_row, frame, state, replace(budget, person_work=work))
        found = wave(state, breaking, spans, plan, budget, stats, pool, kept)
        for pid, theirs in zip(breaking, found, strict=True):
            outcomes[pid].update(theirs)
    for tried in outcomes.values():
        if tried:
            stats.tally(tried)


def _keeps_the_rules(state: Seating, pid: str) -> bool:
    return not _breaks_a_rule(state, pid)


def _breaks_a_rule(state: Seating, pid: str) -> bool:
    return state.rules.below_min(pid) or bool(state.rules.short_stretches(pid))


Change = tuple[str, tuple[Assignment, ...], tuple[Shift, ...]]  # person, old seats, new shifts


@dataclass(frozen=True)
class RowPlan:
    """Rows chosen, not yet seated: 'new' (each person's `changes`), 'same' or 'no_row';
    the work the model took."""

    outcome: str
    work: float
    changes: tuple[Change, ...] = ()


def plan_row(
    frame: Frame,
    state: Seating,
    pid: str,
    budget: RowBudget,
    window: tuple[date, date] | None = None,
) -> RowPlan:
    """The row the person's model finds best on the window, the seating only read (so
    people's rows on other windows may be planned at once: solver/rows_wave.py)."""
    window = window or (frame.days[0], frame.days[-1])
    mine = {a.shift_id: a for a in state.roster if a.person_id == pid}
    if any(a.role for a in mine.values()):
        return RowPlan("same", 0.0)  # role seats are the seating's to give
    row = Row(frame, state, pid, set(mine), window)
    row.state_rules()
    row.objective()
    hint_all(row.model, [(x, shift.id in mine) for shift, x in row.x.values()])
    solver = row_solver(state, budget)
    code = solver.solve(row.model)
    work = solver.deterministic_time
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RowPlan("no_row", work)
    if not _breaks_a_rule(state, pid) and solver.objective_value >= row.cost_of(set(mine)):
        return RowPlan("same", work)
    chosen = tuple(s for s, x in row.x.values() if solver.boolean_value(x))
    old = tuple(a for a in mine.values() if a.shift_id in row.x or _inside(a.date, window))
    return RowPlan("new", work, ((pid, old, chosen),))


def hint_all(model: cp_model.CpModel, hints: Sequence[tuple[cp_model.IntVar, bool]]) -> None:
    """Each variable (not a negation) hinted at its value, in bulk: add_hint is a Python
    call per variable, and a group's model has thousands."""
    model.proto.solution_hint.vars.extend(x.index for x, _ in hints)
    model.proto.solution_hint.values.extend(int(on) for _, on in hints)


def hint_every(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Every variable of the model hinted, in index order: a complete hint (a roster or a
    plan completed by a solve with its choices fixed), in place of any hint before."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


def apply_plan(state: Seating, plan: RowPlan) -> str:
    """The plan's rows seated: 'changed', or 'refused' where the seating refuses a duty of
    one (the old rows kept); a plan with no new rows keeps its outcome."""
    if plan.outcome != "new":
        return plan.outcome
    outcome = "changed" if apply_rows(state, plan.changes) else "refused"
    if state.journal is not None:  # copies of the seating follow it (solver/rows_replicas.py)
        state.journal.append((plan, outcome))
    return outcome


def row_solver(state: Seating, budget: RowBudget) -> cp_model.CpSolver:
    """A one-worker solver for a row model (or a few rows together) within `budget`."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    # The LP relaxation of the workload sums over the day literals: without it one worker
    # found no row of a Curtois person in 30 s; with it, the best row in 0.3-2.5 s.
    p.linearization_level = 2
    # A row model is small and its hint nearly complete: the full presolve can spend a
    # person's whole work budget before any search (then no row at all), the light one
    # finds the same best row (docs/decisions.md, "Rows faster, in pairs").
    p.cp_model_probing_level = 0
    p.max_presolve_iterations = 1
    p.symmetry_level = 0
    p.find_big_linear_overlap = False
    p.random_seed = state.scenario.solver.seed
    p.max_deterministic_time = budget.person_work
    p.max_time_in_seconds = max(0.01, min(budget.until - time.time(), 1e9))
    return solver


def _inside(day: date, window: tuple[date, date]) -> bool:
    return window[0] <= day <= window[1]


def apply_rows(state: Seating, changes: Sequence[Change]) -> bool:
    """Each (person, old seats, new shifts): the new rows, or every old one back if the
    seating refuses a duty of one (all old seats leave first: a shift may pass from one of
    the people to another). The breaks are the model's to keep: seated in date order, the
    duties of a window shorten a break before the kept duty after it on the way (as when
    mend fills a whole break)."""
    for _, old, _ in changes:
        for a in old:
            state.unseat(a)
    new: list[Assignment] = []
    state.rules.filling_gap = True
    try:
        for pid, _, chosen in changes:
            for shift in sorted(chosen, key=lambda s: s.start):
                seat = state.seat_in(pid, shift)
                if seat is None:
                    for b in new:
                        state.unseat(b)
                    for _, old, _ in changes:
                        for b in old:
                            state.place(b)
                    return False
                new.append(seat)
    finally:
        state.rules.filling_gap = False
    return True
