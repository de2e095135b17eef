"""At most `max` weekends worked per person over the horizon (per person: limits.csv).

A weekend is worked when the person starts a (counted) duty on its Saturday or Sunday; it is
keyed by its Saturday, so a weekend cut by the horizon's edge still counts as one. It reads
the working-day literals the consecutive and days_off families share (one a date, however
many duty types start that date), so a weekend is three rows, not one a duty type.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ortools.sat.python import cp_model

from roster.keys import person_keys
from roster.model import RuleSpec, Scenario
from roster.weekend_seats import saturday
from solver.penalty import Penalty, excess
from solver.rules.consecutive import working_days
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    duty = str(rule.param("duty", ""))
    out = []
    weekend_days = [(i, d) for i, d in enumerate(scenario.days) if d.weekday() >= 5]
    for person in scenario.people:
        open_days = [
            (i, d)
            for i, d in weekend_days
            if any(not duty or s.duty_id == duty for s, _ in v.on_date(person.id, d))
        ]
        cap = int(scenario.limit(rule, person.id, "max"))
        if len({saturday(d) for _, d in open_days}) <= cap:
            continue
        days = working_days(model, scenario, v, person.id, duty)
        weekends: dict[date, list[cp_model.IntVar]] = defaultdict(list)
        for i, day in open_days:
            w = days[i]
            assert w is not None  # a duty of the rule starts that date
            weekends[saturday(day)].append(w)
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
