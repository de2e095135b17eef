"""The rules of issue 21 through the commands: one_per_day, pattern, priority, a cover
`shortfall`, previous.csv and ids in upper case, solved, written and checked back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.commands import run
from tests.folders import MINI_TOML, PEOPLE, make_folder, write_table

RULES = """
[rules.one_per_day]

[rules.two_on_one_off]
kind = "pattern"
cycle = "110"

[rules.priority]
tiers = { leader = 3 }

[rules.consecutive]
max = 3

"""


def folder(tmp_path: Path, previous: bool = True) -> Path:
    toml = (
        MINI_TOML.replace('id = "night"', 'id = "N"')
        .replace('"duty:night"', '"duty:N"')
        .replace("[rules.cover]\nhard = true", "[rules.cover]\nhard = true\nshortfall = { N = 2 }")
        .replace("[rules.cover]", RULES + "[rules.cover]")
    )
    out = make_folder(tmp_path, toml=toml, people=PEOPLE)
    if previous:
        rows = [["date", "duty", "group", "role", "person_id"]]
        rows += [[f"2020-02-0{d}", "N", "1", "", "T03"] for d in (1, 2)]
        rows += [["2020-01-31", "N", "1", "", "T03"]]
        write_table(out / "previous.csv", rows)
    return out


def test_solve_writes_and_check_agrees(tmp_path: Path):
    scenario = folder(tmp_path)
    out = tmp_path / "out"
    # the mini checkpoint is short of people already: hard rules broken is exit 3, reported
    run("solve", scenario, "--out", out, code=3)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["objective"] is not None and not summary["hard_rules_met"]
    assert "priority" in summary["violations"]
    assert "seats_below_preferred" in summary["coverage"]
    rows = list(csv.DictReader(io.StringIO((out / "assignments.csv").read_text("utf-8-sig"))))
    assert {r["duty"] for r in rows} == {"N"}
    # no fourth night in a row for T03 after the previous period's three
    assert not [r for r in rows if r["person_id"] == "T03" and r["date"] == "2020-02-03"]
    checked = run("check", scenario, out / "assignments.csv", code=3)
    assert str(summary["objective"]) in checked.output.replace(",", "")
