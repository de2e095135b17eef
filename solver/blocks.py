"""Lower bounds from each person alone: a cost no roster of the scenario can go below.

Every rule family but cover, roles and the group split (same_school_group) concerns one
person, or the two people a `together` / `apart` pair binds: call the people so linked a
*block*. Leave the cover out (a Lagrangian relaxation of the cover rows with zero
multipliers) and the cheapest roster puts every block at its own cheapest schedule, which
a model of the block alone finds in milliseconds. The sum of those minima is therefore a
lower bound of every roster's cost, and a roster with every block at its minimum and no
cover cost is optimal. This bound sees what the linear relaxation of the whole model does
not: that one person cannot grant themselves a weekend wish and stay within their fair
number of weekends, that a mentor pair's fair shares differ, and so on.

A block's model is built by the same rule modules as the whole model, on the scenario
restricted to the block's people, with the fair shares of the whole pool, so its cost is
exactly the whole model's cost of those people's penalties (`personal`). Each block is
solved on one worker with a work budget (deterministic), largest first on the
command's executor (solver/executor); an unfinished block contributes its proven bound, never more.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.components import decomposable
from roster.fairness import Share, fair_shares, measure_weights
from roster.families import names
from roster.model import Scenario
from roster.pattern import pinned_limits
from roster.unionfind import UnionFind
from solver import budget as clock
from solver import nearest_split, variables
from solver.budget import BLOCK_DTIME
from solver.executor import run_tasks
from solver.penalty import Penalty, penalty_amounts
from solver.room import Room, Seat
from solver.rules import RULES, overlap

# Families whose penalties concern a shift or a group rather than a person.
COUPLING = frozenset(names(coupling=True))
# Views of a scenario that depend only on duties, horizon, holidays and demand: a block's
# scenario has the same ones, so it takes them instead of deriving them again.
SHARED_VIEWS = ("tz", "days", "duty_by_id", "holiday_dates", "shifts", "shift_by_id", "cover")

Shares = Mapping[str, Mapping[str, Share]]  # category -> person id -> share


@dataclass(frozen=True)
class BlockBound:
    people: tuple[str, ...]
    lower: int  # no roster costs these people's penalties less
    upper: int | None  # the cost of the best schedule found for them alone
    feasible: bool = True  # False: their own hard rules contradict each other
    # That schedule: (person id, shift id, role seat or "") worked.
    schedule: tuple[tuple[str, str, str], ...] = ()
    # The schedule was chosen to fit the seats left by other blocks (solver/teams.py):
    # a first roster may hold the block to it.
    placed: bool = False
    # What the other rules than fairness cost in `schedule`, when its counts are those a
    # first roster holds (solver/nearest_split.py, `counts`); then a first roster caps
    # these, not the whole cost, and posts the counts (`post_counts`).
    others: int | None = None
    # The block's least cost less the seat prices' shift (solver/nearest_split.py): summed
    # over the pool a lower bound too, not each alone. None: no price, the same as `lower`.
    priced: int | None = None

    @property
    def proven(self) -> bool:
        return self.upper is not None and self.upper == self.lower


def applicable(scenario: Scenario) -> bool:
    """Not with the fairness `spread` measure: it compares everyone with everyone."""
    return decomposable(scenario)


def personal(penalty: Penalty) -> bool:
    """A penalty on one person's (or one pair's) schedule: what a block model holds."""
    return bool(penalty.person_id) and penalty.rule.kind not in COUPLING


def blocks(scenario: Scenario) -> list[tuple[str, ...]]:
    """People linked by pairs, each block in scenario order, blocks by their first person."""
    ids = [p.id for p in scenario.people]
    union = UnionFind(ids)
    for pair in scenario.pairs:
        if pair.first in union and pair.second in union:
            union.join(pair.first, pair.second)
    return [tuple(block) for block in union.groups(ids)]


def person_bounds(
    scenario: Scenario,
    processes: int | None = None,
    dtime: float = BLOCK_DTIME,
    shares: Shares | None = None,
) -> list[BlockBound]:
    """Every block's bound, in `blocks` order. People alike in everything a model of them
    reads (`signature`) have the same bound: each kind is solved once."""
    found = blocks(scenario)
    subs = block_scenarios(scenario, found)
    shares = all_shares(scenario) if shares is None else shares
    keys = [signature(sub, shares) for sub in subs]
    exact = not _in_teams(scenario)
    prices = nearest_split.seat_prices(scenario, shares) if exact else {}
    first: dict[object, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key if key is not None else ("block", i), i)
    todo = sorted(first.values())

    found_bounds = run_tasks(
        _bound_task,
        [subs[i] for i in todo],
        common=(shares, dtime, prices, exact),
        sizes=[len(found[i]) for i in todo],
        label="blocks",
        processes=processes,
    )
    solved = dict(zip(todo, found_bounds, strict=True))
    out = []
    for i, key in enumerate(keys):
        model_of = solved[first[key if key is not None else ("block", i)]]
        out.append(model_of if model_of.people == found[i] else _renamed(model_of, found[i][0]))
    return out


def _bound_task(common: tuple[Shares, float, Mapping, bool], sub: Scenario) -> BlockBound:
    shares, dtime, prices, exact = common
    return bound_of(sub, shares, dtime, prices, exact)


def _in_teams(scenario: Scenario) -> bool:
    """Rostered in teams (solver/teams.py): a team's first roster holds its people's counts
    in their bands, not at the nearest split, and a priced sum bounds no team, so the bounds
    skip the solves for either (one block solve each, as before fairness to the fraction)."""
    from solver import teams  # teams builds on these bounds

    return teams.applicable(scenario)


def signature(sub: Scenario, shares: Shares) -> tuple | None:
    """Everything a one-person block's model reads about its person, without their id and
    name; None for a block of a pair (pairs are few: solved each)."""
    if len(sub.people) != 1:
        return None
    person = sub.people[0]
    pid = person.id
    return (
        dataclasses.replace(person, id="", name="", phone="", email=""),
        tuple(sub.is_eligible(pid, d.id) for d in sub.duties),
        tuple((a.start, a.end, a.status) for a in sub.availability),
        tuple(dataclasses.replace(r, person_id="") for r in sub.requests),
        tuple((x.rule, x.key, x.value) for x in sub.limits),
        tuple((b.start, b.end) for b in sub.busy),
        tuple((c, by_person.get(pid)) for c, by_person in sorted(shares.items())),
        tuple((d.date, d.duty_id) for d in sub.previous_by_person.get(pid, ())),
    )


def _renamed(bound: BlockBound, person_id: str) -> BlockBound:
    schedule = tuple((person_id, sid, role) for _, sid, role in bound.schedule)
    return dataclasses.replace(bound, people=(person_id,), schedule=schedule)


def all_shares(scenario: Scenario) -> dict[str, Mapping[str, Share]]:
    """Fair shares of every category a fairness rule measures, over the whole pool."""
    categories: set[str] = set()
    for rule in scenario.rule("fairness"):
        deviation, spread = measure_weights(rule)
        categories |= set(deviation) | set(spread)
    return {c: fair_shares(scenario, c) for c in sorted(categories)}


def block_scenarios(scenario: Scenario, found: Sequence[tuple[str, ...]]) -> list[Scenario]:
    """The scenario restricted to each block's people, with one pass over each table."""
    index = {pid: i for i, ids in enumerate(found) for pid in ids}

    def split(items: Sequence, attr: str = "person_id") -> list[tuple]:
        out: list[list] = [[] for _ in found]
        for x in items:
            i = index.get(getattr(x, attr))
            if i is not None:
                out[i].append(x)
        return [tuple(x) for x in out]

    tables = {
        "people": split(scenario.people, "id"),
        "availability": split(scenario.availability),
        "requests": split(scenario.requests),
        "pairs": split(scenario.pairs, "first"),
        "limits": split(pinned_limits(scenario)),  # a pattern's places kept
        "busy": split(scenario.busy),
    }
    out = []
    for i in range(len(found)):
        sub = dataclasses.replace(scenario, **{name: rows[i] for name, rows in tables.items()})
        for view in SHARED_VIEWS:
            sub.__dict__[view] = getattr(scenario, view)  # cached_property's own slot
        out.append(sub)
    return out


