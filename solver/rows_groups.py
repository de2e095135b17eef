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
from datetime import date

from ortools.sat.python import cp_model

from roster.model import Shift
from roster.result import Assignment
from solver.mend import Seating
from solver.rows import Frame, Row, RowBudget, RowStats, apply_rows, row_solver, windows

# People per group: groups of three more often found no row within the work budget of a
# person, and gained less in the same time (docs/decisions.md, "Rows faster, in pairs").
GROUP_SIZE = 2


def choose_groups(
    state: Seating,
    people: Sequence[str],
    budget: RowBudget,
    frame: Frame,
    stats: RowStats,
    turn: int,
) -> RowStats:
    """The people in groups of GROUP_SIZE (a new grouping each turn, from the seed), each
    group's rows chosen again together, window by window, while the budget lasts."""
    for group in groups(people, state.scenario.solver.seed, turn):
        for window in windows(frame.days, turn):
            if stats.spent(budget):
                return stats
            stats.tried += 1
            outcome, work = choose_group(frame, state, group, budget, window)
            stats.work += work
            if outcome == "changed":
                stats.changed += 1
            elif outcome == "refused":
                stats.refused += 1
            elif outcome == "no_row":
                stats.no_row += 1
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
    mines = {pid: {a.shift_id: a for a in state.roster if a.person_id == pid} for pid in group}
    if any(a.role for mine in mines.values() for a in mine.values()):
        return "same", 0.0  # role seats are the seating's to give (ordinary seats only)
    model = cp_model.CpModel()
    rows = [Row(frame, state, pid, set(mines[pid]), window, model, priced=False) for pid in group]
    terms: list[tuple[cp_model.IntVar, int]] = []
    for row in rows:
        row.state_rules()
        terms += row.cost_terms()
        for shift, x in row.x.values():
            model.add_hint(x, shift.id in mines[row.pid])
    seats, now = _cover(frame, state, rows, mines)
    terms += seats
    model.minimize(cp_model.LinearExpr.weighted_sum([x for x, _ in terms], [c for _, c in terms]))
    solver = row_solver(state, budget)
    code = solver.solve(model)
    work = solver.deterministic_time
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "no_row", work
    now += sum(row.cost_of(set(mines[row.pid])) for row in rows)
    if solver.objective_value >= now:
        return "same", work
    changes = [_change(row, mines[row.pid], solver) for row in rows]
    return ("changed" if apply_rows(state, changes) else "refused"), work


def _change(
    row: Row, mine: dict[str, Assignment], solver: cp_model.CpSolver
) -> tuple[str, list[Assignment], list[Shift]]:
    chosen = [s for s, x in row.x.values() if solver.boolean_value(x)]
    first, last = row.window
    old = [a for a in mine.values() if a.shift_id in row.x or first <= a.date <= last]
    return row.pid, old, chosen


def _cover(
    frame: Frame, state: Seating, rows: list[Row], mines: dict[str, dict[str, Assignment]]
) -> tuple[list[tuple[cp_model.IntVar, int]], int]:
    """The cover's cost terms of the group's seats, and what the group's seats cost now
    (both relative to the shifts without them)."""
    by_shift: dict[str, list[cp_model.IntVar]] = {}
    for row in rows:
        for sid, (_, x) in row.x.items():
            by_shift.setdefault(sid, []).append(x)
    model = rows[0].model
    terms: list[tuple[cp_model.IntVar, int]] = []
    now = 0
    for sid, xs in by_shift.items():
        shift = frame.scenario.shift_by_id[sid]
        held = sum(sid in mine for mine in mines.values())
        before = state.seated_count(shift) - held
        costs = _seat_costs(frame, shift, before, len(xs))
        now += sum(costs[:held])
        if len(costs) < len(xs):
            model.add(sum(xs) <= len(costs))
        if not costs:
            continue
        if len(set(costs)) == 1:
            terms += [(x, costs[0]) for x in xs if costs[0]]
            continue
        ys = [model.new_bool_var(f"seat{k}:{sid}") for k in range(len(costs))]
        model.add(sum(ys) == sum(xs))
        terms += [(y, c) for y, c in zip(ys, costs, strict=True) if c]
    return terms, now


def _seat_costs(frame: Frame, shift: Shift, before: int, most: int) -> list[int]:
    """What each of up to `most` seats more costs in turn (fewer: the shift is full)."""
    out = []
    for k in range(most):
        cost = frame.seat_cost(shift, before + k)
        if cost is None:
            break
        out.append(cost)
    return out
