"""`together` (docs/rules.md#together): the pairs of pairs.csv under a together rule work
the same shifts in the same group; `apart` is solver/rules/apart.py.

`together` binds a pair on the shifts both are available for. The first stage sees who
works and in which seat class (a role, or an ordinary seat): one without the other, or two
seat classes no group can hold together (two leaders where each group has one leader
seat), is a break there. The split (solver/grouping.py) then puts the pair in one group;
should it fail to, `split_violations` reports the break. Hard `together` is an
upper-bound rule (a roster with fewer duties keeps it): plain constraints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ortools.sat.python import cp_model

from roster.keys import pair_keys
from roster.model import Pair, RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from solver.penalty import Penalty, unit_cost
from solver.variables import Vars

MEMBER = ""


def rule_pairs(scenario: Scenario, rule: RuleSpec) -> list[Pair]:
    return [p for p in scenario.pairs if p.rule == rule.name]


def can_sit_together(scenario: Scenario, shift: Shift, first: str, second: str) -> bool:
    """Some group of the shift can hold both seat classes ("" = an ordinary seat) that date."""
    need = Counter(r for r in (first, second) if r != MEMBER)
    cover, duty_id, day = scenario.cover, shift.duty_id, shift.date
    return any(
        cover.headcount(duty_id, day, g.id).max >= 2
        and all(cover.role(duty_id, day, g.id, r).max >= n for r, n in need.items())
        for g in scenario.duty_by_id[duty_id].groups
    )


def both_available(scenario: Scenario, pair: Pair, shift: Shift) -> bool:
    return scenario.is_available(pair.first, shift) and scenario.is_available(pair.second, shift)


def add(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec
) -> list[Penalty]:
    out: list[Penalty] = []
    for pair in rule_pairs(scenario, rule):
        for shift in scenario.shifts:
            if both_available(scenario, pair, shift):
                out += _together_on(model, scenario, v, rule, pair, shift)
    return out


def _together_on(
    model: cp_model.CpModel,
    scenario: Scenario,
    v: Vars,
    rule: RuleSpec,
    pair: Pair,
    shift: Shift,
) -> list[Penalty]:
    xa = v.works.get((pair.first, shift.id))
    xb = v.works.get((pair.second, shift.id))
    if xa is None and xb is None:
        return []
    clashes = list(_class_clashes(scenario, v, pair, shift))
    if rule.hard and xa is not None and xb is not None:
        model.add(xa == xb)
        for clash in clashes:
            model.add(clash <= 0)
        return []
    # Soft, or a frozen shift holding one of them only: the break is counted.
    a = 0 if xa is None else xa
    b = 0 if xb is None else xb
    parts = (a - b, b - a, *clashes)
    broken = model.new_bool_var(f"{rule.name}[{pair.first},{pair.second},{shift.id}]")
    for part in parts:
        model.add(broken >= part)
    keys = pair_keys(pair, shift.date, shift.duty_id)
    return [Penalty(rule, unit_cost(rule, scenario.solver.hard_weight), broken, parts, **keys)]


def _class_clashes(
    scenario: Scenario, v: Vars, pair: Pair, shift: Shift
) -> Iterator[cp_model.LinearExprT]:
    """`in_class(a) + in_class(b) - 1` for each two seat classes no group can hold together."""
    first = _seat_classes(scenario, v, pair.first, shift)
    second = _seat_classes(scenario, v, pair.second, shift)
    for cls_a, in_a in first.items():
        for cls_b, in_b in second.items():
            if not can_sit_together(scenario, shift, cls_a, cls_b):
                yield in_a + in_b - 1


def _seat_classes(
    scenario: Scenario, v: Vars, person_id: str, shift: Shift
) -> dict[str, cp_model.LinearExprT]:
    """Seat class -> 1 when the person sits in it: each role seat, and the ordinary seat."""
    x = v.works.get((person_id, shift.id))
    if x is None:
        return {}
    roles = sorted(scenario.duty_by_id[shift.duty_id].role_seats())
    held = {r: v.role[k] for r in roles if (k := (person_id, shift.id, r)) in v.role}
    return {MEMBER: x - sum(held.values()), **held}


def together_in_split(
    scenario: Scenario, shift: Shift, workers: list[tuple[str, str]]
) -> list[tuple[str, str, int]]:
    """Pairs the split must put in one group: (first, second, cost of a break)."""
    seat_of = dict(workers)
    out = []
    for rule in scenario.rule("together"):
        cost = unit_cost(rule, scenario.solver.hard_weight)
        for pair in rule_pairs(scenario, rule):
            a, b = seat_of.get(pair.first), seat_of.get(pair.second)
            if a is None or b is None or not both_available(scenario, pair, shift):
                continue
            if can_sit_together(scenario, shift, a, b):
                out.append((pair.first, pair.second, cost))
    return out


def split_violations(
    scenario: Scenario, shift: Shift, assignments: list[Assignment]
) -> list[Violation]:
    """Pairs the first stage left able to sit together that the split still separated."""
    seat = {a.person_id: (a.group_id, a.role) for a in assignments}
    out = []
    for rule in scenario.rule("together"):
        cost = unit_cost(rule, scenario.solver.hard_weight)
        for pair in rule_pairs(scenario, rule):
            a, b = seat.get(pair.first), seat.get(pair.second)
            if a is None or b is None or not both_available(scenario, pair, shift):
                continue
            if a[0] != b[0] and can_sit_together(scenario, shift, a[1], b[1]):
                keys = pair_keys(pair, shift.date, shift.duty_id)
                out.append(Violation(rule.name, rule.kind, rule.hard, 1, cost, **keys))
    return out
