"""Rolling windows of consecutive dates, as docs/rules.md defines them."""

from __future__ import annotations

from datetime import date

from roster.model import Scenario


def windows(scenario: Scenario, length: int) -> list[tuple[date, ...]]:
    """Windows of `length` dates lying inside the horizon; the horizon itself if shorter."""
    days = scenario.days
    if len(days) <= length:
        return [days]
    return [days[i : i + length] for i in range(len(days) - length + 1)]
