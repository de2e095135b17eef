"""Forbidden successions: whoever works `first` on a date does not work `then` the next date.

`forbidden` lists [first, then] duty id pairs. Each occurrence is a pair of assignment
literals: at most one of them (hard: fewer duties never break it) or a penalised pair.

Hard pairs are posted by blocks: the first duties that forbid the same set of next duties,
with that set, make one at-most-one over both dates when the shifts on each date overlap
(nobody works two of them: the overlap family), which says every pair of the block at
once. 32 shift types with 461 forbidden pairs then take 7 constraints a person and date,
not 461 (Curtois Instance24).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars

# (shift ids on a date, shift ids on the next date): at most one of them is worked.
Block = tuple[list[str], list[str]]


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    pairs = tuple(rule.param("forbidden", ()) or ())
    if rule.hard:
        _add_hard(model, scenario, v, pairs)
        return []
    out: list[Penalty] = []
    # The shift ids of each occurrence, named once rather than per person.
    occurrences = [
        (day, first, then, f"{first}@{day.isoformat()}", f"{then}@{following.isoformat()}")
        for day in scenario.days[:-1]
        for following in (day + timedelta(days=1),)
        for first, then in pairs
    ]
    cost = unit_cost(rule, scenario.solver.hard_weight)
    for person in scenario.people:
        for day, first, then, first_id, then_id in occurrences:
            x = v.works.get((person.id, first_id))
            y = v.works.get((person.id, then_id))
            if x is None or y is None:
                continue
            both = model.new_bool_var(f"{rule.name}[{person.id},{first}@{day},{then}]")
            model.add(both >= x + y - 1)
            keys = dated_keys(day, person.id, first)
            out.append(Penalty(rule, cost, both, (x + y - 1,), **keys))
    return out


def _add_hard(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, pairs: Sequence[tuple[str, str]]
) -> None:
    blocks = [b for day in scenario.days[:-1] for b in blocks_of(scenario, pairs, day)]
    for person in scenario.people:
        for firsts, thens in blocks:
            xs = [x for x in (v.works.get((person.id, s)) for s in firsts) if x is not None]
            if not xs:
                continue
            ys = [y for y in (v.works.get((person.id, s)) for s in thens) if y is not None]
            if ys:
                model.add_at_most_one([*xs, *ys])


def blocks_of(scenario: Scenario, pairs: Sequence[tuple[str, str]], day: date) -> list[Block]:
    """The forbidden pairs of `day` and the next date as blocks (first duties sharing their
    set of next duties); a block whose shifts on one date do not all overlap is split back
    into its pairs."""
    following = day + timedelta(days=1)
    after: dict[str, set[str]] = {}
    for first, then in pairs:
        after.setdefault(first, set()).add(then)
    grouped: dict[frozenset[str], list[str]] = {}
    for first, thens in after.items():
        grouped.setdefault(frozenset(thens), []).append(first)
    out: list[Block] = []
    for thens, firsts in grouped.items():
        a = [f"{d}@{day.isoformat()}" for d in firsts]
        b = [f"{d}@{following.isoformat()}" for d in sorted(thens)]
        a = [s for s in a if s in scenario.shift_by_id]
        b = [s for s in b if s in scenario.shift_by_id]
        if _all_overlap(scenario, a) and _all_overlap(scenario, b):
            out.append((a, b))
        else:
            out += [([s], [t]) for s in a for t in b]
    return out


def _all_overlap(scenario: Scenario, shift_ids: list[str]) -> bool:
    shifts = [scenario.shift_by_id[s] for s in shift_ids]
    return not shifts or max(s.start for s in shifts) < min(s.end for s in shifts)
