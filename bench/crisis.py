"""The crisis family, run as a coordinator runs it: `roster solve` on a scenario folder.

A checkpoint pool (the shipped example's 306 volunteers and 61 nights, or 1,000 volunteers
and 120 nights with groups sized to the same share) loses `wave` of its people for 14 days
from mid-horizon (bench/shortage.py). The whole command is timed from outside, under its
`--time-limit`; the roster it wrote is read back and checked by the independent checker;
its empty seats are compared with the least any roster can leave, proven by the separate
model of the seats alone (bench/seats.py).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.cases import EXAMPLE
from bench.seats import least_empty
from bench.shortage import wave as with_wave
from inputs.load import load_scenario, read_assignments
from inputs.synthetic import (
    HOLIDAYS,
    SCHOOLS,
    checkpoint_toml,
    make_availability,
    make_people,
    write_scenario_folder,
)
from roster.check import check
from roster.model import Scenario
from roster.result import Result, Status

LARGE_START = date(2020, 1, 31)


def crisis(people: int, wave: float, limit: float) -> tuple[Scenario, Result, dict]:
    with tempfile.TemporaryDirectory(prefix="roster-crisis-") as tmp:
        folder = Path(tmp) / "scenario"
        _write_pool(folder, people)
        _add_wave(folder, wave)
        scenario = load_scenario(folder)
        wall, code = _run(folder, Path(tmp) / "out", limit)
        result = _read_back(scenario, Path(tmp) / "out", wall)
    least = least_empty(scenario, seconds=120)
    empty = sum(v.amount for v in result.violations if v.hard and v.kind == "cover")
    empty_roles = sum(v.amount for v in result.violations if v.hard and v.kind == "roles")
    extra = {
        "wave": wave,
        "exit": code,
        "command_s": round(wall, 1),
        "limit_s": limit,
        "within_limit": wall <= limit,
        "empty_seats": empty,
        "least_empty_seats": least.empty,
        "least_proven": least.proven,
        "empty_role_seats": empty_roles,
        "least_empty_role_seats": least.empty_roles,
        "stopped_by": result.stats.get("stopped_by"),
    }
    return scenario, result, extra


def _write_pool(folder: Path, people: int) -> None:
    if people == len(load_scenario(EXAMPLE).people):
        shutil.copytree(EXAMPLE, folder)
        return
    import random

    rng = random.Random(people)
    days = 120
    end = LARGE_START + timedelta(days - 1)
    pool = make_people(people, SCHOOLS, rng)
    periods = make_availability(pool, LARGE_START, end, rng)
    size = round(people * 0.078 / 3)  # the example's share of the pool a night
    toml_text = checkpoint_toml(start=LARGE_START, end=end, group_size=size, max_shifts=14)
    write_scenario_folder(folder, toml_text, pool, periods, HOLIDAYS)


def _add_wave(folder: Path, wave: float) -> None:
    """The wave's quarantines as rows of availability.csv, as a coordinator adds them."""
    waved = with_wave(wave, scenario=load_scenario(folder))
    rows = [a for a in waved.availability if a.reason == "bench quarantine"]
    with open(folder / "availability.csv", "a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        for a in rows:
            writer.writerow([a.person_id, a.start, a.end, "unavailable", "居家隔离14天"])


def _run(folder: Path, out: Path, limit: float) -> tuple[float, int]:
    command = [sys.executable, "-m", "roster.entry", "solve", str(folder), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run([*command, "--time-limit", str(limit)], capture_output=True)
    return time.perf_counter() - started, done.returncode


def _read_back(scenario: Scenario, out: Path, wall: float) -> Result:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assignments = tuple(read_assignments(out / "assignments.csv", scenario))
    report = check(scenario, assignments)  # bench/run.py compares it with the command's
    return Result(
        Status(summary["status"]),
        summary["objective"],
        summary["best_bound"],
        wall,
        assignments,
        report.violations,
        stats=summary["solver"],
    )
