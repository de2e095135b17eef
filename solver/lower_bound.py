"""A lower bound of the objective by Lagrangian relaxation of the cover rows.

The whole model's cost is the blocks' own penalties (solver/blocks.py: every family but
cover, roles and the group split concerns one person or one linked pair) plus the cover's,
and the cover's cost on a shift depends only on how many people work it, `n`. Give each
shift a price `mu` per person working it and let the blocks and the counts part:

    min over rosters of cost >= sum over blocks of min (own cost + sum of mu * works)
                              + sum over shifts of min over n of (cover(n) - mu * n)

for every choice of prices (the roster's own count makes each pair of terms equal, and
each minimum can only go lower). With `mu = 0` this is the person bound the blocks give
already; the rounds below raise it towards the bound of the linear relaxation over each
person's whole schedules (column generation: a linear master over the schedules found so
far sets the next prices), which on rostering models is close to the optimum, where CP-SAT's
own bound on the whole model can stay far below it (docs/decisions.md, "A bound by pricing
the cover").

Every term is proven: a block contributes its solver's proven bound (its objective when
solved to optimality), a shift's minimum is taken over every count the model allows, and
shifts whose cost is not a function of their count alone (per-group counts, role seats)
contribute 0 at price 0, which only drops a non-negative cost. Prices are integers in
units of 1/SCALE, so each block's objective stays integral and the sum is exact.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.cover import Costs, rule_costs, shortfall_factor
from roster.model import Scenario, Shift, SolverSettings
from solver import blocks, dive
from solver import budget as clock
from solver.budget import (
    DIVE_SHARE,
    LOWER_BOUND_GRACE_GAP,
    LOWER_BOUND_GRACE_SHARE,
    LOWER_BOUND_RISE_SHARE,
    LOWER_BOUND_SHARE,
    PHASED_LOWER_BOUND_SHARE,
)
from solver.master import SCALE, Master
from solver.penalty import Penalty

# What a block's solve costs beyond its search, in work units (about seconds): loading and
# presolving the model, which CP-SAT's deterministic time leaves out and which is most of
# the wall time of a model this small (20-40 ms a call on a loaded 2-core machine, against
# 1-5 ms of search), so that a deterministic budget lasts about as long as a wall-clock one.
BLOCK_CALL_WORK = 0.03
# A block's solve per round at most this much work (deterministic time): rounds are many,
# and a block not solved to its optimum still gives its proven bound.
ROUND_BLOCK_DTIME = 0.5
# The next prices: this share of the prices of the best bound so far, the rest the master's
# duals (smoothing: the duals alone swing from one extreme to the other between rounds).
SMOOTH = 0.5
# The rounds the budget must hold, at the pace of the last two, for the relaxation to go on:
# after the first round the values stay negative for 8-10 rounds while the master gathers
# schedules (Curtois 7-10), so a budget of fewer rounds buys nothing but a search shortened
# for nothing (docs/decisions.md, "A bound by pricing the cover").
MIN_ROUNDS = 12


@dataclass(frozen=True)
class LowerBound:
    """A proven lower bound of the whole model's objective and how it was found."""

    value: int
    rounds: int
    seconds: float
    work: float  # the blocks' solves' deterministic time, and BLOCK_CALL_WORK a call
    proven_rounds: int  # rounds whose every block was solved to its optimum
    # Each person's cheapest schedule at the best bound's prices, as (person, shift id)
    # worked: a roster keeping everyone's own hard rules (`roster_at_prices`); empty when a
    # block holds several people (its schedule does not say who works which shift).
    schedules: tuple[tuple[str, str], ...] = ()
    # Every schedule the rounds found, each person's to choose from (solver/columns.py);
    # None when a block holds several people.
    columns: Columns | None = None
    # Stopped with no round above the first (LOWER_BOUND_RISE_SHARE): its schedules are
    # not offered as columns.
    heading_in: bool = False
    # Went past its share by LOWER_BOUND_GRACE_SHARE to close the last of the gap to the
    # master's value (`_Spent.grace`).
    graced: bool = False
    # The dive after it (solver/dive.py): seconds, work, steps, whether it ended on one
    # schedule per person, the master's value then; None when it did not run.
    dive: dict[str, float | int | bool] | None = None
    # Stopped because the bound could not rise (the master at its optimum over every
    # schedule): its dive catches the master up after each step (solver/dive.py).
    converged: bool = False
    # The best bound's prices and each person's proven least priced cost at them: a cut
    # per person the whole model may post (`PricedCuts`); None for blocks of several.
    cuts: PricedCuts | None = field(default=None, hash=False)  # compared, not hashed
    # The rounds' state when they were cut by their budget short of the master's value:
    # they may go on after the search (`resume`); None otherwise.
    ascent: _Ascent | None = field(default=None, compare=False, repr=False)
    # The rounds after the search (`resume`): rounds, seconds, the bound before and after,
    # whether they ended at the master's optimum; None when they did not run.
    resumed: dict[str, float | int | bool] | None = None


