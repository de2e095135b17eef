"""Requests (requests.csv): pins kept as a hard rule, `on` and `not` wishes at their weights.

`off` needs nothing here: it is an unavailable date (Scenario.is_available), so the pair
has no variable. A pin is a lower-bound rule: it gets a slack costing hard_weight, so a pin
on an unavailable date, or one that clashes with another hard rule, is reported, never
raised. The group of a pin is kept by the split (solver/grouping.py); `split_violations`
reports it should the split ever fail to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ortools.sat.python import cp_model

from roster.keys import request_keys
from roster.model import Request, RequestKind, RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from solver.penalty import Penalty
from solver.variables import Vars

MEMBER = ""


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out: list[Penalty] = []
    for request in scenario.requests:
        if request.kind is RequestKind.PIN:
            out.append(_pin(model, scenario, v, rule, request))
        elif request.kind is RequestKind.ON:
            out += _wished(model, v, rule, request)
        elif request.kind is RequestKind.NOT:
            out += _unwanted(v, rule, request)
    return out


def weight_of(rule: RuleSpec, request: Request) -> int:
    """The request's own weight, else the rule's default for its kind."""
    if request.weight is not None:
        return request.weight
    return int(rule.param(f"{request.kind.value}_weight", 1))


def soft_wishes(scenario: Scenario) -> dict[str, list[tuple[date, str, int]]]:
    """The soft `on` and `not` requests by person, each as (date, duty or "" for any,
    weight), the weight negative for `on`: what a model of a few people's duties prices
    (solver/rows.py, solver/weekend_plan.py); none under a hard requests rule or none."""
    rule = next((r for r in scenario.rules if r.kind == "requests"), None)
    found: dict[str, list[tuple[date, str, int]]] = {}
    if rule is None or rule.hard:
        return found
    for r in scenario.requests:
        if r.kind in (RequestKind.ON, RequestKind.NOT):
            sign = -1 if r.kind is RequestKind.ON else 1
            found.setdefault(r.person_id, []).append((r.date, r.duty_id, sign * weight_of(rule, r)))
    return found


def _matching(v: Vars, request: Request) -> list[tuple[Shift, cp_model.IntVar]]:
    return [
        (s, x)
        for s, x in v.on_date(request.person_id, request.date)
        if request.duty_id in ("", s.duty_id)
    ]


def _wished(model: cp_model.CpModel, v: Vars, rule: RuleSpec, request: Request) -> list[Penalty]:
    cost = weight_of(rule, request)
    if not cost:
        return []
    soft = replace(rule, hard=False)
    xs = [x for _, x in _matching(v, request)]
    if not xs:  # unavailable, or a frozen past without them: the wish is missed
        return [Penalty(soft, cost, model.new_constant(1), (1,), **request_keys(request))]
    missed = model.new_bool_var(f"on_missed[{request.person_id},{request.date}]")
    model.add(missed + sum(xs) >= 1)
    return [Penalty(soft, cost, missed, (1 - sum(xs),), **request_keys(request))]


def _unwanted(v: Vars, rule: RuleSpec, request: Request) -> list[Penalty]:
    cost = weight_of(rule, request)
    if not cost:
        return []
    soft = replace(rule, hard=False)
    return [
        Penalty(soft, cost, x, (x,), **(request_keys(request) | {"duty_id": s.duty_id}))
        for s, x in _matching(v, request)
    ]


def _pin(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec, request: Request
) -> Penalty:
    """Broken (amount 1) unless the person holds a seat of the pinned kind on that shift."""
    hard = replace(rule, hard=True)
    cost = scenario.solver.hard_weight
    keys = request_keys(request) | {"group_id": request.group_id}
    shift_id = scenario.shift(request.duty_id, request.date).id
    x = v.works.get((request.person_id, shift_id))
    if x is None:  # unavailable that date: the pin cannot hold
        return Penalty(hard, cost, model.new_constant(1), (1,), **keys)
    parts = tuple(_pin_parts(scenario, v, request, shift_id, x))
    miss = model.new_bool_var(f"pin_missed[{request.person_id},{shift_id}]")
    for part in parts:
        model.add(miss >= part)
    return Penalty(hard, cost, miss, parts, **keys)


def _pin_parts(
    scenario: Scenario, v: Vars, request: Request, shift_id: str, x: cp_model.IntVar
) -> Iterable[cp_model.LinearExprT]:
    """Each part is 1 when the pin is broken: not on the shift, or not in the pinned seat."""
    pid = request.person_id
    if request.role:
        role_var = v.role.get((pid, shift_id, request.role))
        yield 1 if role_var is None else 1 - role_var
        return
    yield 1 - x
    if request.group_id:  # an ordinary seat of that group: no role seat
        for role in sorted(scenario.duty_by_id[request.duty_id].role_seats()):
            if (pid, shift_id, role) in v.role:
                yield v.role[(pid, shift_id, role)]


# ---- the split ----


def pinned_groups(
    scenario: Scenario, shift: Shift, workers: list[tuple[str, str]]
) -> dict[str, str]:
    """Person -> pinned group, for the pins the first stage kept (right person, right seat)."""
    seat_of = dict(workers)
    return {
        r.person_id: r.group_id
        for r in _shift_pins(scenario, shift)
        if r.group_id and seat_of.get(r.person_id) == (r.role or MEMBER)
    }


def pinned_people(scenario: Scenario, shift: Shift) -> set[str]:
    """People pinned to a seat of this shift (a role seat or an ordinary one)."""
    return {r.person_id for r in _shift_pins(scenario, shift)}


def _shift_pins(scenario: Scenario, shift: Shift) -> list[Request]:
    return _pins_of(scenario).get((shift.date, shift.duty_id), [])


# The pins of the last scenario asked about, by (date, duty): the split asks per shift, and
# scanning every request per shift took 44 s of a year's roster (Curtois Instance23).
_PINS: list[tuple[Scenario, dict[tuple[date, str], list[Request]]]] = []


def _pins_of(scenario: Scenario) -> dict[tuple[date, str], list[Request]]:
    if _PINS and _PINS[0][0] is scenario:
        return _PINS[0][1]
    found: dict[tuple[date, str], list[Request]] = {}
    for r in scenario.requests:
        if r.kind is RequestKind.PIN:
            found.setdefault((r.date, r.duty_id), []).append(r)
    _PINS[:] = [(scenario, found)]
    return found


def split_violations(
    scenario: Scenario, shift: Shift, assignments: list[Assignment]
) -> list[Violation]:
    """Pins whose seat was kept by the first stage but not their group by the split."""
    rule = next(scenario.rule("requests"), None)
    if rule is None:
        return []
    seat_of = {a.person_id: (a.group_id, a.role) for a in assignments}
    out = []
    for r in _shift_pins(scenario, shift):
        group_role = seat_of.get(r.person_id)
        if not r.group_id or group_role is None or group_role[1] != (r.role or MEMBER):
            continue
        if group_role[0] != r.group_id:
            cost = scenario.solver.hard_weight
            keys = request_keys(r) | {"group_id": r.group_id}
            out.append(Violation(rule.name, rule.kind, True, 1, cost, **keys))
    return out


def pin_floors(
    scenario: Scenario, shift: Shift, workers: list[tuple[str, str]], pins: dict[str, str]
) -> dict[tuple[str, str], int]:
    """(group, seat class) -> pinned people to seat there, as far as that date's seats allow.

    Ordinary seats are the group's max less all its role seats that date, so the role
    holders placed after the floors can never push the group past its max.
    """
    seat_of = dict(workers)
    wanted = Counter((g, seat_of[p]) for p, g in pins.items())
    cover, duty_id, day = scenario.cover, shift.duty_id, shift.date
    out: dict[tuple[str, str], int] = {}
    for (g, cls), n in sorted(wanted.items()):
        if cls != MEMBER:
            out[(g, cls)] = min(n, cover.role(duty_id, day, g, cls).max)
        else:
            roles = sum(c.max for c in cover.roles(duty_id, day, g).values())
            out[(g, cls)] = min(n, max(0, cover.headcount(duty_id, day, g).max - roles))
    return {k: n for k, n in out.items() if n}