def block_model(
    sub: Scenario, shares: Shares
) -> tuple[cp_model.CpModel, variables.Vars, list[Penalty]]:
    """The block's people with every rule that concerns them, minimising their cost."""
    model = cp_model.CpModel()
    v = variables.create(model, sub)
    seed_shares(v, shares, sub)
    overlap.add(model, sub, v)
    penalties: list[Penalty] = []
    for rule in sub.rules:
        if rule.kind not in COUPLING:
            penalties += RULES[rule.kind](model, sub, v, rule)
    model.minimize(sum(p.unit_cost * p.var for p in penalties))
    return model, v, penalties


def placed(
    scenario: Scenario, found: Sequence[BlockBound], shares: Shares, dtime: float = BLOCK_DTIME
) -> list[BlockBound]:
    """Blocks of several people, one after another, each at its bound in the seats the
    ones before left (solver/room.py: every shift's max, less the seats its roles need).
    A team (solver/teams.py) can then hold them to those schedules: two people who must
    share their shifts are what local search moves worst, and now they need not move."""
    room = Room.of(scenario)
    out = list(found)
    many = [i for i, b in enumerate(found) if len(b.people) > 1 and b.upper is not None]
    subs = block_scenarios(scenario, [found[i].people for i in many])
    for i, sub in zip(many, subs, strict=True):
        # Most pairs' own schedules fit as they are: a model per pair only where they do not.
        schedule: tuple[Seat, ...] | None = found[i].schedule
        if not room.fits(schedule):
            schedule = _fitted(sub, shares, found[i], room, dtime)
        if schedule is None:
            continue
        room.take(schedule)
        out[i] = dataclasses.replace(found[i], schedule=schedule, placed=True)
    return out


