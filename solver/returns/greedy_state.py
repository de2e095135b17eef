"""The state of a greedy plan: loads, regions, riders and siblings, and what fits."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from roster.returns.model import Cohort, ReturnProblem
from solver.returns.arrivals import day_classes
from solver.returns.preferences import least_peak
from solver.returns.siblings import families

Slot = tuple[date, int]


class State:
    def __init__(self, problem: ReturnProblem, tight: bool) -> None:
        self.problem = problem
        self.tight = tight  # boarders share a window only within the target peak
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
        # Students already back arriving by their daily timetable (solver/returns/arrivals.py):
        # known ones now, those of this problem's classes as they are placed.
        self.back: dict[tuple[str, date, int], int] = defaultdict(int)
        mine = {c.id for c in problem.cohorts}
        for c, slot in day_classes(problem):
            if c.id not in mine:
                self._arrive(c, slot, problem.batch(c).dates[-1], 1)

    def fits(self, c: Cohort, day: date, w: int, level: int) -> bool:
        """level 0: every limit and the target peak; 1: every limit; 2: anything goes."""
        if level == 2:
            return True
        p = self.problem
        cap = p.places(c.school_id) - self.back[(c.school_id, day, w)]
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

    def _arrive(self, c: Cohort, slot: int, returned: date, sign: int) -> None:
        """The class arrives by its daily slot on its school's return days after `returned`."""
        for day in self.problem.return_days(c.school_id):
            if day > returned:
                for w in self.problem.daily_overlap(slot):
                    self.back[(c.school_id, day, w)] += sign * c.students

    def place(self, c: Cohort, day: date, w: int) -> None:
        self.placed[c.id] = (day, w)
        self.load[(c.school_id, day, w)] += c.students
        if c.id in self.problem.daily_slots and not c.boarding:
            self._arrive(c, self.problem.daily_slots[c.id], day, 1)
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
        if c.id in self.problem.daily_slots and not c.boarding:
            self._arrive(c, self.problem.daily_slots[c.id], day, -1)
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
