"""A few people's rows chosen again together: moves no single row can make.

Choosing one person's row at a time (solver/rows.py) stops where no one gains alone: a
shift one person should give up only pays if another takes it, and that other can only
take it by giving up one of their own. A model of two people's rows at once
(each row's hard rules as in solver/rows.py, on one model) makes such trades; the cover
is priced on the group's seats together: where `before` others sit on a shift, the
group's k-th seat costs what one seat more costs at `before + k - 1` (the cost per seat
only rises with the count, so the model's cheapest choice of seats is the true cost).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.model import Shift
from roster.result import Assignment
from solver.mend import Seating
from solver.rows import (
    Change,
    Frame,
    Row,
    RowBudget,
    RowPlan,
    RowStats,
    apply_plan,
    hint_all,
    row_solver,
    windows,
)
from solver.rows_replicas import Planned, Pool
from solver.rows_wave import row_pool, wave

# People per group: groups of three more often found no row within the work budget of a
# person, and gained less in the same time (docs/decisions.md, "Rows faster, in pairs").
GROUP_SIZE = 2
# Around a short shift: the rows of this many people (those who could take its seat
# first), on the dates within HOLE_REACH either side of it (docs/decisions.md, "Rows
# around the short shifts").
HOLE_GROUP = 3
HOLE_REACH = 14
HOLE_WORK = 1.0  # a group's work budget, in persons' budgets


def choose_groups(
    state: Seating,
    people: Sequence[str],
    budget: RowBudget,
    frame: Frame,
    stats: RowStats,
    turn: int,
    pool: Pool = None,
) -> RowStats:
    """The people in groups of GROUP_SIZE (a new grouping each turn, from the seed), each
    group's rows chosen again together, window by window (the windows as a wave,
    solver/rows_wave.py), while the budget lasts."""
    plan = Planned(plan_group, frame, state, budget)
    found = groups(people, state.scenario.solver.seed, turn)
    spans = windows(frame.days, turn)
    with row_pool(state.scenario, pool) as chosen:
        for outcomes in wave(state, found, spans, plan, budget, stats, chosen):
            for outcome in outcomes:
                stats.note(outcome, 0.0)  # the wave has counted its work
    return stats


def groups(people: Sequence[str], seed: int, turn: int) -> list[list[str]]:
    """The people shuffled by a hash of the seed, the turn and their id, cut in groups."""
    order = sorted(
        people, key=lambda pid: hashlib.sha256(f"{seed}:{turn}:{pid}".encode()).hexdigest()
    )
    found = [order[i : i + GROUP_SIZE] for i in range(0, len(order), GROUP_SIZE)]
    return [g for g in found if len(g) > 1]


def choose_group(
    frame: Frame,
    state: Seating,
    group: Sequence[str],
    budget: RowBudget,
    window: tuple[date, date],
) -> tuple[str, float]:
    """'changed', 'same', 'no_row' or 'refused' (as in solver/rows.py), and the work."""
    plan = plan_group(frame, state, group, budget, window)
    return apply_plan(state, plan), plan.work


def plan_group(
    frame: Frame,
    state: Seating,
    group: Sequence[str],
    budget: RowBudget,
    window: tuple[date, date],
) -> RowPlan:
    """The group's rows its model finds best on the window, the seating only read."""
    mines: dict[str, dict[str, Assignment]] = {pid: {} for pid in group}
    for a in state.roster:  # one pass: a weekend's group holds dozens of people
        if a.person_id in mines:
            mines[a.person_id][a.shift_id] = a
    if any(a.role for mine in mines.values() for a in mine.values()):
        return RowPlan("same", 0.0)  # role seats are the seating's to give
    model = cp_model.CpModel()
    rows = [Row(frame, state, pid, set(mines[pid]), window, model, priced=False) for pid in group]
    terms: list[tuple[cp_model.IntVar, int]] = []
    for row in rows:
        row.state_rules()
        terms += row.cost_terms()
        hint_all(model, [(x, shift.id in mines[row.pid]) for shift, x in row.x.values()])
    seats, now = _cover(frame, state, rows, mines)
    terms += seats
    model.minimize(cp_model.LinearExpr.weighted_sum([x for x, _ in terms], [c for _, c in terms]))
    solver = row_solver(state, budget)
    code = solver.solve(model)
    work = solver.deterministic_time
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RowPlan("no_row", work)
    now += sum(row.cost_of(set(mines[row.pid])) for row in rows)
    if solver.objective_value >= now:
        return RowPlan("same", work)
    changes = tuple(_change(row, mines[row.pid], solver) for row in rows)
    if all(_unchanged(old, chosen) for _, old, chosen in changes):
        # The model may value the rows the group holds below `now`: nothing to apply,
        # and a pass counting it as a change would never end on a stalled roster.
        return RowPlan("same", work)
    return RowPlan("new", work, changes)


def _unchanged(old: Sequence[Assignment], chosen: Sequence[Shift]) -> bool:
    return sorted(a.shift_id for a in old) == sorted(s.id for s in chosen)


def _change(row: Row, mine: dict[str, Assignment], solver: cp_model.CpSolver) -> Change:
    chosen = tuple(s for s, x in row.x.values() if solver.boolean_value(x))
    first, last = row.window
    old = tuple(a for a in mine.values() if a.shift_id in row.x or first <= a.date <= last)
    return row.pid, old, chosen


