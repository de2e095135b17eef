"""One person across every roster: schools' rotations, the checkpoint, busy times.

Exact small cases (solver and independent checker agree on every violation and on the
objective: builders.solve_checked), shortage messages, and decomposition: schools that
share nobody solved apart give what the joint model gives.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta

from roster.check import check
from roster.components import check_by_parts, parts
from roster.model import BusyTime, Duty, Group, Person, School
from roster.result import Assignment, Status
from roster.schools import explain_school_shortages, school_precheck
from solver.baseline import Baseline
from solver.decompose import solve_in_parts
from solver.executor import parse, using
from solver.solve import solve, solve_whole
from tests.builders import (
    HARD,
    START,
    group,
    night,
    period,
    rule,
    scenario,
    solve_checked,
    violation_keys,
)

SCHOOLS = (School("a", "School A"), School("b", "School B"))


def school_duty(
    school: str,
    rotation: str,
    start: time,
    end: time,
    size: int = 1,
    *,
    requires: frozenset[str] = frozenset(),
    **roles: int,
) -> Duty:
    groups = (Group("1", "Duty", size, group("1", size, **roles).role_seats),)
    return Duty(
        f"{school}:{rotation}",
        f"School {school.upper()}·{rotation}",
        f"School {school.upper()}",
        start,
        end,
        groups,
        school_id=school,
        staff_schools=frozenset({school}),
        requires=requires,
    )


def staff(pid: str, school: str, *roles: str) -> Person:
    return Person(
        pid, f"Name {pid}", f"School {school.upper()}", frozenset(roles), school_id=school
    )


def checkpoint(size: int = 1) -> Duty:
    base = night([group("1", size)], duty_id="checkpoint")
    return dataclasses.replace(base, requires=frozenset({"volunteer"}))


def district(people, duties, rules=(), days: int = 2, **changes):
    sc = scenario(people, days=days, duties=duties, rules=rules)
    return dataclasses.replace(sc, schools=SCHOOLS, **changes)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(START + timedelta(day), time(hour, minute)).replace(
        tzinfo=scenario([]).tz
    )


# ---- across rosters ----


def test_one_person_never_holds_a_checkpoint_night_and_a_school_night_at_once():
    """V can serve both 17:00 duties; each night one of them stays empty (hard)."""
    people = [staff("V", "a", "volunteer")]
    duties = [checkpoint(), school_duty("a", "night", time(17), time(8))]
    result = solve_checked(district(people, duties, [rule("cover")], days=2))
    assert result.objective == 2 * HARD
    by_date = {a.date: a.duty_id for a in result.assignments}
    assert len(by_date) == 2 and len(result.assignments) == 2  # one duty a night


def test_rest_hours_across_rosters_no_school_day_after_a_checkpoint_night():
    """Night 17:00-07:00 then school day 08:00 leaves 1 h, day 08-17 then night 17:00 none,
    night then night 10 h: with 11 h of rest V alone fills 3 of the 6 seats of 3 days."""
    people = [staff("V", "a", "volunteer")]
    duties = [checkpoint(), school_duty("a", "day", time(8), time(17))]
    rules = [rule("cover"), rule("rest_hours", min_hours=11)]
    result = solve_checked(district(people, duties, rules, days=3))
    assert result.objective == 3 * HARD
    # W (no volunteer) takes the school days; V's nights must be 2 days apart: one is empty.
    with_w = [*people, staff("W", "a")]
    result = solve_checked(district(with_w, duties, rules, days=3))
    assert result.objective == HARD
    nights = sorted((a.date - START).days for a in result.assignments if a.duty_id == "checkpoint")
    assert nights == [0, 2]
    assert {a.person_id for a in result.assignments if a.duty_id == "a:day"} == {"W"}


def test_succession_across_rosters_names_the_school_duty():
    """No school day right after a checkpoint night (succession with the school's duty id)."""
    people = [staff("V", "a", "volunteer")]
    duties = [checkpoint(), school_duty("a", "day", time(8), time(12))]
    succession = rule("succession", forbidden=(("checkpoint", "a:day"),))
    result = solve_checked(district(people, duties, [rule("cover"), succession], days=2))
    assert result.objective == HARD  # of night 0 and day 1 only one can be worked
    worked = {(a.duty_id, (a.date - START).days) for a in result.assignments}
    assert len(worked) == 3 and not {("checkpoint", 0), ("a:day", 1)} <= worked


def test_people_serve_only_their_own_schools_rotation():
    people = [staff("A1", "a"), staff("B1", "b")]
    duties = [
        school_duty("a", "day", time(8), time(17), 2),
        school_duty("b", "day", time(8), time(17)),
    ]
    result = solve_checked(district(people, duties, [rule("cover")], days=1))
    assert {(a.person_id, a.duty_id) for a in result.assignments} == {
        ("A1", "a:day"),
        ("B1", "b:day"),
    }
    assert result.objective == HARD  # a:day needs 2, School A has one person


# ---- busy times ----


def test_busy_time_blocks_an_overlapping_duty_and_rest_before_it_is_soft():
    """V teaches online 09:00-09:40 on day 1: no school day duty then (hard), and a night
    ending 08:00 that morning leaves 1 h before the lesson (soft, 7 per such pair)."""
    people = [staff("V", "a"), staff("W", "a")]
    duties = [
        school_duty("a", "day", time(8), time(17)),
        school_duty("a", "night", time(17), time(8)),
    ]
    busy = (BusyTime("V", at(1, 9), at(1, 9, 40), "online maths"),)
    busy_rest = rule("busy_rest", hard=False, weight=7, before_hours=2, after_hours=0)
    sc = district(people, duties, [rule("cover"), busy_rest], days=2, busy=busy)
    assert not sc.is_available("V", sc.shift("a:day", START + timedelta(1)))
    result = solve_checked(sc)
    # W takes night 0 (V would end it an hour before the lesson) and day 1: nothing bent.
    assert result.objective == 0
    worked = {(a.person_id, a.duty_id, (a.date - START).days) for a in result.assignments}
    assert ("W", "a:night", 0) in worked and ("W", "a:day", 1) in worked


def test_busy_rest_costs_when_nobody_else_can_take_the_night():
    people = [staff("V", "a")]
    duties = [school_duty("a", "night", time(17), time(8))]
    busy = (BusyTime("V", at(1, 9), at(1, 9, 40), "x"), BusyTime("V", at(1, 16), at(1, 16, 30)))
    busy_rest = rule("busy_rest", hard=False, weight=7, before_hours=2, after_hours=1)
    sc = district(people, duties, [rule("cover"), busy_rest], days=2, busy=busy)
    result = solve_checked(sc)
    # night 0 ends 08:00, lesson 09:00 (1 h < 2 h): 7; lesson ends 16:30, night 1 at 17:00
    # (0.5 h < 1 h): 7. Leaving a night empty would cost 100000.
    assert result.objective == 14
    kinds = sorted((v.rule, v.role, (v.date - START).days) for v in result.violations)
    assert kinds == [("busy_rest", "after", 1), ("busy_rest", "before", 0)]


# ---- shortages ----


def test_a_school_without_leaders_gets_a_specific_shortage_message():
    people = [staff("A1", "a", "staff"), staff("A2", "a", "staff"), staff("B1", "b", "leader")]
    duties = [
        school_duty("a", "leader", time(8), time(17), requires=frozenset({"leader"}), leader=1),
        school_duty("b", "leader", time(8), time(17), requires=frozenset({"leader"}), leader=1),
    ]
    sc = district(people, duties, [rule("cover"), rule("roles")], days=3)
    assert school_precheck(sc) == [
        "School A: leader needs 1 a day and 0 people of the school may serve it"
    ]
    result = solve_checked(sc)
    assert result.objective == 2 * 3 * HARD  # three days, a seat and its leader role each
    assert explain_school_shortages(sc, result.violations) == [
        "School A: 3 seat(s) left empty on 3 date(s) from 2020-02-03 to 2020-02-05; "
        "leader needs 1 a day and 0 people of the school may serve it",
        "School A: 3 leader seat(s) left empty on 3 date(s) from 2020-02-03 to 2020-02-05; "
        "leader needs 1 leader a day but nobody at the school is leader",
    ]


def test_a_school_with_one_leader_is_told_how_many_leader_seats_stay_empty():
    people = [staff("A1", "a", "leader")] + [staff(f"A{i}", "a") for i in range(2, 6)]
    duty = school_duty("a", "day", time(8), time(17), 2, leader=1)
    rules = [rule("cover"), rule("roles"), rule("max_in_window", max=1, days=2)]
    sc = district(people, [duty], rules, days=3)
    result = solve_checked(sc)
    # The leader can serve days 0 and 2 only (1 in any 2 days): day 1 lacks its leader.
    assert result.objective == HARD
    (message,) = explain_school_shortages(sc, result.violations)
    assert message == (
        "School A: 1 leader seat(s) left empty on 1 date(s) from 2020-02-04 to 2020-02-04; "
        "day needs 1 leader a day and the school has 1 leader"
    )


# ---- decomposition ----


def _two_schools(days: int = 3):
    """Two schools that share nobody, each with one roster that costs nothing: everyone
    would rather not serve on all dates but one, and fairness asks one duty each."""
    people = [staff(f"A{i}", "a") for i in range(days)] + [staff(f"B{i}", "b") for i in range(days)]
    duties = [
        school_duty("a", "day", time(8), time(17)),
        school_duty("b", "night", time(17), time(8)),
    ]
    rules = [
        rule("cover"),
        rule("rest_hours", min_hours=11),
        rule("fairness", hard=False, categories={"all": 10}),
        rule("preferences", hard=False, prefer_not_weight=3),
    ]
    avail = [
        period(pid, day, day, "prefer_not")
        for i in range(days)
        for pid in (f"A{i}", f"B{(i + 1) % days}")
        for day in range(days)
        if day != i
    ]
    return district(people, duties, rules, days=days, availability=tuple(avail))


def test_schools_sharing_nobody_are_solved_apart_as_the_joint_model_would():
    sc = _two_schools()
    found = parts(sc)
    assert [p.duty_ids for p in found] == [("a:day",), ("b:night",)]
    apart = solve(sc)
    assert apart.stats["decomposed"] is True
    joint = solve_whole(sc)
    assert joint.status is Status.OPTIMAL and apart.status is Status.OPTIMAL
    assert apart.assignments == joint.assignments
    assert apart.objective == joint.objective == 0
    assert apart.best_bound == joint.best_bound
    assert check(sc, apart.assignments).objective == 0
    schools = apart.stats["schools"]
    assert schools["a"] == {
        "parts": [0], "joint_with": [], "status": "optimal", "gap": 0.0, "cost": 0,
    }  # fmt: skip
    assert [p["schools"] for p in apart.stats["parts"]] == [["a"], ["b"]]


def test_schools_apart_or_joint_give_the_same_objective_with_ties():
    """A larger case with many optimal rosters: the same objective, bound and violations."""
    people = [staff(f"A{i}", "a") for i in range(5)] + [staff(f"B{i}", "b") for i in range(4)]
    duties = [
        school_duty("a", "day", time(8), time(17), 2),
        school_duty("a", "night", time(17), time(8)),
        school_duty("b", "day", time(8), time(17), 2),
    ]
    rules = [
        rule("cover"),
        rule("rest_hours", min_hours=11),
        rule("max_in_window", max=2, days=3),
        rule("fairness", hard=False, categories={"all": 10, "weekend": 3}),
    ]
    sc = district(people, duties, rules, days=7)
    apart, joint = solve_checked(sc), solve_whole(sc)
    assert apart.stats["decomposed"] is True and "decomposed" not in joint.stats
    assert apart.status is Status.OPTIMAL and joint.status is Status.OPTIMAL
    assert (apart.objective, apart.best_bound) == (joint.objective, joint.best_bound)
    assert violation_keys(apart.violations) == violation_keys(joint.violations)
    assert check_by_parts(sc, apart.assignments).objective == apart.objective


def test_the_same_roster_in_one_process_or_several():
    sc = _two_schools(days=4)
    one = solve_in_parts(sc, None, solve_whole, processes=1)
    two = solve_in_parts(sc, None, solve_whole, processes=2)
    assert one is not None and two is not None
    assert one.assignments == two.assignments and one.objective == two.objective


def test_a_volunteer_links_the_checkpoint_and_two_schools_into_one_model():
    people = [staff("A1", "a", "volunteer"), staff("B1", "b", "volunteer"), staff("B2", "b")]
    duties = [
        checkpoint(),
        school_duty("a", "day", time(8), time(17)),
        school_duty("b", "day", time(8), time(17)),
    ]
    sc = district(people, duties, [rule("cover"), rule("rest_hours", min_hours=11)], days=3)
    assert len(parts(sc)) == 1
    result = solve_checked(sc)
    assert result.stats["schools"]["a"]["joint_with"] == ["b"]


def test_a_re_solve_splits_its_baseline_by_school():
    sc = _two_schools()
    published = solve(sc)
    a1_day = next(a.date for a in published.assignments if a.person_id == "A1")
    day = (a1_day - START).days
    assert day == 1
    gone = (period("A1", day, day), period("A2", day, day))  # A1 falls ill, A2 is away
    later = dataclasses.replace(sc, availability=(*sc.availability, *gone))
    base = Baseline(published.assignments, freeze_before=START + timedelta(1))
    apart, joint = solve(later, base), solve_whole(later, base)
    assert apart.stats["decomposed"] is True
    assert apart.assignments == joint.assignments
    assert apart.objective == joint.objective > 0
    assert apart.stats["changes"] == joint.stats["changes"] == 2  # A1 out, someone in
    assert check(later, apart.assignments).objective == apart.objective


# ---- the checker across rosters ----


def test_the_checker_sees_every_rule_across_rosters():
    people = [staff("V", "a", "volunteer"), staff("B1", "b")]
    duties = [
        checkpoint(),
        school_duty("a", "day", time(8), time(17)),
        school_duty("b", "day", time(8), time(17)),
    ]
    busy = (BusyTime("B1", at(0, 9), at(0, 10)),)
    sc = district(people, duties, [rule("rest_hours", min_hours=11)], days=2, busy=busy)
    roster = [
        Assignment(START, "checkpoint", "1", "", "V"),
        Assignment(START + timedelta(1), "a:day", "1", "", "V"),  # 1 h after the night
        Assignment(START + timedelta(1), "checkpoint", "1", "", "V"),  # right after: 0 h
        Assignment(START, "a:day", "1", "", "B1"),  # not School A's; and busy 09-10
    ]
    report = check(sc, roster)
    found = sorted(
        (v.kind, v.person_id, (v.date - START).days, v.duty_id) for v in report.violations
    )
    assert found == [
        ("busy", "B1", 0, "a:day"),
        ("eligibility", "B1", 0, "a:day"),
        ("rest_hours", "V", 0, "checkpoint"),  # night 0, then day 1 at 08:00 (1 h)
        ("rest_hours", "V", 0, "checkpoint"),  # night 0, then night 1 (10 h)
        ("rest_hours", "V", 1, "a:day"),  # day 1 until 17:00, then night 1 (0 h)
    ]
    assert all(v.hard for v in report.violations)
    messages = {v.kind: v.message for v in report.violations}
    assert (
        messages["eligibility"]
        == "2020-02-03 School A·day: Name B1 (B1) is not on the staff of School A"
    )
    assert (
        messages["busy"]
        == "2020-02-03 School A·day: Name B1 (B1) is busy then (09:00-10:00), not on a duty"
    )
    assert check_by_parts(sc, roster).objective == report.objective  # falls back to the whole


def test_a_frozen_past_on_another_school_is_reported_by_solver_and_checker_alike():
    people = [staff("A1", "a"), staff("B1", "b")]
    duties = [
        school_duty("a", "day", time(8), time(17)),
        school_duty("b", "day", time(8), time(17)),
    ]
    sc = district(people, duties, [rule("cover")], days=2)
    published = (
        Assignment(START, "a:day", "1", "", "B1"),  # B1 stood in for School A that day
        Assignment(START, "b:day", "1", "", "A1"),
    )
    result = solve_checked(sc, Baseline(published, freeze_before=START + timedelta(1)))
    kinds = sorted((v.kind, v.person_id) for v in result.violations if v.hard)
    assert kinds == [("eligibility", "A1"), ("eligibility", "B1")]


def test_schools_the_checkpoint_links_are_rostered_in_teams_of_schools(monkeypatch):
    """Above LINKED_MIN_PAIRS the linked part is dealt into teams, each school whole in one
    team and each team a share of the checkpoint's seats; the joint model evaluates the
    roster and the person bounds bound it."""
    from solver import blocks, teams

    people = [
        staff("A1", "a", "volunteer"),
        staff("A2", "a", "volunteer"),
        staff("B1", "b", "volunteer"),
        staff("B2", "b"),
    ]
    duties = [
        checkpoint(2),
        school_duty("a", "day", time(8), time(17)),
        school_duty("b", "night", time(17), time(8)),
    ]
    rules = [
        rule("cover"),
        rule("rest_hours", min_hours=11),
        rule("fairness", hard=False, categories={"all": 10}),
    ]
    sc = district(people, duties, rules, days=3)
    whole = solve_checked(sc)
    monkeypatch.setattr(teams, "LINKED_MIN_PAIRS", 1)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 6)  # a school (2 people) is narrow, 3 days
    result = solve_checked(sc)
    dealt = {frozenset(t) for t in teams.deal(sc, blocks.person_bounds(sc, processes=1))}
    assert dealt == {frozenset({"A1", "A2"}), frozenset({"B1", "B2"})}
    assert len(result.stats["teams"]) == 2
    split = result.stats["split_least"]
    assert result.best_bound == result.stats["person_bound"] + split
    assert result.best_bound <= whole.objective <= result.objective
    # B1 cannot hold a checkpoint night and School B's night at once, nor night after night:
    # every hard rule holds in the roster the teams put together.
    assert not [v for v in result.violations if v.hard and v.kind != "cover"]
    assert result.stats["schools"]["a"]["joint_with"] == ["b"]


