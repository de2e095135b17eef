"""A fresh solve of a large model in phases: bounds, a first roster, then the objective.

Handed the whole objective at once, CP-SAT spends the first seconds of a large roster
model on rosters with empty seats: an empty seat is always allowed (at hard_weight), so
nothing steers the early search towards filling them, and the linear relaxation of the
rules gives it no useful bound (on 300 people x 61 days x 3 duties with every rule
family, hundreds of seats stayed empty and the bound stayed near zero; docs/decisions.md).
So a model
of `PHASED_MIN_PAIRS` candidate pairs or more is solved in phases:

1. person bounds (solver/blocks.py): each block's cheapest schedule alone. Their sum is
   a lower bound of the objective; each becomes a cut in the model (the block's cost is
   at least its bound), which the linear relaxation lacked.
2. a first roster, as a feasibility problem (no objective, which CP-SAT is fast at):
   every hard rule held with no slack, and every block at most at its cheapest cost.
   If the blocks' minima do not fit together under the cover, a second try caps the
   single people only; the last try ("least_short") holds every hard rule but the cover
   and leaves the fewest seats empty (the only try when some seats are proven to stay
   empty: solver/shortage.py). A first roster whose cost equals the bound is optimal,
   and the solve ends there.
3. the objective, from the first roster as a complete hint (every variable, penalties
   at their exact amounts), with the rest of the work budget.

Each phase is deterministic (fixed seed, a work budget) in deterministic mode, so the
whole is too. Smaller models go straight to phase 3 without a hint, as before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster import progress
from roster.cover import shortfall_factor
from roster.model import Scenario
from roster.result import Assignment
from solver import (
    blocks,
    columns,
    lns,
    lower_bound,
    params,
    progress_callback,
    relax,
    rows_first,
)
from solver import budget as clock
from solver.blocks import BlockBound
from solver.budget import (
    COLUMNS_SHARE,
    FIRST_ROSTER_SHARE,
    HARD_FIRST_SHARE,
    LEAST_SHORT_ALONE_SHARE,
    LNS_DIRECT_SHARE,
    LNS_SHARE,
    RESUME_SHARE,
    RESUME_STALL_SHARE,
    TEAM_TRY_SHARES,
    TRY_SHARES,
)
from solver.penalty import Penalty, penalty_amounts
from solver.shortage import Shortage, cover_floor, least_shortage, shortage_cost
from solver.stall import solve_until_stalled
from solver.variables import Vars

PHASED_MIN_PAIRS = 10_000  # candidate (person, shift) pairs; smaller models solve directly
# A team's "near_bounds" try: its blocks together may cost this many units of the dearest
# soft rule above their bounds (docs/decisions.md).
NEAR_UNITS = 3
HAS_SOLUTION = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass
class Run:
    """How a solve ended: `solver` holds the roster's values when there is one."""

    solver: cp_model.CpSolver
    code: int
    bound: int | None  # a lower bound of the first stage's objective
    extra: dict = field(default_factory=dict)
    # The relaxation resumed after the search (`_bound_then_search`), when it was.
    relaxed: lower_bound.LowerBound | None = None

    @property
    def has_solution(self) -> bool:
        return self.code in HAS_SOLUTION


