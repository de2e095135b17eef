"""Rest hours: at least `min_hours` between the end of a duty and the start of the next.

Measured on real instants (a DST change counts), across every duty type: a night ending
07:00 and a day duty starting 08:00 leave 1 hour. Overlapping shifts are the implicit
overlap rule's business; only non-overlapping pairs closer than the minimum count here,
each as an at-most-one (hard: fewer duties never break it) or a penalised pair (soft).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario, Shift
from roster.previous import past_shifts
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out: list[Penalty] = []
    for person in scenario.people:
        seconds = 3600 * int(scenario.limit(rule, person.id, "min_hours"))
        items = sorted(v.by_person.get(person.id, ()), key=lambda it: (it[0].start, it[0].duty_id))
        out += _after_previous(model, scenario, rule, person.id, items, seconds)
        if rule.hard:
            _add_cliques(model, items, seconds)
            continue
        for i, (first, x) in enumerate(items):
            for then, y in items[i + 1 :]:
                gap = rest_seconds(first, then)
                if gap >= seconds:
                    break  # later starts only leave more rest
                if gap >= 0:
                    out += _too_close(model, scenario, rule, person.id, first, x, y)
    return out


def _add_cliques(
    model: cp_model.CpModel, items: list[tuple[Shift, cp_model.IntVar]], seconds: float
) -> None:
    """Hard: stretch each shift's end by the rest; the shifts covering a start instant clash.

    Two shifts clash (overlap, or less rest between them) exactly when their stretched
    intervals intersect, so the at-most-ones over every start instant cover all clashing
    pairs with far fewer constraints than one per pair (an interval graph's cliques).
    """
    reach = max((s.end_ts - s.start_ts for s, _ in items), default=0) + seconds
    for i, (shift, x) in enumerate(items):
        t = shift.start_ts
        clique = [x]
        j = i - 1
        while j >= 0 and items[j][0].start_ts + reach > t:
            if items[j][0].end_ts + seconds > t:
                clique.append(items[j][1])
            j -= 1
        if len(clique) > 1:
            model.add_at_most_one(clique)


def _after_previous(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    items: list[tuple[Shift, cp_model.IntVar]],
    seconds: int,
) -> list[Penalty]:
    """A duty of the horizon too soon after one of the previous period (previous.csv): the
    past one is fixed, so the horizon's is forbidden (hard) or costs 1 (soft)."""
    out: list[Penalty] = []
    for first in past_shifts(scenario, person_id):
        for then, y in items:
            gap = rest_seconds(first, then)
            if gap >= seconds:
                break
            if gap < 0:
                continue  # overlapping a past duty: the previous roster's, not a rest
            if rule.hard:
                model.add(y == 0)
                continue
            cost = unit_cost(rule, scenario.solver.hard_weight)
            keys = dated_keys(first.date, person_id, first.duty_id)
            out.append(Penalty(rule, cost, y, (y,), **keys))
    return out


def rest_seconds(first: Shift, then: Shift) -> float:
    """Seconds from the end of `first` to the start of `then`; negative when they overlap."""
    return then.start_ts - first.end_ts


def _too_close(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    first: Shift,
    x: cp_model.IntVar,
    y: cp_model.IntVar,
) -> list[Penalty]:
    if rule.hard:
        model.add_at_most_one([x, y])
        return []
    both = model.new_bool_var(f"{rule.name}[{person_id},{first.id}]")
    model.add(both >= x + y - 1)
    cost = unit_cost(rule, scenario.solver.hard_weight)
    return [
        Penalty(
            rule,
            cost,
            both,
            (x + y - 1,),
            **dated_keys(first.date, person_id, first.duty_id),
        )
    ]
