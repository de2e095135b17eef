"""A roster chosen among the relaxation's schedules: price-and-branch.

The relaxation (solver/lower_bound.py) gathers, round after round, schedules that keep
each person's own rules and that the cover, at its prices, makes cheap. Choosing one of
them per person, with the cover counted as the model counts it, is a small integer
program over whole rows: a set-partitioning model whose linear relaxation is the master's,
close to the optimum on rostering models. Each person's row in the start roster is one
more choice, so the program's roster never costs more (in its own terms) than the start.

Solved with SCIP (bundled with OR-Tools), which proves such programs in seconds where
CP-SAT, with no linear master of its own, searched them far longer (docs/decisions.md, "A
roster among the relaxation's schedules"). Its roster is a guide: the caller completes it
into the whole model and keeps it only when it costs less there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from solver.lower_bound import Columns
from solver.master import SCALE, cover_lines

FOUND = (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)


@dataclass(frozen=True)
class Chosen:
    """The program's roster as (person, shift id) worked, its cost in the program's terms,
    and whether the program proved it the cheapest of its choices."""

    worked: tuple[tuple[str, str], ...]
    cost: float
    proven: bool


def choose(
    columns: Columns,
    start: dict[str, tuple[int, tuple[str, ...]]],
    seconds: float,
) -> Chosen | None:
    """One schedule per person among `columns` and their row in `start` (person: own cost in
    units of 1/SCALE, shifts worked), hinted with the start, within `seconds`; None when no
    roster is found in time or the solver is missing."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None or seconds <= 0:
        return None
    solver.SetNumThreads(1)
    solver.SetTimeLimit(max(1, int(1000 * seconds)))
    objective = solver.Objective()
    on_shift: dict[str, list[pywraplp.Variable]] = {sid: [] for sid, _ in columns.shifts}
    choices: list[tuple[str, pywraplp.Variable, tuple[str, ...]]] = []
    for pid, found in zip(columns.people, columns.schedules, strict=True):
        options = _options(found, start.get(pid))
        one = solver.Constraint(1, 1)
        for own, worked in options:
            y = solver.BoolVar("")
            one.SetCoefficient(y, 1)
            objective.SetCoefficient(y, own / SCALE)
            choices.append((pid, y, worked))
            for sid in worked:
                if sid in on_shift:
                    on_shift[sid].append(y)
    counts = _price_cover(solver, columns, on_shift)
    objective.SetMinimization()
    _hint_start(solver, choices, counts, start)
    code = solver.Solve()
    if code not in FOUND:
        return None
    chosen = [(pid, shifts) for pid, y, shifts in choices if y.solution_value() > 0.5]
    roster = sorted((pid, sid) for pid, shifts in chosen for sid in shifts)
    return Chosen(tuple(roster), objective.Value(), code == pywraplp.Solver.OPTIMAL)


def _hint_start(
    solver: pywraplp.Solver,
    choices: list[tuple[str, pywraplp.Variable, tuple[str, ...]]],
    counts: list[tuple[str, pywraplp.Variable, pywraplp.Variable, tuple[int, ...]]],
    start: dict[str, tuple[int, tuple[str, ...]]],
) -> None:
    """The start as a complete solution of the program (each person's row in it comes last
    among their choices): the search begins at its cost, so it ends no higher."""
    last = {pid: y for pid, y, _ in choices}
    variables, values = [], []
    for pid, y, _ in choices:
        variables.append(y)
        values.append(float(pid in start and last[pid] is y))
    head = Counter(sid for own in start.values() for sid in own[1])
    for sid, n, z, costs in counts:
        k = min(head[sid], len(costs) - 1)
        variables += [n, z]
        values += [float(k), costs[k] / SCALE]
    solver.SetHint(variables, values)


def _options(
    found: tuple[tuple[int, tuple[str, ...]], ...], own_row: tuple[int, tuple[str, ...]] | None
) -> list[tuple[int, tuple[str, ...]]]:
    """A person's schedules, their row in the start last (once)."""
    if own_row is None:
        return list(found)
    row = (own_row[0], tuple(sorted(own_row[1])))
    return [option for option in found if option[1] != row[1]] + [row]


def _price_cover(
    solver: pywraplp.Solver,
    columns: Columns,
    on_shift: dict[str, list[pywraplp.Variable]],
) -> list[tuple[str, pywraplp.Variable, pywraplp.Variable, tuple[int, ...]]]:
    """Each shift's cover cost of its head count: convex, so at least each of its lines.
    Returns each shift with its count, its cost and its costs by count (variables are
    unnamed: a shift id is the user's text, not a name the solver must parse)."""
    objective = solver.Objective()
    out = []
    for sid, costs in columns.shifts:
        n = solver.IntVar(0, len(costs) - 1, "")
        tie = solver.Constraint(0, 0)
        tie.SetCoefficient(n, -1)
        for y in on_shift[sid]:
            tie.SetCoefficient(y, 1)
        z = solver.NumVar(0, solver.infinity(), "")
        objective.SetCoefficient(z, 1)
        for k, cost, slope in cover_lines(costs)[:-1]:
            line = solver.Constraint(cost - slope * k, solver.infinity())
            line.SetCoefficient(z, 1)
            line.SetCoefficient(n, -slope)
        out.append((sid, n, z, costs))
    return out