def _fitted(
    sub: Scenario, shares: Shares, bound: BlockBound, room: Room, dtime: float
) -> tuple[Seat, ...] | None:
    """The block's schedule at its bound within the room left, or None."""
    model, v, penalties = block_model(sub, shares)
    model.add(sum(p.unit_cost * p.var for p in penalties) <= bound.upper)
    room.post(model, v)
    solver = _block_solver(sub, dtime)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return _schedule(solver, v)


def seed_shares(v: variables.Vars, shares: Shares, sub: Scenario | None = None) -> None:
    """Give a model of some people the fair shares of the whole pool (solver/rules/fairness.py
    reads them from here), restricted to `sub`'s people when given."""
    ids = None if sub is None else {p.id for p in sub.people}
    for category, by_person in shares.items():
        mine = by_person if ids is None else {k: x for k, x in by_person.items() if k in ids}
        v.derived[("shares", category)] = mine


def seeded_shares(v: variables.Vars) -> Shares | None:
    found = {key[1]: val for key, val in v.derived.items() if key[0] == "shares"}
    return found or None  # type: ignore[return-value]


def bound_of(
    sub: Scenario,
    shares: Shares,
    dtime: float = BLOCK_DTIME,
    prices: Mapping[str, int] | None = None,
    exact: bool = True,
) -> BlockBound:
    people = tuple(p.id for p in sub.people)
    if clock.out_of_time(sub.solver):
        # What a call with no time left finds, without building the model (hundreds of
        # blocks took tens of seconds past the deadline on a loaded machine).
        return BlockBound(people, 0, None)
    model, v, penalties = block_model(sub, shares)
    solver = _block_solver(sub, dtime)
    code = solver.solve(model)
    if code == cp_model.INFEASIBLE:
        return BlockBound(people, 0, None, feasible=False)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    upper = int(round(solver.objective_value)) if found else None
    lower = max(0, (upper if code == cp_model.OPTIMAL else ceil_bound(solver.best_objective_bound)))
    schedule = _schedule(solver, v) if found else ()
    fits = found and nearest_split.fits_counts(sub, shares, schedule, exact)
    others = _others(solver, penalties) if fits else None
    if found and not fits and exact:
        upper, schedule, others = _counted(sub, shares, dtime, (upper, schedule))
    priced = _priced(sub, shares, prices, dtime) if prices else None
    return BlockBound(people, lower, upper, schedule=schedule, others=others, priced=priced)


def _others(solver: cp_model.CpSolver, penalties: list[Penalty]) -> int:
    amounts = penalty_amounts(solver, penalties)
    return sum(p.unit_cost * n for p, n in zip(penalties, amounts, strict=True) if not _fair(p))


def _fair(p: Penalty) -> bool:
    return p.rule.kind == "fairness"


def pool_bound(found: Sequence[BlockBound]) -> int:
    """The better of the two sums: the blocks' least costs, or their priced ones. Only of
    every block of the scenario the prices were set for: the priced sum of some of them
    (a team's) bounds nothing."""
    plain = sum(b.lower for b in found)
    priced = [b.priced for b in found]
    if not found or any(p is None for p in priced):
        return plain  # a block's priced cost unproven: the priced sum bounds nothing
    return max(plain, sum(p for p in priced if p is not None))


