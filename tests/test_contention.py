"""The command's deadline on a machine shared with other programs (solver/budget.py):
the check and the export, timed in processor time, get the load per core on top."""

from __future__ import annotations

import os

import pytest

from solver import budget
from solver.executor import base
from tests.builders import TEST_SOLVER


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(base, "cores", lambda: 2)
    return monkeypatch


def loaded(monkeypatch: pytest.MonkeyPatch, load: float) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load), raising=False)


@pytest.mark.parametrize(
    ("load", "factor"), [(0.3, 1.0), (2.0, 1.0), (6.0, 3.0), (40.0, budget.CONTENTION_MOST)]
)
def test_the_load_per_core_above_one_slows_the_export(two_cores, load, factor):
    loaded(two_cores, load)
    assert budget.contention() == factor


def test_without_a_load_average_nothing_is_assumed(two_cores):
    def unknown() -> tuple[float, float, float]:
        raise OSError("no load average here")

    two_cores.setattr(os, "getloadavg", unknown, raising=False)
    assert budget.contention() == 1.0


def test_a_busy_machine_keeps_more_of_the_limit_for_the_files(two_cores):
    settings = TEST_SOLVER.__class__(time_limit_s=120)

    def deadline_at(load: float, export_s: float = 1.0) -> float:
        loaded(two_cores, load)
        found = budget.with_deadline(settings, started=1000.0, export_s=export_s).deadline
        assert found is not None
        return found - 1000.0

    kept = (budget.EXPORT_MARGIN + budget.FALLBACK_MARGIN) * 10.0  # an estimate of 10 s
    assert deadline_at(1.0, 10.0) == pytest.approx(120 - kept)
    assert deadline_at(4.0, 10.0) == pytest.approx(120 - kept)  # what the margins cover
    assert deadline_at(6.0, 10.0) == pytest.approx(120 - 1.5 * kept)  # half as much again
    assert deadline_at(8.0, 10.0) == pytest.approx(120 - 2 * kept)  # past EXPORT_MOST's half
    assert deadline_at(8.0, 30.0) == pytest.approx(120 - 0.9 * 120)  # BUSY_MOST: a little search
    assert deadline_at(1.0, 0.1) == pytest.approx(120 - budget.EXPORT_SHARE * 120)  # at least
