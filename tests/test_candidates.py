"""`roster candidates`: who could fill a seat, checked by the independent checker."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import roster.candidates as candidates_module
from roster.candidates import CandidateError, delta, rank_candidates, rank_replacements
from roster.check import check
from roster.model import Scenario
from roster.result import Assignment, Result, Status
from roster.store import Store, default_store_path
from tests.builders import START, group, night, period, person, rule, scenario
from tests.commands import run
from tests.folders import mini_toml
from tests.folders import write_table as write_csv
from tests.strategies import FAMILIES, examples, scenarios


def seat(pid: str, day: int, gid: str = "1", role: str = "", duty: str = "night") -> Assignment:
    return Assignment(START + timedelta(day), duty, gid, role, pid)


def ids(ranking) -> list[str]:
    return [c.person.id for c in ranking.candidates]


def day(n: int):
    return START + timedelta(n)


# ---- ranking ----


def test_least_loaded_first_and_nobody_already_on_the_shift():
    sc = scenario(
        [person("a"), person("b"), person("c"), person("d")],
        duties=[night([group("1", 2)])],
        rules=[rule("cover")],
    )
    roster = [seat("a", 0), seat("b", 0), seat("c", 1), seat("a", 2), seat("c", 2)]
    ranking = rank_candidates(sc, roster, "night", day(1))
    assert ids(ranking) == ["d", "b", "a"]  # 0, 1 and 2 duties so far; c is on the shift
    assert [c.duties for c in ranking.candidates] == [0, 1, 2]
    assert dict(ranking.empty) == {"1": 1}
    assert all(c.delta.added_cost == 0 and not c.delta.bent for c in ranking.candidates)
    # filling the empty seat takes one hard unit off the objective
    assert {c.delta.objective for c in ranking.candidates} == {-100_000}


def test_hard_rules_exclude_and_are_counted():
    sc = scenario(
        [person("a"), person("b"), person("c"), person("d"), person("e")],
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
        availability=[period("e", 1, 1)],
    )
    roster = [seat("a", 0), seat("b", 0), seat("c", 1), seat("a", 2), seat("b", 2)]
    ranking = rank_candidates(sc, roster, "night", day(1))
    assert ids(ranking) == ["d"]
    assert dict(ranking.excluded) == {"availability": 1, "rest": 2}
    assert ranking.excluded_people == 3


def test_soft_cost_orders_equal_loads_and_names_the_rules_bent():
    sc = scenario(
        [person("a"), person("b"), person("c")],
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("preferences", hard=False, prefer_not_weight=20)],
        availability=[period("a", 1, 1, "prefer_not")],
    )
    ranking = rank_candidates(sc, [seat("c", 1)], "night", day(1))
    assert ids(ranking) == ["b", "a"]  # both have 0 duties; a asked not to serve that day
    a = ranking.candidates[1]
    assert a.delta.added_cost == 20 and a.delta.bent == (("preferences", 20),)
    assert a.delta.broken == ()


def test_a_role_holder_takes_the_missing_role_seat():
    sc = scenario(
        [person("a", "S1", "leader"), person("b"), person("c")],
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles")],
    )
    ranking = rank_candidates(sc, [seat("b", 0)], "night", day(0))
    seats = {c.person.id: c.seat.role for c in ranking.candidates}
    assert seats == {"a": "leader", "c": ""}
    leader = next(c for c in ranking.candidates if c.person.id == "a")
    assert leader.delta.objective == -200_000  # one seat and one leader seat filled


def test_the_cheapest_group_is_chosen_and_group_narrows_it():
    sc = scenario(
        [person("x", "S1"), person("y", "S2"), person("z", "S1")],
        days=1,
        duties=[night([group("1", 2), group("2", 2)])],
        rules=[rule("cover"), rule("same_school_group", hard=False, weight=3)],
    )
    roster = [seat("x", 0, "1"), seat("y", 0, "2")]
    best = rank_candidates(sc, roster, "night", day(0))
    (z,) = best.candidates
    assert (z.seat.group_id, z.delta.added_cost) == ("1", 0)  # beside x, same school
    forced = rank_candidates(sc, roster, "night", day(0), "2")
    (z,) = forced.candidates
    assert (z.seat.group_id, z.delta.added_cost) == ("2", 3)
    assert z.delta.bent == (("same_school_group", 3),)


def test_a_full_shift_has_no_candidates():
    sc = scenario([person("a"), person("b")], days=1, rules=[rule("cover")])
    ranking = rank_candidates(sc, [seat("a", 0)], "night", day(0))
    assert ranking.empty == {} and ranking.candidates == ()


def test_first_and_last_night_of_the_horizon():
    # rest looks only at windows inside the horizon: on the last night, only the night
    # before counts; on the first, only the night after
    sc = scenario(
        [person("a"), person("b")], days=3, rules=[rule("cover"), rule("rest", free_days=1)]
    )
    roster = [seat("a", 0), seat("b", 1)]
    assert ids(rank_candidates(sc, roster, "night", day(2))) == ["a"]
    assert ids(rank_candidates(sc, [seat("b", 1)], "night", day(0))) == ["a"]


@pytest.mark.parametrize(
    ("duty", "when", "group_id", "words"),
    [
        ("nope", 0, None, "no duty with id 'nope'"),
        ("night", -1, None, "outside the period"),
        ("night", 3, None, "outside the period"),
        ("night", 0, "9", "has no group '9'"),
    ],
)
def test_unknown_shifts_and_groups_are_input_errors(duty, when, group_id, words):
    sc = scenario([person("a")], rules=[rule("cover")])
    with pytest.raises(CandidateError, match=words):
        rank_candidates(sc, [], duty, day(when), group_id)


def test_a_duty_that_does_not_run_that_day_is_an_input_error():
    sc = scenario([person("a")], duties=[night(days="weekends")], rules=[rule("cover")])
    with pytest.raises(CandidateError, match="does not run on 2020-02-03"):
        rank_candidates(sc, [], "night", START)  # a Monday


# ---- the fast split agrees with a full check per candidate ----


@st.composite
def rosters(draw, sc: Scenario) -> list[Assignment]:
    """Any roster, rules broken or not: random people in random seats and roles."""
    out = []
    for shift in sc.shifts:
        for g in sc.duty_by_id[shift.duty_id].groups:
            for p in draw(st.lists(st.sampled_from(sc.people), max_size=g.size + 1)):
                role = draw(st.sampled_from(["", "leader"]))
                out.append(Assignment(shift.date, shift.duty_id, g.id, role, p.id))
    return out


@examples(60)
@given(st.data())
def test_split_ranking_equals_a_full_check_per_candidate(data):
    sc = data.draw(scenarios(later=len(FAMILIES)))  # any mix of every family
    roster = data.draw(rosters(sc))
    shift = data.draw(st.sampled_from(sc.shifts))
    fast = rank_candidates(sc, roster, shift.duty_id, shift.date)
    exact = rank_candidates(sc, roster, shift.duty_id, shift.date, exact=True)
    assert fast.candidates == exact.candidates
    assert fast.excluded == exact.excluded
    assert exact.exact


def test_split_is_used_and_refused_when_it_does_not_add_up(monkeypatch):
    sc = scenario(
        [person("a"), person("b"), person("c")],
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
    )
    roster = [seat("a", 0), seat("b", 1)]
    assert not rank_candidates(sc, roster, "night", day(1)).exact
    # cover's violations name no person: declared person-scoped, the split is refused
    monkeypatch.setattr(candidates_module, "PERSON_SCOPED", {"cover", "availability"})
    ranking = rank_candidates(sc, roster, "night", day(1))
    assert ranking.exact and ids(ranking) == ["c"]


# ---- the command ----

SCENARIO_TOML = mini_toml(
    end="2020-02-06",
    groups=1,
    rules="""\