def solve_fresh(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    bounds: list[BlockBound] | None = None,
    relaxed: lower_bound.LowerBound | None = None,
) -> Run:
    """Minimise the penalties' cost: in phases for a model of PHASED_MIN_PAIRS candidate
    (person, shift) pairs or more, else in one solve. `bounds`: the person bounds, when
    already known (a team of a larger pool, solver/teams.py); `relaxed`: the relaxation
    run before the search of a model solved directly (its schedules at the best prices
    may start the search)."""
    started = time.perf_counter()
    cost = _cost(penalties)
    team = bounds is not None
    # A team's seats are its share of the pool's: the pool's shortage is not the team's.
    shortage = Shortage() if team else least_shortage(scenario)
    extra: dict = _shortage_stats(shortage)
    if len(v.works) < PHASED_MIN_PAIRS:
        first = not (team or shortage.units or scenario.solver.deterministic)
        used = 0.0
        if first:
            used = _direct_start(model, penalties, scenario, v, relaxed, extra)
        if relaxed is not None and relaxed.cuts is not None and not team:
            extra["priced_cuts"] = _add_priced_cuts(model, penalties, v, relaxed.cuts)
        model.minimize(cost)
        total = _remaining(scenario, used, started) if used else _whole(scenario)
        solver = _solver(scenario, _search_share(total, scenario, team))
        params.full_lp_when_few_workers(solver, scenario.solver)
        code = progress_callback.solve(solver, model, "search")
        note_clock(extra, solver, code)
        least = shortage_cost(scenario, shortage)
        bound = _at_least(cp_bound(solver, code), least)
        if bound is not None and relaxed is not None:
            # The neighbourhood search stops at it: at the relaxation's, a proven optimum.
            bound = max(bound, relaxed.value)
        run = Run(solver, code, bound, extra)
        guide = _guide(relaxed)
        return then_neighbourhoods(
            run, model, penalties, scenario, v, team, started, used, guide, relaxed
        )
    extra["phased"] = True
    found = bounds if team else person_bounds(scenario, v, extra)
    # A team's seats are not its people's nearest split: only the plain sum bounds it.
    if team:
        lower = sum(b.lower for b in found) + shortage_cost(scenario, shortage)
    else:
        lower = pooled_bound(scenario, found, shortage, extra)
    progress.emit("bounds", bound=lower)
    first, used = _first_roster(model, penalties, scenario, v, found, extra, team, shortage)
    # The relaxation only where the first roster did not meet the person bounds (then it is
    # optimal: the shipped example ends there) and no seat is proven to stay empty (the
    # bound of the fewest empty seats is the cost that matters, and the search needs the
    # clock to reach it).
    if not (team or shortage.units or _meets(first, penalties, lower, scenario)):
        lower, spent, relaxed = _relaxed(scenario, extra, lower)
        used += spent
        if relaxed is not None and relaxed.schedules:
            first = _cheaper_start(model, penalties, scenario, v, first, relaxed, extra)
        if relaxed is not None and first is not None and not scenario.solver.deterministic:
            first = with_dive(model, penalties, scenario, v, first, relaxed.columns, extra)
    if first is not None and not team:
        first, spent = rows_first.improved(model, penalties, scenario, v, first, extra)
        used += spent
        # Under the wall clock only: the program's time limit is a wall-clock one.
        schedules = None if relaxed is None else relaxed.columns
        if schedules is not None and not scenario.solver.deterministic:
            first = among_columns(model, penalties, scenario, v, first, schedules, extra)
    if first is not None:
        first_cost = exact_cost(first, penalties)
        extra["first_roster_cost"] = first_cost
        progress.emit("first_roster", objective=first_cost, bound=lower)
        if first_cost <= lower + _tolerance(scenario, first_cost):
            code = cp_model.OPTIMAL if first_cost == lower else cp_model.FEASIBLE
            return Run(first, code, lower, extra)
        complete_hint(model, first, penalties)
        _keep_seats(model, penalties, first)
    if found:
        _add_cuts(model, penalties, found)
    model.minimize(cost)
    # A team's polish from its first roster ends when it stops improving, leaving its
    # core to the teams still waiting (a roster short of the team's bounds rarely moves:
    # on 1000 x 120 x 4 the polish ended where it began, early or late).
    polish = bounds is not None and first is not None
    total = _remaining(scenario, used, started)
    solver = _solver(scenario, _search_share(total, scenario, team), polish=polish)
    stall = clock.MAIN_STALL_SHARE if polish else None
    code, stalled = _solve_try(
        solver, model, scenario, stall, phase="polish" if polish else "search"
    )
    note_clock(extra, solver, code)
    extra["main_s"] = round(solver.wall_time, 3)
    if stalled:
        extra["main_stalled"] = True
    if code not in HAS_SOLUTION and first is not None:
        return Run(first, cp_model.FEASIBLE, lower, extra)  # the first roster stands
    bound = max(lower, cp_bound(solver, code) or 0)
    if bound > lower and "bound_source" in extra:
        extra["bound_source"] = "search"
    if code == cp_model.FEASIBLE and exact_cost(solver, penalties) <= bound:
        code = cp_model.OPTIMAL  # the person bounds prove what CP-SAT could not
    run = Run(solver, code, bound, extra)
    guide = _guide(relaxed)
    return then_neighbourhoods(
        run, model, penalties, scenario, v, team, started, used, guide, relaxed
    )


# ---- the neighbourhood search ----


def _main_share(total: float, team: bool) -> float:
    """The main search's part of what is left: all of it for a team (its polish ends when
    it stalls, leaving the core to the teams waiting), else what LNS_SHARE leaves."""
    return total if team else (1 - LNS_SHARE) * total


def _search_share(total: float, scenario: Scenario, team: bool) -> float:
    """The main search's part of what is left, directly or after a phased first roster:
    under the wall clock the neighbourhood search takes LNS_DIRECT_SHARE of it (its calls
    use the clock better than the main search's second half did: docs/decisions.md; on the
    phased Curtois 13 too, "Curtois 13 short of minutes"), in deterministic mode LNS_SHARE."""
    if team or scenario.solver.deterministic:
        return _main_share(total, team)
    return (1 - LNS_DIRECT_SHARE) * total


def _whole(scenario: Scenario) -> float:
    """The whole budget: the work budget, or the wall-clock limit up to the deadline."""
    total = clock.share(scenario.solver, 1)
    return total if scenario.solver.deterministic else clock.wall(scenario.solver, total)


def then_neighbourhoods(
    run: Run,
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    team: bool,
    started: float,
    used: float,
    guide: lns.Guide = (),
    relaxed: lower_bound.LowerBound | None = None,
) -> Run:
    """The main search's roster, improved by the neighbourhood search (solver/lns.py) with
    the rest of the budget when it is not proven optimal, guided by the relaxation's
    solution `guide` (Columns.guide) when there is one. A relaxation `relaxed` cut short by
    its share goes on once the neighbourhoods stop improving (`_bound_then_search`)."""
    if team or run.code != cp_model.FEASIBLE or not model.has_objective():
        return run
    left = _remaining(scenario, used + _work(scenario, run.solver), started)
    bound = run.bound or 0
    stall = None if relaxed is None or relaxed.ascent is None else RESUME_STALL_SHARE * left
    outcome = lns.improve(model, penalties, scenario, v, run.solver, left, bound, guide, stall)
    run.extra["lns"] = outcome.stats
    if outcome.stats.get("stopped_by_clock"):
        run.extra["stopped_by"] = "time_limit"
    if outcome.best is not None:
        run = Run(outcome.best, run.code, run.bound, run.extra)
    if outcome.stats.get("stalled") and relaxed is not None:
        run = _bound_then_search(run, model, penalties, scenario, v, relaxed, started, guide)
    if exact_cost(run.solver, penalties) <= (run.bound or 0):
        run.code = cp_model.OPTIMAL
    return run


