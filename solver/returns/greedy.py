"""A first plan, built greedily, to hint the solver with.

The solver finds good plans slowly from nothing (windows of a school are interchangeable,
so the search wanders); from this one it only has to improve. Grades are placed whole,
graduating grades and the largest first, each on the earliest (graduating) or least busy
return day that holds it, each class into the emptiest window that keeps to the school's
target peak (solver/returns/preferences.py `least_peak`), its capacity, the one region
per window of boarding schools and gathering points, the buses of the day and the
siblings already placed. When nothing keeps to all of that, the target, then every
limit, is dropped rather than leave a class out: the solver repairs what is left.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

from roster.returns import Cohort, ReturnProblem
from solver.returns.preferences import grade_classes, least_peak
from solver.returns.siblings import families

Slot = tuple[date, int]


class _State:
    def __init__(self, problem: ReturnProblem, tight: bool) -> None:
        self.problem = problem
        self.tight = tight  # boarders share a window only within the target peak
        self.forced = 0  # classes placed breaking some limit
        self.load: dict[tuple[str, date, int], int] = defaultdict(int)
        self.region_at: dict[tuple, str] = {}  # (point | school, day, window) -> region
        self.region_count: dict[tuple, int] = defaultdict(int)
        self.gathered: dict[tuple[str, date, int], int] = defaultdict(int)
        self.riders: dict[tuple[str, date], int] = defaultdict(int)
        self.placed: dict[str, Slot] = {}
        self.siblings: dict[str, set[str]] = defaultdict(set)
        for members in families(problem).values():
            for c in members:
                self.siblings[c.id] |= {m.id for m in members if m.id != c.id}
        self.gap = int(problem.rule("siblings").param("gap_minutes", 0) or 0)
        self.target = _targets(problem)

    def fits(self, c: Cohort, day: date, w: int, level: int) -> bool:
        """level 0: every limit and the target peak; 1: every limit; 2: anything goes."""
        if level == 2:
            return True
        p = self.problem
        cap = p.places(c.school_id)
        if level == 0:
            cap = min(cap, self.target[(c.school_id, p.batch(c).id)])
        if self.load[(c.school_id, day, w)] + c.students > cap:
            return False
        if c.boarding and self.region_at.get((c.school_id, day, w), c.region) != c.region:
            return False
        return self._travel_fits(c, day, w) and self._siblings_fit(c, day, w)

    def _travel_fits(self, c: Cohort, day: date, w: int) -> bool:
        route = self.problem.route_of(c)
        if route is None:
            return True
        key = (route.point_id, day, self.problem.gathering_window(c, w))
        capacity = self.problem.point_by_id[route.point_id].capacity
        return (
            self.region_at.get(key, c.region) == c.region
            and (capacity is None or self.gathered[key] + c.students <= capacity)
            and self.riders[(route.id, day)] + c.students <= route.seats_per_day
        )

    def _siblings_fit(self, c: Cohort, day: date, w: int) -> bool:
        for other in self.siblings.get(c.id, ()):
            if other not in self.placed:
                continue
            o_day, o_w = self.placed[other]
            if o_day != day:
                return False
            o = self.problem.cohort_by_id[other]
            start = self.problem.windows[w].start_minute
            o_start = self.problem.windows[o_w].start_minute
            if o.school_id != c.school_id and abs(start - o_start) < self.gap:
                return False
        return True

    def place(self, c: Cohort, day: date, w: int) -> None:
        self.placed[c.id] = (day, w)
        self.load[(c.school_id, day, w)] += c.students
        for key in self._region_keys(c, day, w):
            self.region_at.setdefault(key, c.region)
            self.region_count[key] += 1
        route = self.problem.route_of(c)
        if route is not None:
            self.gathered[(route.point_id, day, self.problem.gathering_window(c, w))] += c.students
            self.riders[(route.id, day)] += c.students

    def unplace(self, c: Cohort) -> None:
        day, w = self.placed.pop(c.id)
        self.load[(c.school_id, day, w)] -= c.students
        for key in self._region_keys(c, day, w):
            self.region_count[key] -= 1
            if not self.region_count[key]:
                self.region_at.pop(key)
        route = self.problem.route_of(c)
        if route is not None:
            self.gathered[(route.point_id, day, self.problem.gathering_window(c, w))] -= c.students
            self.riders[(route.id, day)] -= c.students

    def _region_keys(self, c: Cohort, day: date, w: int) -> list[tuple]:
        keys: list[tuple] = [(c.school_id, day, w)] if c.boarding else []
        route = self.problem.route_of(c)
        if route is not None:
            keys.append((route.point_id, day, self.problem.gathering_window(c, w)))
        return keys

    def best_window(self, c: Cohort, day: date, level: int) -> int | None:
        free = [w.index for w in self.problem.windows if self.fits(c, day, w.index, level)]
        if not free:
            return None
        # Boarders join a window of their own region first: the other windows stay open
        # for the other regions.
        # Boarders join a window of their own region first, within the school's target
        # peak: the other windows stay open for the other regions.
        target = self.target[(c.school_id, self.problem.batch(c).id)] if self.tight else 10**9

        def key(w: int) -> tuple[int, int, int]:
            load = self.load[(c.school_id, day, w)]
            own = c.boarding and self.region_at.get((c.school_id, day, w)) == c.region
            return (0 if own and load + c.students <= target else 1, load, w)

        return min(free, key=key)


def _targets(problem: ReturnProblem) -> dict[tuple[str, str], int]:
    sizes: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in problem.cohorts:
        sizes[(c.school_id, problem.batch(c).id)].append(c.students)
    slots = {b.id: len(b.dates) * len(problem.windows) for b in problem.batches}
    return {key: least_peak(found, slots[key[1]]) for key, found in sizes.items()}


def greedy_plan(problem: ReturnProblem) -> dict[str, Slot]:
    """The better of two greedy plans: boarders sharing windows by region only within the
    target peak, or whenever they can (when the first breaks a limit)."""
    first = _greedy(_State(problem, tight=True))
    if not first.forced:
        return first.placed
    second = _greedy(_State(problem, tight=False))
    return (second if second.forced < first.forced else first).placed


def _greedy(state: _State) -> _State:
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
        _polish(state, school_id, day, cohorts)
    _swap_grades(state)
    return state


def _swap_grades(state: _State) -> None:
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


def _day_of(state: _State, cohorts: list[Cohort]) -> date | None:
    days = {state.placed[c.id][0] for c in cohorts}
    return days.pop() if len(days) == 1 else None


def _score(state: _State, members: list[Cohort]) -> tuple[int, int]:
    """(busiest window, graduating classes x their day's position) of a school's batch."""
    loads: dict[tuple[date, int], int] = defaultdict(int)
    for c in members:
        loads[state.placed[c.id]] += c.students
    dates = state.problem.batch(members[0]).dates
    graduating = state.problem.rule("preferences").param("graduating_grades", frozenset())
    late = sum(dates.index(state.placed[c.id][0]) for c in members if c.grade in graduating)
    return max(loads.values()), late


def _try_swap(state: _State, members: list[Cohort], a: list[Cohort], b: list[Cohort]) -> bool:
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


def _polish(state: _State, school_id: str, day: date, cohorts: list[Cohort]) -> None:
    """Lower the day's busiest window: move one of its classes to another window of the
    day, or swap it for a smaller one, while the busiest load drops and every limit holds."""
    here = [c for c in cohorts if state.placed.get(c.id, (None,))[0] == day]
    for _ in range(4 * len(here)):
        loads = {w.index: state.load[(school_id, day, w.index)] for w in state.problem.windows}
        top = max(loads, key=lambda w: (loads[w], -w))
        if not any(_improve(state, c, day, top, loads, here) for c in _in(state, here, top)):
            return


def _in(state: _State, cohorts: list[Cohort], window: int) -> list[Cohort]:
    found = [c for c in cohorts if c.id in state.placed and state.placed[c.id][1] == window]
    return sorted(found, key=lambda c: (-c.students, c.id))


def _improve(
    state: _State, c: Cohort, day: date, top: int, loads: dict[int, int], here: list[Cohort]
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


def _place(state: _State, c: Cohort, day: date) -> None:
    """Its day if some window keeps every limit there, else another day that does (a
    grade split is cheaper than a hard rule broken), else its day regardless."""
    others = [d for d in state.problem.batch(c).dates if d != day]
    for level, d in [(1, day), *((1, d) for d in others), (2, day)]:
        w = state.best_window(c, d, level)
        if w is not None:
            state.place(c, d, w)
            state.forced += level == 2
            return


class _Days:
    """The return day of each class, chosen grade by grade."""

    def __init__(self, state: _State) -> None:
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


def _choose_days(state: _State) -> dict[str, date]:
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
