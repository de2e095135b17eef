"""Large neighbourhood search from a roster: free a part of it, re-solve that part, keep
what is better.

With two workers CP-SAT's own portfolio runs one full search and a handful of generic
neighbourhoods interleaved; on rosters whose rules are sequences over each person's days
(the Curtois & Qu instances) the incumbent stalls well above the optimum while a
neighbourhood of the roster's own shape (a few weeks of everyone, a few people over the
whole horizon, one duty over some weeks, the people the roster costs most) is small enough
for one worker to solve to optimality in a fraction of a second (docs/decisions.md).

Each round fixes every (person, shift) literal outside a neighbourhood to the incumbent (by
narrowing its domain in a copy of the model), hints the incumbent and solves with one
worker on a work budget. With `workers` of two or more, that many neighbourhoods are solved
side by side in threads (CP-SAT releases the GIL), each in its own copy of the model; the
best of a round is kept, ties to the first. The neighbourhoods come from a random.Random of
the scenario's seed and their size adapts to whether the last ones were solved to their
optimum, so in deterministic mode the whole search is reproducible: only the wall-clock
deadline can cut it short, and the result then says so (`stopped_by`).

The tail of the budget (SWEEP_SHARE, or all that is left once the drawn kinds stall) goes to
one more kind, windows of whole days in turn (solver/day_sweeps.py). Under a cap on
weekends that kind's window of every weekend at once, for everyone (with a run of the
weekdays between two weekends, or alone, in turn), with a longer call, is also the search's
first neighbourhood: a seat a split weekend leaves empty is filled only there, and the
drawn kinds polish best from a roster where it is filled (Curtois Instance8,
docs/decisions.md "Every weekend at once" and "Every weekend and the weekdays between
two"). A whole sweep of windows solved to their optimum with nothing to gain leaves a
roster no window improves: the windows of weekends are tried at that cost, then the drawn
kinds have the turns until the roster's cost changes (docs/decisions.md, "A sweep with
nothing to gain").
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from roster import progress
from roster.model import Scenario, Shift, SolverSettings
from solver import budget as clock
from solver.budget import LNS_CALL_SHARE, LNS_STALL_SHARE, SWEEP_SHARE, WEEKENDS_CALL_SHARE
from solver.day_sweeps import DaySweeps
from solver.penalty import Penalty, penalty_amounts
from solver.variables import Vars

HAS_SOLUTION = (cp_model.OPTIMAL, cp_model.FEASIBLE)
# The share of the (person, shift) literals a neighbourhood frees, at first and at most and
# least: it grows while neighbourhoods are solved to their optimum with nothing to gain,
# shrinks while they are not solved in their budget.
START_FREE, MOST_FREE, LEAST_FREE = 0.2, 0.75, 0.03
# On a large model the shares above are too many pairs for one call (Curtois Instance13:
# a fifth is 8,000 pairs, none solved in its call): a neighbourhood starts at no more than
# START_PAIRS and may shrink to LEAST_PAIRS.
START_PAIRS, LEAST_PAIRS = 1000, 50
GROW, SHRINK = 1.2, 0.85
# What a round costs at least, in work units: a round of neighbourhoods solved at once
# must still advance the loop's budget.
LEAST_ROUND_WORK = 0.01
# How often a kind is drawn: a running mean of whether its neighbourhoods improved the
# roster (this much of the old mean kept at each one), never below LEAST_ODDS so that a
# kind failing early is still tried now and then.
START_ODDS, ODDS_MEMORY, LEAST_ODDS = 0.5, 0.8, 0.05
# How far a group of pairs (a person's row, a day's column) is from the relaxation's
# solution at least, in pairs, when the guided kinds draw one: a group the roster matches
# exactly is still drawn now and then.
GUIDE_FLOOR = 0.1

# Each neighbourhood's solve: one worker (the lanes are the parallelism); every constraint
# in the linear relaxation (linearization_level 2), whose bound on the freed part's cover
# steers the search and proves small neighbourhoods optimal (docs/decisions.md, "The
# neighbourhood search"); one light round of presolve (no probing, symmetry or inclusion
# detection, as the main search: solver/phases.py), which removes the fixed part: on a large
# model loading and presolving the copy is most of a call.
CALL_PARAMETERS: dict[str, int] = {
    "num_workers": 1,
    "linearization_level": 2,
    "max_presolve_iterations": 1,
    "cp_model_probing_level": 0,
    "symmetry_level": 0,
    "presolve_inclusion_work_limit": 0,
}


@dataclass(frozen=True)
class Pair:
    """A (person, shift) literal and the role seats that go with it."""

    person: int  # index into the people with literals
    day: int  # index of the shift's date in the horizon
    duty: str
    indices: tuple[int, ...]  # the works literal first, then its role seats
    shift: str = ""


@dataclass
class Outcome:
    """What the search did: the solver holding the roster it ends with (one costing no
    more than the start; None when it kept the start itself), its cost, and its stats."""

    best: cp_model.CpSolver | None
    cost: int
    stats: dict = field(default_factory=dict)


@dataclass
class _Incumbent:
    values: list[int]
    cost: int
    solver: cp_model.CpSolver | None = None


def improve(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    start: cp_model.CpSolver,
    budget: float,
    bound: int = 0,
    guide: Guide = (),
    stall_s: float | None = None,
    tail_first: bool = False,
) -> Outcome:
    """Improve the roster `start` holds for `model` (its objective set) with `budget` (work
    units in deterministic mode, else wall seconds), stopping early at `bound`, and under
    the wall clock once `stall_s` seconds have gone by without a better roster (the stats
    then say "stalled"): a relaxation waits to go on (solver/phases.py), and its bound may
    end the search proven, so it comes before the tail. `guide`: the relaxation's solution
    (Columns.guide), whose disagreements with the roster draw neighbourhoods of their own.
    `tail_first`: the tail's kind from the start (the drawn kinds stalled on this roster
    before the relaxation went on)."""
    pairs, people = _pairs(scenario, v)
    dated = [(scenario.day_index(p.date), p) for p in penalties if p.date is not None]
    caps = _caps(scenario, v, people)
    kinds = _kinds(len(scenario.days), pairs, people, penalties, dated, caps)
    if guide:
        kinds.extend(_guided(len(scenario.days), pairs, people, guide))
    capped = any(r.kind == "weekends" for r in scenario.rules)
    if capped:
        kinds.extend(_weekends(scenario.days, pairs, dated))
    incumbent = _Incumbent(_exact_values(start, penalties), _exact_cost(start, penalties))
    sweeps = DaySweeps(
        _by_day(len(scenario.days), pairs),
        random.Random(scenario.solver.seed),
        scenario.days if capped else (),
        cost=lambda: incumbent.cost,
    )
    tail = sweeps if sweeps.applicable() else None
    stall = None if scenario.solver.deterministic else stall_s
    search = _Search(
        model, penalties, scenario.solver, pairs, kinds, incumbent, budget, stall, tail
    )
    if tail_first:
        search._tail_begins(0.0)
    stats = search.run(bound)
    return Outcome(incumbent.solver, incumbent.cost, stats)


class _Search:
    def __init__(
        self,
        model: cp_model.CpModel,
        penalties: list[Penalty],
        settings: SolverSettings,
        pairs: list[Pair],
        kinds: list[Pick],
        incumbent: _Incumbent,
        budget: float,
        stall_s: float | None = None,
        tail: DaySweeps | None = None,
    ) -> None:
        self.penalties = penalties
        self.settings = settings
        self.pairs = pairs
        # The kinds drawn, then the one of the budget's tail (`_late_kind`), if any.
        self.drawn = len(kinds)
        self.kinds = kinds if tail is None else [*kinds, tail.days]
        if tail is not None and tail.weekends:
            self.kinds.append(tail.weekends_at_once)
        self.sweeps = tail
        self.incumbent = incumbent
        self.budget = budget
        self.rng = random.Random(settings.seed)
        size = max(1, len(pairs))
        # Per kind, the share of the pairs it frees: their solves differ in hardness.
        self.free = [min(START_FREE, START_PAIRS / size)] * len(self.kinds)
        self.least = min(LEAST_FREE, LEAST_PAIRS / size)
        self.odds = [START_ODDS] * len(self.kinds)  # per kind: how often it has improved lately
        self.lanes = max(1, settings.workers)
        self.copies = [model.clone() for _ in range(self.lanes)]
        self.call = max(clock.LEAST_CALL_S, LNS_CALL_SHARE * budget)
        # Per kind: neighbourhoods tried, solved to their optimum, better than the roster.
        self.tally = [[0, 0, 0] for _ in self.kinds]
        # Progress events, from whichever thread the roster improves in.
        self.emit = progress.capture()
        self.stall_s = stall_s  # wall seconds without a better roster that end it
        self.better_at = time.perf_counter()  # when the roster last improved
        self.stalled = False
        self.tail_from: float | None = None  # the budget used when the tail's kind began
        self.tail_cost: int | None = None  # the roster's cost then
        # Windows of the tail's kind solved to their optimum in a row with nothing to gain,
        # and the roster's cost once a whole sweep of them was (`_sweeps_spent`).
        self.idle_windows = 0
        self.swept_at: int | None = None

    def run(self, bound: int) -> dict:
        started = self.better_at = time.perf_counter()
        begin = self.incumbent.cost
        if self.settings.deterministic or self.lanes == 1:
            counts = self._in_rounds(bound, started)
        else:
            counts = self._lanes_apart(bound, started)
        return {
            **counts,
            "kinds": {
                kind.__name__: dict(zip(("tried", "solved", "better"), n, strict=True))
                for kind, n in zip(self.kinds, self.tally, strict=True)
            },
            "from": begin,
            "to": self.incumbent.cost,
            "tail": {"from": self.tail_cost, "at": self.tail_from},
            "s": round(time.perf_counter() - started, 3),
        } | ({"stalled": True, "stopped_by_clock": False} if self.stalled else {})

    def _in_rounds(self, bound: int, started: float) -> dict:
        """Rounds of one neighbourhood per lane, solved side by side, the best kept: the
        same rounds in the same order on any machine, so a work budget makes the search
        reproducible."""
        used, rounds, improved, solved = 0.0, 0, 0, 0
        cut = False  # a call, or the loop, ended by the wall clock
        since = 0.0  # the budget spent when the roster last improved
        with ThreadPoolExecutor(max_workers=self.lanes) as pool:
            while self._going(used, since, bound):
                kinds = [self._late_kind(rounds * self.lanes + i, used) for i in range(self.lanes)]
                values = self.incumbent.values
                calls, frees = [], []
                for i, (copy, kind) in enumerate(zip(self.copies, kinds, strict=True)):
                    free = self._neighbourhood(kind, values)
                    frees.append(free)
                    seconds = self._call_for(kind, used)
                    n = rounds * self.lanes + i
                    calls.append(pool.submit(self._solve, copy, free, values, n, seconds))
                done = [c.result() for c in calls]
                costs = [self._cost(solver, code) for solver, code in done]
                solved += sum(1 for s, code in done if code == cp_model.OPTIMAL)
                used = self._used(used, done, started)
                before = self.incumbent.cost
                if self._take_best(done, costs):
                    improved, since = improved + 1, used
                self._learn(kinds, frees, done, costs, before)
                rounds += 1
                cut |= any(clock.stopped_by_clock(s, code) for s, code in done)
        cut |= self._late()
        return {
            "stopped_by_clock": cut,
            "rounds": rounds,
            "neighbourhoods": rounds * self.lanes,
            "solved": solved,
            "improved": improved,
        }

    def _lanes_apart(self, bound: int, started: float) -> dict:
        """Under the wall clock each lane draws its next neighbourhood as soon as its last
        one is solved, from the roster as it is then: in rounds a lane whose call was
        solved at once waited for the other's to reach its time limit (about half the
        calls on Curtois Instance8; docs/decisions.md). The order of the calls then
        depends on the machine, which the wall clock makes so anyway."""
        lock = threading.Lock()
        counts = {"neighbourhoods": 0, "solved": 0, "improved": 0}

        def lane(copy: cp_model.CpModel) -> None:
            while True:
                with lock:
                    used = time.perf_counter() - started
                    if not self._going(used, 0.0, bound):
                        return
                    n = counts["neighbourhoods"]
                    counts["neighbourhoods"] = n + 1
                    kind = self._late_kind(n, used)
                    values = self.incumbent.values
                    free = self._neighbourhood(kind, values)
                    seconds = self._call_for(kind, used)
                solver, code = self._solve(copy, free, values, n, seconds)
                cost = self._cost(solver, code)
                with lock:
                    before = self.incumbent.cost
                    better = self._take_best([(solver, code)], [cost])
                    counts["improved"] += better
                    counts["solved"] += code == cp_model.OPTIMAL
                    self._learn([kind], [free], [(solver, code)], [cost], before)

        with ThreadPoolExecutor(max_workers=self.lanes) as pool:
            for future in [pool.submit(lane, copy) for copy in self.copies]:
                future.result()
        return {
            # The clock is this search's only budget: it ended the search unless the
            # roster reached the bound.
            "stopped_by_clock": self.incumbent.cost > bound,
            "rounds": -(-counts["neighbourhoods"] // self.lanes),
            **counts,
            "lanes_apart": True,
        }

    def _used(
        self, used: float, done: list[tuple[cp_model.CpSolver, int]], started: float
    ) -> float:
        """The budget spent: the rounds' work (the longest call of each) in deterministic
        mode, else the wall clock (the rounds' own bookkeeping included)."""
        if not self.settings.deterministic:
            return time.perf_counter() - started
        work = max(s.deterministic_time for s, _ in done)
        return used + max(LEAST_ROUND_WORK, work)

    def _going(self, used: float, since: float, bound: int) -> bool:
        """Budget left, the bound not reached, the deadline not passed, and in
        deterministic mode an improvement within the last LNS_STALL_SHARE of the budget:
        there the work budget, not the user's clock, ends the search, and a search that
        has stopped improving would only make the user wait: a stall of the drawn kinds
        hands the rest to the tail's kind first (`_tail_begins`), whose stall then ends it.
        Under the wall clock a stall (`stall_s`) ends it at once, for the relaxation that
        waits (`improve`)."""
        if used >= self.budget or self.incumbent.cost <= bound or self._late():
            return False
        if self.tail_from is not None:
            since = max(since, self.tail_from)
        idle = time.perf_counter() - self.better_at
        wall_stall = self.stall_s is not None and idle >= self.stall_s
        work_stall = self.settings.deterministic and used - since >= LNS_STALL_SHARE * self.budget
        if work_stall and self._tail_begins(used):
            return True
        self.stalled = self.stalled or wall_stall
        return not (wall_stall or work_stall)

    def _tail_begins(self, used: float) -> bool:
        """Whether the tail's kind takes over now: the scenario has one and it had not.
        Its stall is counted from now on."""
        if len(self.kinds) == self.drawn or self.tail_from is not None:
            return False
        self.tail_from = used
        self.tail_cost = self.incumbent.cost
        if self.sweeps is not None:
            self.sweeps.restart()
        self.better_at = time.perf_counter()
        return True

    def _late(self) -> bool:
        left = clock.seconds_left(self.settings)
        return left is not None and left <= clock.LEAST_CALL_S

    def _late_kind(self, n: int, used: float) -> int:
        """The tail's kind (the sweeps of whole days, solver/day_sweeps.py), where the
        scenario has one, in the last SWEEP_SHARE of the budget or once the drawn kinds
        have stalled (`_going`); the window of every weekend, where there is one, first of
        all, before each sweep and once a sweep had nothing to gain (`_sweeps_spent`),
        unless it and its widened windows were all solved to their optimum at the
        roster's cost now (DaySweeps.weekends_open); else `_kind`."""
        if used >= (1 - SWEEP_SHARE) * self.budget:
            self._tail_begins(used)
        late = self.tail_from is not None
        spent = late and self._sweeps_spent()
        sweeps = self.sweeps
        if sweeps is not None and (sweeps.due and (late or n == 0) or spent and sweeps.weekends):
            if sweeps.weekends_open():
                return self.drawn + 1
            sweeps.due = False
        return self.drawn if late and not spent else self._kind(n)

    def _sweeps_spent(self) -> bool:
        """Every window of the tail's kind was solved to its optimum at the roster's cost
        now, none better: the roster is a local optimum of that kind, and its further
        sweeps would only repeat those proofs (Curtois Instance8; docs/decisions.md, "A sweep
        with nothing to gain"). The drawn kinds, if any, have the turns until the roster's
        cost changes."""
        return self.drawn > 0 and self.swept_at == self.incumbent.cost

    def _kind(self, n: int) -> int:
        """Each kind in turn for the first round of them all, then drawn by how often each
        has improved the roster lately: on a large model the kinds freeing whole people
        are rarely solved in their call and never improve, and their turns went to waste."""
        if n < self.drawn:
            return n
        return self.rng.choices(range(self.drawn), weights=self.odds[: self.drawn])[0]

    def _neighbourhood(self, kind: int, values: list[int]) -> set[int]:
        """The pairs (their positions in `pairs`) a neighbourhood of this kind frees
        around the roster `values`."""
        target = max(1, round(self.free[kind] * len(self.pairs)))
        return self.kinds[kind](self.rng, target, values)

    def _call_for(self, kind: int, used: float) -> float:
        """The call's limit: the search's own, longer for the window of every weekend
        (up to WEEKENDS_CALL_SHARE of the budget, within what is left of it)."""
        if kind != self.drawn + 1:
            return self.call
        return max(self.call, min(WEEKENDS_CALL_SHARE * self.budget, self.budget - used))

    def _solve(
        self, copy: cp_model.CpModel, free: set[int], values: list[int], seed: int, call: float
    ) -> tuple:
        """The roster `values` with the pairs `free` solved again (its hint: `values`),
        within `call` (work units in deterministic mode, else wall seconds)."""
        proto = copy.proto
        for i, pair in enumerate(self.pairs):
            for index in pair.indices:
                domain = proto.variables[index].domain
                if i in free:
                    domain[0], domain[1] = 0, 1
                else:
                    domain[0] = domain[1] = values[index]
        copy.clear_hints()
        copy.proto.solution_hint.vars.extend(range(len(values)))
        copy.proto.solution_hint.values.extend(values)
        solver = cp_model.CpSolver()
        p = solver.parameters
        for name, value in CALL_PARAMETERS.items():
            setattr(p, name, value)
        p.random_seed = self.settings.seed + seed
        p.max_deterministic_time = call
        p.max_time_in_seconds = call if not self.settings.deterministic else 1e9
        clock.cap(solver, self.settings)
        return solver, solver.solve(copy)

    def _cost(self, solver: cp_model.CpSolver, code: int) -> int | None:
        return _exact_cost(solver, self.penalties) if code in HAS_SOLUTION else None

    def _take_best(
        self, done: list[tuple[cp_model.CpSolver, int]], costs: list[int | None]
    ) -> bool:
        """Keep the round's best roster if it costs no more than the incumbent (the first
        of equals); whether it costs less."""
        found = [(cost, lane) for lane, cost in enumerate(costs) if cost is not None]
        if not found:
            return False
        cost, lane = min(found)
        if cost > self.incumbent.cost:
            return False
        solver = done[lane][0]
        better = cost < self.incumbent.cost
        self.incumbent.values = _exact_values(solver, self.penalties)
        self.incumbent.cost, self.incumbent.solver = cost, solver
        if better:
            self.better_at = time.perf_counter()
        if better and self.emit is not None:
            self.emit("search", objective=cost)
        return better

    def _learn(
        self,
        kinds: list[int],
        frees: list[set[int]],
        done: list[tuple[cp_model.CpSolver, int]],
        costs: list[int | None],
        before: int,
    ) -> None:
        """Per kind: larger while its neighbourhoods (the pairs `frees`) are solved to their
        optimum, smaller while not; drawn more often while they improve the roster, less
        while not."""
        for kind, free, (_, code), cost in zip(kinds, frees, done, costs, strict=True):
            optimal, better = code == cp_model.OPTIMAL, cost is not None and cost < before
            factor = GROW if optimal else SHRINK
            self.free[kind] = min(MOST_FREE, max(self.least, self.free[kind] * factor))
            odds = (1 - ODDS_MEMORY) * float(better) + ODDS_MEMORY * self.odds[kind]
            self.odds[kind] = max(LEAST_ODDS, odds)
            tally = self.tally[kind]
            tally[0], tally[1], tally[2] = tally[0] + 1, tally[1] + optimal, tally[2] + better
            if optimal and kind == self.drawn + 1 and self.sweeps is not None:
                self.sweeps.prove(free)
            self._count_idle(kind, optimal, better)

    def _count_idle(self, kind: int, optimal: bool, better: bool) -> None:
        """The tail's windows solved to their optimum in a row with nothing to gain; a
        whole sweep of them marks the roster's cost (`_sweeps_spent`)."""
        if better or (kind == self.drawn and not optimal):
            self.idle_windows = 0
        elif kind == self.drawn:
            self.idle_windows += 1
        if self.sweeps is not None and self.idle_windows >= self.sweeps.windows():
            self.swept_at, self.idle_windows = self.incumbent.cost, 0


# ---- the roster's pairs and their neighbourhoods ----


def _pairs(scenario: Scenario, v: Vars) -> tuple[list[Pair], list[str]]:
    """Every (person, shift) literal with its role seats, and the people in model order."""
    people = list(v.by_person)
    index = {pid: i for i, pid in enumerate(people)}
    roles: dict[tuple[str, str], list[int]] = {}
    for (pid, sid, _), r in v.role.items():
        roles.setdefault((pid, sid), []).append(r.index)
    out = []
    for pid, items in v.by_person.items():
        for shift, x in items:
            day = scenario.day_index(shift.date)
            extra = tuple(roles.get((pid, shift.id), ()))
            out.append(Pair(index[pid], day, shift.duty_id, (x.index, *extra), shift.id))
    return out, people


Pick = Callable[[random.Random, int, list[int]], set[int]]
Guide = tuple[tuple[str, str, float], ...]


def _kinds(
    days: int,
    pairs: list[Pair],
    people: list[str],
    penalties: list[Penalty],
    dated: list[tuple[int, Penalty]],
    caps: list[list[Cap]] | None = None,
) -> list[Pick]:
    """The neighbourhoods: a window of days for everyone, a few people over the whole
    horizon, people who may take the same duties (who can swap theirs), some people over
    some weeks, the people the roster costs most, a window around the dates the roster
    costs most, people who could fill a short shift with the dates around it, and one duty
    over a window. `dated`: the
    penalties of one date, with its index."""
    by_day = _by_day(days, pairs)
    by_person = _by_person(len(people), pairs)
    duties = sorted({p.duty for p in pairs})
    index = {pid: k for k, pid in enumerate(people)}
    personal = [(index[p.person_id], p) for p in penalties if p.person_id in index]
    everyone = list(range(len(people)))

    def window(rng: random.Random, target: int, _: list[int]) -> set[int]:
        return _window(rng, by_day, target)

    def some_people(rng: random.Random, target: int, _: list[int]) -> set[int]:
        return _take(by_person, _shuffled(rng, everyone), target)

    def people_weeks(rng: random.Random, target: int, _: list[int]) -> set[int]:
        span = rng.randint(max(1, days // 4), max(1, days // 2))
        first = rng.randrange(days - span + 1)
        inside = [[i for i in mine if first <= pairs[i].day < first + span] for mine in by_person]
        return _take(inside, _shuffled(rng, everyone), target)

    def costly(rng: random.Random, target: int, values: list[int]) -> set[int]:
        cost = [0] * len(people)
        for k, p in personal:
            cost[k] += p.unit_cost * values[p.var.index]
        ties = {k: rng.random() for k in everyone}
        return _take(by_person, sorted(everyone, key=lambda k: (-cost[k], ties[k])), target)

    skills: dict[frozenset[str], list[int]] = {}
    for k, mine in enumerate(by_person):
        skills.setdefault(frozenset(pairs[i].duty for i in mine), []).append(k)

    def same_skills(rng: random.Random, target: int, _: list[int]) -> set[int]:
        first = rng.randrange(len(people))
        alike = next(group for group in skills.values() if first in group)
        others = [k for k in everyone if k not in alike]
        return _take(by_person, [*_shuffled(rng, alike), *_shuffled(rng, others)], target)

    def costly_days(rng: random.Random, target: int, values: list[int]) -> set[int]:
        cost = [0] * days
        for day, p in dated:
            cost[day] += p.unit_cost * values[p.var.index]
        if not any(cost):
            return _window(rng, by_day, target)
        centre = rng.choices(range(days), weights=cost)[0]
        return _around(by_day, centre, target)

    fillers = _fillers(pairs, by_day, by_person, dated, some_people, caps)

    def one_duty(rng: random.Random, target: int, _: list[int]) -> set[int]:
        duty = duties[rng.randrange(len(duties))]
        return _window(rng, [[i for i in day if pairs[i].duty == duty] for day in by_day], target)

    kinds: list[Pick] = [window, some_people, same_skills, people_weeks, costly, costly_days]
    kinds.append(fillers)
    return [*kinds, one_duty] if len(duties) > 1 else kinds


def _fillers(
    pairs: list[Pair],
    by_day: list[list[int]],
    by_person: list[list[int]],
    dated: list[tuple[int, Penalty]],
    otherwise: Pick,
    caps: list[list[Cap]] | None = None,
) -> Pick:
    """A shift the cover rule costs (drawn by its cost), the whole rows of people free that
    date who may take its duty, those with room under their caps (`caps`: workload and
    max_shifts) for one more of it first, then those working it least (half the
    neighbourhood: a duty few may work, such as Curtois nights capped at a few a person,
    stays short until someone below their caps takes one more; working fewest put a
    part-timer at a cap of one before a full-timer one below a cap of four), and the dates
    around it for everyone (the other half). Filling a seat that stays short takes a person
    with room for one more duty, whose row must then be rebuilt against their sequence
    rules, and duties moved on the dates around it; neither half alone does both.
    `otherwise`: the kind drawn when the cover costs nothing."""
    spots = [(day, p) for day, p in dated if p.rule.kind == "cover" and p.duty_id]
    able: dict[tuple[int, str], list[int]] = {}
    duty_pairs: dict[str, list[int]] = {}
    for i, pair in enumerate(pairs):
        able.setdefault((pair.day, pair.duty), []).append(pair.person)
        duty_pairs.setdefault(pair.duty, []).append(i)

    def fillers(rng: random.Random, target: int, values: list[int]) -> set[int]:
        cost = [p.unit_cost * values[p.var.index] for _, p in spots]
        if not any(cost):
            return otherwise(rng, target, values)
        day, spot = spots[rng.choices(range(len(spots)), weights=cost)[0]]
        busy = {pairs[i].person for i in by_day[day] if values[pairs[i].indices[0]]}
        could = [k for k in _shuffled(rng, able.get((day, spot.duty_id), [])) if k not in busy]
        worked = _worked(pairs, duty_pairs[spot.duty_id], values)
        room = _with_room(caps, could, spot.duty_id, values, pairs) if caps else set(could)
        # stable: shuffled among equals
        could.sort(key=lambda k: (k not in room, worked.get(k, 0)))
        free = _take(by_person, could, target // 2)
        return free | _around(by_day, day, target - len(free))

    return fillers


def _guided(days: int, pairs: list[Pair], people: list[str], guide: Guide) -> list[Pick]:
    """Neighbourhoods where the roster strays from the relaxation's solution (`guide`: how
    much each person works each shift there): people drawn by how far their row is from
    theirs (a person whose row it matches is rarely drawn), and the dates around a day drawn
    by how far its column is. The relaxation's value is within a few percent of the best
    known on the Curtois instances it runs on, so where the roster differs from its
    solution is where its cost most likely lies (docs/decisions.md, "A dive that hurries,
    and neighbourhoods guided by the relaxation")."""
    weight = {(pid, sid): w for pid, sid, w in guide}
    lp = [weight.get((people[p.person], p.shift), 0.0) for p in pairs]
    by_day = _by_day(days, pairs)
    by_person = _by_person(len(people), pairs)

    def astray(groups: list[list[int]], values: list[int]) -> list[float]:
        """Per group of pairs, how far the roster is from the relaxation's solution; never
        0, so every group may still be drawn."""
        far = [abs(lp[i] - values[p.indices[0]]) for i, p in enumerate(pairs)]
        return [GUIDE_FLOOR + sum(far[i] for i in group) for group in groups]

    def guided_people(rng: random.Random, target: int, values: list[int]) -> set[int]:
        far = astray(by_person, values)
        # A weighted draw without replacement (Efraimidis and Spirakis): the key u^(1/w).
        keys = [rng.random() ** (1 / w) for w in far]
        return _take(by_person, sorted(range(len(people)), key=lambda k: -keys[k]), target)

    def guided_days(rng: random.Random, target: int, values: list[int]) -> set[int]:
        centre = rng.choices(range(days), weights=astray(by_day, values))[0]
        return _around(by_day, centre, target)

    return [guided_people, guided_days]


def _weekends(
    dates: Sequence[date], pairs: list[Pair], dated: list[tuple[int, Penalty]]
) -> list[Pick]:
    """Several weekends at once, from Friday to Monday, for everyone, drawn by what the
    roster costs on them: a cap on weekends ties each person's weekends across the whole
    horizon, so who works which weekend is changed only where several are free together
    (on the Curtois instances the seats that stay empty are nearly all on weekends). None
    when the horizon holds fewer than two weekends."""
    groups: dict[int, list[int]] = {}  # Saturday's index -> pairs from Friday to Monday
    to_saturday = {4: 1, 5: 0, 6: -1, 0: -2}  # Friday, Saturday, Sunday, Monday
    for i, pair in enumerate(pairs):
        step = to_saturday.get(dates[pair.day].weekday())
        # a weekend with its Saturday or its Sunday in the horizon, not a Monday alone
        if step is not None and -1 <= pair.day + step < len(dates):
            groups.setdefault(pair.day + step, []).append(i)
    if len(groups) < 2:
        return []
    keys = sorted(groups)
    members = [groups[k] for k in keys]

    def weekends(rng: random.Random, target: int, values: list[int]) -> set[int]:
        cost = dict.fromkeys(keys, 0)
        for day, p in dated:
            step = to_saturday.get(dates[day].weekday())
            if step is not None and day + step in cost:
                cost[day + step] += p.unit_cost * values[p.var.index]
        # A weighted draw without replacement (Efraimidis and Spirakis), as guided_people.
        draw = [rng.random() ** (1 / (1 + cost[k])) for k in keys]
        return _take(members, sorted(range(len(keys)), key=lambda j: -draw[j]), target)

    return [weekends]


@dataclass(frozen=True)
class Cap:
    """One person's cap under a workload or max_shifts rule: the most `load` may reach,
    what each pair (its position in `pairs`) adds to it, and the duties it counts (None:
    every duty)."""

    most: int
    sizes: dict[int, int]
    duties: frozenset[str] | None


def _caps(scenario: Scenario, v: Vars, people: list[str]) -> list[list[Cap]]:
    """Per person (model order), their caps under the `workload` rules with a `max` and
    the `max_shifts` rules: who has room for one more duty of a kind."""
    shifts: dict[str, list[tuple[int, Shift]]] = {pid: [] for pid in people}
    n = 0
    for pid, items in v.by_person.items():
        for shift, _ in items:
            shifts[pid].append((n, shift))
            n += 1
    out: list[list[Cap]] = []
    for pid in people:
        mine: list[Cap] = []
        for rule in scenario.rule("workload"):
            high = scenario.limit(rule, pid, "max")
            if high is None:
                continue
            duty = str(rule.param("duty", "") or "")
            minutes = rule.param("unit", "duties") == "minutes"
            sizes = {
                i: s.minutes if minutes else 1
                for i, s in shifts[pid]
                if not duty or s.duty_id == duty
            }
            mine.append(Cap(int(str(high)), sizes, frozenset({duty}) if duty else None))
        for rule in scenario.rule("max_shifts"):
            cap = scenario.duty_cap(rule, pid)
            if cap is not None:
                mine.append(Cap(cap, {i: 1 for i, _ in shifts[pid]}, None))
        out.append(mine)
    return out


def _with_room(
    caps: list[list[Cap]], people: list[int], duty: str, values: list[int], pairs: list[Pair]
) -> set[int]:
    """Of `people`, those whose every cap counting `duty` leaves room for one more (the
    largest size a pair of that duty adds): a short shift of that duty is filled by one of
    them without another duty dropped."""
    out = set()
    for k in people:
        fits = True
        for cap in caps[k]:
            if cap.duties is not None and duty not in cap.duties:
                continue
            load = sum(size * values[pairs[i].indices[0]] for i, size in cap.sizes.items())
            need = max((size for i, size in cap.sizes.items() if pairs[i].duty == duty), default=0)
            if load + need > cap.most:
                fits = False
                break
        if fits:
            out.add(k)
    return out


def _worked(pairs: list[Pair], mine: list[int], values: list[int]) -> dict[int, int]:
    """Per person, how many of the pairs `mine` the roster has them work."""
    out: dict[int, int] = {}
    for i in mine:
        if values[pairs[i].indices[0]]:
            out[pairs[i].person] = out.get(pairs[i].person, 0) + 1
    return out


def _by_day(days: int, pairs: list[Pair]) -> list[list[int]]:
    """The pairs (positions in `pairs`) of each day of the horizon."""
    out: list[list[int]] = [[] for _ in range(days)]
    for i, pair in enumerate(pairs):
        out[pair.day].append(i)
    return out


def _by_person(people: int, pairs: list[Pair]) -> list[list[int]]:
    """The pairs (positions in `pairs`) of each person, in model order."""
    out: list[list[int]] = [[] for _ in range(people)]
    for i, pair in enumerate(pairs):
        out[pair.person].append(i)
    return out


def _shuffled(rng: random.Random, items: list[int]) -> list[int]:
    out = list(items)
    rng.shuffle(out)
    return out


def _take(groups: list[list[int]], order: list[int], target: int) -> set[int]:
    """Whole groups in `order` until `target` pairs are free."""
    free: set[int] = set()
    for k in order:
        if len(free) >= target:
            break
        free.update(groups[k])
    return free


def _window(rng: random.Random, by_day: list[list[int]], target: int) -> set[int]:
    """Consecutive days from a random one (wrapping to the start) until `target` are free."""
    days = len(by_day)
    first = rng.randrange(days)
    free: set[int] = set()
    for step in range(days):
        if len(free) >= target:
            break
        free.update(by_day[(first + step) % days])
    return free


def _around(by_day: list[list[int]], centre: int, target: int) -> set[int]:
    """Days on both sides of `centre`, nearest first, until `target` pairs are free: a
    shift short of people is filled by moving duties on the dates around it."""
    free: set[int] = set(by_day[centre])
    for step in range(1, len(by_day)):
        if len(free) >= target:
            break
        for day in (centre - step, centre + step):
            if 0 <= day < len(by_day):
                free.update(by_day[day])
    return free


# ---- the incumbent ----


def _exact_values(solver: cp_model.CpSolver, penalties: list[Penalty]) -> list[int]:
    """The solution, each penalty at its exact amount (the hint of the next round)."""
    values = list(solver.response_proto.solution)
    for p, n in zip(penalties, penalty_amounts(solver, penalties), strict=True):
        values[p.var.index] = n
    return values


def _exact_cost(solver: cp_model.CpSolver, penalties: list[Penalty]) -> int:
    amounts = penalty_amounts(solver, penalties)
    return sum(p.unit_cost * n for p, n in zip(penalties, amounts, strict=True))