[rules.cover]
hard = true

[rules.roles]
hard = true

[rules.rest]
free_days = 1

[rules.preferences]
prefer_not_weight = 20
""",
    tail="",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "mini"
    out.mkdir()
    (out / "scenario.toml").write_text(SCENARIO_TOML, encoding="utf-8")
    people = [["person_id", "name", "school", "roles"]]
    people += [["T1", "张伟", "一中", "leader"], ["T2", "李娜", "二中", ""]]
    people += [["T3", "王芳", "一中", ""], ["T4", "赵磊", "三中", "leader"]]
    write_csv(out / "people.csv", people)
    write_csv(
        out / "availability.csv",
        [
            ["person_id", "start_date", "end_date", "status", "reason"],
            ["T3", "2020-02-04", "2020-02-04", "prefer_not", "家中有事"],
        ],
    )
    return out


ROSTER = [
    ["date", "duty", "group", "role", "person_id"],
    ["2020-02-03", "night", "1", "leader", "T1"],
    ["2020-02-03", "night", "1", "", "T2"],
    ["2020-02-04", "night", "1", "", "T2"],
]


def test_command_ranks_from_a_csv_in_the_scenarios_language(folder: Path, tmp_path: Path):
    roster = tmp_path / "roster.csv"
    write_csv(roster, ROSTER)
    saved = tmp_path / "candidates.csv"
    out = run(
        "candidates", folder, "--duty", "night", "--date", "2020-02-04",
        "--assignments", roster, "--csv", saved,
    ).output  # fmt: skip
    lines = out.splitlines()
    assert lines[0] == "2020-02-04 卡口夜班：第1组缺1人"
    assert lines[1].startswith("2人可补位")
    assert lines[2].split() == ["姓名", "编号", "学校", "岗位", "已排班次", "合理份额",
                                "增加代价", "涉及规则"]  # fmt: skip
    assert lines[3].split()[:5] == ["赵磊", "T4", "三中", "第1组", "组长"]
    assert lines[4].split()[:2] == ["王芳", "T3"] and lines[4].endswith("preferences +20")
    assert "另有1人补位会违反硬性规则（rest 1）" in out  # T1 worked 02-03
    assert "家中有事" not in out
    with saved.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["person_id"], r["role"], r["added_cost"], r["rules_bent"]) for r in rows] == [
        ("T4", "leader", "0", ""),
        ("T3", "", "20", "preferences:20"),
    ]


def test_command_reads_the_latest_version_in_the_store(folder: Path):
    roster = tuple(
        Assignment(day(i), "night", "1", role, pid)
        for i, role, pid in ((0, "leader", "T1"), (0, "", "T2"), (1, "", "T2"))
    )
    with Store.open(default_store_path(folder)) as store:
        result = Result(Status.FEASIBLE, 0, None, 0.0, roster)
        store.record(result, kind="import", inputs_hash="x", params={})
    out = run("candidates", folder, "--duty", "night", "--date", "2020-02-04", "--limit", "1")
    assert "赵磊" in out.output and "王芳" not in out.output
    assert "……另有1人" in out.output


def test_command_errors_exit_2(folder: Path, tmp_path: Path):
    roster = tmp_path / "roster.csv"
    write_csv(roster, ROSTER)
    common = ("candidates", folder, "--assignments", roster)
    out = run(*common, "--duty", "day", "--date", "2020-02-04", code=2).output
    assert "no duty with id 'day'" in out and "Traceback" not in out
    out = run(*common, "--duty", "night", "--date", "2020-03-01", code=2).output
    assert "outside the period" in out
    out = run(*common, "--duty", "night", "--date", "2020-02-30", code=2).output
    assert "not a date" in out
    out = run("candidates", folder, "--duty", "night", "--date", "2020-02-04", code=2).output
    assert "roster solve" in out  # no store yet, no --assignments
    assert not default_store_path(folder).exists()


def test_command_says_when_the_shift_is_full(folder: Path, tmp_path: Path):
    roster = tmp_path / "roster.csv"
    write_csv(roster, ROSTER)
    out = run(
        "candidates", folder, "--duty", "night", "--date", "2020-02-03", "--assignments", roster
    ).output
    assert out.strip() == "2020-02-03 卡口夜班：已无空位，再加人会超编"


def test_english_scenarios_get_english_tables():
    from roster.cli.candidates import report_lines

    sc = scenario(
        [person("a"), person("b")], duties=[night([group("1", 2)])], rules=[rule("cover")]
    )
    lines = report_lines(sc, rank_candidates(sc, [seat("a", 0)], "night", day(0)), 20)
    assert lines[0] == "2020-02-03 Night duty: G1: 1 empty"
    assert lines[2].split()[:3] == ["name", "id", "school"]


# ---- replacing a named person (--replace) ----


def test_replacements_take_the_persons_seat_least_loaded_first():
    sc = scenario(
        [person("a"), person("b"), person("c"), person("d"), person("e")],
        duties=[night([group("1", 2)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
    )
    roster = [seat("a", 1), seat("b", 1), seat("c", 0), seat("d", 2), seat("d", 0)]
    ranking = rank_replacements(sc, roster, "a", day(1))
    assert ranking.replacing == seat("a", 1)
    assert ids(ranking) == ["e"]  # a is the one replaced, b is on the shift, c/d rest
    assert dict(ranking.excluded) == {"rest": 2} and ranking.excluded_people == 2
    (e,) = ranking.candidates
    assert e.seat == seat("e", 1)
    assert e.delta.objective == -100_000  # the seat a leaves empty is filled again


def test_a_role_seat_goes_only_to_holders_of_the_role():
    sc = scenario(
        [person("a", "S1", "leader"), person("b"), person("c", "S1", "leader"), person("d")],
        duties=[night([group("1", 2, leader=1)])],
        rules=[rule("cover"), rule("roles")],
    )
    ranking = rank_replacements(sc, [seat("a", 0, role="leader"), seat("b", 0)], "a", day(0))
    assert [(c.person.id, c.seat.role) for c in ranking.candidates] == [("c", "leader")]
    assert dict(ranking.excluded) == {"roles": 1}  # d does not hold the role


@pytest.mark.parametrize(
    ("pid", "when", "duty", "words"),
    [
        ("zz", 0, None, "no person with id 'zz'"),
        ("a", 1, None, "has no duty on 2020-02-04"),
        ("a", 0, "day", "no duty with id 'day'"),
    ],
)
def test_replacing_someone_without_that_duty_is_an_input_error(pid, when, duty, words):
    sc = scenario([person("a"), person("b")], rules=[rule("cover")])
    with pytest.raises(CandidateError, match=words):
        rank_replacements(sc, [seat("a", 0)], pid, day(when), duty)


@examples(60)
@given(st.data())
def test_replacement_ranking_equals_a_full_check_per_candidate(data):
    sc = data.draw(scenarios(later=len(FAMILIES)))  # any mix of every family
    roster = data.draw(rosters(sc))
    assume(roster)
    taken = data.draw(st.sampled_from(roster))
    same_day = [a for a in roster if (a.person_id, a.date) == (taken.person_id, taken.date)]
    assume(len(same_day) == 1)
    fast = rank_replacements(sc, roster, taken.person_id, taken.date)
    exact = rank_replacements(sc, roster, taken.person_id, taken.date, exact=True)
    assert fast.candidates == exact.candidates
    assert fast.excluded == exact.excluded and fast.excluded_people == exact.excluded_people
    assert exact.exact and fast.replacing == taken
    # and the reference itself: each candidate's delta is a full check with the seat swapped
    rest = list(roster)
    rest.remove(taken)
    before = check(sc, rest).violations
    for c in exact.candidates:
        assert c.delta == delta(before, check(sc, [*rest, c.seat]).violations)


def test_command_replaces_a_named_person_and_swap_applies_the_pick(folder: Path):
    roster = tuple(
        Assignment(day(i), "night", "1", role, pid)
        for i, role, pid in ((0, "leader", "T1"), (0, "", "T2"), (1, "leader", "T4"), (1, "", "T2"))
    )
    with Store.open(default_store_path(folder)) as store:
        store.record(Result(Status.FEASIBLE, 0, None, 0.0, roster), kind="import",
                     inputs_hash="x", params={})  # fmt: skip
    out = run("candidates", folder, "--replace", "T2", "--date", "2020-02-04").output
    lines = out.splitlines()
    assert lines[0] == "2020-02-04 卡口夜班：谁能替李娜 (T2)（第1组）"
    assert lines[1].startswith("1人可替班")
    assert lines[3].split()[:2] == ["王芳", "T3"] and lines[3].endswith("preferences +20")
    assert "另有1人替班会违反硬性规则（rest 1）" in out  # T1 worked 02-03; T4 is on the shift
    assert f"roster swap {folder} T2 编号 --date 2020-02-04 --duty night --version 1" in out
    run("swap", folder, "T2", "T3", "--date", "2020-02-04", "--version", "1")
    with Store.open(default_store_path(folder), create=False) as store:
        latest = store.assignments(store.latest())
    assert Assignment(day(1), "night", "1", "", "T3") in latest
    out = run("candidates", folder, "--date", "2020-02-04", code=2).output
    assert "--duty" in out and "--replace" in out
    out = run("candidates", folder, "--replace", "T2", "--group", "1", "--date", "2020-02-04",
              code=2).output  # fmt: skip
    assert "--group" in out


def test_replacing_a_seat_the_scenario_no_longer_has_is_an_input_error():
    sc = scenario([person("a"), person("b")], rules=[rule("cover")])
    with pytest.raises(CandidateError, match="not one scenario.toml defines"):
        rank_replacements(sc, [seat("a", 0, "9")], "a", day(0))
