"""requests.csv from the roster alone: pins held, `on` wishes met, `not` wishes respected.

`off` is checked with availability (an off date is an unavailable date). Violation keys:
date = the request's date, person, duty_id = the request's duty (for `not`: the duty
worked), group_id = a pin's group, role = the request kind (off/on/not/pin).
"""

from __future__ import annotations

from dataclasses import replace

from roster.checking import Roster, violation
from roster.keys import request_keys
from roster.model import Request, RequestKind, RuleSpec, Shift
from roster.result import Assignment, Violation


def check_requests(roster: Roster, rule: RuleSpec) -> list[Violation]:
    out: list[Violation] = []
    for request in roster.scenario.requests:
        if request.kind is RequestKind.PIN:
            out += _pin_broken(roster, rule, request)
        elif request.kind is RequestKind.ON:
            out += _wish_missed(roster, rule, request)
        elif request.kind is RequestKind.NOT:
            out += _unwanted_worked(roster, rule, request)
    return out


def _weight(rule: RuleSpec, request: Request) -> int:
    if request.weight is not None:
        return request.weight
    return int(rule.param(f"{request.kind.value}_weight", 1))


def _worked(roster: Roster, request: Request) -> list[Shift]:
    return [
        s
        for s in roster.shifts_of.get(request.person_id, ())
        if s.date == request.date and request.duty_id in ("", s.duty_id)
    ]


def _wish_missed(roster: Roster, rule: RuleSpec, request: Request) -> list[Violation]:
    cost = _weight(rule, request)
    if not cost or _worked(roster, request):
        return []
    t = roster.texts
    name = t.person(request.person_id)
    if request.duty_id:
        message = t.say("request_on", where=t.shift(request.date, request.duty_id), name=name)
    else:
        message = t.say("request_on_day", day=request.date.isoformat(), name=name)
    soft = replace(rule, hard=False)
    return [violation(roster, soft, 1, message, unit=cost, **request_keys(request))]


def _unwanted_worked(roster: Roster, rule: RuleSpec, request: Request) -> list[Violation]:
    cost = _weight(rule, request)
    if not cost:
        return []
    t = roster.texts
    soft = replace(rule, hard=False)
    out = []
    for shift in _worked(roster, request):
        where = t.shift(shift.date, shift.duty_id)
        message = t.say("request_not", where=where, name=t.person(request.person_id))
        keys = request_keys(request) | {"duty_id": shift.duty_id}
        out.append(violation(roster, soft, 1, message, unit=cost, **keys))
    return out


def _pin_broken(roster: Roster, rule: RuleSpec, request: Request) -> list[Violation]:
    shift_id = f"{request.duty_id}@{request.date.isoformat()}"
    if any(_in_pinned_seat(a, request) for a in roster.by_shift.get(shift_id, ())):
        return []
    t = roster.texts
    name = t.person(request.person_id)
    if request.group_id:
        where = t.group(request.date, request.duty_id, request.group_id)
    else:
        where = t.shift(request.date, request.duty_id)
    if request.role:
        message = t.say("request_pin_role", where=where, name=name, role=request.role)
    else:
        message = t.say("request_pin", where=where, name=name)
    hard = replace(rule, hard=True)
    keys = request_keys(request) | {"group_id": request.group_id}
    return [violation(roster, hard, 1, message, **keys)]


def _in_pinned_seat(a: Assignment, request: Request) -> bool:
    """The pinned person in the pinned group (if any) and seat: the role, else any seat,
    but an ordinary seat when the pin names a group."""
    if a.person_id != request.person_id:
        return False
    if request.group_id and a.group_id != request.group_id:
        return False
    if request.role:
        return a.role == request.role
    return not request.group_id or a.role == ""