def _bound_then_search(
    run: Run,
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    relaxed: lower_bound.LowerBound,
    started: float,
    guide: lns.Guide,
) -> Run:
    """The relaxation's rounds resumed with RESUME_SHARE of what is left, its bound raising
    the run's, then the neighbourhood search again with the rest from the roster `run`
    holds, its tail's kind first: the drawn kinds stalled on that roster (docs/decisions.md,
    "The relaxation resumed after the search")."""
    budget = RESUME_SHARE * _clock_left(scenario, started)
    resumed = lower_bound.resume(relaxed, budget, scenario.solver)
    bound = max(run.bound or 0, resumed.value)
    extra = run.extra | lower_bound.stats(resumed)
    if resumed.value > (run.bound or 0):
        extra["bound_source"] = "relaxation"
        progress.emit("bounds", bound=bound)
    left = _clock_left(scenario, started)
    solver = run.solver
    if left > clock.LEAST_CALL_S:
        outcome = lns.improve(
            model, penalties, scenario, v, solver, left, bound, guide, tail_first=True
        )
        extra["lns_after_bound"] = outcome.stats
        solver = outcome.best or solver
    if extra.get("lns_after_bound", {"stopped_by_clock": True}).get("stopped_by_clock"):
        extra["stopped_by"] = "time_limit"  # the search's, or the rounds' that took the rest
    return Run(solver, run.code, bound, extra, resumed)


def _clock_left(scenario: Scenario, started: float) -> float:
    """Wall seconds left of the limit and before the command's deadline (which keeps the
    export's share of the limit: the solve's shares are of what is left before it)."""
    s = scenario.solver
    left = s.time_limit_s - (time.perf_counter() - started)
    deadline = clock.seconds_left(s)
    return max(0.0, left if deadline is None else min(left, deadline))


def _guide(relaxed: lower_bound.LowerBound | None) -> lns.Guide:
    columns = None if relaxed is None else relaxed.columns
    return () if columns is None else columns.guide


def _shortage_stats(shortage: Shortage) -> dict:
    if not shortage.units:
        return {}
    return {"least_empty_seats": shortage.seats, "least_empty_role_seats": shortage.role_seats}


def _at_least(bound: int | None, least: int) -> int | None:
    return None if bound is None else max(bound, least)


def _keep_seats(
    model: cp_model.CpModel, penalties: list[Penalty], first: cp_model.CpSolver
) -> None:
    """The search from a first roster never leaves more seats (then role seats) empty than
    it did: the fewest empty seats come first, whatever the soft rules would gain."""
    amounts = dict(zip((id(p) for p in penalties), penalty_amounts(first, penalties), strict=True))
    seats = [p for p in penalties if _hard_seat(p) and p.rule.kind == "cover"]
    model.add(sum(p.var for p in seats) <= sum(amounts[id(p)] for p in seats))
    hard = [p for p in penalties if _hard_seat(p)]
    model.add(_cost(hard) <= sum(p.unit_cost * amounts[id(p)] for p in hard))


def _direct_start(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    relaxed: lower_bound.LowerBound | None,
    extra: dict,
) -> float:
    """The start of a model solved directly under the wall clock: a roster keeping every
    hard rule (`_hard_rules_first`), or everyone at their cheapest schedule at the
    relaxation's best prices when that costs less, its rows then chosen again with the cover
    priced (solver/rows_first.py); the cheapest of them is the search's complete hint.
    The search from the hard rules' roster alone spent the clock on the cover and the
    requests that the prices and the rows settle person by person (docs/decisions.md,
    "A priced start on a model solved directly"). Returns the wall seconds spent."""
    used, start = _hard_rules_first(model, penalties, scenario, extra)
    if relaxed is not None and relaxed.schedules:
        start = _cheaper_start(model, penalties, scenario, v, start, relaxed, extra)
    if start is None:
        return used
    began = time.perf_counter()
    if relaxed is not None:
        start = with_dive(model, penalties, scenario, v, start, relaxed.columns, extra)
    start, _ = rows_first.improved(model, penalties, scenario, v, start, extra)
    if relaxed is not None and relaxed.columns is not None:
        start = among_columns(model, penalties, scenario, v, start, relaxed.columns, extra)
    complete_hint(model, start, penalties)
    return used + time.perf_counter() - began


def with_dive(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    start: cp_model.CpSolver,
    found: lower_bound.Columns | None,
    extra: dict,
) -> cp_model.CpSolver:
    """The start, or the dive's roster (solver/dive.py) when it costs less in the whole
    model (ordinary seats only: rows_first.applicable). Compared before the rows are chosen
    again, which then start from the cheaper: from the priced start they spent seconds on
    Curtois 8 for a roster the dive's beat by hundreds (docs/decisions.md, "The dive's
    roster before the rows")."""
    if found is None or not found.dived or not rows_first.applicable(scenario, v):
        return start
    return _cheaper(model, penalties, scenario, v, start, found.dived, extra, "dived")


