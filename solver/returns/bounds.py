"""Lower bounds of a school's busiest window, posted as cuts so that the LP sees them.

The windows of a school are interchangeable for its own rules, so the LP relaxation
spreads every class thinly over all of them and the busiest window's LP value is the
day's average load: far below what any plan gives once classes must share windows
(pairs of ~50 students where the average says 70). That weak bound is what kept the
county's gap at 6.9 %. These cuts state what the packing costs at least:

* per school, batch and day: the busiest window holds at least f(n) when n of the
  school's classes return that day, f being the best packing of the n classes most
  favourable to it (`least_peak` of the smallest per region); posted as the facets of
  f's lower convex envelope, linear in the day's class count;
* per school and batch: the busiest window over every window of the batch, per region;
* per school, grade and day: at most `top` classes of a grade fit one day, so a grade of
  more classes is split (its `grade_days` is at least the days it needs - 1).

With `rules` empty the bounds assume nothing but the packing itself (one pool of classes,
no capacity, no bus): valid for every plan. With hard rules named in `rules`, they also
use them: one region per window at boarding schools (`regions`), at most as many classes
of a route on a day as its seats hold (`buses`), no window above its places (`capacity`).
Such a cut only holds for plans that keep those rules, so the caller passes them only when
its first plan keeps every hard rule at a cost below `hard_weight`: then so does every
optimal plan and every plan better than the first one, and the bound stays a bound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product

from ortools.sat.python import cp_model

from roster.returns.model import Cohort, ReturnProblem
from solver.returns.penalty import ReturnPenalty
from solver.returns.preferences import grade_classes, least_peak
from solver.returns.variables import PlanVars

Pools = dict[str, list[int]]  # group of classes that may share a window -> sizes, ascending


@dataclass(frozen=True)
class Uses:
    """Which hard rules the bounds may rely on."""

    regions: bool = False
    buses: bool = False
    capacity: bool = False

    @classmethod
    def of(cls, problem: ReturnProblem, rules: Collection[str]) -> Uses:
        boarding = "regions" in rules and problem.rule("regions").param("boarding", True)
        return cls(bool(boarding), "buses" in rules, "capacity" in rules)


def pools(problem: ReturnProblem, cohorts: Sequence[Cohort], uses: Uses, one_day: bool) -> Pools:
    """Sizes by region when every class is a boarder and boarders keep one region per window
    (else one pool); on one day, at most what a route's seats carry of its classes: its
    smallest ones, which pack best."""
    by_region = uses.regions and all(c.boarding for c in cohorts)
    groups: dict[str, list[Cohort]] = defaultdict(list)
    for c in cohorts:
        groups[c.region if by_region else ""].append(c)
    out: Pools = {}
    for key, members in sorted(groups.items()):
        sizes = [c.students for c in members if not (c.bus_route and uses.buses and one_day)]
        if uses.buses and one_day:
            sizes += _route_riders(problem, [c for c in members if c.bus_route])
        out[key] = sorted(sizes)
    return out


def _route_riders(problem: ReturnProblem, cohorts: list[Cohort]) -> list[int]:
    by_route: dict[str, list[int]] = defaultdict(list)
    for c in cohorts:
        by_route[c.bus_route].append(c.students)
    out: list[int] = []
    for route_id, sizes in sorted(by_route.items()):
        seats, taken = problem.route_by_id[route_id].seats_per_day, 0
        for n in sorted(sizes):
            if taken + n > seats:
                break
            taken += n
            out.append(n)
    return out


class Packing:
    """How many classes of some pools fit `windows` windows with none above a load P."""

    def __init__(self, groups: Pools, windows: int) -> None:
        self.groups = groups
        self.windows = windows
        self.total = sum(len(sizes) for sizes in groups.values())
        self._peaks: dict[str, list[list[int]]] | None = None

    @property
    def peaks(self) -> dict[str, list[list[int]]]:
        """peaks[g][k][w]: least busiest window of the k smallest of group g in w windows."""
        if self._peaks is None:
            self._peaks = {
                g: [[least_peak(sizes[:k], w) if w else (0 if k == 0 else NEVER)
                     for w in range(self.windows + 1)] for k in range(len(sizes) + 1)]
                for g, sizes in self.groups.items()
            }  # fmt: skip
        return self._peaks

    def count(self, load: int) -> int:
        """At most this many classes fit with every window at most `load` (an upper bound:
        each group packs its smallest classes into the windows it is given)."""
        best = [0] + [-1] * self.windows  # best[u]: classes placed using u windows
        for table in self.peaks.values():
            fit = [max((k for k, row in enumerate(table) if row[w] <= load), default=0)
                   for w in range(self.windows + 1)]  # fmt: skip
            new = list(best)
            for used, placed in enumerate(best):
                if placed < 0:
                    continue
                for w in range(1, self.windows - used + 1):
                    new[used + w] = max(new[used + w], placed + fit[w])
            best = new
        return max(best)

    def loads(self) -> list[int]:
        return sorted({v for t in self.peaks.values() for row in t for v in row if v < NEVER})

    def by_count(self, cap: int | None) -> list[int]:
        """f[n]: the least busiest window of any n of the classes on these windows, for n up
        to the most that fit (within `cap` per window when given)."""
        out = [0]
        for load in self.loads():
            if (cap is not None and load > cap) or len(out) > self.total:
                break
            fit = self.count(load)
            out += [load] * max(0, fit - len(out) + 1)
        return out

    def least_all(self, cap: int | None = None) -> int | None:
        """The least busiest window holding every class, None when they cannot fit (within
        `cap` per window when given): each group takes the fewest windows its classes
        need under a load, and a load is possible when those fit the windows."""
        rows = {g: [least_peak(sizes, w) for w in range(1, self.windows + 1)]
                for g, sizes in self.groups.items() if sizes}  # fmt: skip
        candidates = sorted({x for row in rows.values() for x in row if cap is None or x <= cap})

        def fits(load: int) -> bool:
            need = 0
            for row in rows.values():
                w = next((w for w, x in enumerate(row, 1) if x <= load), None)
                if w is None:
                    return False
                need += w
            return need <= self.windows

        return next((load for load in candidates if fits(load)), None if rows else 0)


NEVER = 10**9


def envelope(f: Sequence[int]) -> list[tuple[int, int]]:
    """Vertices of the lower convex envelope of the points (n, f[n])."""
    hull: list[tuple[int, int]] = []
    for p in enumerate(f):
        while len(hull) >= 2 and _turns_up((hull[-2], hull[-1], p)):
            hull.pop()
        hull.append(p)
    return hull


def _turns_up(points: tuple[tuple[int, int], ...]) -> bool:
    (x0, y0), (x1, y1), (x2, y2) = points
    return (y1 - y0) * (x2 - x0) >= (y2 - y0) * (x1 - x0)


def add(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    penalties: Sequence[ReturnPenalty],
    uses: Uses,
) -> int:
    """Post the cuts on the penalty variables of `peak`, `grade_days` and `graduating_late`.
    Returns how many were posted."""
    terms = _Terms(penalties)
    posted = 0
    for (school_id, batch_id), cohorts in sorted(_school_batches(problem).items()):
        peak = terms.peak.get((school_id, batch_id))
        if peak is not None:
            floor, count = _peak_cuts(model, problem, v, peak, cohorts, uses)
            posted += count + _whole_grades_cut(model, problem, cohorts, terms, uses, floor)
    for (school_id, grade), cohorts in grade_classes(problem).items():
        extra = terms.extra_days.get((school_id, grade))
        posted += _grade_cuts(model, problem, v, cohorts, uses, extra)
    return posted


class _Terms:
    """The penalty variables the cuts bound, by school and batch or grade."""

    def __init__(self, penalties: Sequence[ReturnPenalty]) -> None:
        self.peak: dict[tuple[str, str], cp_model.IntVar] = {}
        self.extra_days: dict[tuple[str, int], cp_model.IntVar] = {}
        self.late: dict[tuple[str, int], list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
        for p in penalties:
            if p.kind == "peak":
                self.peak[(p.school_id, p.subject)] = p.var
            elif p.kind == "grade_days":
                self.extra_days[(p.school_id, int(p.subject))] = p.var
            elif p.kind == "graduating_late":
                self.late[(p.school_id, int(p.subject))].append((p.unit_cost, p.var))
        self.split_cost = {key: 0 for key in self.extra_days}
        for p in penalties:
            if p.kind == "grade_days":
                self.split_cost[(p.school_id, int(p.subject))] = p.unit_cost


def _school_batches(problem: ReturnProblem) -> dict[tuple[str, str], list[Cohort]]:
    out: dict[tuple[str, str], list[Cohort]] = defaultdict(list)
    for c in problem.cohorts:
        out[(c.school_id, problem.batch(c).id)].append(c)
    return out


def _cap(problem: ReturnProblem, school_id: str, uses: Uses) -> int | None:
    return problem.places(school_id) if uses.capacity else None


def _peak_cuts(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    peak: cp_model.IntVar,
    cohorts: list[Cohort],
    uses: Uses,
) -> tuple[int, int]:
    """The floor of the busiest window over the batch, and per day its convex bound in the
    day's class count. Returns (the floor, cuts posted)."""
    school_id, dates = cohorts[0].school_id, problem.batch(cohorts[0]).dates
    posted = 0
    whole = Packing(pools(problem, cohorts, uses, one_day=False), len(dates) * len(problem.windows))
    floor = whole.least_all() or 0
    if floor:
        model.add(peak >= floor)
        posted += 1
    day = Packing(pools(problem, cohorts, uses, one_day=True), len(problem.windows))
    f = day.by_count(_cap(problem, school_id, uses))
    hull = envelope(f)
    for d in dates:
        n = _count(v, cohorts, d)
        if len(f) - 1 < len(cohorts):
            model.add(n <= len(f) - 1)
            posted += 1
        for (x0, y0), (x1, y1) in zip(hull, hull[1:], strict=False):
            # peak >= y0 + (y1 - y0) / (x1 - x0) * (n - x0), in integers
            model.add((x1 - x0) * peak >= (x1 - x0) * y0 + (y1 - y0) * (n - x0))
            posted += 1
    return floor, posted