@dataclass(frozen=True)
class PricedCuts:
    """At the best bound's prices `mu` (units of 1/SCALE per person working the shift),
    each person's own cost x SCALE plus the prices of the shifts they work is at least
    their `lower`, in every roster keeping their hard rules: the Lagrangian's terms, one
    per person, as linear rows the whole model's relaxation can read (then its own bound
    and reduced costs see what the cover's prices proved)."""

    mu: dict[str, int]
    lower: dict[str, int]  # person -> proven least of own cost x SCALE + prices worked
    shifts: dict[str, frozenset[str]]  # person -> shifts their block's model has


@dataclass(frozen=True)
class Columns:
    """The master's schedules, per person: (own cost in units of 1/SCALE, shifts worked),
    and each shift's cover cost by head count (units of 1/SCALE) where it is a function of
    the count alone."""

    people: tuple[str, ...]
    schedules: tuple[tuple[tuple[int, tuple[str, ...]], ...], ...]
    shifts: tuple[tuple[str, tuple[int, ...]], ...]
    # The dive's roster (solver/dive.py) as (person, shift id) worked, each person on their
    # heaviest schedule when the dive did not end whole; empty when there was no dive.
    dived: tuple[tuple[str, str], ...] = ()
    # The master's last solution as (person, shift id, how much they work it), each of
    # people alike a share of their block's: the neighbourhood search frees first where a
    # roster strays from it (solver/lns.py).
    guide: tuple[tuple[str, str, float], ...] = ()


@dataclass
class _Block:
    """One block's model, solved again each round with the shifts' prices."""

    model: cp_model.CpModel
    base: cp_model.LinearExpr  # its own cost, in units of 1/SCALE
    works: list[tuple[cp_model.IntVar, str]]  # (person works shift, shift id)
    people: list[tuple[str, ...]]  # each copy's people
    copies: int = 1  # blocks alike in everything the model reads (blocks.signature)


@dataclass(frozen=True)
class _Shift:
    id: str
    costs: tuple[int, ...]  # cover cost of n = 0.. people, in units of 1/SCALE
    candidates: int  # people with a variable on the shift


def applicable(scenario: Scenario) -> bool:
    """Where the blocks' decomposition holds: no measure comparing everyone with everyone,
    and every cost of the objective non-negative (dropping a term must only lower it)."""
    if not blocks.applicable(scenario) or not scenario.people or not scenario.shifts:
        return False
    return all(rule.weight >= 0 for rule in scenario.rules)


def lower_bound(
    scenario: Scenario,
    budget: float,
    deterministic: bool,
    deadline: float | None = None,
    threads: int = 1,
    dive_budget: float = 0.0,
) -> LowerBound | None:
    """The best bound found within `budget` (work units when `deterministic`, else wall
    seconds), solving `threads` blocks at a time, then a roster by diving its master within
    `dive_budget` (solver/dive.py); None when not applicable or no round completed."""
    if not applicable(scenario):
        return None
    started = time.perf_counter()
    parts = _blocks(scenario)
    if parts is None:
        return None
    shifts = _shifts(scenario, _candidates(parts))
    spent = _Spent(started, budget, deterministic, deadline, threads)
    master = Master([part.copies for part in parts], shifts)
    # The command's deadline only: a round's master cut short would leave no solution to
    # read the relaxation's schedules from (`_columns`).
    master.left = spent.deadline_left
    ascent = _Ascent(parts, shifts, master)
    found = _ascend(ascent, spent)
    if found is None or found.columns is None or dive_budget <= 0:
        return found
    if any(part.copies != 1 for part in parts):
        return found  # a block's forced shift would bind every person alike
    spent = _Spent(time.perf_counter(), dive_budget, deterministic, deadline, threads)
    return _dived(found, ascent, spent)


