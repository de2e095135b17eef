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
is longer (`WEEKENDS_CALL_SHARE`, solver/lns.py).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
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
    ) -> None:
        """`weekends`: the horizon's dates, where a cap on weekends holds (else none)."""
        self.by_day = by_day
        self.rng = rng
        self.width = min(WIDTH, len(by_day))
        self.starts: list[int] = []
        self.weekends = _weekend_window(by_day, weekends)
        self.due = bool(self.weekends)  # the weekends' window comes before the next window

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
        """The pairs of every weekend's days, for everyone (none without such a window)."""
        self.due = False
        return set(self.weekends)

    def windows(self) -> int:
        """How many windows one sweep visits."""
        return len(self.by_day) - self.width + 1

    def restart(self) -> None:
        """A new sweep next, the weekends' window first."""
        self.starts = []
        self.due = bool(self.weekends)

    def _pairs(self, first: int) -> int:
        return sum(len(self.by_day[day]) for day in range(first, first + self.width))


def _weekend_window(by_day: Sequence[Sequence[int]], dates: Sequence[date]) -> frozenset[int]:
    """Every pair on the weekends' days (WEEKEND_DAYS, the widest within WEEKEND_PAIRS);
    none without two weekends in the horizon."""
    if sum(d.weekday() == 5 for d in dates) < 2:
        return frozenset()
    for weekdays in WEEKEND_DAYS:
        days = [day for day, d in enumerate(dates) if d.weekday() in weekdays]
        found = frozenset(i for day in days for i in by_day[day])
        if len(found) <= WEEKEND_PAIRS:
            return found
    return frozenset()