def _count(v: PlanVars, cohorts: list[Cohort], day: date) -> cp_model.LinearExprT:
    return sum(x for c in cohorts for x in v.of(c, day))


MAX_ASSIGNMENTS = 6561  # 3 days ** 8 grades: beyond, the whole-grade cut is not tried


def _whole_grades_cut(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    cohorts: list[Cohort],
    terms: _Terms,
    uses: Uses,
    floor: int,
) -> int:
    """With every grade on one day, the busiest window plus the graduating grades' lateness
    is at least `whole`: the best over every way to give each grade one day, each day packed
    as tightly as its classes allow. Splitting a grade costs its `grade_days` anyway, so

        peak + lateness + (whole - floor) x (grade days over one) >= whole

    holds for every plan (with a grade split, the left side is at least floor) and its LP
    is tight when whole - floor is below the weight of a split."""
    school_id = cohorts[0].school_id
    by_grade: dict[int, list[Cohort]] = defaultdict(list)
    for c in cohorts:
        by_grade[c.grade].append(c)
    grades = sorted(by_grade)
    dates = problem.batch(cohorts[0]).dates
    extra = terms.extra_days
    splits = [extra[(school_id, g)] for g in grades if (school_id, g) in extra]
    if not splits or len(dates) ** len(grades) > MAX_ASSIGNMENTS:
        return 0
    whole = _best_whole(problem, by_grade, grades, dates, uses, terms, school_id)
    peak = terms.peak[(school_id, problem.batch(cohorts[0]).id)]
    if whole is None:  # no grade can stay whole with the others: some grade splits
        model.add(sum(splits) >= 1)
        return 1
    if whole <= floor:
        return 0
    late = [w * x for g in grades for w, x in terms.late.get((school_id, g), [])]
    model.add(peak + sum(late) + (whole - floor) * sum(splits) >= whole)
    return 1