def _dived(found: LowerBound, ascent: _Ascent, spent: _Spent) -> LowerBound:
    """`found` with the dive's roster among its columns (Columns.dived) and its stats."""
    parts, shifts, master = ascent.parts, ascent.shifts, ascent.master
    master.left = spent.clock_left  # a step's solve cut short ends the dive where it is
    xs = [{sid: x for x, sid in part.works} for part in parts]

    changed: set[int] = set()  # blocks forced since the last round

    def price(mu: dict[str, int]) -> list[list[tuple[int, list[str]]]] | None:
        _hint_forced(parts, master, changed)
        changed.clear()
        priced = _round(parts, shifts, mu, spent)
        return None if priced is None else priced[1]

    def force(i: int, sid: str) -> None:
        ascent.force(i, xs[i][sid])
        changed.add(i)

    out = dive.dive(master, price, force, spent, found.converged)
    if out is None or found.columns is None:
        return found
    roster = tuple(sorted(
        (part.people[0][0], sid) for part, own in zip(parts, out.schedules, strict=True)
        for sid in own
    ))  # fmt: skip
    stats = {"s": round(spent.seconds(), 3), "work": round(spent.work, 3), "steps": out.steps,
             "whole": out.whole, "hurried": out.hurried, "caught_up": found.converged,
             "value": round(out.value, 2)}  # fmt: skip
    columns = dataclasses.replace(found.columns, dived=roster)
    return dataclasses.replace(found, columns=columns, dive=stats)