def among_columns(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    start: cp_model.CpSolver,
    found: lower_bound.Columns,
    extra: dict,
) -> cp_model.CpSolver:
    """The start, or the roster of one schedule per person among the relaxation's and their
    row in that start (solver/columns.py) when it costs less (ordinary seats only:
    rows_first.applicable)."""
    if not rows_first.applicable(scenario, v):
        return start
    rows: dict[str, list[str]] = {}
    for a in rows_first.roster_of(scenario, v, start):
        rows.setdefault(a.person_id, []).append(a.shift_id)
    own: dict[str, int] = {}
    for p, n in zip(penalties, penalty_amounts(start, penalties), strict=True):
        if blocks.personal(p):
            own[p.person_id] = own.get(p.person_id, 0) + lower_bound.SCALE * p.unit_cost * n
    mine = {pid: (own.get(pid, 0), tuple(rows.get(pid, ()))) for pid in found.people}
    seconds = clock.wall(scenario.solver, clock.share(scenario.solver, COLUMNS_SHARE))
    began = time.perf_counter()
    chosen = columns.choose(found, mine, seconds)
    extra["first_columns"] = {"s": round(time.perf_counter() - began, 3)}
    if chosen is None:
        return start
    extra["first_columns"]["proven"] = chosen.proven
    return _cheaper(model, penalties, scenario, v, start, chosen.worked, extra, "first_columns")


def _cheaper(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    start: cp_model.CpSolver,
    worked: tuple[tuple[str, str], ...],
    extra: dict,
    key: str,
) -> cp_model.CpSolver:
    """The start, or the roster `worked` ((person, shift id) pairs) completed into the
    whole model when it costs less there; `extra[key]` says both costs."""
    from solver.hinted import completed  # it builds on this module

    shifts = scenario.shift_by_id
    roster = [Assignment(shifts[sid].date, shifts[sid].duty_id, "", "", pid)
              for pid, sid in worked]  # fmt: skip
    better = completed(model, v, roster, scenario)
    stats = extra.setdefault(key, {})
    if better is None:
        return start
    stats |= {"before": exact_cost(start, penalties), "after": exact_cost(better, penalties)}
    return better if stats["after"] < stats["before"] else start


def _hard_rules_first(
    model: cp_model.CpModel, penalties: list[Penalty], scenario: Scenario, extra: dict
) -> tuple[float, cp_model.CpSolver | None]:
    """A roster keeping every hard rule, searched as a feasibility problem (no objective,
    which CP-SAT is fast at); when found, it is the complete hint of the search and the
    search keeps every hard rule as it did. Without it the search starts from rosters that
    break lower-bound rules by the thousand (each a slack at hard_weight: Curtois Instance7
    starts near 7e9), the objective spans ten orders of magnitude and local search spends
    the budget on the hard slacks (docs/decisions.md, "Hard rules first"). The parallel
    portfolio only: the interleaved search did worse from the hint (same place). Returns the
    wall seconds spent."""
    hard = [(p, max(p.floor, p.var.proto.domain[0])) for p in penalties if _can_break(p)]
    if not hard:
        return 0.0, None
    on = model.new_bool_var("hard rules first")
    for p, least in hard:
        model.add(p.var <= least).only_enforce_if(on)
    _switch(on, True)
    solver = _solver(scenario, clock.share(scenario.solver, HARD_FIRST_SHARE))
    code = solver.solve(model)
    note_clock(extra, solver, code)
    extra["first_hard"] = {"status": solver.status_name(code), "s": round(solver.wall_time, 3)}
    if code in HAS_SOLUTION:
        extra["first_hard"]["cost"] = exact_cost(solver, penalties)
        complete_hint(model, solver, penalties)  # `on` stays fixed: hard rules stay held
        return _work(scenario, solver), solver
    _switch(on, False)
    return _work(scenario, solver), None


def _can_break(p: Penalty) -> bool:
    """A hard rule's slack that may rise above its least. (The domain's last item by its
    length: a negative index into the proto's repeated field reads 0 in this protobuf.)"""
    domain = p.var.proto.domain
    return relax.counts_as_hard(p.rule) and domain[len(domain) - 1] > max(p.floor, domain[0])


# ---- phase 1: bounds ----


def pooled_bound(
    scenario: Scenario, found: list[BlockBound], shortage: Shortage, extra: dict
) -> int:
    """A bound of the whole from the person bounds `found`: their pool's with the seats
    proven empty, or the blocks' own costs (their plain sum) with the least the cover's
    empty seats cost (`cover_floor`), whichever is higher."""
    lower = blocks.pool_bound(found) + shortage_cost(scenario, shortage)
    floor = sum(b.lower for b in found) + shortage_cost(scenario, shortage)
    floor += cover_floor(scenario, shortage)
    if floor > lower:
        lower, extra["bound_source"] = floor, "empty_seats"
    return lower


