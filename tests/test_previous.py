"""History across periods: previous.csv's duties count at the horizon's start for rest,
max_in_window, consecutive, days_off and rest_hours (roster/previous.py,
docs/rules.md "Windows and the horizon's edges"). Every solve is checked by the checker."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.model import PastDuty, Request, RequestKind, Scenario
from solver import lower_bound
from tests.builders import (
    HARD,
    START,
    day_duty,
    duty_seat,
    night,
    person,
    rule,
    scenario,
    solve_checked,
)
from tests.folders import MINI_TOML, load_error, make_folder, write_table


def before(days: int) -> date:
    return START - timedelta(days=days)


def with_past(sc: Scenario, *rows: tuple[str, int, str]) -> Scenario:
    """(person, days before the start, duty) rows of previous.csv."""
    return replace(sc, previous=tuple(PastDuty(p, before(n), d) for p, n, d in rows))


def nights_before(pid: str, n: int) -> list[tuple[str, int, str]]:
    return [(pid, k, "night") for k in range(1, n + 1)]


def days_of(result, pid: str) -> list[int]:
    return sorted((a.date - START).days for a in result.assignments if a.person_id == pid)


# ---- consecutive: no fourth night after the previous period's three ----


def test_consecutive_counts_the_previous_nights():
    sc = scenario(
        [person("a"), person("b")], days=2, rules=[rule("cover"), rule("consecutive", max=3)]
    )
    # without history a may take both nights; with three before, not the first one
    past = with_past(replace(sc, people=(person("a"),)), *nights_before("a", 3))
    r = solve_checked(past)
    assert r.objective == HARD and days_of(r, "a") == [1]
    assert [(v.date, v.duty_id) for v in r.uncovered] == [(START, "night")]


def test_consecutive_soft_costs_the_nights_over():
    sc = scenario(
        [person("a")],
        days=2,
        rules=[rule("cover"), rule("consecutive", hard=False, weight=5, max=3)],
    )
    r = solve_checked(with_past(sc, *nights_before("a", 3)))
    # windows of 4 from 3 days back (3 past + 2) and 2 days back (2 past + 2): 1 + 1 over
    assert r.objective == 10
    found = sorted((v.date, v.role, v.amount) for v in r.violations)
    assert found == [(before(3), "max", 1), (before(2), "max", 1)]


def test_a_previous_period_over_the_limit_is_not_the_rosters():
    sc = scenario([person("a")], days=1, rules=[rule("consecutive", max=3)])
    past = with_past(sc, *nights_before("a", 5))
    assert not check(past, []).violations
    # a night on the first date: the window of 4 from 3 days back holds 3 past nights + 1
    found = [(v.date, v.amount) for v in check(past, [duty_seat("a", 0)]).violations]
    assert found == [(before(3), 1)]


def test_a_day_off_before_the_start_breaks_the_stretch():
    sc = scenario([person("a")], days=2, rules=[rule("cover"), rule("consecutive", max=3)])
    past = with_past(sc, ("a", 2, "night"), ("a", 3, "night"), ("a", 4, "night"))
    assert solve_checked(past).objective == 0


# ---- rest, max_in_window ----


def test_rest_after_the_previous_last_night():
    sc = scenario([person("a")], days=3, rules=[rule("cover"), rule("rest", free_days=1)])
    r = solve_checked(with_past(sc, ("a", 1, "night")))
    # not the first date (rest after the past night); then one of the two others, as cheap
    assert days_of(r, "a") in ([1], [2]) and r.objective == 2 * HARD


def test_max_in_window_counts_the_previous_week():
    sc = scenario(
        [person("a")], days=3, rules=[rule("cover"), rule("max_in_window", max=2, days=7)]
    )
    assert solve_checked(sc).objective == HARD  # two of three nights
    r = solve_checked(with_past(sc, ("a", 2, "night")))  # its week reaches the whole horizon
    assert len(r.assignments) == 1 and r.objective == 2 * HARD


# ---- rest_hours and days_off ----


def test_rest_hours_after_a_previous_night():
    # the night before the start ends 07:00; the day duty starts 08:00: 1 hour of rest
    sc = scenario(
        [person("a")],
        days=1,
        duties=[day_duty(), night(days="dates")],  # the night runs before the horizon only
        rules=[rule("cover"), rule("rest_hours", min_hours=11)],
    )
    assert solve_checked(sc).objective == 0
    r = solve_checked(with_past(sc, ("a", 1, "night")))
    assert r.assignments == () and r.objective == HARD


def test_rest_hours_soft_counts_the_close_pair_on_the_past_date():
    day = day_duty()
    sc = scenario(
        [person("a")],
        days=1,
        duties=[day, night(days="dates")],
        rules=[rule("cover"), rule("rest_hours", hard=False, weight=3, min_hours=11)],
    )
    r = solve_checked(with_past(sc, ("a", 1, "night")))
    assert r.objective == 3
    assert [(v.date, v.duty_id, v.amount) for v in r.violations] == [(before(1), "night", 1)]


@pytest.mark.parametrize(("off_before", "amount"), [(1, 1), (2, 0)])
def test_days_off_from_the_previous_last_working_day(off_before, amount):
    # last past duty off_before + 1 days before the start: a break of off_before dates
    sc = scenario([person("a")], days=1, rules=[rule("days_off", min=2)])
    past = with_past(sc, ("a", off_before + 1, "night"))
    found = [(v.date, v.amount) for v in check(past, [duty_seat("a", 0)]).violations]
    assert found == ([(before(off_before), amount)] if amount else [])


def test_days_off_hard_keeps_the_first_date_free():
    sc = scenario([person("a")], days=2, rules=[rule("cover"), rule("days_off", min=2)])
    r = solve_checked(with_past(sc, ("a", 2, "night")))
    assert days_of(r, "a") == [1] and r.objective == HARD


def test_people_alike_but_for_their_past_are_bounded_apart():
    """a's past night keeps a off the first date, b has none: their person bounds differ
    (they were once taken as alike, and the relaxation proved 100,000 for a roster of 0)."""
    sc = scenario(
        [person("a"), person("b")], days=1, rules=[rule("cover"), rule("rest", free_days=1)]
    )
    past = with_past(sc, ("a", 1, "night"))
    found = lower_bound.lower_bound(past, budget=3.0, deterministic=True)
    assert found is not None and found.value == 0
    assert solve_checked(past).best_bound == 0


def test_history_is_per_person():
    sc = scenario(
        [person("a"), person("b")], days=1, rules=[rule("cover"), rule("rest", free_days=1)]
    )
    r = solve_checked(with_past(sc, ("a", 1, "night")))
    assert [a.person_id for a in r.assignments] == ["b"] and r.objective == 0


# ---- previous.csv ----

ROWS = [
    ["date", "duty", "group", "role", "person_id", "name"],
    ["2020-02-02", "night", "1", "leader", "0012", "王丽娜"],
    ["2020-02-02", "night", "2", "", "T05", "鞠明"],
    ["2020-02-01", "night", "1", "", "T99", "已离开"],
]


def test_previous_csv_is_read_like_an_assignments_csv(tmp_path: Path):
    folder = make_folder(tmp_path)
    write_table(folder / "previous.csv", ROWS)
    sc = load_scenario(folder)
    day = date(2020, 2, 2)
    assert sc.previous == (PastDuty("0012", day, "night"), PastDuty("T05", day, "night"))


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (["2020-02-03", "night", "1", "", "T02", ""], "date", "inside this roster's period"),
        (["2020-02-02", "day", "1", "", "T02", ""], "duty", "no duty with id 'day'"),
        (["yesterday", "night", "1", "", "T02", ""], "date", "not a date"),
    ],
)
def test_bad_previous_rows_name_row_and_column(tmp_path: Path, row, column, fragment):
    folder = make_folder(tmp_path)
    write_table(folder / "previous.csv", [ROWS[0], row])
    err = load_error(folder)
    assert (err.file, err.row, err.column) == ("previous.csv", 2, column)
    assert fragment in err.message


def test_previous_csv_keeps_a_fourth_night_off(tmp_path: Path):
    toml = MINI_TOML.replace("[rules.cover]", "[rules.consecutive]\nmax = 3\n\n[rules.cover]")
    folder = make_folder(tmp_path, toml=toml)
    rows = [ROWS[0]] + [[f"2020-01-3{d}", "night", "1", "", "T03", ""] for d in (0, 1)]
    rows += [
        ["2020-02-01", "night", "1", "", "T03", ""],
        ["2020-02-02", "night", "1", "", "T03", ""],
    ]
    write_table(folder / "previous.csv", rows)
    sc = load_scenario(folder)
    first = [a for a in solve_checked(sc).assignments if a.date == START]
    assert "T03" not in {a.person_id for a in first}


def test_a_pin_too_soon_after_the_previous_night_is_reported_not_raised():
    sc = scenario([person("a")], days=1, rules=[rule("requests"), rule("rest", free_days=1)])
    sc = replace(sc, requests=(Request("a", START, RequestKind.PIN, "night"),))
    r = solve_checked(with_past(sc, ("a", 1, "night")))
    assert r.objective == HARD and [v.hard for v in r.violations] == [True]
