"""How many of the weekends' seats the people can fill at most, when a hard cap limits the
weekends each person works: the proof of empty weekend seats that the solver's bound
(solver/shortage.py) and the explanations (roster/conflicts.py) share.

Two counts, each an upper bound of the seats filled, so their least is one too:

- **by person**: each person's best `cap` weekends, each date of them as many seats as the
  person can work apart that date;
- **by weekend**: a weekend worked by n people fills at most, on each of its dates, the seats
  asked that date or n times the most one person can take there, whichever is less. When
  Saturdays ask for more people than Sundays (or the reverse), a weekend worked for the
  busier day leaves its other day's person beyond what is asked: the weekends the people
  may work between them then fill fewer seats than twice their number.

The weekends of the horizon are keyed by their Saturday, as the `weekends` rule counts them.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PersonWeekends = tuple[Mapping[date, int], int]  # weekend date -> most seats; weekends cap


@dataclass(frozen=True)
class WeekendSeats:
    needed: int  # the seats the weekends ask
    by_person: int
    by_weekend: int
    people: int  # people available on some weekend date
    weekends: int  # the most weekends they work between them

    @property
    def most(self) -> int:
        return min(self.by_person, self.by_weekend)

    @property
    def short(self) -> int:
        return max(0, self.needed - self.most)


def saturday(day: date) -> date:
    return day - timedelta(days=day.weekday() - 5)


def weekend_seats(needed: Mapping[date, int], people: Sequence[PersonWeekends]) -> WeekendSeats:
    """The most weekend seats the people fill: `needed` is the seats asked per weekend date,
    `people` each person's most seats per weekend date (dates they cannot work left out or
    0) and the most weekends they may work."""
    present = [(seats, cap) for seats, cap in people if any(seats.values())]
    return WeekendSeats(
        needed=sum(needed.values()),
        by_person=sum(_best_weekends(seats, cap) for seats, cap in present),
        by_weekend=_by_weekend(needed, present),
        people=len(present),
        weekends=_weekends_between(present),
    )


def _best_weekends(seats: Mapping[date, int], cap: int) -> int:
    per_weekend: dict[date, int] = {}
    for day, most in seats.items():
        per_weekend[saturday(day)] = per_weekend.get(saturday(day), 0) + most
    return sum(sorted(per_weekend.values(), reverse=True)[:cap])


def _weekends_between(people: Sequence[PersonWeekends]) -> int:
    """Each person's cap, or the weekends they are available on when fewer."""
    return sum(min(cap, len({saturday(d) for d, m in seats.items() if m})) for seats, cap in people)


def _by_weekend(needed: Mapping[date, int], people: Sequence[PersonWeekends]) -> int:
    """The weekends worked, n_k on weekend k, sum to at most `_weekends_between`; each
    weekend's seats filled grow with n_k by less and less, so the largest gains first, from
    any weekends, are the most."""
    budget = _weekends_between(people)
    dates = sorted({d for seats, _ in people for d, m in seats.items() if m} | set(needed))
    one = {d: max((seats.get(d, 0) for seats, _ in people), default=0) for d in dates}
    on_date = {d: sum(1 for seats, _ in people if seats.get(d, 0)) for d in dates}
    weekends: dict[date, list[date]] = {}
    for day in dates:
        weekends.setdefault(saturday(day), []).append(day)
    gains: list[int] = []
    for days in weekends.values():
        open_people = sum(1 for seats, _ in people if any(seats.get(d, 0) for d in days))
        gains += _gains(days, needed, one, on_date, open_people)
    return sum(heapq.nlargest(budget, gains))


def _gains(
    days: Sequence[date],
    needed: Mapping[date, int],
    one: Mapping[date, int],
    on_date: Mapping[date, int],
    open_people: int,
) -> list[int]:
    """The seats the j-th person working this weekend adds at most, j = 1, 2, ...: on each
    date what is still asked after the first j - 1 took their most, if j people are
    available that date."""
    out = []
    for j in range(1, open_people + 1):
        gain = sum(
            min(one[d], max(0, needed.get(d, 0) - one[d] * (j - 1)))
            for d in days
            if j <= on_date[d]
        )
        if gain <= 0:
            break
        out.append(gain)
    return out