def person_bounds(scenario: Scenario, v: Vars, extra: dict) -> list[BlockBound]:
    """Each person's (each block's) least own cost, solved alone; their stats in `extra`."""
    if not blocks.applicable(scenario):
        return []
    started = time.perf_counter()
    progress.emit("bounds")
    found = blocks.person_bounds(scenario, shares=blocks.seeded_shares(v))
    extra["person_bound"] = blocks.pool_bound(found)
    extra["blocks"] = len(found)
    extra["blocks_unproven"] = sum(1 for b in found if not b.proven)
    extra["bounds_s"] = round(time.perf_counter() - started, 3)
    return found


def _meets(
    first: cp_model.CpSolver | None, penalties: list[Penalty], lower: int, scenario: Scenario
) -> bool:
    """The first roster costs no more than the bound (within the gap asked for)."""
    if first is None:
        return False
    cost = exact_cost(first, penalties)
    return cost <= lower + _tolerance(scenario, cost)


def _relaxed(
    scenario: Scenario, extra: dict, lower: int
) -> tuple[int, float, lower_bound.LowerBound | None]:
    """The person bounds raised by the relaxation (solver/lower_bound.py: the cover priced,
    the person bounds being its first round), when its share holds enough rounds, and the
    work it used (deterministic mode; the wall clock counts itself). On Curtois 12 and 13
    nearly all of the cost is the cover (the staff's most minutes are within 0.2 % of what
    the cover asks), which no person's bound alone sees (docs/decisions.md). Reported, not
    posted in the model: a floor of the cost lowered the search's own bound there. Also the
    relaxation itself, when it ran."""
    first_round_s = extra.get("bounds_s", 0.0)
    found = lower_bound.after_person_bounds(scenario, first_round_s)
    if found is None:
        if not lower_bound.holds_rounds(scenario.solver, first_round_s):
            extra["relaxation_skipped"] = {"first_round_s": first_round_s}
        return lower, 0.0, None
    extra |= lower_bound.stats(found)
    if found.value > lower:
        extra["bound_source"] = "relaxation"
        progress.emit("bounds", bound=found.value)
    work = found.work if scenario.solver.deterministic else 0.0
    return max(lower, found.value), work, found


def _cheaper_start(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    first: cp_model.CpSolver | None,
    relaxed: lower_bound.LowerBound,
    extra: dict,
) -> cp_model.CpSolver | None:
    """The first roster, or everyone at their cheapest schedule at the relaxation's best
    prices when that roster costs less. Those prices make each person weigh the cover as
    the whole roster does, so their schedules together come near it: Curtois 12's first
    roster at the blocks' minima (zero prices) leaves hundreds of seats empty
    (docs/decisions.md). Each schedule keeps its person's own rules; the cover's hard
    seats it leaves empty cost hard_weight each, so it is taken only when it costs less."""
    from solver.hinted import completed  # it builds on this module

    shifts = scenario.shift_by_id
    roster = [
        Assignment(shifts[sid].date, shifts[sid].duty_id, "", "", pid)
        for pid, sid in relaxed.schedules
    ]
    priced = completed(model, v, roster, scenario)
    if priced is None:
        return first
    cost = exact_cost(priced, penalties)
    extra["first_at_prices"] = cost
    if first is not None and exact_cost(first, penalties) <= cost:
        return first
    return priced


def _by_block(penalties: list[Penalty], found: list[BlockBound]) -> list[list[Penalty]]:
    index = {pid: i for i, b in enumerate(found) for pid in b.people}
    out: list[list[Penalty]] = [[] for _ in found]
    for p in penalties:
        if blocks.personal(p) and p.person_id in index:
            out[index[p.person_id]].append(p)
    return out


def _add_cuts(model: cp_model.CpModel, penalties: list[Penalty], found: list[BlockBound]) -> None:
    """A block's people cost at least their bound, in every roster."""
    for bound, mine in zip(found, _by_block(penalties, found), strict=True):
        if bound.lower > 0:
            model.add(_cost(mine) >= bound.lower)


def _add_priced_cuts(
    model: cp_model.CpModel, penalties: list[Penalty], v: Vars, cuts: lower_bound.PricedCuts
) -> int:
    """Each person's own cost plus the relaxation's best prices of the shifts they work is
    at least their proven least at those prices (lower_bound.PricedCuts); the number
    posted. A person with a shift their block's model lacked gets none (their least did
    not see it)."""
    own: dict[str, list[Penalty]] = {}
    for p in penalties:
        if blocks.personal(p) and p.person_id:
            own.setdefault(p.person_id, []).append(p)
    posted = 0
    for pid, items in v.by_person.items():
        low, known = cuts.lower.get(pid), cuts.shifts.get(pid, frozenset())
        if low is None or any(shift.id not in known for shift, _ in items):
            continue
        priced = [(x, cuts.mu[s.id]) for s, x in items if cuts.mu.get(s.id)]
        mine = own.get(pid, [])
        terms = [p.var for p in mine] + [x for x, _ in priced]
        coeffs = [lower_bound.SCALE * p.unit_cost for p in mine] + [m for _, m in priced]
        model.add(cp_model.LinearExpr.weighted_sum(terms, coeffs) >= low)
        posted += 1
    return posted


# ---- phase 2: a first roster ----