def resume(found: LowerBound, budget: float, settings: SolverSettings) -> LowerBound:
    """The rounds of `found` going on after the search, freed of its dive's forced shifts,
    until the bound cannot rise or `budget` is spent (work units in deterministic mode,
    else wall seconds; the command's deadline in both): a search that has stopped improving
    leaves the clock to the bound, which the user reads against the roster's cost
    (docs/decisions.md, "The relaxation resumed after the search"). `found` itself when it
    cannot go on."""
    ascent = found.ascent
    if ascent is None or budget <= 0:
        return found
    ascent.release()
    spent = _Spent(
        time.perf_counter(), budget, settings.deterministic, settings.deadline, settings.workers
    )
    ascent.master.left = spent.deadline_left
    before, rounds = found.value, ascent.rounds
    while not spent.over() and ascent.round(spent) is not None and ascent.priced():
        ascent.move()
    value = max(found.value, -(-(ascent.best or 0) // SCALE))
    stats = {"rounds": ascent.rounds - rounds, "s": round(spent.seconds(), 3), "from": before,
             "to": value, "converged": ascent.converged}  # fmt: skip
    going = not ascent.converged and ascent.gap() > LOWER_BOUND_GRACE_GAP
    return dataclasses.replace(
        found,
        value=value,
        rounds=ascent.rounds,
        proven_rounds=ascent.proven,
        converged=ascent.converged,
        ascent=ascent if going else None,
        resumed=stats,
    )


def _hint_forced(parts: list[_Block], master: Master, changed: set[int]) -> None:
    """Each block forced since the last round hinted with its heaviest schedule that works
    every shift forced on it: with many shifts forced at once a block's search could end its
    round's work before finding any schedule, and the round would be lost."""
    heaviest = master.heaviest()
    for i in sorted(changed):
        part, schedule = parts[i], heaviest[i]
        part.model.clear_hints()
        worked = set(schedule)
        for x, sid in part.works:
            part.model.add_hint(x, sid in worked)


class _Spent:
    """The relaxation's own budget: work units in deterministic mode (checked between
    rounds only, so the rounds done do not depend on the machine), else wall seconds
    (checked before every block's solve); the command's deadline in both."""

    def __init__(
        self,
        started: float,
        budget: float,
        deterministic: bool,
        deadline: float | None,
        threads: int = 1,
    ) -> None:
        self.started = started
        self.budget = budget
        self.deterministic = deterministic
        self.deadline = deadline
        self.threads = max(1, threads)
        self.work = 0.0
        self.graced = False

    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def deadline_left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - time.time()

    def clock_left(self) -> float:
        left = self.deadline_left()
        if not self.deterministic:
            left = min(left, self.budget - self.seconds())
        return left

    def out_of_clock(self) -> bool:
        return self.clock_left() <= 0

    def over(self) -> bool:
        return self.out_of_clock() or (self.deterministic and self.work >= self.budget)

    def used(self) -> float:
        return self.work if self.deterministic else self.seconds()

    def rounds_in_budget(self, marks: list[float]) -> float:
        """How many rounds the whole budget holds: those done (`marks`: the budget used
        after each), and the rest at the pace of the last two (rounds slow down as the
        prices move away from zero)."""
        used = marks[-1]
        left = max(0.0, min(self.budget, used + self.deadline_left()) - used)
        return len(marks) + left * 2 / max(used - marks[-3], 1e-9)

    def grace(self, marks: list[float], bests: list[int], master: float) -> bool:
        """Lengthen the budget once by LOWER_BOUND_GRACE_SHARE of it when the next round
        would not fit, the bound is still a material share (LOWER_BOUND_GRACE_GAP) below
        the master's value (the linear relaxation's value over the schedules found, which
        no bound of these rounds exceeds), and the last two rounds' rise, kept up for the
        grace, reaches it: the ascent is closing in, and a round or two ends it."""
        if self.graced or len(marks) < 3 or not math.isfinite(master):
            return False
        if marks[-1] + (marks[-1] - marks[-2]) <= self.budget:
            return False
        gap = master - bests[-1] / SCALE
        rate = (bests[-1] - bests[-3]) / SCALE / max(marks[-1] - marks[-3], 1e-9)
        extra = LOWER_BOUND_GRACE_SHARE * self.budget
        if gap <= LOWER_BOUND_GRACE_GAP * master or rate * extra < gap:
            return False
        self.budget += extra
        self.graced = True
        return True

    def rises_in_time(self, marks: list[float], values: list[int], first: int) -> bool:
        """The last two rounds' rise, kept up, passes the first round's value (the bound
        so far) within the budget: the prices are heading in fast enough to be waited
        for, however slow this machine's rounds are."""
        if len(values) < 2 or values[-1] <= values[-2]:
            return False
        rounds = (first - values[-1]) / (values[-1] - values[-2])
        return marks[-1] + rounds * (marks[-1] - marks[-2]) <= self.budget

    def call_limit(self, wanted: float) -> float:
        """A block's wall-clock limit: a safety net in deterministic mode (its work budget
        ends it), else no later than the budget."""
        return max(0.01, min(wanted, self.clock_left()))


class _Ascent:
    """The rounds' state: the prices, the best bound so far and its round, kept between
    the relaxation before the search and its resumption after it (`resume`)."""

    def __init__(self, parts: list[_Block], shifts: list[_Shift], master: Master) -> None:
        self.parts, self.shifts, self.master = parts, shifts, master
        self.mu: dict[str, int] = {s.id: 0 for s in shifts}
        self.duals: dict[str, int] | None = self.mu
        self.best: int | None = None
        self.first: int | None = None
        self.best_mu = self.mu
        self.best_schedules: list[list[tuple[int, list[str]]]] = []
        self.best_lowers: list[int] = []
        self.last: list[list[tuple[int, list[str]]]] = []  # the last round's schedules
        self.rounds = self.proven = 0
        self.converged = False
        # The dive's forced shifts, as (block, variable index, its domain before).
        self.forced: list[tuple[int, int, tuple[int, int]]] = []

    def round(self, spent: _Spent) -> int | None:
        """One round at the current prices: its value, the best kept; None when lost."""
        found = _round(self.parts, self.shifts, self.mu, spent)
        if found is None:
            return None
        value, schedules, exact, lowers = found
        self.last = schedules
        self.rounds += 1
        self.proven += exact
        if self.best is None or value > self.best:
            self.best, self.best_mu = value, self.mu
            self.best_schedules, self.best_lowers = schedules, lowers
        self.first = value if self.first is None else self.first
        return value

    def priced(self) -> bool:
        """The master takes the last round's schedules and sets the next prices; False
        when the rounds end here (`converged` says whether at the master's optimum)."""
        assert self.best is not None
        if not self.master.add(self.last) and self.mu == self.duals:
            self.converged = True  # no schedule prices below the master's own prices
            return False
        self.duals = self.master.prices()
        if self.duals is None:
            return False
        if -(-self.best // SCALE) >= math.ceil(self.master.value - 1e-6):
            self.converged = True  # the master's value bounds every Lagrangian's
            return False
        return True

    def move(self) -> None:
        """The next prices: the master's duals smoothed towards the best bound's; smoothed
        prices that brought no new schedule move on to the master's own."""
        assert self.duals is not None
        duals = self.duals
        smoothed = {k: round(SMOOTH * self.best_mu[k] + (1 - SMOOTH) * duals[k]) for k in self.mu}
        self.mu = duals if smoothed == self.mu else smoothed

    def gap(self) -> float:
        """How far the best bound is below the master's value, as a share of that value
        (inf when the master has none)."""
        master = self.master.value
        if self.best is None or not math.isfinite(master) or master <= 0:
            return math.inf
        return max(0.0, master - self.best / SCALE) / master

    def force(self, i: int, x: cp_model.IntVar) -> None:
        """Block `i` works `x` from now on (the dive), until `release`."""
        domain = self.parts[i].model.proto.variables[x.index].domain
        self.forced.append((i, x.index, (domain[0], domain[1])))
        domain[0] = domain[1] = 1  # a Boolean's domain: [least, most]

    def release(self) -> None:
        """Every block and the master free of the dive's forced shifts again: the
        schedules found stay, each one a schedule of its block's own rules."""
        for i, index, (least, most) in reversed(self.forced):
            domain = self.parts[i].model.proto.variables[index].domain
            domain[0], domain[1] = least, most
            self.parts[i].model.clear_hints()
        self.forced.clear()
        self.master.release()


def _ascend(ascent: _Ascent, spent: _Spent) -> LowerBound | None:
    """Prices from a linear master over the schedules found so far (column generation),
    smoothed towards the prices of the best bound; the best bound of any round."""
    marks: list[float] = []  # the budget used after each round
    bests: list[int] = []  # the best bound after each round
    values: list[int] = []  # each round's own value
    heading_in = False  # no round above the first (zero prices) late in the share
    slow = False  # the share holds too few rounds at their pace
    while not spent.over():
        value = ascent.round(spent)
        if value is None:
            break
        assert ascent.best is not None and ascent.first is not None
        best, first = ascent.best, ascent.first
        marks.append(spent.used())
        bests.append(best)
        values.append(value)
        if 3 <= ascent.rounds < MIN_ROUNDS and spent.rounds_in_budget(marks) < MIN_ROUNDS:
            slow = True  # too slow to reach a useful bound: the time goes back to the search
            break
        if not ascent.priced():
            break
        late = spent.used() >= LOWER_BOUND_RISE_SHARE * spent.budget
        if best == first and late and not spent.rises_in_time(marks, values, first):
            heading_in = True  # still heading in: the bound would come, if ever, too late
            break
        spent.grace(marks, bests, ascent.master.value)
        ascent.move()
    if ascent.best is None:
        return None
    # Out of budget with no round above the first: the prices were still far off.
    heading_in = heading_in or (ascent.rounds > 1 and ascent.best == ascent.first and spent.over())
    # Cut by its budget short of its master's value by a material gap: the rounds may go on
    # after the search (`resume`; solver/phases.py resumes them under the wall clock only).
    resumable = not (heading_in or slow or ascent.converged)
    resumable = resumable and ascent.duals is not None and ascent.gap() > LOWER_BOUND_GRACE_GAP
    return _found(ascent, spent, heading_in, resumable)


def _found(ascent: _Ascent, spent: _Spent, heading_in: bool, resumable: bool) -> LowerBound:
    assert ascent.best is not None
    parts = ascent.parts
    # The schedules of prices still far from the master's optimum make a poor program
    # (solver/columns.py) that would only take the search's time (docs/decisions.md).
    columns = None if heading_in else _columns(parts, ascent.master, ascent.shifts)
    return LowerBound(
        max(0, -(-ascent.best // SCALE)),
        ascent.rounds,
        round(spent.seconds(), 3),
        round(spent.work, 3),
        ascent.proven,
        _at_prices(parts, ascent.best_schedules),
        columns,
        heading_in,
        spent.graced,
        converged=ascent.converged,
        cuts=_cuts(parts, ascent.best_mu, ascent.best_lowers),
        ascent=ascent if resumable else None,
    )


def _cuts(parts: list[_Block], mu: dict[str, int], lowers: list[int]) -> PricedCuts | None:
    if any(len(people) != 1 for part in parts for people in part.people):
        return None  # a block of several people: its least is of their sum
    lower = {
        people[0]: low for part, low in zip(parts, lowers, strict=True) for people in part.people
    }
    shifts = {
        people[0]: frozenset(sid for _, sid in part.works)
        for part in parts
        for people in part.people
    }
    return PricedCuts({k: m for k, m in mu.items() if m}, lower, shifts)


def _columns(parts: list[_Block], master: Master, shifts: list[_Shift]) -> Columns | None:
    """Every schedule the master holds, for each person of a block of one (people alike
    share their block's); None when a block holds several people."""
    people: list[str] = []
    schedules: list[tuple[tuple[int, tuple[str, ...]], ...]] = []
    by_block: dict[int, list[tuple[str, float]]] = {}
    for (i, sid), w in master.worked()[0].items():
        by_block.setdefault(i, []).append((sid, w))
    guide: list[tuple[str, str, float]] = []
    for i, (part, found) in enumerate(zip(parts, master.found, strict=True)):
        mine = [(sid, w / part.copies) for sid, w in by_block.get(i, [])]
        for copy in part.people:
            if len(copy) != 1:
                return None
            people.append(copy[0])
            schedules.append(tuple(found))
            guide.extend((copy[0], sid, w) for sid, w in mine)
    costs = tuple((s.id, s.costs) for s in shifts)
    return Columns(tuple(people), tuple(schedules), costs, guide=tuple(guide))


def _at_prices(
    parts: list[_Block], schedules: list[list[tuple[int, list[str]]]]
) -> tuple[tuple[str, str], ...]:
    """Each person's cheapest schedule of a round (the last schedule its block's search
    found: the search only reports better ones), as (person, shift id) worked; empty when
    a block holds several people or a block found no schedule."""
    out: list[tuple[str, str]] = []
    for part, found in zip(parts, schedules, strict=True):
        if not found or any(len(people) != 1 for people in part.people):
            return ()
        for (pid,) in part.people:
            out.extend((pid, sid) for sid in found[-1][1])
    return tuple(sorted(out))


def _round(
    parts: list[_Block], shifts: list[_Shift], mu: dict[str, int], spent: _Spent
) -> tuple[int, list[list[tuple[int, list[str]]]], bool, list[int]] | None:
    """The Lagrangian at `mu`: its proven value, each block's schedules found (own cost,
    shifts worked), whether every block was solved to its optimum and each block's proven
    least (of one copy)."""
    total, exact = 0, True
    schedules: list[list[tuple[int, list[str]]]] = []
    lowers: list[int] = []
    with ThreadPoolExecutor(spent.threads) as pool:  # CP-SAT releases the GIL
        found = list(pool.map(lambda part: _solve_block(part, mu, spent), parts))
    for part, solved in zip(parts, found, strict=True):
        if solved is None:
            return None
        lower, optimal, schedule, work = solved
        spent.work += work
        total += part.copies * lower
        lowers.append(lower)
        exact = exact and optimal
        schedules.append(schedule)
    for s in shifts:
        price = mu[s.id]
        total += min(c - price * k for k, c in enumerate(s.costs))
    return total, schedules, exact, lowers


def _solve_block(
    part: _Block, mu: dict[str, int], spent: _Spent
) -> tuple[int, bool, list[tuple[int, list[str]]], float] | None:
    """The block's least cost at these prices (proven), whether proven optimal, the
    schedules found (their own cost without the prices, the shifts worked) and the work
    spent; None when the block has no schedule at all (its hard rules contradict each
    other) or the wall clock ran out before it (the round is then lost)."""
    if spent.out_of_clock():
        return None
    priced = [(x, mu[sid]) for x, sid in part.works if mu.get(sid)]
    extra = cp_model.LinearExpr.weighted_sum([x for x, _ in priced], [c for _, c in priced])
    part.model.minimize(part.base + extra)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = 0
    # Presolve on and the full linear relaxation added lazily: the fastest of the settings
    # measured on these small models (docs/decisions.md).
    p.cp_model_probing_level = 0
    p.linearization_level = 2
    p.max_deterministic_time = ROUND_BLOCK_DTIME
    p.max_time_in_seconds = spent.call_limit(10 * ROUND_BLOCK_DTIME)
    seen = _Schedules(part, mu)
    code = solver.solve(part.model, seen)
    if not seen.found and code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        seen.note(solver)  # found without a callback (presolve alone solved the block)
    work = solver.deterministic_time + BLOCK_CALL_WORK
    lower = blocks.proven_lower(solver, code)
    if lower is None:
        return None  # infeasible, or stopped before any schedule: the round is lost
    return lower, code == cp_model.OPTIMAL, seen.found, work


class _Schedules(cp_model.CpSolverSolutionCallback):
    """Every schedule the block's search finds on its way to the cheapest (own cost, shifts
    worked): each is a column of the master, which then needs fewer rounds."""

    def __init__(self, part: _Block, mu: dict[str, int]) -> None:
        super().__init__()
        self.part = part
        self.mu = mu
        self.found: list[tuple[int, list[str]]] = []

    def on_solution_callback(self) -> None:
        self.note(self)

    def note(self, values: cp_model.CpSolver | cp_model.CpSolverSolutionCallback) -> None:
        worked = [sid for x, sid in self.part.works if values.boolean_value(x)]
        own = int(round(values.objective_value)) - sum(self.mu.get(sid, 0) for sid in worked)
        self.found.append((own, worked))


def _blocks(scenario: Scenario) -> list[_Block] | None:
    """One model per kind of block (people alike share one, counted `copies` times)."""
    found = blocks.blocks(scenario)
    subs = blocks.block_scenarios(scenario, found)
    shares = blocks.all_shares(scenario)
    kinds: dict[object, _Block] = {}
    out: list[_Block] = []
    for sub in subs:
        key = blocks.signature(sub, shares)
        people = tuple(p.id for p in sub.people)
        if key is not None and key in kinds:
            kinds[key].copies += 1
            kinds[key].people.append(people)
            continue
        model, v, penalties = blocks.block_model(sub, shares)
        if any(p.unit_cost < 0 for p in penalties):
            return None
        works = [(x, sid) for (_, sid), x in v.works.items()]
        part = _Block(model, _scaled_cost(penalties), works, [people])
        out.append(part)
        if key is not None:
            kinds[key] = part
    return out


def _scaled_cost(penalties: list[Penalty]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum(
        [p.var for p in penalties], [SCALE * p.unit_cost for p in penalties]
    )


def _candidates(parts: list[_Block]) -> dict[str, int]:
    """People who could work each shift (a variable of theirs exists)."""
    out: dict[str, int] = {}
    for part in parts:
        for _, sid in part.works:
            out[sid] = out.get(sid, 0) + part.copies
    return out


def _shifts(scenario: Scenario, candidates: dict[str, int]) -> list[_Shift]:
    """The shifts whose cover cost is a function of their head count alone (solver/rules/
    cover.py: groups independent), each with that function over every count the model
    allows (up to the shift's max, and no more than its candidates)."""
    rules = list(scenario.rule("cover"))
    hard_weight = scenario.solver.hard_weight
    out = []
    for shift in scenario.shifts:
        if not scenario.cover.independent(shift.duty_id, shift.date):
            continue
        cost = _cover_cost(scenario, shift, rules, hard_weight)
        level = scenario.cover.shift_headcount(shift.duty_id, shift.date)
        most = min(level.max, candidates.get(shift.id, 0))
        costs = tuple(SCALE * cost(n) for n in range(most + 1))
        out.append(_Shift(shift.id, costs, candidates.get(shift.id, 0)))
    return out


def _cover_cost(
    scenario: Scenario, shift: Shift, rules: list, hard_weight: int
) -> Callable[[int], int]:
    """The cover rules' cost of `n` people on the shift, as solver/rules/cover.py posts it."""
    level = scenario.cover.shift_headcount(shift.duty_id, shift.date)
    costs = [
        _factored(rule_costs(rule, hard_weight), shortfall_factor(rule, shift.duty_id))
        for rule in rules
    ]

    def cost(n: int) -> int:
        total = 0
        for c in costs:
            total += c.below_min * level.below_min(n)
            total += c.below_preferred * level.below_preferred(n)
            total += c.above_preferred * level.above_preferred(n)
        return total

    return cost


def _factored(costs: Costs, factor: int) -> Costs:
    if factor == 1:
        return costs
    return Costs(costs.below_min * factor, costs.below_preferred * factor, costs.above_preferred)


# ---- before the search (solver/solve.py) ----


def before_search(scenario: Scenario, pairs: int) -> LowerBound | None:
    """The relaxation's bound for a model solved directly (fewer than PHASED_MIN_PAIRS
    candidate pairs: a larger one has its person bounds, the relaxation's first round, in
    phases), within LOWER_BOUND_SHARE of the budget. Reported beside the search's, not
    posted in the model: a floor of the cost there lowered the search's own bound
    (docs/decisions.md, "A bound by pricing the cover")."""
    from solver.executor.base import in_task
    from solver.phases import PHASED_MIN_PAIRS  # phases runs the search this precedes

    settings = scenario.solver
    # A task of a fan-out (a school's part, one of many) ends on its own proof in a moment;
    # the relaxation before it multiplied the district's parts from 2 s to 31 s.
    if pairs >= PHASED_MIN_PAIRS or in_task() or not applicable(scenario):
        return None
    budget = clock.share(settings, LOWER_BOUND_SHARE)
    if budget <= 0:
        return None
    return _under(scenario, budget)


def after_person_bounds(scenario: Scenario, first_round_s: float) -> LowerBound | None:
    """The relaxation's bound for a model solved in phases (solver/phases.py), within
    PHASED_LOWER_BOUND_SHARE of the budget, once its person bounds (the relaxation's first
    round, at zero prices) took `first_round_s` wall seconds. Under a wall clock it is not started
    when the share cannot hold MIN_ROUNDS rounds at that pace: the later rounds cost more
    than the first (Curtois 12: 1.7 s, then 2.5-4 s a round; 13: 8 s, then 12-19 s), and the
    bound of fewer rounds stays at or below the person bounds (docs/decisions.md, "A bound
    by pricing the cover"). In deterministic mode the rule on the rounds' work decides, so
    the rounds done do not depend on the machine."""
    from solver.executor.base import in_task

    settings = scenario.solver
    budget = clock.share(settings, PHASED_LOWER_BOUND_SHARE)
    if budget <= 0 or in_task() or not applicable(scenario):
        return None
    if not holds_rounds(settings, first_round_s):
        return None
    return _under(scenario, budget)


def _under(scenario: Scenario, budget: float) -> LowerBound | None:
    """The relaxation under the scenario's settings, then its dive (solver/dive.py) under
    the wall clock only: its roster is a start taken when it costs less than the others
    (solver/phases.py, `with_dive`)."""
    s = scenario.solver
    dive_budget = 0.0 if s.deterministic else clock.share(s, DIVE_SHARE)
    return lower_bound(scenario, budget, s.deterministic, s.deadline, s.workers, dive_budget)


def holds_rounds(settings: SolverSettings, first_round_s: float) -> bool:
    """Whether PHASED_LOWER_BOUND_SHARE holds MIN_ROUNDS rounds at the pace of a first round
    of `first_round_s` wall seconds; always in deterministic mode (see after_person_bounds)."""
    budget = clock.share(settings, PHASED_LOWER_BOUND_SHARE)
    return settings.deterministic or first_round_s * MIN_ROUNDS <= budget


def less_work(scenario: Scenario, found: LowerBound | None) -> Scenario:
    """In deterministic mode the search's work budget less what the relaxation and its dive
    used (the wall clock is shortened by the caller with the rest of the build)."""
    s = scenario.solver
    if found is None or not s.deterministic:
        return scenario
    dived = float((found.dive or {}).get("work", 0.0))
    left = max(1.0, s.deterministic_time - found.work - dived)
    return dataclasses.replace(scenario, solver=dataclasses.replace(s, deterministic_time=left))


def stats(found: LowerBound | None) -> dict:
    if found is None:
        return {}
    return {
        "relaxation": {
            "bound": found.value,
            "rounds": found.rounds,
            "s": found.seconds,
            "work": found.work,
            "proven_rounds": found.proven_rounds,
        }
        | ({"heading_in": True} if found.heading_in else {})
        | ({"graced": True} if found.graced else {})
        | ({"resumed": found.resumed} if found.resumed is not None else {})
    } | ({"dive": found.dive} if found.dive is not None else {})


def better(bound: int | None, found: LowerBound | None, stats: dict) -> int | None:
    """The larger of the search's bound and the relaxation's; `stats["bound_source"]` says
    which (the relaxation's when the search's is not above it)."""
    if found is None:
        return bound
    if bound is not None and bound > found.value:
        stats["bound_source"] = "search"
        return bound
    stats["bound_source"] = "relaxation"
    return found.value