def test_a_linked_part_beside_other_parts_is_rostered_in_teams_too(monkeypatch):
    """School C shares nobody: its own part, solved apart; the linked part, in teams."""
    from solver import teams

    people = [
        staff("A1", "a", "volunteer"),
        staff("A2", "a", "volunteer"),
        staff("B1", "b", "volunteer"),
        staff("B2", "b"),
        staff("C1", "c"),
    ]
    duties = [
        checkpoint(2),
        school_duty("a", "day", time(8), time(17)),
        school_duty("b", "night", time(17), time(8)),
        school_duty("c", "day", time(8), time(17)),
    ]
    sc = district(people, duties, [rule("cover"), rule("rest_hours", min_hours=11)], days=3)
    monkeypatch.setattr(teams, "LINKED_MIN_PAIRS", 1)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 6)
    result = solve_checked(sc)
    assert len(result.stats["parts"]) == 2
    assert len(result.stats["teams"]["teams"]) == 2
    assert {a.duty_id for a in result.assignments if a.person_id == "C1"} == {"c:day"}


def test_teams_share_the_scenarios_workers_between_them(monkeypatch):
    """Two teams at once, two workers given: one CP-SAT worker each, not two each on two
    cores (the fixed division keeps a deterministic roster the same on any machine)."""
    from solver import teams

    people = [staff("A1", "a", "volunteer"), staff("A2", "a", "volunteer"),
              staff("B1", "b", "volunteer"), staff("B2", "b")]  # fmt: skip
    duties = [checkpoint(2), school_duty("a", "day", time(8), time(17)),
              school_duty("b", "night", time(17), time(8))]  # fmt: skip
    sc = district(people, duties, [rule("cover"), rule("rest_hours", min_hours=11)], days=3)
    monkeypatch.setattr(teams, "LINKED_MIN_PAIRS", 1)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 6)
    seen: list[int] = []
    task = teams._team_task

    def recording(common, item):
        seen.append(item[0].solver.workers)
        return task(common, item)

    monkeypatch.setattr(teams, "_team_task", recording)
    assert sc.solver.workers == 2
    with using(parse("serial")):  # the tasks in this process, where `seen` is
        solve_checked(sc)
    assert seen and set(seen) == {1}