def _first_roster(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    v: Vars,
    found: list[BlockBound],
    extra: dict,
    team: bool = False,
    shortage: Shortage | None = None,
) -> tuple[cp_model.CpSolver | None, float]:
    """A roster keeping every hard rule: every seat filled and everyone at their person
    bounds if it can, else with the fewest seats (then role seats) empty. Tries that fill
    every seat are skipped when some are proven to stay empty (`shortage`).
    A `team` of a larger pool (solver/teams.py) instead fills every seat as near its bounds
    as it can (at them, when they fit), else keeps its people at their bounds and leaves the
    fewest seats empty: the whole pool fills those at the end (teams `_filled`).

    Returns it (or None) and the work (deterministic time, or wall seconds) spent."""
    used = 0.0
    shortage = shortage or Shortage()
    slack = _near_slack(penalties, scenario.solver.hard_weight) if team else 0
    tries = _tries(found, team, slack, short=shortage.units > 0)
    if found:
        _hint_schedules(model, v, found)
    wall = _WallShares(scenario, tries, team)
    for name, caps, fixed in tries:
        on = model.new_bool_var(f"first roster: {name}")
        least_short = name == "least_short"
        near = slack if name == "near_bounds" else 0
        capped, caps = penalties, caps
        if not least_short:  # counts held near their shares leave no seat empty
            capped, caps = blocks.first_roster_caps(model, scenario, v, penalties, caps, on, team)
        above = _post_first_roster(model, capped, caps, on, force_hard=not least_short, slack=near)
        _post_schedules(model, v, fixed, on)
        _switch(on, True)
        target = None
        if least_short:
            if not team:
                _hint_constructed(model, v, scenario, penalties, extra)
            target = _minimise_empty(model, penalties, shortage, team)
        elif above:
            model.minimize(sum(above))
        # From a complete hint presolve only re-derives what the hint says (as a polish).
        whole = least_short and extra.get("least_short_hint") == "complete"
        budget = _try_budget(scenario, name, tries, used, team)
        solver = _solver(scenario, budget, first=True, polish=whole)
        wall.cap(solver, name)
        stall = clock.NEAR_STALL_SHARE if above else None
        code, stalled = _solve_try(
            solver, model, scenario, stall, target, phase="first_roster", label=name, costs=False
        )
        note_clock(extra, solver, code)
        _switch(on, False)
        model.clear_objective()
        used += _work(scenario, solver)
        extra[f"first_{name}"] = {
            "status": solver.status_name(code),
            "s": round(solver.wall_time, 3),
        } | ({"stalled": True} if stalled else {})
        if code in HAS_SOLUTION:
            return solver, used
    return None, used


class _WallShares:
    """Under a deadline, each try may take only its share of the wall clock left when the
    tries began (the last one what the others left of theirs), so that a slow machine still
    reaches the least-short try and the main search: a work budget alone could spend the
    whole clock on the first try."""

    def __init__(self, scenario: Scenario, tries: list, team: bool) -> None:
        self.left = clock.seconds_left(scenario.solver)
        self.started = time.perf_counter()
        self.shares = TEAM_TRY_SHARES if team else TRY_SHARES
        self.last = tries[-1][0]
        together = sum(self.shares[n] for n, *_ in tries)
        self.total = together if team else _first_roster_share(tries)

    def cap(self, solver: cp_model.CpSolver, name: str) -> None:
        if self.left is None:
            return
        if name == self.last:
            spent = time.perf_counter() - self.started
            wanted = max(self.shares[name] * self.left, self.total * self.left - spent)
        else:
            wanted = self.shares[name] * self.left
        p = solver.parameters
        p.max_time_in_seconds = max(clock.LEAST_CALL_S, min(p.max_time_in_seconds, wanted))


def _minimise_empty(
    model: cp_model.CpModel, penalties: list[Penalty], shortage: Shortage, team: bool
) -> int | None:
    """The fewest empty seats first, then the fewest empty role seats. Returns the
    objective value that proves itself (the proven shortage), where the search may stop:
    local search cannot prove it."""
    seats = [p for p in penalties if _hard_seat(p)]
    # A duty's `shortfall` factor (docs/rules.md#cover): the seats left empty are those
    # the coordinator said may stay short first, here as in the main search.
    factor = {id(p): shortfall_factor(p.rule, p.duty_id, p.role) for p in seats}
    if team:
        model.minimize(sum(factor[id(p)] * p.var for p in seats))
        return None
    roles = [p for p in seats if p.rule.kind != "cover"]
    # Heavier than every role seat together: one seat more filled is worth all of them.
    heavy = 1 + sum(factor[id(p)] * _upper(p.var) for p in roles)
    model.minimize(
        sum(heavy * factor[id(p)] * p.var for p in seats if p.rule.kind == "cover")
        + sum(factor[id(p)] * p.var for p in roles)
    )
    least = min(factor.values(), default=1)
    return heavy * least * shortage.seats + least * shortage.role_seats


def note_clock(extra: dict, solver: cp_model.CpSolver, code: int) -> None:
    if clock.stopped_by_clock(solver, code):
        extra["stopped_by"] = "time_limit"