def _priced(sub: Scenario, shares: Shares, prices: Mapping[str, int], dtime: float) -> int | None:
    """The block's least cost less the seat prices' shift, as proven (it may be negative);
    None when nothing was proven."""
    model, v, penalties = block_model(sub, shares)
    model.minimize(
        sum(p.unit_cost * p.var for p in penalties) - nearest_split.shift(sub, v, shares, prices)
    )
    solver = _block_solver(sub, dtime)
    return proven_lower(solver, solver.solve(model))


def _counted(
    sub: Scenario, shares: Shares, dtime: float, best: tuple[int | None, tuple]
) -> tuple[int | None, tuple, int | None]:
    """The block's cheapest schedule at the counts a first roster holds, its cost and its
    other rules' cost; `best` (and None) if there is none.

    The block alone takes the count nearest its share, but the pool's seats add up only
    when the people of the largest fractions take the count above theirs: with every block
    at the cost of its own nearest count, no roster would fit (docs/decisions.md)."""
    model, v, penalties = block_model(sub, shares)
    nearest_split.post_counts(model, sub, v, [p.id for p in sub.people])
    solver = _block_solver(sub, dtime)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return (*best, None)
    return int(round(solver.objective_value)), _schedule(solver, v), _others(solver, penalties)


def first_roster_caps(
    model: cp_model.CpModel,
    scenario: Scenario,
    v: variables.Vars,
    penalties: list[Penalty],
    caps: list[BlockBound],
    on: cp_model.IntVar,
    team: bool = False,
) -> tuple[list[Penalty], list[BlockBound]]:
    """The penalties and block bounds a first roster caps (solver/phases.py), after posting,
    while `on`, the counts it holds: each block with `others` at the counts of
    nearest_split.counts (a `team`'s: in their bands), capped at `others` on the other rules.
    Local search meets caps on these far more easily than caps through the fairness lines
    (docs/decisions.md). Unchanged when no fairness deviation is weighed."""
    categories = (key[1] for key in v.derived if key[0] == "shares")
    if not nearest_split.weighted(scenario, categories):
        return penalties, caps
    held = [b for b in caps if b.others is not None]
    people = {pid for b in held for pid in b.people}
    nearest_split.post_counts(model, scenario, v, people, on, exact=not team)
    capped = [dataclasses.replace(b, upper=b.others) if b.others is not None else b for b in caps]
    return [p for p in penalties if not _fair(p)], capped


def _block_solver(sub: Scenario, dtime: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1  # deterministic by itself; the processes give the parallelism
    p.random_seed = sub.solver.seed
    # Models of a few hundred literals: presolve cost more than it saved, the full linear
    # relaxation up front gives the search the bound it needs to prove the optimum, and
    # probing cost time and moved no bound (the same bounds proven; docs/decisions.md).
    p.cp_model_presolve = False
    p.cp_model_probing_level = 0
    p.linearization_level = 2
    p.add_lp_constraints_lazily = False
    p.max_deterministic_time = dtime
    p.max_time_in_seconds = max(10.0, 10 * dtime)  # a safety net only
    clock.cap(solver, sub.solver)
    return solver


def _schedule(solver: cp_model.CpSolver, v: variables.Vars) -> tuple[tuple[str, str, str], ...]:
    seats = {(pid, sid): role for (pid, sid, role), r in v.role.items() if solver.value(r)}
    worked = [key for key, x in v.works.items() if solver.value(x)]
    return tuple((pid, sid, seats.get((pid, sid), "")) for pid, sid in worked)


def proven_lower(solver: cp_model.CpSolver, code: cp_model.CpSolverStatus) -> int | None:
    """The least objective the solve proved: its optimum, or the bound of a search that
    found a solution; None otherwise. A solve stopped before finding anything (UNKNOWN)
    reports a bound of 0 whatever the objective's sign, above the optimum of a priced
    block whose least cost is negative (a loaded machine's short calls did that)."""
    if code == cp_model.OPTIMAL:
        return int(round(solver.objective_value))
    if code == cp_model.FEASIBLE:
        return ceil_bound(solver.best_objective_bound)
    return None


def ceil_bound(bound: float) -> int:
    """The objective is an integer: a fractional bound rounds up (minus float noise)."""
    return math.ceil(bound - 1e-6)
