"""Fairness with options (deviation, spread) and the fairness ledger (history.csv)."""

from __future__ import annotations

import dataclasses
import itertools
import math
from datetime import UTC, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import pytest

from inputs.history import read_history
from inputs.load import load_scenario
from inputs.rules import read_rules
from inputs.tables import read_csv_table
from inputs.toml_reader import TomlTable
from outputs.export import export_all
from outputs.ledger import ledger_csv, worked_shifts
from roster.check import check
from roster.errors import InputError
from roster.fairness import (
    Share,
    deviation_cost,
    fair_shares,
    nearest,
    nearest_split,
    next_ledger,
    past_counts,
    to_the_fraction_figures,
    water_fill,
)
from roster.model import LedgerEntry, Scenario
from roster.result import Assignment
from solver import blocks
from solver.nearest_split import seat_prices
from tests.builders import START, period, person, rule, scenario, solve_checked, worked

NOW = datetime(2020, 2, 1, tzinfo=UTC)


def fair(**params: object):
    return rule("fairness", hard=False, **params)


def distance(**params: object):
    """Fairness measured to the fraction: each count's distance from its exact share."""
    return rule("fairness", hard=False, measure="distance", **params)


def with_history(sc: Scenario, *rows: tuple[str, str, int]) -> Scenario:
    return dataclasses.replace(sc, history=tuple(LedgerEntry(*r) for r in rows))


