"""What the sequence rules (consecutive, days_off, rest_hours, succession) share: their
messages and their [rules.<name>] parameters (docs/rules.md, "Sequence rules").
"""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest

from inputs.rules import read_rules
from inputs.toml_reader import TomlTable
from roster.check import check
from roster.errors import InputError
from tests.builders import (
    day_duty,
    duty_seat,
    night,
    period,
    person,
    rule,
    scenario,
)

DUTY_IDS = ("day", "night")


def test_messages_in_both_languages_name_the_person():
    sc = scenario(
        [person("a")],
        days=5,
        duties=[day_duty(), night()],
        rules=[
            rule("consecutive", max=1, min=2, duty="night"),
            rule("days_off", min=2),
            rule("rest_hours", min_hours=11),
            rule("succession", forbidden=(("night", "day"),)),
        ],
        availability=[period("a", 4, 4)],
    )
    seats = [
        duty_seat("a", 0),
        duty_seat("a", 1, "day"),
        duty_seat("a", 1),
        duty_seat("a", 3, "day"),
    ]
    for language in ("en", "zh"):
        found = check(replace(sc, language=language), seats).violations
        kinds = {v.kind for v in found}
        assert kinds >= {"consecutive", "days_off", "rest_hours", "succession"}
        assert all("(a)" in v.message for v in found)
        assert "private reason" not in " ".join(v.message for v in found)


def read(toml: str) -> list:
    return list(read_rules(TomlTable(tomllib.loads(toml)["rules"], "rules"), DUTY_IDS))


def test_params_are_read():
    (c, d, h, s) = read(
        """
[rules.consecutive]
max = 5
min = 2
duty = "night"
[rules.days_off]
min = 2
hard = false
weight = 3
[rules.rest_hours]
min_hours = 11
[rules.succession]
forbidden = [["night", "day"], ["night", "night"]]
"""
    )
    assert (c.hard, dict(c.params)) == (True, {"duty": "night", "min": 2, "max": 5})
    assert (d.hard, d.weight, dict(d.params)) == (False, 3, {"min": 2})
    assert dict(h.params) == {"min_hours": 11}
    assert s.param("forbidden") == (("night", "day"), ("night", "night"))


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("[rules.consecutive]\nmax = -1", "rules.consecutive.max"),
        ("[rules.consecutive]\nmax = 0", "rules.consecutive.max"),
        ("[rules.consecutive]\nmin = 1", "rules.consecutive.min"),
        ("[rules.consecutive]\nhard = true", "rules.consecutive.max"),
        ("[rules.consecutive]\nmax = 2\nmin = 3", "rules.consecutive.min"),
        ('[rules.consecutive]\nmax = 2\nduty = "evening"', "rules.consecutive.duty"),
        ("[rules.days_off]\nmin = -2", "rules.days_off.min"),
        ("[rules.rest_hours]\nmin_hours = 0", "rules.rest_hours.min_hours"),
        ('[rules.rest_hours]\nmin_hours = "11"', "rules.rest_hours.min_hours"),
        ('[rules.succession]\nforbidden = [["night", "evening"]]', "rules.succession.forbidden"),
        ('[rules.succession]\nforbidden = ["night", "day"]', "rules.succession.forbidden"),
        ("[rules.succession]\nforbidden = []", "rules.succession.forbidden"),
        (
            '[rules.s]\nkind = "succession"\nforbidden = [["day", "day"], ["day", "day"]]',
            "rules.s.forbidden",
        ),
    ],
)
def test_bad_params_name_the_file_and_key(table: str, key: str):
    with pytest.raises(InputError) as err:
        read(table)
    assert err.value.file == "scenario.toml"
    assert err.value.message.startswith(f"{key}:")
