"""Everyone's rows around a weekend chosen again together: weekends worked whole.

Under a weekends max the scarce resource is the weekends themselves, and a weekend worked
on one day only spends one of them on half its seats. Two people each on one day of the
same weekend are a trade no single row makes, and a pair drawn at random seldom holds both
with the dates around them: one must take both days while the other gives up the weekend
and takes the Friday or the Monday, or a weekend where a seat is short. A group model of
a weekend's dates and one either side (Friday to Monday), on a few dozen people at once
(the rows' hard rules and the cover priced as in solver/rows_groups.py), makes it.

Early in the rows this pass gains less than the pairs (the rows are far from their
best, and a pair's whole-horizon trade gains more), so `improve_rows` runs it only after
a first round of the other passes (docs/decisions.md, "Weekends worked whole, late").
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta

from solver.mend import Seating
from solver.rows import Frame, RowBudget, RowPlan, RowStats
from solver.rows_groups import plan_group
from solver.rows_replicas import Planned, Pool
from solver.rows_wave import row_pool, wave

# People per weekend group: 25-100 gained alike on Curtois Instance23 one group at a time,
# and a group of the whole staff (100-150) is too slow a model for a pass over a year's
# weekends. As a wave on two workers, 38 (four groups of 150) gained most in the same time
# on Instance24, against 25, 30, 50 and 75 (docs/decisions.md, "Weekends as a wave").
WEEKEND_GROUP = 38
# A group's plan for a weekend an earlier group made whole: not tried, not counted.
WHOLE = "whole"


def choose_weekends(
    state: Seating,
    budget: RowBudget,
    frame: Frame,
    stats: RowStats,
    turn: int,
    pool: Pool = None,
) -> RowStats:
    """Each weekend someone works on one day only, in date order: everyone in groups of
    WEEKEND_GROUP, each group's rows from the Friday to the Monday chosen again together,
    while the budget lasts. Nothing without a hard weekends max, which is what makes a
    split weekend cost.

    The groups go as a wave over the weekends (solver/rows_wave.py): one group's weekend
    and another group's other weekend share no person and no date, so the i-th group's
    first weekend, the (i-1)-th's second, and so on, are planned side by side, one per
    worker of the solve; every plan meets the seating it would meet one at a time."""
    if not any(r.hard and r.kind == "weekends" for r in state.scenario.rules):
        return stats
    spans = [_window(frame, s) for s in _saturdays(frame) if _split(state, s)]
    plan = Planned(plan_weekend, frame, state, budget)
    found = _groups(state, state.scenario.solver.seed, turn)
    with row_pool(state.scenario, pool) as chosen:
        for outcomes in wave(state, found, spans, plan, budget, stats, chosen):
            for outcome in outcomes:
                if outcome != WHOLE:
                    stats.note(outcome, 0.0)  # the wave has counted its work
    return stats


def plan_weekend(
    frame: Frame, state: Seating, group: list[str], budget: RowBudget, window: tuple[date, date]
) -> RowPlan:
    """The group's rows on a weekend's window (Friday to Monday), chosen again together,
    unless an earlier group made the weekend whole."""
    first = window[0]
    saturday = first + timedelta(days=(5 - first.weekday()) % 7)
    if not _split(state, saturday):
        return RowPlan(WHOLE, 0.0)
    return plan_group(frame, state, group, budget, window)


def _saturdays(frame: Frame) -> list[date]:
    return [d for d in frame.days if d.weekday() == 5]


def _split(state: Seating, saturday: date) -> bool:
    """Whether someone works the weekend on one of its days only."""
    weekend = (saturday, saturday + timedelta(days=1))
    days = {(a.person_id, a.date) for a in state.roster if a.date in weekend}
    return 1 in Counter(pid for pid, _ in days).values()


def _window(frame: Frame, saturday: date) -> tuple[date, date]:
    first = max(frame.days[0], saturday - timedelta(days=1))
    return first, min(frame.days[-1], saturday + timedelta(days=2))


def _groups(state: Seating, seed: int, turn: int) -> list[list[str]]:
    """Everyone in groups of WEEKEND_GROUP, shuffled by a hash of the seed and the turn;
    no group of one. Shuffled, not those on one day first: a group needs both those on one
    day and those who could take the other (with weekends to spare), and groups sorted by
    who works the weekend gained a fifth as much (docs/decisions.md). The same groups for
    every weekend of a turn: the wave needs them apart."""
    order = sorted(
        (p.id for p in state.scenario.people),
        key=lambda pid: hashlib.sha256(f"{seed}:{turn}:{pid}".encode()).hexdigest(),
    )
    found = [order[i : i + WEEKEND_GROUP] for i in range(0, len(order), WEEKEND_GROUP)]
    return [g for g in found if len(g) > 1]