def _cover(
    frame: Frame, state: Seating, rows: list[Row], mines: dict[str, dict[str, Assignment]]
) -> tuple[list[tuple[cp_model.IntVar, int]], int]:
    """The cover's cost terms of the group's seats, and what the group's seats cost now
    (both relative to the shifts without them)."""
    by_shift: dict[str, tuple[Shift, list[cp_model.IntVar]]] = {}
    for row in rows:
        for sid, (shift, x) in row.x.items():
            by_shift.setdefault(sid, (shift, []))[1].append(x)
    model = rows[0].model
    terms: list[tuple[cp_model.IntVar, int]] = []
    now = 0
    held_by = list(mines.values())
    for sid, (shift, xs) in by_shift.items():
        held = sum(sid in mine for mine in held_by)
        before = state.seated_count(shift) - held
        costs = frame.seat_costs(shift, before, len(xs))
        now += sum(costs[:held])
        if len(costs) < len(xs):
            model.add(sum(xs) <= len(costs))
        if not costs:
            continue
        if len(set(costs)) == 1:
            terms += [(x, costs[0]) for x in xs if costs[0]]
            continue
        ys = [model.new_bool_var(f"seat{k}:{sid}") for k in range(len(costs))]
        for k, y in enumerate(ys):
            model.add_hint(y, k < held)  # the group's seats now, the cheapest first
        model.add(sum(ys) == sum(xs))
        terms += [(y, c) for y, c in zip(ys, costs, strict=True) if c]
    return terms, now


def choose_around_short(
    state: Seating, budget: RowBudget, frame: Frame, stats: RowStats, turn: int
) -> RowStats:
    """Each shift a seat more would gain on (below its preferred headcount), in an order
    from the seed and the turn: the rows of a few people who could take its seat, on the
    dates around it, chosen again together (the others' rows as they are). Where the mins
    exceed the cover, the seats short cost most of the roster and one row alone cannot take
    one more duty; the group can trade the duties around it."""
    seed = state.scenario.solver.seed
    for shift in short_shifts(state, frame, seed, turn):
        if stats.spent(budget):
            break
        if not _short(state, frame, shift):
            continue  # an earlier group's rows filled it
        group = around(state, frame, shift, seed, turn)
        if len(group) < 2:
            continue
        work_of = replace(budget, person_work=HOLE_WORK * budget.person_work)
        outcome, work = choose_group(frame, state, group, work_of, _near(frame, shift.date))
        stats.note(outcome, work)
    return stats


def short_shifts(state: Seating, frame: Frame, seed: int, turn: int) -> list[Shift]:
    """The shifts one seat more would gain on, shuffled by a hash of the seed and turn."""
    found = [s for s in state.scenario.shifts if _short(state, frame, s)]
    return sorted(found, key=lambda s: _hash(seed, turn, s.id))


def _short(state: Seating, frame: Frame, shift: Shift) -> bool:
    gain = frame.seat_cost(shift, state.seated_count(shift))
    return gain is not None and gain < 0


def around(state: Seating, frame: Frame, shift: Shift, seed: int, turn: int) -> list[str]:
    """HOLE_GROUP people for a short shift: HOLE_GROUP - 1 who could take a seat of it and
    hold none (free that date, or on a shift above its preferred headcount, whose seat they
    would leave at a gain, first), then whoever could take over most of those people's
    duties on the dates around it (what frees them to take it); ties by the hash."""
    first, last = _near(frame, shift.date)
    by_id = frame.scenario.shift_by_id
    busy: dict[date, set[str]] = {}
    held: dict[str, list[Shift]] = {}
    for a in state.roster:
        if first <= a.date <= last:
            busy.setdefault(a.date, set()).add(a.person_id)
            held.setdefault(a.person_id, []).append(by_id[a.shift_id])
    ranked = []
    for person in state.scenario.eligible_people(shift.duty_id):
        pid = person.id
        today = [s for s in held.get(pid, ()) if s.date == shift.date]
        if any(s.id == shift.id for s in today) or not state.scenario.is_available(pid, shift):
            continue
        spare = all(_above_preferred(state, frame, s) for s in today)
        ranked.append((not spare, _hash(seed, turn, f"{shift.id}:{pid}"), pid))
    takers = [pid for _, _, pid in sorted(ranked)[: HOLE_GROUP - 1]]
    if not takers:
        return []
    duties = [s for pid in takers for s in held.get(pid, ())]
    partners = []
    for person in state.scenario.people:
        pid = person.id
        if pid in takers:
            continue
        free = [s for s in duties if pid not in busy.get(s.date, ())]
        n = sum(state.scenario.is_available(pid, s) for s in free)
        partners.append((-n, _hash(seed, turn, f"{shift.id}:{pid}"), pid))
    return takers + [pid for _, _, pid in sorted(partners)[: HOLE_GROUP - len(takers)]]


def _above_preferred(state: Seating, frame: Frame, shift: Shift) -> bool:
    """A seat of the shift less gains: it is above its preferred headcount."""
    cost = frame.seat_cost(shift, state.seated_count(shift) - 1)
    return cost is not None and cost > 0


def _near(frame: Frame, day: date) -> tuple[date, date]:
    reach = timedelta(days=HOLE_REACH)
    return max(frame.days[0], day - reach), min(frame.days[-1], day + reach)


def _hash(seed: int, turn: int, key: str) -> str:
    return hashlib.sha256(f"{seed}:{turn}:{key}".encode()).hexdigest()