def _best_whole(
    problem: ReturnProblem,
    by_grade: dict[int, list[Cohort]],
    grades: list[int],
    dates: tuple[date, ...],
    uses: Uses,
    terms: _Terms,
    school_id: str,
) -> int | None:
    """min over grade -> day of (busiest window bound + graduating lateness), None when no
    assignment fits."""
    windows = len(problem.windows)
    cap = _cap(problem, school_id, uses)
    day_bound: dict[int, int | None] = {0: 0}  # grades on one day (bit mask) -> its bound

    def bound(mask: int) -> int | None:
        if mask not in day_bound:
            members = [c for i, g in enumerate(grades) if mask >> i & 1 for c in by_grade[g]]
            packing = Packing(pools(problem, members, uses, one_day=True), windows)
            # A route's classes beyond its seats cannot all come that day.
            fits = packing.total == len(members)
            day_bound[mask] = packing.least_all(cap) if fits else None
        return day_bound[mask]

    late = [_late_weight(terms, school_id, g) * len(by_grade[g]) for g in grades]
    best: int | None = None
    for days in product(range(len(dates)), repeat=len(grades)):
        cost = sum(w * d for w, d in zip(late, days, strict=True))
        if best is not None and cost >= best:
            continue
        masks = [0] * len(dates)
        for i, d in enumerate(days):
            masks[d] |= 1 << i
        peaks = [bound(m) for m in masks]
        if None not in peaks:
            total = cost + max(p for p in peaks if p is not None)
            best = total if best is None else min(best, total)
    return best


