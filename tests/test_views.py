"""Views several exporters share: the groups' fills, worked out once per roster."""

from __future__ import annotations

import outputs.views as views
from outputs.views import group_fills
from tests.outputs_sample import ASSIGNMENTS, sample_scenario


def test_fills_of_some_days_are_the_whole_horizons_of_those_days():
    sc = sample_scenario()
    whole = group_fills(sc, ASSIGNMENTS)
    day = whole[0].day
    assert group_fills(sc, ASSIGNMENTS, {day}) == [f for f in whole if f.day == day]
    fresh = views._group_fills(sc, ASSIGNMENTS, {day})
    assert group_fills(sc, ASSIGNMENTS, {day}) == fresh


def test_fills_are_remembered_for_one_roster_only(monkeypatch):
    sc = sample_scenario()
    first = group_fills(sc, ASSIGNMENTS)
    calls = []
    real = views._group_fills
    monkeypatch.setattr(views, "_group_fills", lambda *a: calls.append(a) or real(*a))
    assert group_fills(sc, ASSIGNMENTS) == first and not calls
    other = ASSIGNMENTS[1:]
    assert group_fills(sc, other) != first and len(calls) == 1
    assert group_fills(sc, list(ASSIGNMENTS)) == first and len(calls) == 2  # a list: not kept
    assert group_fills(sample_scenario(), ASSIGNMENTS) == first and len(calls) == 3
