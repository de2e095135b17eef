"""Consecutive working days: at most `max` in a row, stretches of at least `min`.

A working day of a person is a date on which they start a duty (of the rule's `duty`
only, when it names one). `max` is posted as "at most max working days in every window
of max + 1 consecutive dates" (a plain constraint when hard: fewer duties never break
it). `min` forbids the short patterns off / k working days / off for every k < min; a
roster with fewer duties can break it (removing a day splits a stretch), so even a hard
`min` is a penalised pattern at hard_weight and never makes the model infeasible.
Stretches touching the first or the last date of the horizon may continue outside it and
are not penalised for being short.
"""

from __future__ import annotations

from datetime import date

from ortools.sat.python import cp_model

from roster.keys import Keys, dated_keys
from roster.model import RuleSpec, Scenario, Shift
from roster.previous import lead_in_windows
from solver.penalty import Penalty, excess, unit_cost
from solver.variables import Vars
from solver.windows import windows

# One literal per date of the horizon: "works that date", or None when they cannot.
DayLiterals = list[cp_model.IntVar | None]


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    duty = _duty(rule)
    out: list[Penalty] = []
    for person in scenario.people:
        days = working_days(model, scenario, v, person.id, duty)
        cap = scenario.limit(rule, person.id, "max")
        if cap is not None:
            out += _at_most_in_a_row(model, scenario, rule, person.id, days, int(cap))
        least = scenario.limit(rule, person.id, "min")
        if least is not None:
            out += _short_stretches(model, scenario, rule, person.id, days, int(least))
    return out


def working_days(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, person_id: str, duty: str = ""
) -> DayLiterals:
    """Per date: the literal "starts a duty (of `duty`, if given) that date"."""
    key = ("working_days", person_id, duty)
    if key not in v.derived:
        v.derived[key] = _working_days(model, scenario, v, person_id, duty)
    return v.derived[key]  # type: ignore[return-value]


def _working_days(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, person_id: str, duty: str
) -> DayLiterals:
    by_date: dict[date, list[tuple[Shift, cp_model.IntVar]]] = {}
    for shift, x in v.by_person.get(person_id, ()):
        if not duty or shift.duty_id == duty:
            by_date.setdefault(shift.date, []).append((shift, x))
    return [_any_of(model, by_date.get(day, []), f"w[{person_id},{day}]") for day in scenario.days]


def _any_of(
    model: cp_model.CpModel, items: list[tuple[Shift, cp_model.IntVar]], name: str
) -> cp_model.IntVar | None:
    """A literal equal to OR(xs): exact both ways, so penalties read back exact amounts."""
    xs = [x for _, x in items]
    if not xs:
        return None
    if len(xs) == 1:
        return xs[0]
    w = model.new_bool_var(name)
    if _one_at_a_time(items):
        # The shifts overlap, so at most one is worked (the overlap family): the literal
        # is their sum, a row the linear relaxation keeps where it drops an OR, so the
        # windows over working days bound the cover (docs/decisions.md, "Working days").
        model.add(w == sum(xs))
        return w
    for x in xs:
        model.add_implication(x, w)
    model.add_bool_or([w.Not(), *xs])
    return w


def _one_at_a_time(items: list[tuple[Shift, cp_model.IntVar]]) -> bool:
    """Every two of these shifts overlap in time: nobody can work two of them."""
    return max(s.start for s, _ in items) < min(s.end for s, _ in items)


def _at_most_in_a_row(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    days: DayLiterals,
    cap: int,
) -> list[Penalty]:
    out = []
    index = {day: i for i, day in enumerate(scenario.days)}
    for span in windows(scenario, cap + 1):
        terms = [w for w in (days[index[d]] for d in span) if w is not None]
        if len(terms) <= cap:
            continue  # cannot be broken
        p = excess(
            model,
            rule,
            terms,
            cap,
            hard_weight=scenario.solver.hard_weight,
            name=f"{rule.name}[{person_id},{span[0]},max]",
            **dated_keys(span[0], person_id, _duty(rule), "max"),
        )
        if p:
            out.append(p)
    for window in lead_in_windows(scenario, person_id, cap + 1, duty=_duty(rule), days=True):
        terms = [w for w in (days[index[d]] for d in window.inside) if w is not None]
        p = excess(
            model,
            rule,
            terms,
            window.cap(cap),
            hard_weight=scenario.solver.hard_weight,
            name=f"{rule.name}[{person_id},{window.first},max]",
            **dated_keys(window.first, person_id, _duty(rule), "max"),
        )
        if p:
            out.append(p)
    return out


def _short_stretches(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    days: DayLiterals,
    least: int,
) -> list[Penalty]:
    """off / k working / off, strictly inside the horizon, costs least - k."""
    out = []
    for k in range(1, least):
        for i in range(1, len(days) - k):
            inner = days[i : i + k]
            if any(w is None for w in inner):
                continue  # cannot work every day of it
            rims = [w for w in (days[i - 1], days[i + k]) if w is not None]
            matched = sum(inner) - (k - 1) - sum(rims)  # 1 exactly when the pattern holds
            out.append(
                pattern_penalty(
                    model,
                    scenario,
                    rule,
                    matched,
                    least - k,
                    name=f"{rule.name}[{person_id},{scenario.days[i]},min{k}]",
                    keys=dated_keys(scenario.days[i], person_id, _duty(rule), "min"),
                )
            )
    return out


def pattern_penalty(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    matched: cp_model.LinearExprT,
    amount: int,
    *,
    name: str,
    keys: Keys,
) -> Penalty:
    """`amount` units when `matched` (at most 1, integer) reaches 1; hard or soft alike."""
    var = model.new_int_var(0, amount, name)
    model.add(var >= amount * matched)
    cost = unit_cost(rule, scenario.solver.hard_weight)
    return Penalty(rule, cost, var, (amount * matched,), **keys)


def _duty(rule: RuleSpec) -> str:
    """The rule's `duty`: only its days count; "" counts every duty."""
    return str(rule.param("duty", "") or "")
