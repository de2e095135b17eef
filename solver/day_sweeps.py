"""The tail of the neighbourhood search: every run of a few whole days solved again, in turn.

A window of consecutive days with everyone's duties on them free is where the cover is
mended: a seat left empty on a date is filled by moving duties between the people working
around it, each keeping their rest, sequence and workload rules. The drawn kinds of
solver/lns.py start far smaller than such a window on a large staff (START_PAIRS) and draw
their dates at random, so a roster they leave may still hold a seat that one window of
three days, solved to its optimum within one call, fills (docs/decisions.md, "Windows of whole
days at the search's end").

This kind visits every window of WIDTH days, in an order drawn from the seed, sweep after
sweep. The search gives it the tail of its budget (`SWEEP_SHARE`, or the rest once the
drawn kinds stall): drawn among them from the start, it took turns they used better. Its
size is the window's, whatever the search's share for the kind. A sweep's worth of windows
with nothing to gain hands the turns back until the roster's cost changes (solver/lns.py).

Where a cap on weekends holds, each sweep begins with every weekend at once, for everyone:
under such a cap who works which weekend is tied across the whole horizon, and a seat
left empty on a weekend is filled only by moving several people's weekends together,
which no window of a few days holds. That window is larger than the others, so its call
is longer (`WEEKENDS_CALL_SHARE`, solver/lns.py). It comes in turns: with each run of the
weekdays between two weekends added, in date order, then the weekends alone, skipping those
solved to their optimum at the roster's cost: a cap on weekends ties a seat left empty on
one weekend to the rest, sequences and workload on the weekdays around another
(docs/decisions.md, "Every weekend and the weekdays between two").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date

# Days per window: on Curtois Instance13 (120 people, 18 shift types) windows of three days
# were solved to their optimum within their calls and filled seats the drawn kinds had
# left; wider ones, more often cut by their call, gained far less (docs/decisions.md).
WIDTH = 3
# No such kind where a window would hold more (person, shift) pairs than this: a window of
# a few days of a pool of hundreds is no longer solved within a call.
MOST_PAIRS = 8_000
# The weekend window's days, widest first: Friday to Monday (what comes before and after a
# weekend decides whether it may be worked whole), else Saturday and Sunday alone, the
# first within WEEKEND_PAIRS pairs. On Curtois Instance8 only Friday to Monday filled the
# seat a split weekend left empty; on Instance13 that window is twice the size of
# its Saturdays and Sundays, which still gained (docs/decisions.md).
WEEKEND_DAYS = ((4, 5, 6, 0), (5, 6))
WEEKEND_PAIRS = 12_000


class DaySweeps:
    """The windows, one after another (`days`, a kind of solver/lns.py), and the window of
    every weekend before each sweep (`weekends_at_once`, another, when `due`)."""

    def __init__(
        self,
        by_day: Sequence[Sequence[int]],
        rng: random.Random,
        weekends: Sequence[date] = (),
        cost: Callable[[], int] = lambda: 0,
    ) -> None:
        """`weekends`: the horizon's dates, where a cap on weekends holds (else none);
        `cost`: the roster's cost now, at which a window of weekends is `proven`."""
        self.by_day = by_day
        self.rng = rng
        self.width = min(WIDTH, len(by_day))
        self.starts: list[int] = []
        # Every weekend's days widened by each run of the weekdays between them, then the
        # weekends alone (`weekends`).
        self.weekend_windows = _weekend_windows(by_day, weekends)
        self.weekends = self.weekend_windows[-1] if self.weekend_windows else frozenset()
        self.due = bool(self.weekends)  # the weekends' window comes before the next window
        self.cost = cost
        # Per window of weekends, the roster's cost when it was last solved to its optimum:
        # at that cost it cannot gain again, and its long call would be lost.
        self.proven: dict[frozenset[int], int] = {}
        self.turn = 0  # the window of weekends whose turn is next
        self.turn_cost: int | None = None  # the roster's cost when the turns began

    def applicable(self) -> bool:
        """More than one window, and each small enough for a call."""
        days = len(self.by_day)
        if days <= self.width:
            return False
        return all(self._pairs(first) <= MOST_PAIRS for first in range(days - self.width + 1))

    def days(self, _rng: random.Random, _target: int, _values: list[int]) -> set[int]:
        """The pairs of the next window (a new sweep, in a new order, after the last)."""
        if not self.starts:
            self.starts = list(range(len(self.by_day) - self.width + 1))
            self.rng.shuffle(self.starts)
        first = self.starts.pop()
        self.due = bool(self.weekends) and not self.starts  # a sweep ends
        return {i for day in range(first, first + self.width) for i in self.by_day[day]}

    def weekends_at_once(self, _rng: random.Random, _target: int, _values: list[int]) -> set[int]:
        """The pairs of every weekend's days, for everyone (none without such a window):
        the next window of weekends in turn not yet proven at the roster's cost, from the
        first whenever that cost has changed."""
        self.due = False
        cost = self.cost()
        if cost != self.turn_cost:
            self.turn, self.turn_cost = 0, cost
        windows = self.weekend_windows
        for step in range(len(windows)):
            i = (self.turn + step) % len(windows)
            if self.proven.get(windows[i]) != cost:
                self.turn = i + 1
                return set(windows[i])
        return set(self.weekends)

    def weekends_open(self) -> bool:
        """Some window of weekends not yet solved to its optimum at the roster's cost."""
        cost = self.cost()
        return any(self.proven.get(w) != cost for w in self.weekend_windows)

    def prove(self, free: set[int]) -> None:
        """The window of weekends `free` was solved to its optimum at the roster's cost."""
        window = frozenset(free)
        if window in self.weekend_windows:
            self.proven[window] = self.cost()

    def windows(self) -> int:
        """How many windows one sweep visits."""
        return len(self.by_day) - self.width + 1

    def restart(self) -> None:
        """A new sweep next, the weekends' window first."""
        self.starts = []
        self.due = bool(self.weekends)

    def _pairs(self, first: int) -> int:
        return sum(len(self.by_day[day]) for day in range(first, first + self.width))


def _weekend_windows(
    by_day: Sequence[Sequence[int]], dates: Sequence[date]
) -> list[frozenset[int]]:
    """Every pair on the weekends' days (WEEKEND_DAYS, the widest within WEEKEND_PAIRS)
    with each run of the days between the weekends added (in date order, those within
    WEEKEND_PAIRS), then the weekends' days alone: a widened window holds every move of the
    weekends alone, and tried first from Curtois Instance8's first rosters it kept the
    search out of the 13th seat's basin (docs/decisions.md); none without two weekends in
    the horizon."""
    if sum(d.weekday() == 5 for d in dates) < 2:
        return []
    for weekdays in WEEKEND_DAYS:
        days = {day for day, d in enumerate(dates) if d.weekday() in weekdays}
        found = _on_days(by_day, days)
        if len(found) <= WEEKEND_PAIRS:
            widened = (found | _on_days(by_day, run) for run in _runs_between(len(dates), days))
            return [*(w for w in widened if len(w) <= WEEKEND_PAIRS), found]
    return []


def _runs_between(days: int, weekend: set[int]) -> list[list[int]]:
    """The runs of consecutive days outside `weekend`, in date order."""
    runs: list[list[int]] = []
    for day in range(days):
        if day in weekend:
            continue
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _on_days(by_day: Sequence[Sequence[int]], days: Iterable[int]) -> frozenset[int]:
    return frozenset(i for day in days for i in by_day[day])
