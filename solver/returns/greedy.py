"""A first plan, built greedily, to hint the solver with.

The solver finds good plans slowly from nothing (windows of a school are interchangeable,
so the search wanders); from a good one it only has to improve. Days first: whole grades,
graduating grades and the largest first, each on the earliest (graduating) or least busy
return day with room, a class going elsewhere only when its bus or its siblings cannot
follow. Then windows, day by day: the largest class first into the emptiest window that
keeps every limit (capacity, one region per window at boarding schools and gathering
points, point capacity, the buses of the day, siblings' day and gap): LPT, optimal when
at most two classes share a window. A class nothing holds tries another day, then goes
where it breaks least: the solver repairs what is left. Then solver/returns/polish.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from roster.returns.model import Cohort, ReturnProblem
from solver.returns.greedy_state import Slot, State
from solver.returns.polish import polish, swap_grades
from solver.returns.preferences import grade_classes


def greedy_plans(problem: ReturnProblem) -> list[dict[str, Slot]]:
    """Two greedy plans: boarders sharing a window with their own region only within the
    school's target peak, or whenever they can (the solver keeps the better)."""
    return [_greedy(State(problem, tight=tight)).placed for tight in (True, False)]


def _greedy(state: State) -> State:
    """Days first (whole grades, balanced), then windows day by day (largest class first
    into the emptiest window that keeps every limit: LPT, optimal for pairs)."""
    problem = state.problem
    days = _choose_days(state)
    by_day: dict[tuple[str, date], list[Cohort]] = defaultdict(list)
    for c in problem.cohorts:
        by_day[(c.school_id, days[c.id])].append(c)
    for (_, day), cohorts in sorted(by_day.items()):
        for c in sorted(cohorts, key=lambda c: (-c.students, c.id)):
            _place(state, c, day)
    for (school_id, day), cohorts in sorted(by_day.items()):
        polish(state, school_id, day, cohorts)
    swap_grades(state)
    return state


def _place(state: State, c: Cohort, day: date) -> None:
    """Its day if some window keeps every limit there, else another day that does (a
    grade split is cheaper than a hard rule broken), else its day regardless."""
    others = [d for d in state.problem.batch(c).dates if d != day]
    for level, d in [(1, day), *((1, d) for d in others), (2, day)]:
        w = state.best_window(c, d, level)
        if w is not None:
            state.place(c, d, w)
            return


class _Days:
    """The return day of each class, chosen grade by grade."""

    def __init__(self, state: State) -> None:
        self.state, self.problem = state, state.problem
        self.classes: dict[tuple[str, date], int] = defaultdict(int)
        self.students: dict[tuple[str, date], int] = defaultdict(int)
        self.riders: dict[tuple[str, date], int] = defaultdict(int)
        self.chosen: dict[str, date] = {}

    def room(self, cohorts: list[Cohort], day: date) -> bool:
        school_id = cohorts[0].school_id
        limit = len(self.problem.windows) * self.problem.places(school_id)
        return self.students[(school_id, day)] + sum(c.students for c in cohorts) <= limit

    def suits(self, c: Cohort, day: date) -> bool:
        """Its bus has seats that day and its siblings placed so far return that day."""
        route = self.problem.route_of(c)
        if route is not None and self.riders[(route.id, day)] + c.students > route.seats_per_day:
            return False
        return all(self.chosen.get(o, day) == day for o in self.state.siblings.get(c.id, ()))

    def order(self, cohorts: list[Cohort], graduating: bool) -> list[date]:
        """Days with room first, then where fewest classes must go elsewhere, then the
        earliest (graduating grades) or the one with fewest classes."""
        school_id = cohorts[0].school_id

        def score(d: date) -> tuple:
            apart = sum(1 for c in cohorts if not self.suits(c, d))
            busy = 0 if graduating else self.classes[(school_id, d)]
            return (not self.room(cohorts, d), apart, busy, d)

        return sorted(self.problem.batch(cohorts[0]).dates, key=score)

    def take(self, c: Cohort, day: date) -> None:
        self.chosen[c.id] = day
        self.classes[(c.school_id, day)] += 1
        self.students[(c.school_id, day)] += c.students
        route = self.problem.route_of(c)
        if route is not None:
            self.riders[(route.id, day)] += c.students


def _choose_days(state: State) -> dict[str, date]:
    """Each grade's return day: graduating grades and the largest first, on the earliest
    (graduating) or least busy day with room; a class its route or its siblings cannot
    follow there goes to a day that suits it."""
    problem = state.problem
    graduating = problem.rule("preferences").param("graduating_grades", frozenset())
    groups = sorted(
        grade_classes(problem).items(),
        key=lambda kv: (kv[0][1] not in graduating, -sum(c.students for c in kv[1]), kv[0]),
    )
    days = _Days(state)
    for (_, grade), cohorts in groups:
        order = days.order(cohorts, grade in graduating)
        for c in sorted(cohorts, key=lambda c: (-c.students, c.id)):
            fits = [d for d in order if days.suits(c, d)]
            days.take(c, order[0] if order[0] in fits or not fits else fits[0])
    return days.chosen
