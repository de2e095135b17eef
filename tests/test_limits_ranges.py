"""The same ranges for a rule's keys in scenario.toml and in limits.csv (inputs/limits.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs.limits import LEAST, least
from inputs.load import load_scenario
from tests.folders import MINI_TOML, load_error, make_folder, write_csv

HEADER = ["person_id", "rule", "key", "value"]
TABLES = {
    "consecutive": "[rules.consecutive]\nmax = 3\nmin = 2\n",
    "days_off": "[rules.days_off]\nmin = 2\n",
    "rest_hours": "[rules.rest_hours]\nmin_hours = 8\n",
}


def folder_with(tmp_path: Path, kind: str, key: str, value: int, *, in_toml: bool) -> Path:
    table = TABLES[kind]
    if in_toml:
        table = "\n".join(
            f"{key} = {value}" if line.startswith(f"{key} =") else line
            for line in table.splitlines()
        )
    folder = make_folder(tmp_path, toml=MINI_TOML + "\n" + table + "\n")
    if not in_toml:
        write_csv(folder / "limits.csv", [HEADER, ["T03", kind, key, str(value)]])
    return folder


@pytest.mark.parametrize(("kind", "key"), sorted(LEAST))
@pytest.mark.parametrize("in_toml", [True, False], ids=["toml", "limits"])
def test_below_the_least_value_is_refused_in_both_files(tmp_path, kind, key, in_toml):
    folder = folder_with(tmp_path, kind, key, least(kind, key) - 1, in_toml=in_toml)
    err = load_error(folder)
    assert err.file == ("scenario.toml" if in_toml else "limits.csv")
    assert f">= {least(kind, key)}" in err.message


@pytest.mark.parametrize(("kind", "key"), sorted(LEAST))
@pytest.mark.parametrize("in_toml", [True, False], ids=["toml", "limits"])
def test_the_least_value_is_accepted_in_both_files(tmp_path, kind, key, in_toml):
    value = least(kind, key)
    if (kind, key) == ("consecutive", "max"):
        value = 2  # not below the rule's min 2 (min <= max is its own check)
    sc = load_scenario(folder_with(tmp_path, kind, key, value, in_toml=in_toml))
    rule = next(sc.rule(kind))
    assert int(sc.limit(rule, "T03", key)) == value


def test_days_off_min_from_limits_only(tmp_path):
    folder = make_folder(tmp_path, toml=MINI_TOML + "\n[rules.days_off]\n")
    err = load_error(folder)
    assert err.file == "scenario.toml"
    assert err.message.startswith("rules.days_off.min: missing")
    write_csv(folder / "limits.csv", [HEADER, ["T03", "days_off", "min", "3"]])
    sc = load_scenario(folder)
    rule = next(sc.rule("days_off"))
    assert sc.limit(rule, "T03", "min") == 3
    assert sc.limit(rule, "T04", "min") is None
