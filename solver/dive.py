"""A roster by diving the relaxation's master: price-and-dive.

At the end of the relaxation (solver/lower_bound.py) the master's solution mixes each
person's schedules, at a value close to the optimum on rostering models, but taking each
person's heaviest schedule, or choosing among the schedules found (solver/columns.py),
leaves the cover far from it: the schedules that fit together exactly were never priced.
The dive fixes, step by step, the person and shift the solution leans to most without
working it whole, and prices the people again at the duals of the master so fixed: each
step's new schedules are the ones that complete what is already fixed. Its roster is the
master's solution when every person is on one schedule. A dive whose pace would not finish
hurries: each step then also fixes every person's most-worked fractional shift. One its
budget still cuts short gives each person's heaviest schedule in the last solution (on
Curtois 9 and 15 such a roster cost more than the other starts; on 13, where no dive ends
whole, a fifth of the priced start). The whole model takes the roster as a start only when
it costs less there (solver/phases.py, `with_dive`); docs/decisions.md, "A roster by
diving", "A dive that hurries" and "A dive cut short still offers its roster".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from solver.budget import (
    DIVE_FIX_AT,
    DIVE_HURRY_AT,
    DIVE_HURRY_FIX_AT,
    DIVE_PACE_SHARE,
    DIVE_ROUNDS,
)
from solver.master import EPS, Master

# A round of pricing at the given prices: each block's schedules found, or None when the
# round was lost (the clock ran out, or a block has no schedule with its forced shifts).
Price = Callable[[dict[str, int]], list[list[tuple[int, list[str]]]] | None]
# Block i must work shift sid (the pricing's models, from now on).
Force = Callable[[int, str], None]


@dataclass(frozen=True)
class Dived:
    """Each block's schedule (shift ids) at the dive's end, the master's value then, the
    steps taken, whether every block ended on one schedule of the master and whether the
    dive hurried."""

    schedules: tuple[tuple[str, ...], ...]
    value: float
    steps: int
    whole: bool
    hurried: bool = False


class Pace(Protocol):
    """The dive's budget (work units or wall seconds) and what it has used."""

    budget: float

    def used(self) -> float: ...
    def over(self) -> bool: ...


def dive(
    master: Master, price: Price, force: Force, pace: Pace, catch_up: bool = False
) -> Dived | None:
    """Fix and price until the master's solution is one schedule per block, a round is
    lost or the budget is over; from the step its pace would not finish it (`_behind`) on,
    it hurries (`_to_fix`). With `catch_up` (a master at its optimum when the dive starts,
    so rounds that catch up after a step are few), each step until it hurries fixes only
    what is worked whole and prices until the master catches up (`_caught_up`). The last
    solution's schedules (`whole` says whether each block is on one); None when the
    master has no solution."""
    steps, lost, hurry = 0, False, False
    found: Dived | None = None
    first = 0  # the person-shift pairs worked fractionally in the first solution
    while master.solve():
        worked, whole = master.worked()
        left = sum(1 for w in worked.values() if w < 1 - EPS)
        first = first or left
        found = Dived(tuple(master.heaviest()), master.value, steps, whole, hurry)
        if whole or lost or pace.over():
            break
        hurry = hurry or _behind(left, first, pace)
        slow = hurry or not catch_up
        for i, sid in _to_fix(worked, master, hurry, DIVE_HURRY_FIX_AT if slow else DIVE_FIX_AT):
            force(i, sid)
        steps += 1
        lost = not _caught_up(master, price, pace, 1 if slow else DIVE_ROUNDS)
    return found


def _caught_up(master: Master, price: Price, pace: Pace, rounds: int) -> bool:
    """Rounds of pricing, at most `rounds`, until the master's value stops falling by half
    a unit (the value after the first round of a step is the first compared); False when a
    round was lost."""
    before = math.inf
    for _ in range(rounds):
        if not _priced(master, price) or not master.solve():
            return False
        if master.value > before - 0.5 or pace.over():
            break
        before = master.value
    return True


def _behind(left: int, first: int, pace: Pace) -> bool:
    """From DIVE_PACE_SHARE of the budget on, whether the pairs worked fractionally, fewer
    than in the first solution at the pace so far, would not all be gone within the
    budget: a dive cut by its budget gives no roster. (The pairs fixed against those
    worked, tried first, ran Curtois 15's whole share: the last fractional pairs take the
    most steps.)"""
    used = pace.used()
    if used < DIVE_PACE_SHARE * pace.budget or first <= 0:
        return False
    return used > (1 - left / first) * pace.budget


def _to_fix(
    worked: dict[tuple[int, str], float], master: Master, hurry: bool, at: float
) -> list[tuple[int, str]]:
    """The shifts worked at least `at` and the fractional one of the most weight, and in
    a `hurry` each block's fractional one of the most weight if worked at least
    DIVE_HURRY_AT; each when some schedule of its block works it with every shift forced
    so far: the master then keeps a solution."""
    ready = [(w, i, sid) for (i, sid), w in worked.items() if sid not in master.forced[i]]
    part = [(w, i, sid) for w, i, sid in ready if w < 1 - EPS]
    chosen = [(i, sid) for w, i, sid in ready if w >= at]
    heaviest = [max(part)] if part else []
    if hurry:
        heaviest += _heaviest_of_each(part)
    taken = set(chosen)
    for _, i, sid in heaviest:
        if (i, sid) not in taken:  # it may be worked at least `at`
            chosen.append((i, sid))
            taken.add((i, sid))
    out = []
    for i, sid in chosen:
        if master.can_force(i, sid):
            master.force(i, sid)
            out.append((i, sid))
    return out


def _heaviest_of_each(part: list[tuple[float, int, str]]) -> list[tuple[float, int, str]]:
    """Of the fractional pairs (weight, block, shift), each block's heaviest worked at least
    DIVE_HURRY_AT, in block order."""
    best: dict[int, tuple[float, int, str]] = {}
    for w, i, sid in part:
        if w >= DIVE_HURRY_AT and (i not in best or (w, i, sid) > best[i]):
            best[i] = (w, i, sid)
    return [best[i] for i in sorted(best)]


def _priced(master: Master, price: Price) -> bool:
    """One round of pricing at the master's duals, its schedules added; False when the
    master has no solution or the round was lost."""
    prices = master.prices()
    if prices is None:
        return False
    found = price(prices)
    if found is None:
        return False
    master.add(found)
    return True
