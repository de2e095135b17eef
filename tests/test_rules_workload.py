"""workload, weekends and per-person limits (limits.csv) on tiny scenarios with exact answers.

Every solve goes through solve_checked: the independent checker must agree with the solver.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.check import check
from roster.fairness import fair_shares, person_cap
from roster.model import PersonLimit, Scenario
from roster.result import Assignment
from tests.builders import (
    HARD,
    START,
    night,
    period,
    person,
    rule,
    scenario,
    solve_checked,
    worked,
)
from tests.folders import (
    MINI_TOML,
    excel_numbers,
    load_error,
    make_folder,
    write_csv,
    write_workbook,
)

NIGHT_MINUTES = 14 * 60  # 17:00 to 07:00
DAY = night(duty_id="day", start=time(8), end=time(16))  # 480 minutes


def limits(sc: Scenario, *rows: tuple[str, str, str, int]) -> Scenario:
    return dataclasses.replace(sc, limits=tuple(PersonLimit(*r) for r in rows))


def starting(sc: Scenario, first: date, days: int) -> Scenario:
    return dataclasses.replace(sc, start=first, end=first + timedelta(days - 1))


def count_of(result, pid: str) -> int:
    return sum(1 for q, _ in worked(result) if q == pid)


def seat(pid: str, day: date, duty_id: str = "night") -> Assignment:
    return Assignment(day, duty_id, "1", "", pid)


# ---- workload: counts ----


def test_workload_max_spreads_the_nights():
    sc = scenario(
        [person("a"), person("b")], days=4, rules=[rule("cover"), rule("workload", max=2)]
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert count_of(r, "a") == count_of(r, "b") == 2


def test_workload_min_met_gives_everyone_a_night():
    sc = scenario([person("a"), person("b"), person("c")], days=3, rules=[rule("workload", min=1)])
    r = solve_checked(sc)
    assert r.objective == 0
    assert {count_of(r, p) for p in "abc"} == {1}


def test_workload_min_unmeetable_is_reported_hard_not_raised():
    # Two nights of one seat; both want two: two duties short in total, whoever works.
    sc = scenario([person("a"), person("b")], days=2, rules=[rule("workload", min=2)])
    r = solve_checked(sc)
    assert r.objective == 2 * HARD
    assert {(v.kind, v.role, v.hard, v.date) for v in r.violations} == {
        ("workload", "min", True, None)
    }
    assert sum(v.amount for v in r.violations) == 2


def test_soft_workload_min_costs_its_weight_per_missing_duty():
    sc = scenario(
        [person("a"), person("b")], days=2, rules=[rule("workload", hard=False, weight=7, min=2)]
    )
    assert solve_checked(sc).objective == 2 * 7


def test_workload_min_is_capped_at_the_available_shifts():
    # a can serve day 0 only: a minimum of 3 asks for that one night and no more.
    sc = scenario(
        [person("a")], days=3, availability=[period("a", 1, 2)], rules=[rule("workload", min=3)]
    )
    r = solve_checked(sc)
    assert r.objective == 0 and worked(r) == {("a", 0)}
    (short,) = check(sc, []).violations
    assert (short.person_id, short.role, short.amount, short.cost) == ("a", "min", 1, HARD)


def test_workload_min_of_someone_never_available_is_nothing():
    sc = scenario(
        [person("a")], days=2, availability=[period("a", 0, 1)], rules=[rule("workload", min=2)]
    )
    assert check(sc, []).violations == ()
    assert solve_checked(sc).objective == 0


def test_workload_max_counts_only_its_duty():
    # a alone: both day duties, but one of the two nights (night max 1): one seat empty.
    sc = scenario(
        [person("a")],
        days=2,
        duties=[night(), DAY],
        rules=[rule("cover"), rule("workload", max=1, duty="night")],
    )
    r = solve_checked(sc)
    assert r.objective == HARD
    duties = sorted(a.duty_id for a in r.assignments)
    assert duties == ["day", "day", "night"]


def test_soft_workload_max_reports_the_duty_and_side():
    sc = scenario(
        [person("a")],
        days=3,
        rules=[rule("cover"), rule("workload", hard=False, weight=4, max=1, duty="night")],
    )
    r = solve_checked(sc)
    (v,) = r.violations
    assert (v.kind, v.person_id, v.duty_id, v.role, v.amount, v.cost) == (
        "workload",
        "a",
        "night",
        "max",
        2,
        8,
    )


def test_two_workload_rules_hold_together():
    sc = scenario(
        [person("a"), person("b")],
        days=2,
        duties=[night(), DAY],
        rules=[
            rule("cover"),
            rule("workload", name="total", max=2),
            rule("workload", name="nights", max=1, duty="night"),
        ],
    )
    r = solve_checked(sc)
    assert r.objective == 0
    nights = [a.person_id for a in r.assignments if a.duty_id == "night"]
    assert sorted(nights) == ["a", "b"]


# ---- workload: minutes ----


def test_soft_minutes_max_costs_per_minute_over():
    sc = scenario(
        [person("a")],
        days=2,
        rules=[rule("cover"), rule("workload", hard=False, weight=1, max=1000, unit="minutes")],
    )
    r = solve_checked(sc)
    assert r.objective == 2 * NIGHT_MINUTES - 1000


def test_hard_minutes_max_leaves_seats_empty():
    # 1400 minutes: any two of (480, 480, 840, 840) fit, no three do.
    sc = scenario(
        [person("a")],
        days=2,
        duties=[night(), DAY],
        rules=[rule("cover"), rule("workload", max=1400, unit="minutes")],
    )
    r = solve_checked(sc)
    assert r.objective == 2 * HARD and len(r.assignments) == 2


def test_minutes_count_a_night_ending_after_the_horizon_in_full():
    sc = scenario(
        [person("a")],
        days=1,
        rules=[rule("cover"), rule("workload", hard=False, weight=1, max=600, unit="minutes")],
    )
    assert solve_checked(sc).objective == NIGHT_MINUTES - 600


def test_minutes_min_capped_by_availability():
    sc = scenario(
        [person("a")],
        days=3,
        availability=[period("a", 0, 1)],
        rules=[rule("workload", min=10_000, unit="minutes")],
    )
    (short,) = check(sc, []).violations
    assert (short.amount, short.cost) == (NIGHT_MINUTES, NIGHT_MINUTES * HARD)
    assert solve_checked(sc).objective == 0


def test_minutes_are_real_lengths_across_a_dst_change():
    sc = dataclasses.replace(scenario([person("a")]), timezone="Europe/Berlin")
    sc = starting(sc, date(2020, 3, 28), 2)  # clocks go forward in the night to the 29th
    assert [s.minutes for s in sc.shifts] == [NIGHT_MINUTES - 60, NIGHT_MINUTES]


# ---- weekends ----


def test_weekends_cut_by_both_edges_count_as_two():
    # Sunday 2 Feb to Saturday 8 Feb: half of one weekend at each end.
    sc = starting(
        scenario(
            [person("a")],
            duties=[night(days="weekends")],
            rules=[rule("cover"), rule("weekends", max=1)],
        ),
        date(2020, 2, 2),
        7,
    )
    r = solve_checked(sc)
    assert r.objective == HARD and len(r.assignments) == 1
    (v,) = check(sc, [seat("a", date(2020, 2, 2)), seat("a", date(2020, 2, 8))]).violations
    assert (v.kind, v.person_id, v.amount, v.date) == ("weekends", "a", 1, None)


def test_a_whole_weekend_counts_once():
    sc = starting(
        scenario([person("a")], rules=[rule("cover"), rule("weekends", max=1)]),
        date(2020, 2, 8),
        2,
    )
    r = solve_checked(sc)
    assert r.objective == 0 and len(r.assignments) == 2


def test_soft_weekends_with_a_duty_filter():
    sc = scenario(
        [person("a")],
        days=14,
        duties=[night(days="weekends"), dataclasses.replace(DAY, days="weekends")],
        rules=[rule("cover"), rule("weekends", hard=False, weight=5, max=0, duty="day")],
    )
    r = solve_checked(sc)
    (v,) = r.violations
    assert (v.kind, v.duty_id, v.amount, v.cost) == ("weekends", "day", 2, 10)


# ---- per-person limits (limits.csv) ----


def test_limits_override_raises_one_persons_max_shifts():
    base = scenario(
        [person("a"), person("b")], days=4, rules=[rule("cover"), rule("max_shifts", max=1)]
    )
    assert solve_checked(base).objective == 2 * HARD
    r = solve_checked(limits(base, ("b", "max_shifts", "max", 3)))
    assert r.objective == 0 and (count_of(r, "a"), count_of(r, "b")) == (1, 3)


def test_people_csv_column_still_caps_under_an_override():
    sc = scenario(
        [person("a"), person("b", max_shifts=2)],
        days=4,
        rules=[rule("cover"), rule("max_shifts", max=1), rule("fairness", categories={"all": 1})],
    )
    sc = limits(sc, ("b", "max_shifts", "max", 3))
    assert (person_cap(sc, "a"), person_cap(sc, "b")) == (1, 2)
    assert fair_shares(sc, "all")["b"].share == 2
    r = solve_checked(sc)
    assert r.objective == HARD and count_of(r, "b") == 2


def test_limits_override_max_in_window_for_one_person():
    base = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("max_in_window", max=1, days=4)],
    )
    assert solve_checked(base).objective == 2 * HARD
    r = solve_checked(limits(base, ("a", "max_in_window", "max", 3)))
    assert r.objective == 0 and (count_of(r, "a"), count_of(r, "b")) == (3, 1)


def test_limits_override_workload_and_weekends():
    sc = scenario(
        [person("a"), person("b")],
        days=7,
        rules=[rule("cover"), rule("workload", min=1, max=2), rule("weekends", max=0)],
    )
    sc = limits(
        sc, ("a", "workload", "max", 5), ("a", "weekends", "max", 1), ("b", "workload", "min", 2)
    )
    r = solve_checked(sc)
    assert r.objective == 0
    assert (count_of(r, "a"), count_of(r, "b")) == (5, 2)
    # Only a may work a weekend, and only one: both its days.
    assert {(p, d) for p, d in worked(r) if d >= 5} == {("a", 5), ("a", 6)}


def test_limits_csv_and_sheet_load(tmp_path: Path):
    toml = MINI_TOML + '\n[rules.load]\nkind = "workload"\nmax = 4\n\n[rules.weekends]\nmax = 1\n'
    rows = [
        ["person_id", "rule", "key", "value"],
        ["T02", "load", "max", "6"],
        ["0012", "weekends", "MAX", "0"],
    ]
    folder = make_folder(tmp_path / "csv", toml=toml)
    write_csv(folder / "limits.csv", rows)
    sc = load_scenario(folder)
    assert sc.limits == (
        PersonLimit("T02", "load", "max", 6),
        PersonLimit("0012", "weekends", "max", 0),
    )
    load = next(sc.rule("workload"))
    assert (sc.limit(load, "T02", "max"), sc.limit(load, "T03", "max")) == (6, 4)
    book = make_folder(tmp_path / "book", toml=toml)
    write_workbook(book / "scenario.xlsx", {"limits": excel_numbers(rows, ("value",))})
    assert load_scenario(book) == sc


LIMITS_TOML = (
    MINI_TOML
    + '\n[rules.load]\nkind = "workload"\nmin = 1\nmax = 4\n\n[rules.max_shifts]\nmax = 3\n'
)
HEADER = ["person_id", "rule", "key", "value"]
GOOD = ["T02", "load", "max", "5"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [HEADER, GOOD, ["T99", "load", "max", "2"]], (3, "person_id", "T99"), id="person"
        ),
        pytest.param([HEADER, ["T02", "lode", "max", "2"]], (2, "rule", "lode"), id="rule"),
        pytest.param(
            [HEADER, ["T02", "rest", "max", "2"]], (2, "rule", "no per-person"), id="rest"
        ),
        pytest.param([HEADER, ["T02", "load", "days", "2"]], (2, "key", "'days'"), id="key"),
        pytest.param(
            [HEADER, ["T02", "max_shifts", "min", "2"]], (2, "key", "'min'"), id="key-of-kind"
        ),
        pytest.param([HEADER, ["T02", "load", "max", "-1"]], (2, "value", "'-1'"), id="negative"),
        pytest.param([HEADER, ["T02", "load", "max", "2.5"]], (2, "value", "'2.5'"), id="fraction"),
        pytest.param([HEADER, ["T02", "load", "max", ""]], (2, "value", "empty"), id="empty"),
        pytest.param([HEADER, GOOD, ["T02", "load", "max", "6"]], (3, "key", "row 2"), id="twice"),
        pytest.param(
            [HEADER, ["T02", "load", "min", "5"]], (2, "value", "min 5 above max 4"), id="min>max"
        ),
        pytest.param([HEADER[:3], ["T02", "load", "max"]], (1, None, "'value'"), id="column"),
    ],
)
def test_bad_limits_rows_name_file_row_and_column(tmp_path: Path, rows, expected):
    folder = make_folder(tmp_path, toml=LIMITS_TOML)
    write_csv(folder / "limits.csv", rows)
    err = load_error(folder)
    row, column, fragment = expected
    assert (err.file, err.row, err.column) == ("limits.csv", row, column)
    assert fragment in err.message


@pytest.mark.parametrize(
    ("table", "key", "fragment"),
    [
        ('kind = "workload"\nmax = -1', "rules.x.max", "integer >= 0"),
        ('kind = "workload"\nmin = -3', "rules.x.min", "integer >= 0"),
        ('kind = "workload"\nmax = 2\nduty = "day"', "rules.x.duty", "no duty with id 'day'"),
        ('kind = "workload"\nunit = "hours"\nmax = 2', "rules.x.unit", "unknown unit"),
        ('kind = "workload"', "rules.x.max", "min, max or both"),
        ('kind = "workload"\nmin = 3\nmax = 2', "rules.x.min", "above max"),
        ('kind = "weekends"\nmax = -1', "rules.x.max", "integer >= 0"),
        ('kind = "weekends"', "rules.x.max", "missing"),
        ('kind = "weekends"\nmax = 1\nduty = "day"', "rules.x.duty", "no duty with id 'day'"),
        ('kind = "weekends"\nmax = 1\nunit = "minutes"', "rules.x.unit", "unknown key"),
    ],
)
def test_bad_rule_params_name_file_and_key(tmp_path: Path, table: str, key: str, fragment: str):
    err = load_error(make_folder(tmp_path, toml=MINI_TOML + f"\n[rules.x]\n{table}\n"))
    assert err.file == "scenario.toml"
    assert str(err).startswith(f"scenario.toml: {key}: ")
    assert fragment in err.message


def test_rule_defaults(tmp_path: Path):
    toml = MINI_TOML + (
        '\n[rules.load]\nkind = "workload"\nmax = 4\n\n[rules.weekends]\nmax = 1\nduty = "night"\n'
    )
    by_name = {r.name: r for r in load_scenario(make_folder(tmp_path, toml=toml)).rules}
    assert by_name["load"].hard and by_name["weekends"].hard
    assert dict(by_name["load"].params) == {"unit": "duties", "duty": "", "max": 4}
    assert dict(by_name["weekends"].params) == {"max": 1, "duty": "night"}


# ---- messages ----


def test_messages_in_both_languages_name_the_duty_and_not_the_reason():
    sc = scenario(
        [person("a"), person("b")],
        days=7,
        availability=[period("b", 0, 3)],
        rules=[
            rule("workload", max=1, duty="night"),
            rule("workload", name="mins", min=5, unit="minutes"),
            rule("weekends", max=0),
        ],
    )
    roster = [seat("a", START + timedelta(d)) for d in (4, 5)]
    expected = {
        "en": {
            "Name a (a): 2 duties of Night duty in the period, at most 1 duty",
            "Name b (b): 0 minutes in the period, at least 5 minutes",
            "Name a (a): on duty on 1 weekend, at most 0",
        },
        "zh": {
            "Name a (a)：本期Night duty2次，最多1次",
            "Name b (b)：本期值班0分钟，至少5分钟",
            "Name a (a)：本期1个周末有值班，最多0个",
        },
    }
    for language, messages in expected.items():
        report = check(dataclasses.replace(sc, language=language), roster)
        assert {v.message for v in report.violations} == messages