def _solve_try(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    scenario: Scenario,
    stall: float | None,
    target: int | None = None,
    *,
    phase: str = "search",
    label: str | None = None,
    costs: bool = True,
) -> tuple[int, bool]:
    """A solve, ended once it has not improved for a `stall` share of its wall-clock limit
    (wall clock only: a work budget keeps the solve reproducible), or at `target` (a proven
    least: the same solution ends it every run). The status, and whether it stalled.
    `phase` and `label` name its progress events; `costs`: whether the model's objective is
    the roster's cost, to report as the best so far (solver/progress_callback.py)."""
    stall_s = None
    if stall is not None and not scenario.solver.deterministic:
        stall_s = stall * scenario.solver.time_limit_s
    if stall_s is None and target is None:
        return progress_callback.solve(solver, model, phase, costs=costs, label=label), False
    return solve_until_stalled(solver, model, stall_s, target, phase, costs=costs, label=label)


def _tries(
    found: list[BlockBound], team: bool, slack: int = 0, short: bool = False
) -> list[tuple[str, list[BlockBound], list[BlockBound]]]:
    """(name, blocks capped at their bound, blocks fixed to their own schedule) per try.
    A team's first try is near its bounds, or at them when there is no `slack`. The last
    try leaves the fewest seats empty; it is the only one when some must stay empty."""
    tries: list[tuple[str, list[BlockBound], list[BlockBound]]] = []
    if found and all(b.feasible for b in found) and not short:
        placed = [b for b in found if b.placed]
        singles = [b for b in found if len(b.people) == 1]
        if team:
            first = "near_bounds" if slack else "at_bounds"
            return [(first, found, placed), ("least_short", found, [])]
        tries.append(("at_bounds", found, placed))
        if len(singles) < len(found):
            tries.append(("singles_at_bounds", singles, []))
    return [*tries, ("least_short", [], [])]


def _upper(var: cp_model.IntVar) -> int:
    """The variable's largest value. Not `proto.domain[-1]`: the protobuf repeated field
    answers a negative index with 0 in the OR-Tools this runs on."""
    domain = var.proto.domain
    return int(domain[len(domain) - 1])


def _hard_seat(p: Penalty) -> bool:
    """A hard rule's slack that is not a person's own (an empty seat, a missing role)."""
    return relax.counts_as_hard(p.rule) and not blocks.personal(p)


def _post_schedules(
    model: cp_model.CpModel, v: Vars, fixed: list[BlockBound], on: cp_model.IntVar
) -> None:
    """While `on`: the people of these blocks work exactly their own best schedule. A pair
    bound to share its shifts is the hardest thing for local search to move together, and
    the single people around it have many schedules at their bounds to make room."""
    for b in fixed:
        people = set(b.people)
        worked = {(pid, sid) for pid, sid, _ in b.schedule}
        seats = {(pid, sid, role) for pid, sid, role in b.schedule if role}
        for pid in people:
            for shift, x in v.by_person.get(pid, ()):
                model.add(x == int((pid, shift.id) in worked)).only_enforce_if(on)
        for key, r in v.role.items():
            if key[0] in people:
                model.add(r == int(key in seats)).only_enforce_if(on)


def _hint_schedules(model: cp_model.CpModel, v: Vars, found: list[BlockBound]) -> None:
    """Each block at its own best schedule: the cover may not fit, but it is close."""
    _hint_seats(model, v, [seat for b in found for seat in b.schedule])


def _hint_constructed(
    model: cp_model.CpModel, v: Vars, scenario: Scenario, penalties: list[Penalty], extra: dict
) -> None:
    """The roster built seat by seat (solver/construct.py): every hard rule but the cover
    held, and the seats it leaves empty few, where the blocks' own schedules, each best
    alone, crowd some shifts and leave others (a crisis of a thousand over four months:
    the search from those ended at 259 seats empty, the construction leaves 61)."""
    from solver.construct import construct  # it builds on the rows, which build on this
    from solver.hinted import completed

    roster, _ = construct(scenario)
    _hint_seats(model, v, [(a.person_id, a.shift_id, a.role) for a in roster])
    # Completed into every variable, the hint is a roster the search holds at once: hinted
    # on its seats alone, local search beside other programs found none in 12 s.
    whole = completed(model, v, roster, scenario)
    extra["least_short_hint"] = "seats" if whole is None else "complete"
    if whole is not None:
        complete_hint(model, whole, penalties)
    extra["constructed"] = roster  # the solve's result if no search holds one (solver/solve.py)


def _hint_seats(model: cp_model.CpModel, v: Vars, seats: list[tuple[str, str, str]]) -> None:
    """Every work and role literal hinted: on for these (person, shift, role) seats."""
    worked = {(pid, sid) for pid, sid, _ in seats}
    roles = {(pid, sid, role) for pid, sid, role in seats if role}
    pairs = [(x, key in worked) for key, x in v.works.items()]
    pairs += [(r, key in roles) for key, r in v.role.items()]
    _set_hints(model, [x.index for x, _ in pairs], [int(on) for _, on in pairs])


