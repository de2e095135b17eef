"""The independent checker and the explanations on hand-made rosters with exact answers."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta
from fractions import Fraction
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from roster.check import CheckReport, check
from roster.explain import explain_shortages, precheck
from roster.fairness import fair_shares
from roster.model import Duty, Group, Scenario
from roster.result import Assignment, Violation
from tests.builders import START, group, night, period, person, rule, scenario

HARD = 100_000
REASON = "居家隔离 private-reason-7"


def on(day: int, pid: str, grp: str = "1", role: str = "", duty: str = "night") -> Assignment:
    return Assignment(START + timedelta(day), duty, grp, role, pid)


def d(day: int) -> date:
    return START + timedelta(day)


def keys(report: CheckReport) -> list[tuple]:
    """(rule, kind, day index or None, person, duty, group, role, amount, cost) per violation."""
    return [
        (
            v.rule,
            v.kind,
            None if v.date is None else (v.date - START).days,
            v.person_id,
            v.duty_id,
            v.group_id,
            v.role,
            v.amount,
            v.cost,
        )
        for v in report.violations
    ]


def two_groups(size1: int = 2, size2: int = 2, **roles: int) -> Duty:
    return night([group("1", size1, **roles), group("2", size2, **roles)])


def zh(sc: Scenario) -> Scenario:
    return dataclasses.replace(sc, language="zh")


# ---- empty roster, cover, overfilled ----


def test_empty_roster_without_rules_is_clean():
    sc = scenario([person("a"), person("b")], days=3, duties=[two_groups()])
    report = check(sc, [])
    assert report.violations == () and report.objective == 0 and report.ok


def test_empty_roster_reports_every_empty_seat():
    sc = scenario([person("a")], days=2, duties=[two_groups(2, 1)], rules=[rule("cover")])
    report = check(sc, [])
    assert keys(report) == [
        ("cover", "cover", 0, "", "night", "1", "", 2, 2 * HARD),
        ("cover", "cover", 0, "", "night", "2", "", 1, HARD),
        ("cover", "cover", 1, "", "night", "1", "", 2, 2 * HARD),
        ("cover", "cover", 1, "", "night", "2", "", 1, HARD),
    ]
    assert report.objective == 6 * HARD and not report.ok


def test_cover_shortfall_costs_hard_weight_per_missing_seat():
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=1,
        duties=[two_groups(3, 2)],
        rules=[rule("cover")],
    )
    report = check(sc, [on(0, "a"), on(0, "b", "2"), on(0, "c", "2")])
    assert keys(report) == [("cover", "cover", 0, "", "night", "1", "", 2, 2 * HARD)]
    assert report.violations[0].message == "2020-02-03 Night duty G1: needs 3, 1 assigned"


def test_soft_cover_costs_its_weight():
    sc = scenario([person("a")], days=2, rules=[rule("cover", hard=False, weight=7, name="seats")])
    report = check(sc, [on(0, "a")])
    assert keys(report) == [("seats", "cover", 1, "", "night", "1", "", 1, 7)]
    assert report.ok  # a soft rule bent is not a hard violation


def test_cover_message_in_chinese_uses_the_scenarios_names():
    groups = tuple(Group(g, f"第{g}组", 8, MappingProxyType({})) for g in ("1", "2"))
    duty = Duty("checkpoint-night", "高速卡口夜班", "青威高速", time(17), time(7), groups)
    people = [person(f"t{i}") for i in range(6)]
    sc = zh(scenario(people, days=3, duties=[duty], rules=[rule("cover")]))
    roster = [Assignment(d(2), "checkpoint-night", "2", "", p.id) for p in people]
    report = check(sc, roster)
    messages = {(v.date, v.group_id): v.message for v in report.violations}
    assert messages[(date(2020, 2, 5), "2")] == "2020-02-05 高速卡口夜班 第2组：需要8人，实际6人"


def test_overfilled_group_is_always_hard_even_without_a_cover_rule():
    sc = scenario([person("a"), person("b")], days=1)
    report = check(sc, [on(0, "a"), on(0, "b")])
    assert keys(report) == [("cover", "overfilled", 0, "", "night", "1", "", 1, HARD)]
    assert report.hard == report.violations
    assert "needs 1, 2 assigned (1 too many)" in report.violations[0].message


def test_overfilled_is_named_after_a_soft_cover_rule_but_stays_hard():
    sc = scenario(
        [person("a"), person("b")],
        days=1,
        rules=[rule("cover", hard=False, weight=3, name="seats")],
    )
    (v,) = check(sc, [on(0, "a"), on(0, "b")]).violations
    assert (v.rule, v.kind, v.hard, v.cost) == ("seats", "overfilled", True, HARD)


# ---- roles ----


def leader_scenario(rules=("roles",)) -> Scenario:
    people = [person("a", "S1", "leader"), person("b"), person("c", "S1", "leader", "driver")]
    return scenario(
        people, days=1, duties=[night([group("1", 3, leader=1)])], rules=[rule(r) for r in rules]
    )


def test_role_seat_short_when_no_holder_sits_in_it():
    report = check(leader_scenario(), [on(0, "a"), on(0, "b")])
    assert keys(report) == [("roles", "roles", 0, "", "night", "1", "leader", 1, HARD)]
    assert report.violations[0].message == "2020-02-03 Night duty G1: needs 1 leader, 0 assigned"


def test_role_seat_taken_by_someone_without_the_role():
    report = check(leader_scenario(), [on(0, "b", role="leader"), on(0, "a")])
    assert keys(report) == [
        ("roles", "invalid_role", 0, "b", "night", "1", "leader", 1, HARD),
        ("roles", "roles", 0, "", "night", "1", "leader", 1, HARD),
    ]


def test_role_without_a_seat_and_too_many_holders_are_invalid():
    roster = [on(0, "a", role="leader"), on(0, "c", role="leader"), on(0, "b")]
    assert keys(check(leader_scenario(), roster)) == [
        ("roles", "invalid_role", 0, "c", "night", "1", "leader", 1, HARD)
    ]
    no_seat = [on(0, "a", role="leader"), on(0, "c", role="driver")]
    (v,) = check(leader_scenario(), no_seat).violations
    assert (v.kind, v.person_id, v.role) == ("invalid_role", "c", "driver")
    assert "the group has none" in v.message


def test_invalid_role_holders_are_checked_without_a_roles_rule():
    report = check(leader_scenario(rules=()), [on(0, "b", role="leader")])
    assert keys(report) == [("roles", "invalid_role", 0, "b", "night", "1", "leader", 1, HARD)]


# ---- availability, overlap, seats that do not exist ----


def test_unavailable_day_is_hard_and_the_reason_stays_private():
    sc = scenario(
        [person("a"), person("b")], days=3, availability=[period("a", 1, 1, reason=REASON)]
    )
    report = check(sc, [on(0, "a"), on(1, "a"), on(2, "b")])
    assert keys(report) == [("availability", "availability", 1, "a", "night", "1", "", 1, HARD)]
    assert REASON not in report.violations[0].message
    assert report.violations[0].message == (
        "2020-02-04 Night duty: Name a (a) is rostered on a day they cannot serve"
    )


def test_overnight_duty_belongs_to_its_start_date():
    # Unavailable from day 1: the night starting on day 0 (ending day 1 07:00) is fine.
    sc = scenario([person("a")], days=2, availability=[period("a", 1, 1)])
    assert check(sc, [on(0, "a")]).violations == ()


def test_double_booking_in_one_shift():
    sc = scenario([person("a"), person("b")], days=1, duties=[two_groups(1, 1)])
    report = check(sc, [on(0, "a", "1"), on(0, "a", "2")])
    assert keys(report) == [("overlap", "overlap", 0, "a", "night", "", "", 1, HARD)]
    assert "holds 2 seats on the same shift" in report.violations[0].message


def test_same_person_twice_in_one_group_counts_once_for_cover():
    sc = scenario([person("a")], days=1, duties=[night([group("1", 2)])], rules=[rule("cover")])
    report = check(sc, [on(0, "a"), on(0, "a")])
    assert keys(report) == [
        ("cover", "cover", 0, "", "night", "1", "", 1, HARD),
        ("overlap", "overlap", 0, "a", "night", "", "", 1, HARD),
    ]


def test_overlapping_duties_of_two_types():
    evening = night([group("1", 1)], duty_id="evening", start=time(17), end=time(23))
    late = night([group("1", 1)], duty_id="late", start=time(21), end=time(7))
    morning = night([group("1", 1)], duty_id="morning", start=time(6), end=time(12))
    sc = scenario([person("a")], days=2, duties=[evening, late, morning])
    report = check(
        sc,
        [
            on(0, "a", duty="evening"),
            on(0, "a", duty="late"),  # 21:00 inside 17:00-23:00
            on(1, "a", duty="morning"),  # 06:00 before the late night ends at 07:00
        ],
    )
    assert keys(report) == [
        ("overlap", "overlap", 0, "a", "evening", "", "", 1, HARD),
        ("overlap", "overlap", 0, "a", "late", "", "", 1, HARD),
    ]
    assert report.violations[0].message == (
        "Name a (a): 2020-02-03 Night duty and 2020-02-03 Night duty overlap in time"
    )


def test_back_to_back_duties_do_not_overlap():
    day = night([group("1", 1)], duty_id="day", start=time(7), end=time(17))
    sc = scenario([person("a")], days=2, duties=[day, night([group("1", 1)])])
    assert check(sc, [on(0, "a", duty="day"), on(0, "a"), on(1, "a", duty="day")]).ok


def test_assignments_to_seats_that_do_not_exist():
    weekdays = night([group("1", 1)], days="weekdays")
    sc = scenario([person("a")], days=7, duties=[weekdays], rules=[rule("cover")])
    roster = [
        on(-1, "a"),  # before the horizon
        on(5, "a"),  # a Saturday: the duty runs on weekdays only
        on(0, "a", grp="9"),  # no such group
        on(1, "a", duty="bus"),  # no such duty
        on(2, "zz"),  # no such person
        on(3, "a"),
    ]
    report = check(sc, roster)
    odd = [k for k in keys(report) if k[1].startswith("unknown")]
    assert odd == [
        ("unknown_shift", "unknown_shift", -1, "a", "night", "1", "", 1, HARD),
        ("unknown_shift", "unknown_shift", 0, "a", "night", "9", "", 1, HARD),
        ("unknown_shift", "unknown_shift", 1, "a", "bus", "1", "", 1, HARD),
        ("unknown_person", "unknown_person", 2, "zz", "night", "1", "", 1, HARD),
        ("unknown_shift", "unknown_shift", 5, "a", "night", "1", "", 1, HARD),
    ]
    # They fill no seat: days 0, 1, 2 and 4 are still uncovered; day 3 is covered.
    uncovered = [k[2] for k in keys(report) if k[1] == "cover"]
    assert uncovered == [0, 1, 2, 4]
    whys = [v.message for v in report.violations if v.kind == "unknown_shift"]
    assert whys[0].endswith("(outside the period 2020-02-03 to 2020-02-09)")
    assert whys[-1].endswith("(Night duty does not run that day)")


# ---- preferences ----

PREFS = rule("preferences", hard=False, prefer_not_weight=20, prefer_weight=5)


def test_prefer_not_worked_and_prefer_missed():
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        availability=[period("a", 0, 0, "prefer_not"), period("b", 1, 2, "prefer")],
        rules=[PREFS],
    )
    report = check(sc, [on(0, "a"), on(1, "b"), on(2, "a")])
    assert keys(report) == [
        ("preferences", "preferences", 0, "a", "night", "", "prefer_not", 1, 20),
        ("preferences", "preferences", 2, "b", "", "", "prefer", 1, 5),
    ]
    assert report.objective == 25 and report.ok
    assert (
        report.violations[0].message
        == "2020-02-03 Night duty: Name a (a) asked not to serve that day"
    )
    assert (
        report.violations[1].message
        == "2020-02-05: Name b (b) asked to serve that day but has no duty"
    )


def test_prefer_costs_nothing_when_unavailable_no_duty_runs_or_weight_is_zero():
    weekdays = night([group("1", 1)], days="weekdays")
    sc = scenario(
        [person("a"), person("b")],
        days=7,
        duties=[weekdays],
        availability=[
            period("a", 0, 0, "prefer"),
            period("a", 0, 0, "unavailable"),  # unavailable wins
            period("b", 5, 6, "prefer"),  # the weekend: no duty runs
        ],
        rules=[PREFS],
    )
    assert check(sc, []).violations == ()
    off = rule("preferences", hard=False, prefer_not_weight=20, prefer_weight=0)
    sc2 = scenario([person("a")], days=2, availability=[period("a", 0, 1, "prefer")], rules=[off])
    assert check(sc2, []).violations == ()


# ---- rest, max_in_window, max_shifts ----


def test_hard_rest_three_nights_in_a_row():
    sc = scenario([person("a")], days=3, rules=[rule("rest", free_days=1)])
    report = check(sc, [on(0, "a"), on(1, "a"), on(2, "a")])
    assert keys(report) == [
        ("rest", "rest", 0, "a", "", "", "", 1, HARD),
        ("rest", "rest", 1, "a", "", "", "", 1, HARD),
    ]
    assert report.violations[0].message == (
        "Name a (a): 2 duties in the 2 days from 2020-02-03; at least 1 free day between two duties"
    )


def test_soft_rest_weight_5_three_nights_in_a_row_costs_10():
    sc = scenario([person("a")], days=3, rules=[rule("rest", hard=False, weight=5, free_days=1)])
    report = check(sc, [on(0, "a"), on(1, "a"), on(2, "a")])
    assert report.objective == 10 and report.ok
    assert [(k[2], k[7], k[8]) for k in keys(report)] == [(0, 1, 5), (1, 1, 5)]


def test_rest_longer_than_the_horizon_makes_it_one_window():
    sc = scenario([person("a")], days=3, rules=[rule("rest", name="three_free", free_days=3)])
    assert keys(check(sc, [on(0, "a"), on(2, "a")])) == [
        ("three_free", "rest", 0, "a", "", "", "", 1, HARD)
    ]


def test_two_rest_rules_of_one_kind_report_under_their_own_names():
    rules = [
        rule("rest", name="no_back_to_back", free_days=1),
        rule("rest", name="three_free_nights", hard=False, weight=5, free_days=3),
    ]
    sc = scenario([person("a")], days=5, rules=rules)
    report = check(sc, [on(0, "a"), on(2, "a"), on(4, "a")])
    # Windows of 4 days: 0-3 and 1-4 each hold two duties.
    assert keys(report) == [
        ("three_free_nights", "rest", 0, "a", "", "", "", 1, 5),
        ("three_free_nights", "rest", 1, "a", "", "", "", 1, 5),
    ]


def test_max_in_window_per_window_inside_the_horizon():
    sc = scenario([person("a")], days=8, rules=[rule("max_in_window", max=1, days=7)])
    assert check(sc, [on(0, "a"), on(7, "a")]).violations == ()
    report = check(sc, [on(0, "a"), on(3, "a"), on(6, "a")])
    assert keys(report) == [
        ("max_in_window", "max_in_window", 0, "a", "", "", "", 2, 2 * HARD),
        ("max_in_window", "max_in_window", 1, "a", "", "", "", 1, HARD),
    ]
    assert report.violations[0].message == (
        "Name a (a): 3 duties in the 7 days from 2020-02-03, at most 1"
    )


def test_max_shifts_personal_and_global_caps():
    people = [person("a", max_shifts=1), person("b"), person("c", max_shifts=0), person("d")]
    duty = night([group("1", 4)])
    sc = scenario(people, days=5, duties=[duty], rules=[rule("max_shifts", max=3)])
    roster = [on(i, "a") for i in range(2)] + [on(i, "b") for i in range(5)] + [on(0, "c")]
    roster += [on(i, "d") for i in range(3)]
    report = check(sc, roster)
    assert keys(report) == [
        ("max_shifts", "max_shifts", None, "a", "", "", "", 1, HARD),
        ("max_shifts", "max_shifts", None, "b", "", "", "", 2, 2 * HARD),
        ("max_shifts", "max_shifts", None, "c", "", "", "", 1, HARD),
    ]
    assert report.violations[1].message == "Name b (b): 5 duties in the period, at most 3"


def test_max_shifts_without_any_cap_does_nothing():
    sc = scenario([person("a")], days=3, rules=[rule("max_shifts")])
    assert check(sc, [on(0, "a"), on(1, "a"), on(2, "a")]).violations == ()


# ---- fairness, same_school_group ----


def test_fairness_distance_from_a_known_share():
    # a is available 4 nights, b 2 nights; 4 seats: shares 8/3 and 4/3. The amount is the
    # cost, weight * |count - share| rounded: 10 * 4/3 = 13.3 -> 13 for each.
    fair = rule("fairness", hard=False, categories={"all": 10})
    sc = scenario(
        [person("a"), person("b")], days=4, availability=[period("b", 2, 3)], rules=[fair]
    )
    shares = fair_shares(sc, "all")
    assert (shares["a"].share, shares["b"].share) == (Fraction(8, 3), Fraction(4, 3))
    report = check(sc, [on(i, "a") for i in range(4)])
    assert keys(report) == [
        ("fairness", "fairness", None, "a", "category:all", "", "", 13, 13),
        ("fairness", "fairness", None, "b", "category:all", "", "", 13, 13),
    ]
    assert report.violations[0].message == "Name a (a): 4 duties, fair share 2.7 (2 to 3)"
    # 3 and 1, each 1/3 from its share: 3 + 3 (inside the band, so 0 before fairness was
    # measured to the fraction); 2 and 2 would cost 7 + 7.
    assert check(sc, [on(0, "a"), on(1, "b"), on(2, "a"), on(3, "a")]).objective == 6
    assert check(sc, [on(0, "b"), on(1, "b"), on(2, "a"), on(3, "a")]).objective == 14


def test_fairness_weekend_category_has_its_own_weight():
    fair = rule("fairness", hard=False, categories={"weekend": 3, "night": 0})
    sc = scenario([person("a"), person("b")], days=7, rules=[fair])
    report = check(sc, [on(i, "a") for i in range(7)])
    assert keys(report) == [
        # one weekend duty off a share of 1, at 3 a duty: amount = cost = 3
        ("fairness", "fairness", None, "a", "category:weekend", "", "", 3, 3),
        ("fairness", "fairness", None, "b", "category:weekend", "", "", 3, 3),
    ]
    zh_report = check(zh(sc), [on(i, "a") for i in range(7)])
    assert zh_report.violations[0].message == "Name a (a)：周末值班2次，合理份额约1次（1至1次）"


def test_same_school_group_per_shift_and_school():
    people = [
        person("a", "S1"),
        person("b", "S2"),
        person("c", "S1"),
        person("d", "S2"),
        person("e", ""),
        person("f", ""),
    ]
    sc = scenario(
        people,
        days=2,
        duties=[two_groups(3, 3)],
        rules=[rule("same_school_group", hard=False, weight=2)],
    )
    split = [on(0, "a"), on(0, "b"), on(0, "e"), on(0, "c", "2"), on(0, "d", "2"), on(0, "f", "2")]
    together = [on(1, "a"), on(1, "c"), on(1, "b", "2"), on(1, "d", "2")]
    report = check(sc, split + together)
    assert keys(report) == [
        ("same_school_group", "same_school_group", 0, "", "night", "", "", 1, 2),
        ("same_school_group", "same_school_group", 0, "", "night", "", "", 1, 2),
    ]
    assert [v.message for v in report.violations] == [
        "2020-02-03 Night duty: people of S1 are split over 2 groups",
        "2020-02-03 Night duty: people of S2 are split over 2 groups",
    ]


# ---- the report ----


def test_report_helpers_and_deterministic_order():
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        rules=[rule("cover"), rule("rest", hard=False, weight=5, free_days=1)],
    )
    roster = [on(0, "a"), on(1, "a"), on(2, "b")]
    report = check(sc, roster)
    assert report == check(sc, list(reversed(roster)))
    assert report.by_rule() == {"rest": (1, 1, 5), "cover": (1, 1, HARD)}
    assert [v.kind for v in report.hard] == ["cover"]
    assert report.objective == HARD + 5 and not report.ok


def test_unknown_rule_kind_is_refused():
    sc = scenario([person("a")], days=1, rules=[rule("no_such_family")])
    try:
        check(sc, [])
    except ValueError as err:
        assert "no_such_family" in str(err)
    else:
        raise AssertionError("an unknown rule kind must not be skipped silently")


# ---- explanations ----


def short_night() -> Scenario:
    people = [person("a", "S1", "leader"), person("b"), person("c"), person("d"), person("e")]
    return scenario(
        people,
        days=1,
        duties=[two_groups(2, 2, leader=1)],
        availability=[period("d", 0, 0, reason=REASON), period("e", 0, 0, reason=REASON)],
        rules=[rule("cover"), rule("roles")],
    )


def test_explain_too_few_available():
    sc = short_night()
    roster = [on(0, "a", "1", "leader"), on(0, "b"), on(0, "c", "2")]
    report = check(sc, roster)
    assert explain_shortages(sc, report.violations) == [
        "2020-02-03 Night duty: needs 4, 3 available; needs 2 leader, 1 available "
        "(G2: 1 empty, G2: 1 leader missing)"
    ]
    assert explain_shortages(zh(sc), check(zh(sc), roster).violations) == [
        "2020-02-03 Night duty：需要4人，可值班3人；需要2名组长，可值班的组长1人"
        "（G2缺1人，G2缺1名组长）"
    ]


def test_explain_no_leader_available():
    sc = dataclasses.replace(short_night(), people=(person("b"), person("c")))
    report = check(sc, [on(0, "b"), on(0, "c", "2")])
    (line,) = explain_shortages(sc, report.violations)
    assert line.startswith("2020-02-03 Night duty: needs 4, 2 available; no leader available (")


def rested_scenario(*rules) -> tuple[Scenario, list[Assignment]]:
    sc = scenario(
        [person("a"), person("b"), person("c")],
        days=3,
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("rest", free_days=1), *rules],
    )
    return sc, [on(0, "a"), on(0, "b"), on(1, "c"), on(2, "a"), on(2, "b")]


def test_explain_names_the_hard_rules_that_leave_too_few_assignable():
    sc, roster = rested_scenario()
    report = check(sc, roster)
    assert explain_shortages(sc, report.violations, roster) == [
        "2020-02-04 Night duty: needs 2, 3 available, but rest (1 free day between duties) "
        "leaves only 1 assignable (G1: 1 empty)"
    ]
    assert explain_shortages(sc, report.violations) == [
        "2020-02-04 Night duty: needs 2, 3 available, but rest (1 free day between duties) "
        "leaves too few assignable (G1: 1 empty)"
    ]
    assert explain_shortages(zh(sc), check(zh(sc), roster).violations, roster) == [
        "2020-02-04 Night duty：需要2人，可值班3人，但受休息（两次值班之间至少空1天）限制，"
        "仅1人可排（G1缺1人）"
    ]


def test_explain_names_every_rule_that_blocks_someone():
    people = [person("a"), person("b"), person("c", max_shifts=1), person("d"), person("e")]
    sc = scenario(
        people,
        days=3,
        duties=[night([group("1", 2)])],
        availability=[period("d", 2, 2)],
        rules=[rule("cover"), rule("rest", free_days=1), rule("max_shifts")],
    )
    # Day 2 needs 2: b is on it, a and e rest (worked day 1), c is used up (cap 1).
    roster = [on(0, "c"), on(0, "d"), on(1, "a"), on(1, "e"), on(2, "b")]
    report = check(sc, roster)
    assert [k[2] for k in keys(report)] == [2]
    assert explain_shortages(sc, report.violations, roster) == [
        "2020-02-05 Night duty: needs 2, 4 available, but rest (1 free day between duties) "
        "and personal duty caps leave only 1 assignable (G1: 1 empty)"
    ]


def test_explain_ignores_other_violations():
    sc, roster = rested_scenario(rule("fairness", hard=False, categories={"all": 1}))
    report = check(sc, roster)
    assert len(explain_shortages(sc, report.violations, roster)) == 1


def test_precheck_lists_obvious_shortages():
    people = [person("a", "S1", "leader"), person("b")]
    sc = scenario(
        people,
        days=7,
        duties=[night([group("1", 1, leader=1)])],
        availability=[period("a", 0, 0, reason=REASON), period("b", 0, 0, reason=REASON)],
        rules=[rule("cover"), rule("roles"), rule("max_in_window", max=2, days=7)],
    )
    assert precheck(sc) == [
        "2020-02-03 Night duty: needs 1, only 0 available",
        "2020-02-03 Night duty: needs 1 leader, none available",
        "the period needs 7 duties, but max 2 per 7 days lets the 2 people carry at most 4",
    ]
    assert precheck(zh(sc))[2] == "本期共需值班7人次，但受每7天最多2次限制，2名人员最多可承担4人次"


def test_precheck_counts_rest_and_caps_over_the_period():
    sc = scenario(
        [person("a"), person("b", max_shifts=1)],
        days=6,
        rules=[rule("cover"), rule("rest", free_days=1), rule("max_shifts")],
    )
    # a: every other night -> 3; b: cap 1. Six nights need 6.
    assert precheck(sc) == [
        "the period needs 6 duties, but rest (1 free day between duties) and personal duty "
        "caps let the 2 people carry at most 4"
    ]
    assert precheck(scenario([person("a")], days=3, rules=[rule("cover")])) == []


# ---- reasons stay private ----


def everything_scenario(language: str = "en") -> Scenario:
    people = [
        person("a", "S1", "leader", max_shifts=2),
        person("b", "S1"),
        person("c", "S2", "leader"),
        person("d", "S2"),
        person("e", ""),
    ]
    rules = [
        rule("cover"),
        rule("roles"),
        rule("rest", free_days=1),
        rule("max_in_window", hard=False, weight=3, max=2, days=4),
        rule("max_shifts", max=3),
        PREFS,
        rule("fairness", hard=False, categories={"all": 10, "weekend": 4, "night": 1}),
        rule("same_school_group", hard=False, weight=1),
    ]
    availability = [
        period("a", 1, 2, reason=REASON),
        period("b", 0, 0, "prefer_not", reason=REASON),
        period("c", 3, 4, "prefer", reason=REASON),
        period("d", 5, 5, reason=REASON),
    ]
    sc = scenario(
        people,
        days=7,
        duties=[two_groups(2, 2, leader=1)],
        availability=availability,
        rules=rules,
    )
    return dataclasses.replace(sc, language=language)


def test_reasons_never_appear_in_messages_or_explanations():
    for language in ("en", "zh"):
        sc = everything_scenario(language)
        roster = [
            on(i, p, g, r) for i in range(7) for p, g, r in (("a", "1", "leader"), ("b", "2", ""))
        ]
        roster += [on(5, "d"), on(1, "e", "3")]
        report = check(sc, roster)
        assert {v.kind for v in report.violations} >= {
            "availability",
            "cover",
            "roles",
            "rest",
            "max_in_window",
            "max_shifts",
            "preferences",
            "fairness",
            "same_school_group",
            "unknown_shift",
        }
        texts = [v.message for v in report.violations]
        texts += explain_shortages(sc, report.violations, roster) + precheck(sc)
        assert all(REASON not in t and "private" not in t for t in texts)
        assert all(t for t in texts)


# ---- properties ----

PEOPLE = ("a", "b", "c", "d", "e", "ghost")
seat = st.builds(
    Assignment,
    date=st.integers(-1, 7).map(d),
    duty_id=st.sampled_from(["night", "night", "night", "day", "bus"]),
    group_id=st.sampled_from(["1", "2", "3"]),
    role=st.sampled_from(["", "", "leader"]),
    person_id=st.sampled_from(PEOPLE),
)


def property_scenario() -> Scenario:
    sc = everything_scenario()
    day = Duty("day", "Day duty", "School", time(8), time(18), (group("1", 1),), days="weekdays")
    return dataclasses.replace(sc, duties=(*sc.duties, day))


SCENARIO = property_scenario()


def unit(v: Violation) -> int:
    return v.cost // v.amount


@settings(max_examples=150, deadline=None)
@given(st.lists(seat, max_size=30))
def test_objective_is_the_sum_of_positive_costs(roster):
    report = check(SCENARIO, roster)
    assert report.objective == sum(v.cost for v in report.violations)
    assert all(v.amount > 0 and v.cost >= 0 for v in report.violations)
    assert all(v.cost % v.amount == 0 for v in report.violations)
    assert all(unit(v) == HARD for v in report.hard)
    assert report == check(SCENARIO, list(reversed(roster)))
    assert all(v.message and REASON not in v.message for v in report.violations)
