"""The crisis family: a quarantine wave takes part of the pool out at mid-horizon.

Built on the shipped example (306 volunteer teachers, 61 nights, three groups of eight with
a leader each, no two nights in a row, at most two nights in any seven days): `wave` of the
pool, drawn with a fixed seed, is unavailable for 14 days from mid-horizon. A deep enough
wave leaves some nights short; bench/seats.py proves how many seats must stay empty.
"""

from __future__ import annotations

import random
from datetime import timedelta

from bench.cases import example, quarantine
from roster.model import Scenario

WAVE_DAYS = 14


def wave(fraction: float, seed: int = 7, scenario: Scenario | None = None) -> Scenario:
    sc = scenario if scenario is not None else example()
    ids = sorted(p.id for p in sc.people)
    hit = random.Random(seed).sample(ids, round(fraction * len(ids)))
    mid = sc.start + timedelta(days=len(sc.days) // 2)
    return quarantine(sc, sorted(hit), mid, WAVE_DAYS)
