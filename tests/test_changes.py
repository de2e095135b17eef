"""diff between rosters, changes.csv and the notices sent to teachers."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path
from types import MappingProxyType

from hypothesis import given
from hypothesis import strategies as st

from outputs.changes import changes_csv, messages_txt
from roster.changes import Change, diff, group_changes, messages
from roster.model import Duty, Group, Person, Scenario
from roster.result import Assignment
from tests.builders import night, period, person, scenario

FEB = {d: date(2020, 2, d) for d in range(1, 30)}


def seat(day: int, person_id: str, group: str = "1", role: str = "", duty: str = "night"):
    return Assignment(FEB[day], duty, group, role, person_id)


def checkpoint(language: str) -> Scenario:
    """Three groups of the Lingang checkpoint night, named as the coordinator names them."""
    zh = language == "zh"
    groups = tuple(
        Group(str(i), f"第{i}组" if zh else f"group {i}", 8, MappingProxyType({"leader": 1}))
        for i in (1, 2, 3)
    )
    duty = dataclasses.replace(
        night(groups, duty_id="checkpoint-night"),
        name="高速卡口夜班" if zh else "checkpoint night duty",
    )
    people = (
        Person(
            "T001", "张伟" if zh else "Zhang Wei", "临港一中", frozenset({"leader"}), "13800000001"
        ),
        Person("T002", "李娜" if zh else "Li Na", "临港二中", phone=""),
        person("T003"),
    )
    # A private reason exists in the scenario; no notice may carry it.
    base = scenario(people, days=20, duties=(duty,), availability=(period("T001", 0, 1),))
    return dataclasses.replace(base, language=language)


def cp(day: int, person_id: str, group: str = "1", role: str = "") -> Assignment:
    return seat(day, person_id, group, role, duty="checkpoint-night")


# ---- diff ----


def test_diff_kinds() -> None:
    old = [seat(5, "T1"), seat(7, "T1", "1"), seat(8, "T2", "2", "leader"), seat(5, "T3")]
    new = [seat(9, "T1", "2"), seat(7, "T1", "3"), seat(8, "T2", "2"), seat(5, "T3")]
    assert diff(old, new) == [
        Change("T1", FEB[5], "night", "removed", "1", None, "", None),
        Change("T1", FEB[7], "night", "moved", "1", "3", "", ""),
        Change("T1", FEB[9], "night", "added", None, "2", None, ""),
        Change("T2", FEB[8], "night", "moved", "2", "2", "leader", ""),
    ]


def test_diff_of_equal_rosters_is_empty_whatever_the_order() -> None:
    roster = [seat(5, "T1"), seat(5, "T2", "2", "leader"), seat(6, "T1")]
    assert diff(roster, list(reversed(roster))) == []


def test_diff_sorted_by_person_then_date_then_duty() -> None:
    new = [seat(9, "T2"), seat(3, "T10"), seat(5, "T1", duty="day"), seat(5, "T1")]
    assert [(c.person_id, c.date.day, c.duty_id) for c in diff([], new)] == [
        ("T1", 5, "day"),
        ("T1", 5, "night"),
        ("T10", 3, "night"),
        ("T2", 9, "night"),
    ]


def test_same_person_other_duty_same_day_is_a_removal_and_an_addition() -> None:
    kinds = [c.kind for c in diff([seat(5, "T1", duty="day")], [seat(5, "T1")])]
    assert kinds == ["removed", "added"]


people_ids = st.sampled_from(["T1", "T2", "T3"])
seats = st.builds(
    seat,
    st.integers(1, 4),
    people_ids,
    st.sampled_from(["1", "2"]),
    st.sampled_from(["", "leader"]),
)


def valid_roster(assignments: list[Assignment]) -> list[Assignment]:
    """At most one seat per person and shift, as every real roster."""
    return list({(a.person_id, a.date, a.duty_id): a for a in assignments}.values())


@given(st.lists(seats, max_size=12), st.lists(seats, max_size=12))
def test_diff_accounts_for_every_seat(old: list[Assignment], new: list[Assignment]) -> None:
    old, new = valid_roster(old), valid_roster(new)
    changes = diff(old, new)
    worked = {(a.person_id, a.date) for a in old}
    works = {(a.person_id, a.date) for a in new}
    assert {(c.person_id, c.date) for c in changes if c.kind == "removed"} == worked - works
    assert {(c.person_id, c.date) for c in changes if c.kind == "added"} == works - worked
    moved = {(c.person_id, c.date) for c in changes if c.kind == "moved"}
    assert moved == {
        (a.person_id, a.date) for a in new if (a.person_id, a.date) in worked and a not in old
    }
    assert diff(new, old) == [_reversed(c) for c in changes]


def _reversed(c: Change) -> Change:
    kind = {"added": "removed", "removed": "added", "moved": "moved"}[c.kind]
    return Change(
        c.person_id, c.date, c.duty_id, kind, c.new_group, c.old_group, c.new_role, c.old_role
    )


# ---- notices ----


def test_zh_messages_exact() -> None:
    sc = checkpoint("zh")
    old = [cp(5, "T001", "1"), cp(7, "T002", "1"), cp(8, "T002", "2"), cp(6, "T003")]
    new = [cp(9, "T001", "2"), cp(7, "T002", "3"), cp(8, "T002", "2", "leader"), cp(6, "T003")]
    assert messages(sc, diff(old, new)) == {
        "T001": "张伟老师：您的2月5日高速卡口夜班（第1组）已取消；新增2月9日高速卡口夜班 第2组。",
        "T002": "李娜老师：2月7日高速卡口夜班改为第3组；2月8日高速卡口夜班改为第2组（组长）。",
    }


def test_en_messages_exact() -> None:
    sc = checkpoint("en")
    old = [cp(5, "T001", "1"), cp(7, "T002", "1")]
    new = [cp(9, "T001", "2", "leader"), cp(7, "T002", "3")]
    assert messages(sc, diff(old, new)) == {
        "T001": "Zhang Wei: your checkpoint night duty on 5 Feb (group 1) is cancelled; "
        "new: checkpoint night duty on 9 Feb, group 2, as leader.",
        "T002": "Li Na: your checkpoint night duty on 7 Feb moves to group 3.",
    }


def test_messages_only_for_people_whose_duties_changed() -> None:
    sc = checkpoint("en")
    same = [cp(5, "T003"), cp(6, "T002")]
    assert messages(sc, diff(same, same + [cp(9, "T001")])).keys() == {"T001"}
    assert messages(sc, []) == {}


def test_unknown_person_and_group_fall_back_to_ids() -> None:
    sc = checkpoint("en")
    changes = diff([seat(5, "T404", "9", duty="gone")], [])
    assert messages(sc, changes) == {"T404": "T404: your gone on 5 Feb (9) is cancelled."}


# ---- files ----


def test_changes_csv(tmp_path: Path) -> None:
    sc = checkpoint("zh")
    changes = diff(
        [cp(5, "T001", "1"), cp(7, "T002", "1")], [cp(9, "T001", "2"), cp(7, "T002", "3", "leader")]
    )
    raw = changes_csv(sc, changes)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [tuple(r.values()) for r in rows] == [
        (
            "T001",
            "张伟",
            "2020-02-05",
            "checkpoint-night",
            "高速卡口夜班",
            "removed",
            "第1组",
            "",
            "",
            "",
        ),
        (
            "T001",
            "张伟",
            "2020-02-09",
            "checkpoint-night",
            "高速卡口夜班",
            "added",
            "",
            "第2组",
            "",
            "",
        ),
        (
            "T002",
            "李娜",
            "2020-02-07",
            "checkpoint-night",
            "高速卡口夜班",
            "moved",
            "第1组",
            "第3组",
            "",
            "leader",
        ),
    ]
    assert list(rows[0]) == [
        "person_id", "name", "date", "duty", "duty_name", "change",
        "old_group", "new_group", "old_role", "new_role",
    ]  # fmt: skip


def test_messages_file() -> None:
    sc = checkpoint("zh")
    notices = {"T002": "李娜老师：……", "T001": "张伟老师：……"}
    assert messages_txt(sc, notices).decode("utf-8-sig") == (
        "张伟（T001） 电话：13800000001\r\n张伟老师：……\r\n\r\n李娜（T002）\r\n李娜老师：……\r\n"
    )


def test_messages_file_en() -> None:
    data = messages_txt(checkpoint("en"), {"T001": "Zhang Wei: hello."})
    assert data.decode("utf-8-sig") == (
        "Zhang Wei (T001), phone 13800000001\r\nZhang Wei: hello.\r\n"
    )


def test_no_exported_byte_carries_the_private_reason() -> None:
    sc = checkpoint("zh")
    changes = diff([cp(5, "T001"), cp(6, "T002")], [cp(9, "T001"), cp(6, "T003")])
    for data in (changes_csv(sc, changes), messages_txt(sc, messages(sc, changes))):
        assert "private reason" not in data.decode("utf-8-sig")


def test_duty_from_builders_reads_as_named(tmp_path: Path) -> None:
    sc = scenario([person("T1")], duties=(night(),))
    assert isinstance(sc.duties[0], Duty)
    assert messages(sc, diff([], [seat(3, "T1")])) == {
        "T1": "Name T1: new: Night duty on 3 Feb, G1."
    }


# ---- people who keep their seat while their group changes ----


def test_members_hear_of_a_new_leader_and_of_a_vacant_leader_seat() -> None:
    sc = checkpoint("zh")
    old = [cp(5, "T002", "1", "leader"), cp(5, "T003"), cp(6, "T002", "2", "leader"),
           cp(6, "T003", "2")]  # fmt: skip
    new = [cp(5, "T001", "1", "leader"), cp(5, "T003"), cp(6, "T003", "2")]
    found = group_changes(old, new)
    assert [(x.person_id, x.date.day, x.leaders, x.others) for x in found] == [
        ("T003", 5, ("T001",), None),
        ("T003", 6, (), None),
    ]
    notices = messages(sc, diff(old, new), found)
    assert notices["T003"] == (
        "Name T003老师：2月5日高速卡口夜班第1组组长改为张伟（13800000001）；"
        "2月6日高速卡口夜班第2组组长暂缺。"
    )
    assert notices["T001"] == "张伟老师：新增2月5日高速卡口夜班 第1组（组长）。"
    assert "T002" in notices  # their own duties were cancelled


def test_members_hear_who_they_serve_with_now() -> None:
    sc = checkpoint("zh")
    old = [cp(5, "T001", "1", "leader"), cp(5, "T003"), cp(5, "T002")]
    new = [cp(5, "T001", "1", "leader"), cp(5, "T003")]
    found = group_changes(old, new)
    # the leader and the member who stay both hear that 李娜 is gone
    assert [(x.person_id, x.leaders, x.others) for x in found] == [
        ("T001", None, ("T003",)),
        ("T003", None, ()),
    ]
    notices = messages(sc, diff(old, new), found)
    assert notices["T001"] == "张伟老师：2月5日高速卡口夜班第1组同组人员改为Name T003。"
    assert notices["T003"] == "Name T003老师：2月5日高速卡口夜班第1组暂无其他组员。"


def test_english_group_news_and_nothing_for_an_unchanged_group() -> None:
    sc = checkpoint("en")
    old = [cp(5, "T001", "1", "leader"), cp(5, "T003"), cp(5, "T002", "2")]
    new = [cp(5, "T002", "1", "leader"), cp(5, "T003")]
    notices = messages(sc, diff(old, new), group_changes(old, new))
    assert notices["T003"] == (
        "Name T003: your checkpoint night duty on 5 Feb (group 1): new leader Li Na."
    )
    same = [cp(5, "T001", "1", "leader"), cp(5, "T003"), cp(6, "T002")]
    assert group_changes(same, [*same, cp(7, "T002")]) == []
