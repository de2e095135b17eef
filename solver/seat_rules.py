"""The sequence and total rules a roster built seat by seat keeps (solver/construct.py).

A seat goes to a person only when their duties so far, with it, still keep every hard
`consecutive` max, `days_off` min, `weekends` max, `succession` pair and `workload` max.
Two lower-bound rules cannot be kept one seat at a time: a stretch shorter than the
`consecutive` min, and a `workload` min. For them the seating prefers, among those who may
take a seat, people whose stretch is still short, then people furthest below their min; and
`mend` afterwards lengthens (else removes) the short stretches and adds duties to the people
still below their min where every rule allows.

Same-date questions only: these rules read working days (a date on which a person starts a
duty, docs/rules.md), so a person's state is their dates and the duties of each.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import cast

from roster.model import RuleSpec, Scenario, Shift
from roster.weekend_seats import saturday

ONE_DAY = timedelta(days=1)
# The pace of a workload min or a weekends max follows what the cover asks from one
# season of this many days to the next (`SeatRules._by_season`).
PACE_SEASON_DAYS = 28


@dataclass(frozen=True)
class Total:
    """A hard workload rule, read once: which duties count, and in what unit."""

    rule: RuleSpec
    duty: str
    minutes: bool

    def size(self, shift: Shift) -> int:
        if self.duty and shift.duty_id != self.duty:
            return 0
        return shift.minutes if self.minutes else 1


class SeatRules:
    """Each person's working days as the roster grows, and what the hard rules allow."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        hard = [r for r in scenario.rules if r.hard]
        self.consecutive = [r for r in hard if r.kind == "consecutive"]
        self.days_off = [r for r in hard if r.kind == "days_off"]
        self.weekends = [r for r in hard if r.kind == "weekends"]
        self.totals = [
            Total(r, str(r.param("duty", "") or ""), r.param("unit", "duties") == "minutes")
            for r in hard
            if r.kind == "workload"
        ]
        self.after: dict[str, set[str]] = {}  # first duty -> duties it may not precede
        for r in hard:
            if r.kind == "succession":
                pairs = cast(Sequence[tuple[str, str]], r.param("forbidden", ()) or ())
                for first, then in pairs:
                    self.after.setdefault(first, set()).add(then)
        people = [p.id for p in scenario.people]
        self.duties: dict[str, dict[date, list[str]]] = {pid: {} for pid in people}
        self.sorted_days: dict[str, list[date]] = {pid: [] for pid in people}
        self.load: dict[tuple[int, str], int] = {}  # (total index, person) -> load
        self._limits: dict[tuple[str, str, str], int | None] = {}
        self._min_of: dict[str, list[tuple[int, int]]] = {}
        # Running sums of what the cover asks: per (total index, person) over the person's
        # open dates, per duty over the weekends (the paces of `behind_pace`, `weekend_rank`).
        self._date_pace: dict[tuple[int, str], list[float]] = {}
        self._weekend_pace: dict[str, list[float]] = {}
        self._asked: dict[tuple[date, str, int], int] = {}
        self._seasons: dict[int, dict[date, float]] = {}
        # While a whole break between two stretches is being worked (solver/mend.py), the
        # break is gone at the end: its shrinking on the way is not a short break.
        self.filling_gap = False
        # Each person's dates with a shift they could work, in order.
        self.open_dates = {
            pid: sorted({s.date for s in scenario.available_shifts(pid)}) for pid in people
        }

    def limit(self, rule: RuleSpec, pid: str, key: str) -> int | None:
        """The person's value of a whole-number key (inputs have checked it is one)."""
        cache = (rule.name, pid, key)
        if cache not in self._limits:
            found = self.scenario.limit(rule, pid, key)
            self._limits[cache] = None if found is None else int(cast(int, found))
        return self._limits[cache]

    # ---- the state ----

    def add(self, pid: str, shift: Shift) -> None:
        mine = self.duties[pid]
        if shift.date not in mine:
            bisect.insort(self.sorted_days[pid], shift.date)
        mine.setdefault(shift.date, []).append(shift.duty_id)
        for i, total in enumerate(self.totals):
            self.load[(i, pid)] = self.load.get((i, pid), 0) + total.size(shift)

    def remove(self, pid: str, shift: Shift) -> None:
        mine = self.duties[pid]
        mine[shift.date].remove(shift.duty_id)
        if not mine[shift.date]:
            del mine[shift.date]
            self.sorted_days[pid].remove(shift.date)
        for i, total in enumerate(self.totals):
            self.load[(i, pid)] -= total.size(shift)

    def works(self, pid: str, day: date, duty: str = "") -> bool:
        found = self.duties[pid].get(day, ())
        return bool(found) and (not duty or duty in found)

    # ---- what the hard rules allow ----

    def allows(self, pid: str, shift: Shift) -> bool:
        """One duty more, `shift`, keeps every hard rule this module knows."""
        day = shift.date
        return (
            self._within_totals(pid, shift)
            and self._no_succession(pid, shift)
            and all(self._run_fits(pid, day, r, shift.duty_id) for r in self.consecutive)
            and all(self._breaks_fit(pid, day, r) for r in self.days_off)
            and all(self._weekends_fit(pid, day, r, shift.duty_id) for r in self.weekends)
        )

    def _within_totals(self, pid: str, shift: Shift) -> bool:
        for i, total in enumerate(self.totals):
            size = total.size(shift)
            cap = self.limit(total.rule, pid, "max")
            if size and cap is not None and self.load.get((i, pid), 0) + size > cap:
                return False
        return True

    def _no_succession(self, pid: str, shift: Shift) -> bool:
        duty = shift.duty_id
        before = self.duties[pid].get(shift.date - ONE_DAY, ())
        if any(duty in self.after.get(d, ()) for d in before):
            return False
        following = self.duties[pid].get(shift.date + ONE_DAY, ())
        return not any(d in self.after.get(duty, ()) for d in following)

    def _run_fits(self, pid: str, day: date, rule: RuleSpec, duty: str) -> bool:
        counted = _duty(rule)
        if counted and duty != counted:
            return True
        cap = self.limit(rule, pid, "max")
        if cap is None or self.works(pid, day, counted):
            return True
        return self.run_through(pid, day, counted) <= cap

    def run_through(self, pid: str, day: date, duty: str = "") -> int:
        """The stretch of working days (of `duty`) `day` would make, `day` included."""
        length = 1
        for step in (-ONE_DAY, ONE_DAY):
            other = day + step
            while self.works(pid, other, duty):
                length += 1
                other += step
        return length

    def _breaks_fit(self, pid: str, day: date, rule: RuleSpec) -> bool:
        least = self.limit(rule, pid, "min")
        if least is None or self.works(pid, day) or self.filling_gap:
            return True
        days = self.sorted_days[pid]
        i = bisect.bisect_left(days, day)
        gaps = []
        if i > 0:
            gaps.append((day - days[i - 1]).days - 1)
        if i < len(days):
            gaps.append((days[i] - day).days - 1)
        return all(gap == 0 or gap >= least for gap in gaps)

    def _weekends_fit(self, pid: str, day: date, rule: RuleSpec, duty: str) -> bool:
        counted = str(rule.param("duty", "") or "")
        if day.weekday() < 5 or (counted and duty != counted):
            return True
        if self._works_weekend(pid, saturday(day), counted):
            return True  # that weekend is worked already
        cap = self.limit(rule, pid, "max")
        return cap is None or self.weekends_worked(pid, counted) < cap

    def weekends_worked(self, pid: str, duty: str = "") -> int:
        mine = self.duties[pid]
        return len({saturday(d) for d in mine if d.weekday() >= 5 and self.works(pid, d, duty)})

    # ---- what the seating prefers ----

    def urgency(self, pid: str, day: date) -> tuple[int, float]:
        """Lower first: (0 when their stretch up to yesterday is shorter than their
        consecutive min, else 1; how far behind the pace of their workload min they are,
        negated: what they still lack per date left on which they could work)."""
        short = any(self._short_before(pid, day, r) for r in self.consecutive)
        return (0 if short else 1, -self.behind(pid, day))

    def behind(self, pid: str, day: date) -> float:
        dates = self.open_dates[pid]
        left = len(dates) - bisect.bisect_left(dates, day)
        return self.missing_share(pid) / max(1, left)

    def _short_before(self, pid: str, day: date, rule: RuleSpec) -> bool:
        least = self.limit(rule, pid, "min")
        counted = _duty(rule)
        yesterday = day - ONE_DAY
        if least is None or not self.works(pid, yesterday, counted):
            return False
        length = 0
        while self.works(pid, yesterday, counted):
            length += 1
            yesterday -= ONE_DAY
        starts_inside = yesterday >= self.scenario.start
        return starts_inside and length < least

    def weekend_rank(self, pid: str, day: date, duty: str) -> int:
        """How dear a seat of `duty` on `day` is to the person's weekends max, lower first:
        0 on a weekday or a weekend they already work (it costs no more of that max), 1 on
        a weekend within the max's pace (the max spread over the horizon's weekends as
        their cover asks: `_weekend_share`), 2 on a weekend ahead of that pace."""
        if day.weekday() < 5:
            return 0
        weekend = saturday(day)
        rank = 0
        for rule in self.weekends:
            counted = str(rule.param("duty", "") or "")
            if counted and duty != counted:
                continue
            if self._works_weekend(pid, weekend, counted):
                continue
            cap = self.limit(rule, pid, "max")
            if cap is None:
                continue
            share = self._weekend_share(counted, weekend)
            ahead = self.weekends_worked(pid, counted) + 1 > cap * share
            rank = max(rank, 2 if ahead else 1)
        return rank

    @cached_property
    def saturdays(self) -> list[date]:
        """The Saturday of each weekend the horizon holds a date of, in order."""
        return sorted({saturday(d) for d in self.scenario.days if d.weekday() >= 5})

    def _weekend_share(self, duty: str, weekend: date) -> float:
        """The share of the horizon's weekend seats (of `duty`) that the weekends up to
        `weekend` ask for, each weekend weighing its season's mean (`_by_season`): a
        weekends max spent at the pace of the cover, so that a
        season asking for more weekend seats later (Curtois 24's December asks twice its
        January) still finds people with weekends left. Weekends asking for nothing
        count one each where no weekend asks for a seat."""
        if duty not in self._weekend_pace:
            asked = [
                self._asked_on(s, duty) + self._asked_on(s + ONE_DAY, duty) for s in self.saturdays
            ]
            self._weekend_pace[duty] = _cumulative(self._by_season(self.saturdays, asked))
        cumulative = self._weekend_pace[duty]
        return _share(cumulative, bisect.bisect_right(self.saturdays, weekend))

    def _asked_on(self, day: date, duty: str = "", total: Total | None = None) -> int:
        """The seats the cover prefers on `day` (of `duty`), each weighed by its size in
        `total` when given; read once per date (every person's pace asks)."""
        key = (day, duty, id(total))
        if key not in self._asked:
            cover = self.scenario.cover
            asked = 0
            for shift in self.shifts_on.get(day, ()):
                size = total.size(shift) if total is not None else 1
                if size and (not duty or shift.duty_id == duty):
                    asked += cover.shift_headcount(shift.duty_id, day).preferred * size
            self._asked[key] = asked
        return self._asked[key]

    def _by_season(self, days: Sequence[date], asked: Sequence[int]) -> list[float]:
        """Each of `days` weighed by the mean of `asked` over its season (PACE_SEASON_DAYS
        from the horizon's start): the pace follows the cover from season to season, and
        within one evenly, as before (the rows choose each person's days within a
        window, but cannot move their work from one window to another)."""
        seasons = [(day - self.scenario.start).days // PACE_SEASON_DAYS for day in days]
        sums: dict[int, int] = {}
        for season, value in zip(seasons, asked, strict=True):
            sums[season] = sums.get(season, 0) + value
        sizes = Counter(seasons)
        return [sums[season] / sizes[season] for season in seasons]

    @cached_property
    def shifts_on(self) -> dict[date, list[Shift]]:
        """The scenario's shifts by date, found once."""
        return shifts_by_date(self.scenario)

    def _works_weekend(self, pid: str, saturday: date, duty: str) -> bool:
        return any(self.works(pid, d, duty) for d in (saturday, saturday + ONE_DAY))

    def behind_pace(self, pid: str, day: date) -> bool:
        """Below the share of a hard workload min that the person's open dates up to `day`
        make theirs: a min spread over the dates they could work as the cover asks for
        what it counts (`_date_share`), so that a season asking for more later is not
        already overstaffed early by people keeping an even pace."""
        return any(
            self.load.get((i, pid), 0) < self._date_share(pid, i, day) * low
            for i, low in self._mins(pid)
        )

    def _date_share(self, pid: str, i: int, day: date) -> float:
        """The share of what the cover asks on the person's open dates, in the unit of
        total `i`, that their open dates up to `day` ask for, each date weighing its
        season's mean (dates asking nothing count one each where none asks for anything)."""
        key = (i, pid)
        dates = self.open_dates[pid]
        if key not in self._date_pace:
            season = self._season_weights(i)
            self._date_pace[key] = _cumulative([season[d] for d in dates])
        return _share(self._date_pace[key], bisect.bisect_right(dates, day))

    def _season_weights(self, i: int) -> dict[date, float]:
        """Each date's weight in the pace of total `i`: what its season asks a date."""
        if i not in self._seasons:
            total = self.totals[i]
            every = self.scenario.days
            asked = [self._asked_on(d, total.duty, total) for d in every]
            self._seasons[i] = dict(zip(every, self._by_season(every, asked), strict=True))
        return self._seasons[i]

    def missing_share(self, pid: str) -> float:
        """The largest share of a hard workload min the person still lacks (0: none)."""
        worst = 0.0
        for i, low in self._mins(pid):
            missing = low - self.load.get((i, pid), 0)
            worst = max(worst, missing / low)
        return worst

    def _mins(self, pid: str) -> list[tuple[int, int]]:
        """(total index, min) of the hard workload rules with a positive min for the person."""
        if pid not in self._min_of:
            found = [(i, self.limit(t.rule, pid, "min")) for i, t in enumerate(self.totals)]
            self._min_of[pid] = [(i, low) for i, low in found if low is not None and low > 0]
        return self._min_of[pid]

    def short_stretches(self, pid: str) -> list[tuple[list[date], int]]:
        """Stretches strictly inside the horizon shorter than a hard consecutive min: their
        dates and that min."""
        out = []
        first, last = self.scenario.start, self.scenario.end
        for rule in self.consecutive:
            least = self.limit(rule, pid, "min")
            if least is None:
                continue
            counted = _duty(rule)
            for run in _runs(d for d in self.sorted_days[pid] if self.works(pid, d, counted)):
                inside = run[0] > first and run[-1] < last
                if inside and len(run) < least:
                    out.append((run, least))
        return out

    def below_min(self, pid: str) -> bool:
        return self.missing_share(pid) > 0


def _duty(rule: RuleSpec) -> str:
    return str(rule.param("duty", "") or "")


def _cumulative(asked: Sequence[float]) -> list[float]:
    """Running sums of `asked`, each entry counting one where every entry is 0."""
    return list(itertools.accumulate(asked if any(asked) else [1] * len(asked)))


def _share(cumulative: Sequence[float], upto: int) -> float:
    """The share of the whole that the first `upto` entries of `cumulative` hold (0 where
    there are none)."""
    if not cumulative or upto <= 0:
        return 0.0
    return cumulative[min(upto, len(cumulative)) - 1] / cumulative[-1]


def _runs(days: Iterable[date]) -> list[list[date]]:
    out: list[list[date]] = []
    for day in days:
        if out and day - out[-1][-1] == ONE_DAY:
            out[-1].append(day)
        else:
            out.append([day])
    return out


def shifts_by_date(scenario: Scenario) -> dict[date, list[Shift]]:
    out: dict[date, list[Shift]] = {}
    for shift in scenario.shifts:
        out.setdefault(shift.date, []).append(shift)
    return out


def neighbours(run: Sequence[date]) -> tuple[date, date]:
    return run[0] - ONE_DAY, run[-1] + ONE_DAY
