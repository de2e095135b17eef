"""One person's duties chosen again, everyone else's kept: a small CP-SAT model per person.

The seat-by-seat fill (solver/construct.py) commits a person's stretches and breaks date by
date, so someone can end below a `workload` min with no date left where one duty more keeps
their consecutive and days-off rules (Curtois Instance20: 46 of 50 people short). Their own
model (solver/blocks.py, `block_model`: every rule of one person) with the cover as it
stands without them (a seat short of min gains what leaving it short costs, a seat above
preferred costs its `extra_weight`, a full shift is closed) finds their whole schedule at
once: hard rules first (their slacks cost hard_weight), then the seats and their own wishes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from roster.cover import rule_costs
from roster.model import Scenario, Shift
from roster.result import Assignment
from solver import blocks, relax
from solver.mend import Seating
from solver.penalty import penalty_amounts

PERSON_WORK = 0.2  # deterministic work units per person's model


def reseat(state: Seating, order: Sequence[str], until: float) -> int:
    """People of `order`, one after another until `until` (seconds since the epoch), each
    given the schedule their own model finds best, when it keeps every hard rule of theirs.
    Returns how many were changed."""
    changed = 0
    for pid in order:
        if time.time() >= until:
            break
        if _reseat_one(state, pid, until):
            changed += 1
    return changed


def _reseat_one(state: Seating, pid: str, until: float) -> bool:
    scenario = state.scenario
    sub = blocks.block_scenarios(scenario, [(pid,)])[0]
    model, v, penalties = blocks.block_model(sub, {})
    mine = {a.shift_id: a for a in state.roster if a.person_id == pid}
    if any(a.role for a in mine.values()):
        return False  # role seats are the seating's to give (ordinary seats only here)
    cover = _cover_terms(state, scenario, pid, v.by_person.get(pid, []), set(mine), model)
    own = cp_model.LinearExpr.weighted_sum(
        [p.var for p in penalties], [p.unit_cost for p in penalties]
    )
    model.minimize(own + cover)
    for shift, x in v.by_person.get(pid, []):
        model.add_hint(x, shift.id in mine)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = scenario.solver.seed
    p.max_deterministic_time = PERSON_WORK
    p.max_time_in_seconds = max(0.01, min(until - time.time(), 1e9))
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    # Only a schedule keeping every hard rule of the person replaces theirs (the one they
    # have breaks one: they are reseated for that).
    hard = [p for p in penalties if relax.counts_as_hard(p.rule)]
    if any(n for n in penalty_amounts(solver, hard)):
        return False
    chosen = [s for s, x in v.by_person.get(pid, []) if solver.boolean_value(x)]
    return _apply(state, pid, list(mine.values()), chosen)


def _cover_terms(
    state: Seating,
    scenario: Scenario,
    pid: str,
    items: Sequence[tuple[Shift, cp_model.IntVar]],
    mine: set[str],
    model: cp_model.CpModel,
) -> cp_model.LinearExpr:
    """What each of the person's possible duties does to the cover, the others' fixed."""
    rule = next(scenario.rule("cover"), None)
    xs: list[cp_model.IntVar] = []
    gains: list[int] = []
    if rule is None:
        return cp_model.LinearExpr.weighted_sum(xs, gains)
    costs = rule_costs(rule, scenario.solver.hard_weight)
    for shift, x in items:
        level = scenario.cover.shift_headcount(shift.duty_id, shift.date)
        others = state.seated_count(shift) - (1 if shift.id in mine else 0)
        if others >= level.max:
            model.add(x == 0)
        elif others < level.min:
            xs.append(x)
            gains.append(-costs.below_min)
        elif others < level.preferred:
            xs.append(x)
            gains.append(-costs.below_preferred)
        elif costs.above_preferred:
            xs.append(x)
            gains.append(costs.above_preferred)
    return cp_model.LinearExpr.weighted_sum(xs, gains)


def _apply(state: Seating, pid: str, old: list[Assignment], chosen: list[Shift]) -> bool:
    """The new schedule, or the old one back if the seating refuses a duty of it (a rule
    of several people, which the person's own model does not see)."""
    for a in old:
        state.unseat(a)
    new: list[Assignment] = []
    for shift in sorted(chosen, key=lambda s: s.start):
        seat = state.seat_in(pid, shift)
        if seat is None:
            for b in new:
                state.unseat(b)
            for b in old:
                state.place(b)
            return False
        new.append(seat)
    return True