def _set_hints(model: cp_model.CpModel, indices: list[int], values: list[int]) -> None:
    """The model's hint, in bulk (variables, not negations): add_hint is a Python call
    per variable, and a team's model is hinted with every variable, more than once."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(indices)
    model.proto.solution_hint.values.extend(values)


def _post_first_roster(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    caps: list[BlockBound],
    on: cp_model.IntVar,
    force_hard: bool = True,
    slack: int = 0,
) -> list[cp_model.IntVar]:
    """While `on`: hard penalties at their least (seats only if `force_hard`), and each block
    at most at its cheapest (all of them together at most `slack` above)."""
    capped = {pid for b in caps if b.upper is not None for pid in b.people}
    for p in penalties:
        if not relax.counts_as_hard(p.rule) or (blocks.personal(p) and p.person_id in capped):
            continue
        if force_hard or not _hard_seat(p):
            least = max(p.floor, p.var.proto.domain[0])
            model.add(p.var <= least).only_enforce_if(on)
    above = []
    for bound, mine in zip(caps, _by_block(penalties, caps), strict=True):
        if bound.upper is None or not mine:
            continue
        if not slack:
            model.add(_cost(mine) <= bound.upper).only_enforce_if(on)
            continue
        over = model.new_int_var(0, slack, "")
        model.add(_cost(mine) - over <= bound.upper).only_enforce_if(on)
        above.append(over)
    if above:
        model.add(sum(above) <= slack).only_enforce_if(on)
    return above


def _near_slack(penalties: list[Penalty], hard_weight: int) -> int:
    """What a team's "near_bounds" try lets its blocks cost above their bounds, all of them
    together: NEAR_UNITS units of a person's dearest soft penalty. A team unable to meet
    its seats at its bounds mostly lacks a person or two taking a seat more (1000 x
    120 x 4: a night's leader seat that one of the team's leaders only could take, above his
    bound). The slack is the blocks' sum: per block, every block drifted up (1114 against
    a bound of 116, where the sum gave 148)."""
    soft = [p.unit_cost for p in penalties if blocks.personal(p) and p.unit_cost < hard_weight]
    return NEAR_UNITS * max(soft, default=0)


def _switch(literal: cp_model.IntVar, value: bool) -> None:
    """Fix the literal's domain: the first roster's constraints hold only while it is 1."""
    domain = literal.proto.domain
    domain[0] = domain[1] = int(value)


def complete_hint(
    model: cp_model.CpModel, solver: cp_model.CpSolver, penalties: list[Penalty]
) -> None:
    """Hint every variable with the roster's value, each penalty at its exact amount."""
    found = penalty_amounts(solver, penalties)
    exact = {p.var.index: n for p, n in zip(penalties, found, strict=True)}
    values = list(solver.response_proto.solution)
    _set_hints(model, list(range(len(values))), [exact.get(i, x) for i, x in enumerate(values)])


# ---- costs ----


def exact_cost(solver: cp_model.CpSolver, penalties: list[Penalty]) -> int:
    """The roster's cost with every penalty at its exact amount (max(0, parts))."""
    found = penalty_amounts(solver, penalties)
    return sum(p.unit_cost * n for p, n in zip(penalties, found, strict=True))


def _cost(penalties: list[Penalty]) -> cp_model.LinearExprT:
    return sum(p.unit_cost * p.var for p in penalties)


def cp_bound(solver: cp_model.CpSolver, code: int) -> int | None:
    if code not in HAS_SOLUTION:
        return None
    return blocks.ceil_bound(solver.best_objective_bound)


def _tolerance(scenario: Scenario, cost: int) -> int:
    return int(scenario.solver.relative_gap * max(1, cost))


# ---- budgets ----


def _solver(
    scenario: Scenario, budget: float | None = None, *, first: bool = False, polish: bool = False
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params.configure(solver, scenario.solver, budget=budget)
    p = solver.parameters
    # One round of presolve: on these models the full three rounds (probing, symmetry)
    # took a large share of the budget and bought nothing measurable (docs/decisions.md).
    p.max_presolve_iterations = 1
    p.symmetry_level = 0
    p.cp_model_probing_level = 0
    if polish:
        # From a team's complete first roster, as in a re-solve: presolve re-derives what
        # the hint already says, and the polish ends at the same cost without it, sooner.
        p.cp_model_presolve = False
    if first:
        # Feasibility from the blocks' own schedules: local search alone (feasibility
        # jump) repairs the hinted schedules into a roster, deterministic on one worker,
        # where one worker's or interleaved tree search found none in the whole budget
        # (docs/decisions.md).
        p.num_workers = 1
        p.interleave_search = False
        p.use_ls_only = True
    return solver


def _try_budget(scenario: Scenario, name: str, tries: list, used: float, team: bool) -> float:
    total = clock.share(scenario.solver, 1.0)
    names = [n for n, *_ in tries]
    if team:
        # A team's try also takes what those before it left unused: one proven infeasible
        # (at its bounds, often at once) leaves the next one most of the budget.
        offered = sum(TEAM_TRY_SHARES[n] for n in names[: names.index(name) + 1]) * total
        return max(TEAM_TRY_SHARES[name] * total, offered - used)
    if name != names[-1]:
        return TRY_SHARES[name] * total
    return max(TRY_SHARES[name] * total, _first_roster_share(tries) * total - used)


def _first_roster_share(tries: list) -> float:
    alone = len(tries) == 1 and tries[0][0] == "least_short"
    return LEAST_SHORT_ALONE_SHARE if alone else FIRST_ROSTER_SHARE


def _work(scenario: Scenario, solver: cp_model.CpSolver) -> float:
    return solver.deterministic_time if scenario.solver.deterministic else solver.wall_time


def _remaining(scenario: Scenario, used: float, started: float) -> float:
    s = scenario.solver
    if s.deterministic:
        return max(1.0, s.deterministic_time - used)
    return max(1.0, _clock_left(scenario, started))
