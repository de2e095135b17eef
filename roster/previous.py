"""The previous period's last duties (previous.csv) at the horizon's start.

A rule over windows of N dates also looks at the windows that begin up to N - 1 dates
before the horizon and reach into it (*lead-in windows*), counting the duties of the
previous period inside them; `rest_hours` looks at a past duty's end; `days_off` at the
off-stretch from a person's last past working day to their first one in the horizon.
Solver and checker read these views alike (docs/rules.md, "Windows and the horizon's
edges").

A lead-in window is counted only when it holds a past duty, and only the roster's duties
in it can be over: its cap for them is the rule's cap minus the past duties, at least 0.
A previous period already over a limit on its own is not this roster's violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roster.model import PastDuty, Scenario, Shift


@dataclass(frozen=True)
class LeadIn:
    """A window beginning before the horizon: its first date, its dates inside the horizon,
    and how many duties (or working days) of the previous period it holds."""

    first: date
    inside: tuple[date, ...]
    past: int

    def cap(self, limit: int) -> int:
        """The most duties of the roster the window takes under `limit`."""
        return max(0, limit - self.past)


def past_duties(scenario: Scenario, person_id: str) -> tuple[PastDuty, ...]:
    return scenario.previous_by_person.get(person_id, ())


def lead_in_windows(
    scenario: Scenario, person_id: str, length: int, *, duty: str = "", days: bool = False
) -> list[LeadIn]:
    """The windows of `length` dates beginning before the horizon and holding a past duty
    (of `duty` only, when given); `days`: count working days (dates), not duties."""
    mine = [p for p in past_duties(scenario, person_id) if not duty or p.duty_id == duty]
    if not mine:
        return []
    out = []
    for back in range(1, length):
        first = scenario.start - timedelta(days=back)
        inside = tuple(d for d in scenario.days[: length - back])
        held = [p for p in mine if first <= p.date < scenario.start]
        past = len({p.date for p in held}) if days else len(held)
        if past and inside:
            out.append(LeadIn(first, inside, past))
    return out


def last_working_day(scenario: Scenario, person_id: str) -> date | None:
    """The last date of the previous period on which the person started a duty."""
    mine = past_duties(scenario, person_id)
    return max((p.date for p in mine), default=None)


def past_shifts(scenario: Scenario, person_id: str) -> tuple[Shift, ...]:
    """The person's past duties as shifts with their real times, by start."""
    out = []
    for p in past_duties(scenario, person_id):
        duty = scenario.duty_by_id[p.duty_id]
        start = datetime.combine(p.date, duty.start, tzinfo=scenario.tz)
        end_day = p.date + timedelta(days=1) if duty.overnight else p.date
        out.append(Shift(duty.id, p.date, start, datetime.combine(end_day, duty.end, scenario.tz)))
    return tuple(sorted(out, key=lambda s: (s.start, s.duty_id)))