def test_teams_past_their_deadline_go_to_the_fallback_without_bounds(monkeypatch):
    """The teams' bounds are hundreds of small solves: once the deadline has passed they
    would only overrun it, so the roster built seat by seat comes at once."""
    from solver import blocks, teams

    people = [staff("A1", "a", "volunteer"), staff("A2", "a", "volunteer"),
              staff("B1", "b", "volunteer"), staff("B2", "b")]  # fmt: skip
    duties = [checkpoint(2), school_duty("a", "day", time(8), time(17)),
              school_duty("b", "night", time(17), time(8))]  # fmt: skip
    sc = district(people, duties, [rule("cover"), rule("rest_hours", min_hours=11)], days=3)
    settings = dataclasses.replace(sc.solver, deadline=datetime.now().timestamp() - 1.0)
    monkeypatch.setattr(teams, "LINKED_MIN_PAIRS", 1)
    monkeypatch.setattr(teams, "TEAM_PAIRS", 6)

    def no_bounds(*_: object, **__: object) -> None:
        raise AssertionError("the bounds were worked out after the deadline")

    monkeypatch.setattr(blocks, "person_bounds", no_bounds)
    result = solve_checked(dataclasses.replace(sc, solver=settings))
    assert result.stats["fallback"] == "constructed"
    assert result.objective is not None
