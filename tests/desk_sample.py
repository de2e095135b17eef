"""The shipped example cut to one week (2020-W06), solved by `roster solve`, for the tests
of posters and report.html; and the privacy probe they share."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from inputs.load import load_scenario, read_assignments
from inputs.synthetic import EXAMPLE_DIR
from roster.model import Scenario
from roster.result import Assignment
from tests.commands import run
from tests.folders import LOCAL_STORE

WEEK = "2020-W06"
MONDAY, SUNDAY = date(2020, 2, 3), date(2020, 2, 9)


def example_week_folder(root: Path) -> Path:
    """A copy of the example whose period is the week of 2020-02-03 (7 nights x 24 seats)."""
    folder = Path(shutil.copytree(EXAMPLE_DIR, root / EXAMPLE_DIR.name, ignore=LOCAL_STORE))
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^start = .*$", f"start = {MONDAY}", text, count=1)
    text = re.sub(r"(?m)^end = .*$", f"end = {SUNDAY}", text, count=1)
    toml.write_text(text, encoding="utf-8")
    return folder


def solve_example_week(root: Path) -> tuple[Path, Path]:
    """The example week solved (pinned seed and workers; the command checks the roster
    with the independent checker): (scenario folder, output folder)."""
    folder = example_week_folder(root)
    out = root / "out"
    run("solve", folder, "--out", out, "--seed", 1, "--workers", 1, "--deterministic")
    return folder, out


def solved_roster(folder: Path, out: Path) -> tuple[Scenario, tuple[Assignment, ...]]:
    scenario = load_scenario(folder)
    return scenario, tuple(read_assignments(out / "assignments.csv", scenario))


def reasons(scenario: Scenario) -> set[str]:
    """Every availability reason of the scenario: none may reach a poster or a report."""
    found = {p.reason.strip() for p in scenario.availability if p.reason.strip()}
    assert found, "the example should have reasons to hide"
    return found
