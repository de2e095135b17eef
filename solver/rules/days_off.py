"""Days off: an off-stretch strictly between two working days lasts at least `min` dates.

For every length L < min, the pattern working / L days off / working is forbidden (hard)
or costs min - L (soft). Fewer duties never break it (removing a working day merges two
off-stretches), so a hard rule is a plain clause. Off-stretches touching the first or
the last date of the horizon are not penalised: the working day on their other side
would lie outside the horizon.
"""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from roster.keys import dated_keys
from roster.model import RuleSpec, Scenario
from roster.previous import last_working_day
from solver.penalty import Penalty
from solver.rules.consecutive import DayLiterals, pattern_penalty, working_days
from solver.variables import Vars


def add(model: cp_model.CpModel, scenario: Scenario, v: Vars, rule: RuleSpec) -> list[Penalty]:
    out: list[Penalty] = []
    for person in scenario.people:
        own = scenario.limit(rule, person.id, "min")
        least = 0 if own is None else int(own)
        if least > 1:
            days = working_days(model, scenario, v, person.id)
            out += _short_breaks(model, scenario, rule, person.id, days, least)
            out += _break_since_previous(model, scenario, rule, person.id, days, least)
    return out


def _break_since_previous(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    days: DayLiterals,
    least: int,
) -> list[Penalty]:
    """The off-stretch from the last working day of the previous period (previous.csv) to
    the first one in the horizon, when that could be shorter than `least`."""
    last = last_working_day(scenario, person_id)
    if last is None:
        return []
    out = []
    for length in range(1, least):
        i = (last - scenario.start).days + length + 1  # the horizon index of the next duty
        if i < 0 or i >= len(days) or days[i] is None:
            continue  # within the past, beyond the horizon, or no duty possible that date
        after = days[i]
        assert after is not None
        inner = [w for w in days[:i] if w is not None]
        if rule.hard:
            model.add_bool_or([after.Not(), *inner])
            continue
        first = last + timedelta(days=1)
        out.append(
            pattern_penalty(
                model,
                scenario,
                rule,
                after - sum(inner),
                least - length,
                name=f"{rule.name}[{person_id},{first},{length}]",
                keys=dated_keys(first, person_id),
            )
        )
    return out


def _short_breaks(
    model: cp_model.CpModel,
    scenario: Scenario,
    rule: RuleSpec,
    person_id: str,
    days: DayLiterals,
    least: int,
) -> list[Penalty]:
    out = []
    for length in range(1, least):
        for i in range(1, len(days) - length):
            before, after = days[i - 1], days[i + length]
            if before is None or after is None:
                continue  # no working day on one side: no break to measure
            inner = [w for w in days[i : i + length] if w is not None]
            if rule.hard:
                model.add_bool_or([before.Not(), after.Not(), *inner])
                continue
            matched = before + after - 1 - sum(inner)  # 1 exactly when the pattern holds
            out.append(
                pattern_penalty(
                    model,
                    scenario,
                    rule,
                    matched,
                    least - length,
                    name=f"{rule.name}[{person_id},{scenario.days[i]},{length}]",
                    keys=dated_keys(scenario.days[i], person_id),
                )
            )
    return out
