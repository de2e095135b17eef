"""At most `max` weekends worked per person over the horizon (per person: limits.csv).

A weekend is worked when the person starts a (counted) duty on its Saturday or Sunday; it is
keyed by its Saturday, so a weekend cut by the horizon's edge still counts as one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.keys import person_keys
from roster.model import RuleSpec, Scenario
from solver.penalty import Penalty, excess
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    duty = str(rule.param("duty", ""))
    out = []
    for person in scenario.people:
        weekends: dict[date, list[cp_model.IntVar]] = defaultdict(list)
        for shift, x in v.by_person.get(person.id, ()):
            if shift.date.weekday() >= 5 and (not duty or shift.duty_id == duty):
                weekends[saturday(shift.date)].append(x)
        cap = int(scenario.limit(rule, person.id, "max"))
        if len(weekends) <= cap:
            continue
        worked = [
            worked_weekend(model, xs, f"{rule.name}[{person.id},{sat}]")
            for sat, xs in sorted(weekends.items())
        ]
        p = excess(
            model,
            rule,
            worked,
            cap,
            hard_weight=scenario.solver.hard_weight,
            name=f"{rule.name}[{person.id}]",
            **person_keys(person.id, duty),
        )
        if p:
            out.append(p)
    return out


def saturday(day: date) -> date:
    return day - timedelta(days=day.weekday() - 5)


def worked_weekend(
    model: cp_model.CpModel, duties: list[cp_model.IntVar], name: str
) -> cp_model.IntVar:
    """1 exactly when one of the weekend's duties is worked (exact, so a soft excess counted
    from these values is that of the roster)."""
    if len(duties) == 1:
        return duties[0]
    w = model.new_bool_var(name)
    # As linear rows (w >= each duty, w <= their sum) rather than a max: the linear
    # relaxation keeps rows, so the cap on weekends bounds the weekend cover there too.
    for x in duties:
        model.add(w >= x)
    model.add(w <= sum(duties))
    return w
