"""After the seat-by-seat fill (solver/construct.py): the lower-bound rules it cannot keep
one seat at a time, mended where every other rule allows.

1. A stretch of working days strictly inside the horizon that is shorter than a hard
   `consecutive` min is lengthened by a duty on the date after it (else before it), on the
   shift of that date with the most seats still empty; a stretch that cannot be lengthened
   enough loses its duties instead (fewer duties never shorten another stretch).
2. A person below a hard `workload` min gets duties next to their stretches (never a new
   short stretch), else a whole break between two stretches worked (one stretch of them,
   within the consecutive max), else a whole new stretch of their consecutive min, on the
   dates with the most empty seats first.

Every duty added goes through the seating's own test (`_Seating._fits`: overlap, rest,
caps, and the hard sequence rules of solver/seat_rules.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from roster.model import Scenario, Shift
from roster.result import Assignment
from solver.seat_rules import SeatRules, neighbours, shifts_by_date

ONE_DAY = timedelta(days=1)
# Tries at a duty more per person below their min (each a date's shifts): a bound on the
# work on a year of 150 people, where most reach their min in a few tries.
MOST_TRIES = 400


class Seating(Protocol):
    scenario: Scenario
    rules: SeatRules
    roster: dict[Assignment, None]
    # The plans seated, with their outcomes, while copies of the seating follow it
    # (solver/rows_replicas.py); None otherwise.
    journal: list[tuple[Any, str]] | None

    def seat_in(self, pid: str, shift: Shift) -> Assignment | None: ...

    def unseat(self, a: Assignment) -> None: ...

    def place(self, a: Assignment) -> None: ...

    def seated_count(self, shift: Shift) -> int: ...

    def short_of(self, shift: Shift) -> int: ...


def mend(state: Seating, fixed_before: date | None = None) -> None:
    by_date = shifts_by_date(state.scenario)
    first = state.scenario.start
    if fixed_before is not None:
        first = max(first, fixed_before)
    mender = _Mender(state, by_date, first)
    people = [p.id for p in state.scenario.people]
    for pid in people:
        mender.stretches(pid)
    for pid in sorted(people, key=lambda p: -state.rules.missing_share(p)):
        mender.reach_min(pid)


class _Mender:
    def __init__(self, state: Seating, by_date: dict[date, list[Shift]], first: date) -> None:
        self.state = state
        self.by_date = by_date
        self.first = first  # no duty is added or removed before this date
        self.last = state.scenario.end

    def stretches(self, pid: str) -> None:
        """Lengthen or empty each short stretch of the person."""
        kept: set[date] = set()  # stretches in the fixed past: left as they are
        while True:
            found = [(r, n) for r, n in self.state.rules.short_stretches(pid) if r[0] not in kept]
            if not found:
                return
            run, least = found[0]
            if run[0] < self.first:
                kept.add(run[0])
            elif not self._lengthen(pid, run, least):
                self._empty(pid, run)

    def _lengthen(self, pid: str, run: Sequence[date], least: int) -> bool:
        added: list[Assignment] = []
        before, after = neighbours(run)
        need = least - len(run)
        while need > 0:
            if after <= self.last and (a := self._duty_on(pid, after)):
                after += ONE_DAY
            elif before >= self.first and (a := self._duty_on(pid, before)):
                before -= ONE_DAY
            else:
                for a in added:
                    self.state.unseat(a)
                return False
            added.append(a)
            need -= 1
        return True

    def _empty(self, pid: str, run: Sequence[date]) -> None:
        dates = set(run)
        for a in [a for a in self.state.roster if a.person_id == pid and a.date in dates]:
            self.state.unseat(a)

    def reach_min(self, pid: str) -> None:
        """Duties for a person below a workload min: next to a stretch, else a new one."""
        rules = self.state.rules
        tries = 0
        while rules.below_min(pid) and tries < MOST_TRIES:
            edges = {d for run in _runs_of(rules, pid) for d in neighbours(run)}
            edges = {d for d in edges if self.first <= d <= self.last}
            tries += len(edges)
            if any(self._duty_on(pid, d) for d in self._emptiest(edges)):
                continue
            tries += 1
            if not (self._join_stretches(pid) or self._new_stretch(pid)):
                return

    def _join_stretches(self, pid: str) -> bool:
        """Work a whole break between two stretches (when the two and the break together
        stay within the consecutive max, which the seating checks): one break fewer."""
        runs = _runs_of(self.state.rules, pid)
        gaps = [
            (a[-1] + ONE_DAY, b[0] - ONE_DAY)
            for a, b in zip(runs, runs[1:], strict=False)
            if a[-1] + ONE_DAY >= self.first
        ]
        for first, last in sorted(gaps, key=lambda g: (g[1] - g[0], g[0])):
            added: list[Assignment] = []
            self.state.rules.filling_gap = True
            day = first
            while day <= last and (a := self._duty_on(pid, day)):
                added.append(a)
                day += ONE_DAY
            self.state.rules.filling_gap = False
            if day > last:
                return True
            for a in added:
                self.state.unseat(a)
        return False

    def _new_stretch(self, pid: str) -> bool:
        """A new stretch of the person's consecutive min, on the emptiest dates first."""
        length = max(2, _least_stretch(self.state, pid))
        span = (length - 1) * ONE_DAY
        starts = [d for d in self.by_date if self.first < d and d + span < self.last]
        for start in self._emptiest(starts):
            if self.state.rules.works(pid, start):
                continue
            added = []
            for k in range(length):
                a = self._duty_on(pid, start + k * ONE_DAY)
                if a is None:
                    break
                added.append(a)
            if len(added) == length:
                return True
            for a in added:
                self.state.unseat(a)
        return False

    def _emptiest(self, dates: set[date] | list[date]) -> list[date]:
        return sorted(dates, key=lambda d: (-self._empty_seats(d), d))

    def _empty_seats(self, day: date) -> int:
        return sum(self.state.short_of(s) for s in self.by_date.get(day, ()))

    def _duty_on(self, pid: str, day: date) -> Assignment | None:
        """A duty for the person on `day`: the shift with the most empty seats they fit."""
        if self.state.rules.works(pid, day):
            return None
        shifts = sorted(self.by_date.get(day, ()), key=lambda s: -self.state.short_of(s))
        for shift in shifts:
            a = self.state.seat_in(pid, shift)
            if a is not None:
                return a
        return None


def _runs_of(rules: SeatRules, pid: str) -> list[list[date]]:
    out: list[list[date]] = []
    for day in rules.sorted_days[pid]:
        if out and day - out[-1][-1] == ONE_DAY:
            out[-1].append(day)
        else:
            out.append([day])
    return out


def _least_stretch(state: Seating, pid: str) -> int:
    found = [state.rules.limit(r, pid, "min") for r in state.rules.consecutive]
    return max((n for n in found if n is not None), default=1)
