"""A group below its preferred size but at or above its min is seen: in summary.json, the
terminal summary, uncovered.csv and the roster sheet (outputs/views.py, below_preferred)."""

from __future__ import annotations

import csv
import io

from outputs.summary import human_summary, summary_dict
from outputs.tables import uncovered_csv
from outputs.texts import ExportTexts
from outputs.xlsx import roster_table, uncovered_table
from tests.builders import levels_group, night, person, rule, scenario, solve_checked


def short_scenario(short_weight: int):
    # min 0, preferred 3: two people for three seats a night, one night
    duty = night([levels_group("1", 3, 0, 3)])
    rules = [rule("cover", short_weight=short_weight) if short_weight else rule("cover")]
    return scenario([person("a"), person("b")], days=1, duties=[duty], rules=rules)


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_below_preferred_without_a_weight_is_still_shown():
    sc = short_scenario(0)
    r = solve_checked(sc)
    # nothing prices the level: the solver may leave the group empty, it is still seen
    filled = len(r.assignments)
    assert r.objective == 0 and not r.violations
    assert filled < 3
    rows = rows_of(uncovered_csv(sc, r))
    assert [(x["kind"], x["missing"], x["cost"]) for x in rows] == [
        ("cover_short", str(3 - filled), "0")
    ]
    data = summary_dict(sc, r)
    assert data["coverage"]["seats_below_preferred"] == 3 - filled
    assert data["coverage"]["seats_uncovered"] == 0
    assert [u["rule"] for u in data["uncovered"]] == ["cover"]
    assert "BELOW PREFERRED: " in human_summary(sc, r)


def test_below_preferred_priced_carries_the_solvers_cost():
    sc = short_scenario(4)
    r = solve_checked(sc)
    assert r.objective == 4  # two of three seats filled, one short of preferred
    rows = rows_of(uncovered_csv(sc, r))
    assert [(x["kind"], x["cost"]) for x in rows] == [("cover_short", "4")]
    assert summary_dict(sc, r)["coverage"]["seats_below_preferred"] == 1


def test_roster_sheet_cell_says_how_many_below_preferred():
    sc = short_scenario(4)
    r = solve_checked(sc)
    texts = ExportTexts(sc)
    table = roster_table(sc, texts, r.assignments)
    assert "(1 below preferred)" in str(table.rows[0][-1])
    assert [row[5] for row in uncovered_table(sc, texts, r).rows] == [1]


def test_a_full_group_shows_nothing():
    duty = night([levels_group("1", 2, 0, 2)])
    sc = scenario(
        [person("a"), person("b")], days=1, duties=[duty], rules=[rule("cover", short_weight=1)]
    )
    r = solve_checked(sc)
    assert rows_of(uncovered_csv(sc, r)) == []
    assert summary_dict(sc, r)["coverage"]["seats_below_preferred"] == 0