def loads(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for pid, _ in worked(result):
        out[pid] = out.get(pid, 0) + 1
    return out


def on(day: int, pid: str) -> Assignment:
    return Assignment(START + timedelta(day), "night", "1", "", pid)


def fairness_keys(violations) -> list[tuple]:
    return sorted(
        (v.person_id, v.duty_id, v.role, v.amount, v.cost)
        for v in violations
        if v.kind == "fairness"
    )


# ---- shares ----


def test_shares_without_history_are_the_proportional_water_fill():
    # a available 4 nights, b 2: 4 seats shared 8/3 and 4/3 (as before the ledger).
    sc = scenario([person("a"), person("b")], days=4, availability=[period("b", 2, 3)])
    shares = fair_shares(sc, "all")
    assert (shares["a"].share, shares["b"].share) == (Fraction(8, 3), Fraction(4, 3))
    assert (shares["a"].past, shares["b"].past) == (0, 0)


def test_shares_continue_from_history_worked_example():
    # docs/rules.md: 8 nights, a 6 before, b 2, c 1, d a newcomer (starts at floor(9/3) = 3).
    sc = scenario([person(p) for p in "abcd"], days=8)
    sc = with_history(sc, ("a", "all", 6), ("b", "all", 2), ("c", "all", 1))
    shares = fair_shares(sc, "all")
    assert past_counts(sc, "all") == {"a": 6, "b": 2, "c": 1, "d": 3}
    assert {p: s.share for p, s in shares.items()} == {
        "a": 0,
        "b": Fraction(8, 3),
        "c": Fraction(11, 3),
        "d": Fraction(5, 3),
    }
    assert [(shares[p].low, shares[p].high) for p in "abcd"] == [(0, 0), (2, 3), (3, 4), (1, 2)]


def test_a_row_of_zero_is_behind_while_a_missing_row_is_a_newcomer():
    sc = scenario([person("a"), person("b")], days=4)
    newcomer = fair_shares(with_history(sc, ("a", "all", 4)), "all")
    behind = fair_shares(with_history(sc, ("a", "all", 4), ("b", "all", 0)), "all")
    assert (newcomer["a"].share, newcomer["b"].share) == (2, 2)
    assert (behind["a"].share, behind["b"].share) == (0, 4)


def test_history_of_another_category_does_not_move_the_shares():
    sc = with_history(scenario([person("a"), person("b")], days=4), ("a", "weekend", 9))
    assert {p: s.share for p, s in fair_shares(sc, "all").items()} == {"a": 2, "b": 2}


def test_shares_never_negative_nor_above_what_a_person_can_carry():
    # a did 100 before, b is available 1 night of 4: b carries 1, the other 3 stay with a.
    sc = scenario([person("a"), person("b")], days=4, availability=[period("b", 1, 3)])
    sc = with_history(sc, ("a", "all", 100), ("b", "all", 0))
    shares = fair_shares(sc, "all")
    assert (shares["a"].share, shares["b"].share) == (3, 1)


def test_hard_cap_bounds_the_share_of_all():
    sc = scenario([person("a", max_shifts=1), person("b")], days=4, rules=[rule("max_shifts")])
    sc = with_history(sc, ("a", "all", 0), ("b", "all", 4))
    shares = fair_shares(sc, "all")
    assert (shares["a"].share, shares["b"].share) == (1, 3)


@pytest.mark.parametrize("demand", [0, 1, 5, 9, 14, 30])
def test_water_fill_sums_to_the_demand_within_the_bounds(demand: int):
    weights = {"a": 4, "b": 1, "c": 3, "d": 0, "e": 4}
    past = {"a": 7, "b": 0, "c": 2, "d": 5, "e": 0}
    caps = {p: Fraction(c) for p, c in {"a": 4, "b": 1, "c": 2, "d": 0, "e": 4}.items()}
    shares = water_fill(Fraction(demand), weights, past, caps)
    assert sum(shares.values()) == min(demand, sum(caps.values()))
    assert all(0 <= shares[p] <= caps[p] for p in weights) and shares["d"] == 0


def test_water_fill_equals_one_level_for_every_open_person():
    # Not clamped => past + share = level * weight, the same level for everyone.
    weights = {"a": 2, "b": 3, "c": 3}
    past = {"a": 1, "b": 1, "c": 4}
    caps = {p: Fraction(10) for p in weights}
    shares = water_fill(Fraction(7), weights, past, caps)
    levels = {(past[p] + shares[p]) / weights[p] for p in weights}
    assert len(levels) == 1 and sum(shares.values()) == 7


# ---- deviation with history, solved ----


def test_solver_gives_fewer_duties_to_who_did_more_before():
    rules = [rule("cover"), fair(categories={"all": 10})]
    sc = scenario([person("a"), person("b")], days=4, rules=rules)
    sc = with_history(sc, ("a", "all", 2), ("b", "all", 0))
    r = solve_checked(sc)
    assert r.objective == 0 and loads(r) == {"a": 1, "b": 3}


def test_history_share_that_cannot_be_met_costs_exactly():
    # Shares a 0, b 4, but rest lets b work only 2 of the 4 nights: a 2 over, b 2 under.
    rules = [rule("cover"), rule("rest", free_days=1), fair(categories={"all": 10})]
    sc = with_history(
        scenario([person("a"), person("b")], days=4, rules=rules), ("a", "all", 4), ("b", "all", 0)
    )
    r = solve_checked(sc)
    assert loads(r) == {"a": 2, "b": 2}
    assert fairness_keys(r.violations) == [
        ("a", "category:all", "", 2, 20),
        ("b", "category:all", "", 2, 20),
    ]
    assert r.objective == 40


def test_history_share_that_cannot_be_met_costs_the_same_to_the_fraction():
    # Whole shares: the distance to the share is the distance to the band; the amount is
    # the cost, 10 * 2 each.
    rules = [rule("cover"), rule("rest", free_days=1), distance(categories={"all": 10})]
    sc = with_history(
        scenario([person("a"), person("b")], days=4, rules=rules), ("a", "all", 4), ("b", "all", 0)
    )
    r = solve_checked(sc)
    assert fairness_keys(r.violations) == [
        ("a", "category:all", "", 20, 20),
        ("b", "category:all", "", 20, 20),
    ]


# ---- deviation to the fraction ----


def fraction_case(weight: int = 10) -> Scenario:
    """9 nights of 1 seat; b is away the last night: shares a 81/17 (4.76), b 72/17 (4.24).

    a alone can take night 8; of the other 8 nights each takes 4 or one takes 5: one
    night to give, and both 5/4 and 4/5 are inside the bands [4, 5]."""
    rules = [rule("cover"), distance(categories={"all": weight})]
    return scenario(
        [person("a"), person("b")], days=9, availability=[period("b", 8, 8)], rules=rules
    )


def test_to_the_band_either_split_of_the_extra_night_costs_the_same():
    """The default measure, `deviation`, cannot tell 4.1 from 4.9: both are in their band."""
    sc = dataclasses.replace(fraction_case(), rules=(rule("cover"), fair(categories={"all": 10})))
    nights = [on(d, "a") for d in (0, 2, 4, 6, 8)] + [on(d, "b") for d in (1, 3, 5, 7)]
    swapped = [on(d, "a") for d in (0, 2, 4, 8)] + [on(d, "b") for d in (1, 3, 5, 6, 7)]
    assert check(sc, nights).objective == check(sc, swapped).objective == 0


def test_the_extra_night_goes_to_the_larger_fraction():
    sc = fraction_case()
    shares = fair_shares(sc, "all")
    assert (shares["a"].share, shares["b"].share) == (Fraction(81, 17), Fraction(72, 17))
    r = solve_checked(sc)
    assert loads(r) == {"a": 5, "b": 4}
    # a: 10 * (5 - 81/17) = 2.35 -> 2; b: 10 * (72/17 - 4) = 2.35 -> 2. The other way
    # round, 4/5, costs 7.6 -> 8 each: 16.
    assert fairness_keys(r.violations) == [
        ("a", "category:all", "", 2, 2),
        ("b", "category:all", "", 2, 2),
    ]
    assert r.objective == 4 and r.best_bound == 4


def test_the_checker_prices_the_smaller_fraction_higher():
    sc = fraction_case()
    nights = [on(d, "a") for d in (0, 2, 4, 6, 8)] + [on(d, "b") for d in (1, 3, 5, 7)]
    swapped = [on(d, "a") for d in (0, 2, 4, 8)] + [on(d, "b") for d in (1, 3, 5, 6, 7)]
    assert check(sc, nights).objective == 4
    assert check(sc, swapped).objective == 16


@pytest.mark.parametrize("weight", [1, 3, 10, 100])
def test_deviation_cost_is_the_rounded_distance_and_convex(weight: int):
    for share in (Fraction(0), Fraction(3), Fraction(41, 10), Fraction(49, 10), Fraction(5, 2)):
        s = Share(10, share, math.floor(share), math.ceil(share))
        costs = [deviation_cost(s, weight, k) for k in range(10)]
        assert costs == [nearest(weight * abs(k - share)) for k in range(10)]
        steps = [b - a for a, b in itertools.pairwise(costs)]
        assert steps == sorted(steps) and all(-weight <= x <= weight for x in steps)


def test_a_weight_of_one_still_tells_a_tenth_from_nine_tenths():
    # Rounded to whole cost units, 4.1 vs 4.9 is 0 + 0 one way and 1 + 1 the other.
    low, high = (Share(9, Fraction(n, 10), 4, 5) for n in (41, 49))
    assert deviation_cost(low, 1, 4) + deviation_cost(high, 1, 5) == 0
    assert deviation_cost(low, 1, 5) + deviation_cost(high, 1, 4) == 2


def test_deviation_message_names_the_past():
    sc = scenario([person("a"), person("b")], days=2, rules=[fair(categories={"all": 1})])
    sc = with_history(sc, ("a", "all", 3), ("b", "all", 1))
    report = check(sc, [on(0, "a"), on(1, "a")])
    assert report.violations[0].message == (
        "Name a (a): 2 duties, fair share 0 (0 to 0) after 3 before this period"
    )
    zh = check(dataclasses.replace(sc, language="zh"), [on(0, "a"), on(1, "a")])
    assert zh.violations[0].message == "Name a (a)：值班2次，此前已3次，本期合理份额约0次（0至0次）"


# ---- spread ----


def holidays_case(weights: dict, measure, spread_weight=None):
    """6 holiday nights, shares 2 each; a's hard cap of 0 leaves b and c to share 6."""
    params = {"categories": weights, "measure": measure}
    if spread_weight is not None:
        params["spread_weight"] = spread_weight
    people = [person("a", max_shifts=0), person("b"), person("c")]
    rules = [rule("cover"), rule("max_shifts"), fair(**params)]
    return scenario(people, days=6, holidays=range(6), rules=rules)


def test_spread_breaks_the_tie_that_deviation_leaves():
    # deviation alone: 3/3 and 4/2 both cost 4 units; spread prefers 3/3 (3 units, 4/2: 4).
    sc = holidays_case({"holiday": 10}, ("deviation", "spread"), {"holiday": 5})
    r = solve_checked(sc)
    assert loads(r) == {"b": 3, "c": 3}
    assert ("", "category:holiday", "spread", 3, 15) in fairness_keys(r.violations)
    assert r.objective == 4 * 10 + 3 * 5


def test_spread_weight_defaults_to_the_categories_weights():
    r = solve_checked(holidays_case({"holiday": 7}, "spread"))
    assert fairness_keys(r.violations) == [("", "category:holiday", "spread", 3, 21)]
    assert r.objective == 21


def test_spread_with_fractional_bands_solved():
    # 5 holiday nights, shares 5/3 (band [1, 2]); a is capped at 0, so b and c share 5.
    # 3/2: max(count - 2) = 1 (b), min(count - 1) = -1 (a): 2. 4/1 would be 3.
    people = [person("a", max_shifts=0), person("b"), person("c")]
    rules = [rule("cover"), rule("max_shifts"), fair(categories={"holiday": 1}, measure="spread")]
    r = solve_checked(scenario(people, days=5, holidays=range(5), rules=rules))
    assert sorted(loads(r).values()) == [2, 3]
    assert fairness_keys(r.violations) == [("", "category:holiday", "spread", 2, 2)]
    assert r.objective == 2


def test_spread_definition_on_hand_rosters():
    # 4 nights, 3 people all available: shares 4/3, band [1, 2].
    sc = scenario(
        [person(p) for p in "abc"], days=4, rules=[fair(categories={"all": 2}, measure="spread")]
    )
    even = check(sc, [on(0, "a"), on(1, "b"), on(2, "c"), on(3, "a")])
    assert even.violations == ()
    uneven = check(sc, [on(0, "a"), on(1, "a"), on(2, "a"), on(3, "b")])
    (v,) = uneven.violations
    # max(count - 2) = 1 (a), min(count - 1) = -1 (c): uneven by 2.
    assert fairness_keys([v]) == [("", "category:all", "spread", 2, 4)]
    assert v.message == (
        "duties: uneven by 2: Name a (a) has 3 (fair 1 to 2); Name c (c) has 0 (fair 1 to 2)"
    )


def test_spread_ignores_people_with_no_availability_in_the_category():
    # c is unavailable all 4 nights: only a and b count; 2/2 is even.
    sc = scenario(
        [person(p) for p in "abc"],
        days=4,
        availability=[period("c", 0, 3)],
        rules=[rule("cover"), fair(categories={"all": 3}, measure="spread")],
    )
    r = solve_checked(sc)
    assert r.objective == 0 and loads(r) == {"a": 2, "b": 2}


def test_spread_and_deviation_agree_with_the_checker_on_every_roster():
    # Exhaustive over a tiny horizon: the checker's spread equals the brute-force definition.
    sc = scenario(
        [person(p) for p in "abc"],
        days=3,
        availability=[period("c", 0, 1)],
        rules=[fair(categories={"all": 1}, measure=["deviation", "spread"])],
    )
    shares = fair_shares(sc, "all")
    for who in itertools.product("abc", repeat=3):
        roster = [on(day, p) for day, p in enumerate(who)]
        counts = {p: who.count(p) for p in "abc"}
        eligible = [p for p in "abc" if shares[p].available]
        expect = max(counts[p] - shares[p].high for p in eligible) - min(
            counts[p] - shares[p].low for p in eligible
        )
        spread = [v.amount for v in check(sc, roster).violations if v.role == "spread"]
        assert spread == ([expect] if expect > 0 else [])


# ---- the ledger ----


def ledger_scenario() -> Scenario:
    rules = [rule("cover"), fair(categories={"all": 10, "weekend": 0})]
    sc = scenario([person("a"), person("b"), person("c")], days=7, rules=rules)
    # c is a newcomer (no rows); holiday is carried over though no rule states it.
    return with_history(sc, ("a", "all", 5), ("b", "all", 2), ("a", "holiday", 1))


def test_next_ledger_adds_this_roster_to_the_past():
    sc = ledger_scenario()
    shifts = {"a": [sc.shifts[0]], "b": [sc.shifts[5], sc.shifts[6]]}  # b: Sat, Sun
    assert next_ledger(sc, shifts) == [
        LedgerEntry("a", "all", 6),
        LedgerEntry("b", "all", 4),
        LedgerEntry("c", "all", 3),  # newcomer starts at floor(7 / 2) = 3
        LedgerEntry("a", "weekend", 0),
        LedgerEntry("b", "weekend", 2),
        LedgerEntry("c", "weekend", 0),
        LedgerEntry("a", "holiday", 1),
        LedgerEntry("b", "holiday", 1),  # newcomers to the holiday count too
        LedgerEntry("c", "holiday", 1),
    ]


def test_ledger_round_trip_through_history_csv(tmp_path: Path):
    sc = ledger_scenario()
    r = solve_checked(sc)
    export_all(sc, r, tmp_path, now=NOW)
    raw = (tmp_path / "history.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw == ledger_csv(sc, r.assignments)
    table = read_csv_table(tmp_path / "history.csv")
    nxt = sc.end + timedelta(1)
    back = read_history(table, {"a", "b", "c"}, ["night"], nxt)
    assert list(back) == next_ledger(sc, worked_shifts(sc, r.assignments))
    assert sum(e.count for e in back if e.category == "all") == 7 + 5 + 2 + 3
    # The same file fed back into the same period would count it twice: refused.
    with pytest.raises(InputError) as err:
        read_history(table, {"a", "b", "c"}, ["night"], sc.start)
    assert (err.value.file, err.value.row, err.value.column) == ("history.csv", 2, "through")


def test_no_ledger_without_any_category(tmp_path: Path):
    sc = scenario([person("a")], days=1, rules=[rule("cover")])
    r = solve_checked(sc)
    export_all(sc, r, tmp_path, now=NOW)
    assert not (tmp_path / "history.csv").exists()


def test_a_night_on_the_last_date_counts_in_this_rosters_ledger():
    sc = ledger_scenario()
    last = sc.shifts[-1]
    assert last.date == sc.end and last.end.date() > sc.end
    entries = next_ledger(sc, {"c": [last]})
    assert LedgerEntry("c", "all", 4) in entries and LedgerEntry("c", "weekend", 1) in entries


# ---- reading history.csv ----

TOML = """\
id = "t"
name = "t"
timezone = "Asia/Shanghai"
language = "en"
start = 2020-02-03
end = 2020-02-06

[[duties]]
id = "night"
name = "Night"
location = "Gate"
start = "17:00"
end = "07:00"

  [[duties.groups]]
  id = "1"
  name = "G1"
  size = 1

[rules.cover]

[rules.fairness]
categories = { all = 10 }
"""

PEOPLE = "person_id,name,school,roles\na,A,S,\nb,B,S,\n"


def folder(tmp_path: Path, history: str) -> Path:
    (tmp_path / "scenario.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "history.csv").write_text(history, encoding="utf-8")
    return tmp_path


def test_history_loads_into_the_scenario_and_solves(tmp_path: Path):
    history = "person_id,category,count,through\na,ALL,3,2020-02-02\nb,all,1,\n"
    sc = load_scenario(folder(tmp_path, history))
    assert sc.history == (LedgerEntry("a", "all", 3), LedgerEntry("b", "all", 1))
    r = solve_checked(sc)  # shares a 1, b 3
    assert r.objective == 0 and loads(r) == {"a": 1, "b": 3}


def test_history_is_optional(tmp_path: Path):
    (tmp_path / "scenario.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    assert load_scenario(tmp_path).history == ()


@pytest.mark.parametrize(
    ("body", "row", "column", "fragment"),
    [
        ("z,all,1\n", 2, "person_id", "no person with person_id 'z'"),
        ("a,nights,1\n", 2, "category", "unknown category 'nights'"),
        ("a,duty:day,1\n", 2, "category", "unknown category 'duty:day'"),
        ("a,all,-2\n", 2, "count", "'-2' is not a whole number >= 0"),
        ("a,all,1.5\n", 2, "count", "not a whole number"),
        ("a,all,\n", 2, "count", "'count' is empty"),
        ("a,all,1\nb,all,1\na,all,2\n", 4, "category", "already in row 2"),
        (",all,1\n", 2, "person_id", "'person_id' is empty"),
    ],
)
def test_bad_history_rows_name_file_row_and_column(
    tmp_path: Path, body: str, row: int, column: str, fragment: str
):
    with pytest.raises(InputError) as err:
        load_scenario(folder(tmp_path, "person_id,category,count\n" + body))
    assert (err.value.file, err.value.row, err.value.column) == ("history.csv", row, column)
    assert fragment in err.value.message


def test_history_needs_its_columns(tmp_path: Path):
    with pytest.raises(InputError) as err:
        load_scenario(folder(tmp_path, "person_id,count\na,1\n"))
    assert err.value.file == "history.csv" and "'category'" in err.value.message


# ---- rule parameters ----


def read_fairness(**table: object):
    (spec,) = read_rules(TomlTable({"fair": {"kind": "fairness", **table}}, "rules"), ["night"])
    return spec


def test_measure_and_spread_weight_are_read():
    spec = read_fairness(
        categories={"all": 10, "weekend": 4},
        measure=["deviation", "spread"],
        spread_weight={"all": 5},
    )
    assert spec.param("measure") == ("deviation", "spread")
    assert dict(spec.param("spread_weight")) == {"all": 5}
    assert read_fairness(categories={"all": 1}).param("measure") == ("deviation",)
    assert read_fairness(categories={"all": 1}, measure="spread").param("measure") == ("spread",)


@pytest.mark.parametrize(
    ("table", "key", "fragment"),
    [
        ({"categories": {"all": -1}}, "rules.fair.categories.all", "integer >= 0"),
        ({"categories": {"duty:day": 1}}, 'rules.fair.categories."duty:day"', "no duty"),
        ({"categories": {"nights": 1}}, "rules.fair.categories.nights", "unknown fairness"),
        ({"categories": {"all": 1}, "measure": "max"}, "rules.fair.measure", '"spread"'),
        ({"categories": {"all": 1}, "measure": []}, "rules.fair.measure", "expected"),
        (
            {"categories": {"all": 1}, "spread_weight": {"all": 2}},
            "rules.fair.spread_weight",
            'measure "spread"',
        ),
        (
            {"categories": {"all": 1}, "measure": "spread", "spread_weight": {"weekend": 2}},
            "rules.fair.spread_weight.weekend",
            "not a category of this rule",
        ),
        (
            {"categories": {"all": 1}, "measure": "spread", "spread_weight": {"all": -3}},
            "rules.fair.spread_weight.all",
            "integer >= 0",
        ),
        ({"categories": {"all": 1}, "weight": 3}, "rules.fair.weight", "unknown key"),
        ({"categories": {"all": 1}, "hard": True}, "rules.fair.hard", "always soft"),
    ],
)
def test_bad_fairness_parameters_name_file_and_key(table: dict, key: str, fragment: str):
    with pytest.raises(InputError) as err:
        read_fairness(**table)
    assert err.value.file == "scenario.toml"
    assert err.value.message.startswith(f"{key}:") and fragment in err.value.message


# ---- the nearest split and the person bounds ----


def test_nearest_split_rounds_the_largest_fractions_up():
    shares = {"a": Fraction(41, 10), "b": Fraction(49, 10), "c": Fraction(3), "d": Fraction(1)}
    assert nearest_split(shares) == {"a": 4, "b": 5, "c": 3, "d": 1}
    # equal fractions: the given order decides, and the counts add up to the shares' sum
    even = {p: Fraction(4, 3) for p in "xyz"}
    assert nearest_split(even) == {"x": 2, "y": 1, "z": 1}


def thirds_case(rules=None) -> Scenario:
    """4 nights of 1 seat for 3 people available every night: shares 4/3 each."""
    rules = [rule("cover"), distance(categories={"all": 10})] if rules is None else rules
    return scenario([person(p) for p in "abc"], days=4, rules=rules)


def test_priced_person_bounds_reach_the_least_cost_the_plain_ones_miss():
    # Alone, each takes 1 night (10/3 -> 3); the seats need one of them at 2 (20/3 -> 7).
    sc = thirds_case()
    found = blocks.person_bounds(sc, processes=1)
    assert sum(b.lower for b in found) == 9
    assert blocks.pool_bound(found) == 13 == solve_checked(sc).objective
    assert sorted(b.upper for b in found) == [3, 3, 7]
    assert [b.others for b in found] == [0, 0, 0]  # nothing but fairness costs here


def test_no_seat_price_without_a_cover_rule_to_hold_the_seats():
    sc = thirds_case([distance(categories={"all": 10})])  # nobody need work: 0 is a roster
    assert seat_prices(sc, blocks.all_shares(sc)) == {}
    assert blocks.pool_bound(blocks.person_bounds(sc, processes=1)) == 9


# ---- fairness to the fraction, the default (solver/fraction.py) ----


def three_shares(*extra_rules) -> Scenario:
    """10 nights of one seat; a free all 10, b 8, c 3: shares 100/21, 80/21, 30/21
    (4.76, 3.81, 1.43). The band lets (5, 4, 1), (5, 3, 2) and (4, 4, 2) cost the same;
    the nearest split is (5, 4, 1): the two largest fractions round up."""
    return scenario(
        [person("a"), person("b"), person("c")],
        days=10,
        availability=[period("b", 8, 9), period("c", 3, 9)],
        rules=[rule("cover"), fair(categories={"all": 10}), *extra_rules],
    )


def fraction_checked(sc: Scenario, result) -> int:
    """The second stage's reported distance, re-derived by the checker from the roster."""
    from roster.checking import Roster
    from roster.checks.fairness import fraction_distance

    derived = fraction_distance(Roster(sc, result.assignments))
    assert result.stats["fraction"]["after"] == derived
    return derived


def test_the_extra_night_goes_to_the_larger_fraction_by_default():
    sc = three_shares()
    assert {p: s.target for p, s in fair_shares(sc, "all").items()} == {"a": 5, "b": 4, "c": 1}
    result = solve_checked(sc)
    assert loads(result) == {"a": 5, "b": 4, "c": 1}
    assert result.objective == 0  # the band's objective: every roster above costs 0
    # 10 * round(100 * |count - share|): 24 + 19 + 43 hundredths, weight 10
    assert fraction_checked(sc, result) == 10 * (24 + 19 + 43)
    assert result.stats["fraction"]["least"] == 10 * (24 + 19 + 43)


def test_the_figures_to_the_fraction_are_exact():
    sc = three_shares()
    worked_by = worked_shifts(sc, [on(d, "a") for d in range(4)] + [on(d, "c") for d in (4, 5)])
    (figure,) = to_the_fraction_figures(sc, worked_by)
    shares = {"a": Fraction(100, 21), "b": Fraction(80, 21), "c": Fraction(30, 21)}
    counts = {"a": 4, "b": 0, "c": 2}
    assert figure.category == "all"
    assert figure.distance == sum(abs(counts[p] - shares[p]) for p in shares)
    assert figure.least == abs(5 - shares["a"]) + abs(4 - shares["b"]) + abs(1 - shares["c"])


def test_the_summary_says_how_far_from_the_shares():
    from outputs.summary import human_summary, summary_dict

    sc = three_shares()
    result = solve_checked(sc)
    shares = (Fraction(100, 21), Fraction(80, 21), Fraction(30, 21))
    least = float(sum(abs(n - s) for n, s in zip((5, 4, 1), shares, strict=True)))
    figures = summary_dict(sc, result)["fairness_to_the_fraction"]
    assert figures == {"all": {"distance": round(least, 2), "least": round(least, 2)}}
    assert f"all {round(least, 2)} (least possible {round(least, 2)})" in human_summary(sc, result)


def test_a_re_solve_buys_no_fairness_with_a_change():
    from solver.baseline import Baseline

    sc = three_shares()
    # Published: a 5, b 3, c 2, every count in its band (cost 0), c where b could be. The
    # fewest changes keep it all; the second stage may not move c's night to b, since
    # that would be a change (lexicographic, or priced at 1 per change).
    night_of = dict(enumerate("ccaababbaa"))
    published = tuple(on(d, pid) for d, pid in night_of.items())
    for weight in (None, 1):
        result = solve_checked(sc, Baseline(published, change_weight=weight))
        assert loads(result) == {"a": 5, "b": 3, "c": 2}
        assert result.stats["changes"] == 0
        if "fraction" in result.stats:
            fraction_checked(sc, result)


def test_measured_to_the_fraction_the_objective_already_chooses():
    sc = three_shares()
    sc = dataclasses.replace(
        sc, rules=(rule("cover"), distance(categories={"all": 10}))
    )
    result = solve_checked(sc)
    assert loads(result) == {"a": 5, "b": 4, "c": 1}
    assert "fraction" not in result.stats  # no second stage: nothing left to choose


def test_the_phased_model_reaches_the_nearest_split():
    """190 people over 60 nights of one seat (past PHASED_MIN_PAIRS: solved in phases, the
    stage by local search from the band's roster), a third of them away for a while: every
    count ends at the nearest split, the least possible sum of |count - share|."""
    people = [person(f"p{i:03d}") for i in range(190)]
    away = [period(f"p{i:03d}", 0, (i * 7) % 40) for i in range(0, 190, 3)]
    rules = [rule("cover"), fair(categories={"all": 10})]
    sc = scenario(people, days=60, availability=away, rules=rules)
    result = solve_checked(sc)
    assert result.stats["phased"] is True
    stage = result.stats["fraction"]
    assert stage["before"] > stage["least"]  # the band's own roster was not the nearest
    assert fraction_checked(sc, result) == stage["least"]
    targets = {p: s.target for p, s in fair_shares(sc, "all").items()}
    assert {p.id: loads(result).get(p.id, 0) for p in people} == targets


def test_schools_solved_apart_give_the_extra_night_to_the_larger_fraction():
    """Two schools that share nobody are solved as parts (solver/decompose.py): each part
    runs the second stage. School A is `three_shares`' pool on its own nightly rotation."""
    from roster.model import Duty, Group, Person, School

    def staff(pid: str, school: str) -> Person:
        return Person(pid, f"Name {pid}", f"School {school.upper()}", school_id=school)

    def rotation(school: str) -> Duty:
        groups = (Group("1", "Duty", 1, MappingProxyType({})),)
        return Duty(
            f"{school}:night", f"School {school.upper()} night", f"School {school.upper()}",
            time(17), time(7), groups, school_id=school, staff_schools=frozenset({school}),
        )  # fmt: skip

    people = [staff(p, "a") for p in ("a1", "a2", "a3")] + [staff(p, "b") for p in ("b1", "b2")]
    sc = scenario(
        people,
        days=10,
        duties=[rotation("a"), rotation("b")],
        availability=[period("a2", 8, 9), period("a3", 3, 9)],
        rules=[rule("cover"), fair(categories={"all": 10})],
    )
    sc = dataclasses.replace(sc, schools=(School("a", "School A"), School("b", "School B")))
    result = solve_checked(sc)
    assert result.stats["decomposed"] is True
    assert {p: n for p, n in loads(result).items() if p.startswith("a")} == {
        "a1": 5,
        "a2": 4,
        "a3": 1,
    }