def _late_weight(terms: _Terms, school_id: str, grade: int) -> int:
    """Cost of one class of the grade one day later (0 unless it is a graduating grade)."""
    found = terms.late.get((school_id, grade))
    return found[0][0] if found else 0


def _grade_cuts(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    cohorts: list[Cohort],
    uses: Uses,
    extra_days: cp_model.IntVar | None,
) -> int:
    """At most `top` classes of the grade fit one day, and at most what its seats carry of
    a route's: a larger grade, or more of a route's classes, use more days."""
    if not (uses.capacity or uses.buses):
        return 0
    day = Packing(pools(problem, cohorts, uses, one_day=True), len(problem.windows))
    top = len(day.by_count(_cap(problem, cohorts[0].school_id, uses))) - 1
    posted = 0
    if top < len(cohorts):
        for d in problem.batch(cohorts[0]).dates:
            model.add(_count(v, cohorts, d) <= top)
            posted += 1
    need = max(-(-len(cohorts) // top) if top > 0 else 1, _route_days(problem, cohorts, uses))
    if extra_days is not None and need > 1:
        model.add(extra_days >= need - 1)
        posted += 1
    return posted


def _route_days(problem: ReturnProblem, cohorts: list[Cohort], uses: Uses) -> int:
    """The most days a route's classes of the grade need, its seats carrying so many a day."""
    if not uses.buses:
        return 1
    by_route: dict[str, list[Cohort]] = defaultdict(list)
    for c in cohorts:
        if c.bus_route:
            by_route[c.bus_route].append(c)
    need = 1
    for members in by_route.values():
        per_day = len(_route_riders(problem, members))
        if per_day:
            need = max(need, -(-len(members) // per_day))
    return need


def floors_hold(problem: ReturnProblem) -> bool:
    """A school's own costs are its `preferences` terms when every other rule is hard and
    kept; a floor from solving the school alone then bounds them in any plan of a part."""
    return all(r.hard for r in problem.rules if r.kind != "preferences")


def add_floors(
    model: cp_model.CpModel, penalties: Sequence[ReturnPenalty], floors: Mapping[str, int]
) -> int:
    """Each school's soft costs are at least its floor; returns the floors' sum (a bound of
    the objective)."""
    own: dict[str, list[ReturnPenalty]] = defaultdict(list)
    for p in penalties:
        if not p.rule.hard and p.school_id:
            own[p.school_id].append(p)
    total = 0
    for school_id, floor in sorted(floors.items()):
        if floor > 0 and school_id in own:
            model.add(sum(p.unit_cost * p.var for p in own[school_id]) >= floor)
            total += floor
    return total
