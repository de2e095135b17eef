"""Local improvements of a greedy plan: lower each day's busiest window by moving or
swapping classes between windows, and swap whole grades' days when that lowers a
school's busiest window or brings a graduating grade earlier."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

from roster.returns.model import Cohort, ReturnProblem
from solver.returns.greedy_state import State


def swap_grades(state: State) -> None:
    """Swap the return days of two whole grades of a school when that lowers its busiest
    window (or brings a graduating grade earlier) and every limit still holds: a day's
    packing depends on which classes share it, which the balanced day choice ignores."""
    for members in _school_batches(state.problem).values():
        grades: dict[int, list[Cohort]] = defaultdict(list)
        for c in members:
            grades[c.grade].append(c)
        for _ in range(3):
            if not any(
                _try_swap(state, members, grades[a], grades[b])
                for a, b in combinations(sorted(grades), 2)
            ):
                break


def _school_batches(problem: ReturnProblem) -> dict[tuple[str, str], list[Cohort]]:
    out: dict[tuple[str, str], list[Cohort]] = defaultdict(list)
    for c in problem.cohorts:
        out[(c.school_id, problem.batch(c).id)].append(c)
    return dict(sorted(out.items()))


def _day_of(state: State, cohorts: list[Cohort]) -> date | None:
    days = {state.placed[c.id][0] for c in cohorts}
    return days.pop() if len(days) == 1 else None


def _score(state: State, members: list[Cohort]) -> tuple[int, int]:
    """(busiest window, graduating classes x their day's position) of a school's batch."""
    loads: dict[tuple[date, int], int] = defaultdict(int)
    for c in members:
        loads[state.placed[c.id]] += c.students
    dates = state.problem.batch(members[0]).dates
    graduating = state.problem.rule("preferences").param("graduating_grades", frozenset())
    late = sum(dates.index(state.placed[c.id][0]) for c in members if c.grade in graduating)
    return max(loads.values()), late


def _try_swap(state: State, members: list[Cohort], a: list[Cohort], b: list[Cohort]) -> bool:
    day_a, day_b = _day_of(state, a), _day_of(state, b)
    if day_a is None or day_b is None or day_a == day_b:
        return False
    before = _score(state, members)
    moved = [c for c in members if state.placed[c.id][0] in (day_a, day_b)]
    old = {c.id: state.placed[c.id] for c in moved}
    for c in moved:
        state.unplace(c)
    target = {c.id: day_b for c in a} | {c.id: day_a for c in b}
    ok = True
    for c in sorted(moved, key=lambda c: (-c.students, c.id)):
        day = target.get(c.id, old[c.id][0])
        w = state.best_window(c, day, 1)
        if w is None:
            ok = False
            break
        state.place(c, day, w)
    if ok and _score(state, members) < before:
        return True
    for c in moved:
        if c.id in state.placed:
            state.unplace(c)
    for c in moved:
        state.place(c, *old[c.id])
    return False


def polish(state: State, school_id: str, day: date, cohorts: list[Cohort]) -> None:
    """Lower the day's busiest window: move one of its classes to another window of the
    day, or swap it for a smaller one, while the busiest load drops and every limit holds."""
    here = [c for c in cohorts if state.placed.get(c.id, (None,))[0] == day]
    for _ in range(4 * len(here)):
        loads = {w.index: state.load[(school_id, day, w.index)] for w in state.problem.windows}
        top = max(loads, key=lambda w: (loads[w], -w))
        if not any(_improve(state, c, day, top, loads, here) for c in _in(state, here, top)):
            return


def _in(state: State, cohorts: list[Cohort], window: int) -> list[Cohort]:
    found = [c for c in cohorts if c.id in state.placed and state.placed[c.id][1] == window]
    return sorted(found, key=lambda c: (-c.students, c.id))


def _improve(
    state: State, c: Cohort, day: date, top: int, loads: dict[int, int], here: list[Cohort]
) -> bool:
    peak = loads[top]
    state.unplace(c)
    for w in sorted(loads, key=lambda w: (loads[w], w)):
        if w != top and loads[w] + c.students < peak and state.fits(c, day, w, 1):
            state.place(c, day, w)
            return True
    for w in sorted(loads, key=lambda w: (loads[w], w)):
        for e in _in(state, here, w) if w != top else []:
            if e.students < c.students and loads[w] - e.students + c.students < peak:
                state.unplace(e)
                if state.fits(c, day, w, 1) and state.fits(e, day, top, 1):
                    state.place(c, day, w)
                    state.place(e, day, top)
                    return True
                state.place(e, day, w)
    state.place(c, day, top)
    return False
