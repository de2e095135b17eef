"""roster swap: give a duty away or exchange seats."""

from __future__ import annotations

from datetime import date

import pytest

from roster.errors import RosterError
from roster.result import Assignment
from roster.swap import SwapError, swap
from tests.builders import group, night, person, scenario

D5, D6 = date(2020, 2, 5), date(2020, 2, 6)
SC = scenario(
    [person("A"), person("B"), person("L", "S1", "leader"), person("M", "S2", "leader")],
    duties=(night((group("1", 2, leader=1), group("2", 2, leader=1))),),
)


def s(day: date, pid: str, grp: str = "1", role: str = "", duty: str = "night") -> Assignment:
    return Assignment(day, duty, grp, role, pid)


ROSTER = (
    s(D5, "A", "1"),
    s(D5, "L", "1", "leader"),
    s(D5, "B", "2"),
    s(D5, "M", "2", "leader"),
    s(D6, "A", "2"),
)


def test_both_work_exchange_groups() -> None:
    after = swap(SC, ROSTER, "A", "B", D5)
    assert s(D5, "A", "2") in after and s(D5, "B", "1") in after
    assert s(D5, "A", "1") not in after and s(D5, "B", "2") not in after
    assert len(after) == len(ROSTER)
    assert after == tuple(sorted(after))


def test_leaders_exchange_role_seats() -> None:
    after = swap(SC, ROSTER, "L", "M", D5)
    assert s(D5, "L", "2", "leader") in after and s(D5, "M", "1", "leader") in after


def test_give_away_when_only_one_works() -> None:
    after = swap(SC, ROSTER, "A", "B", D6)
    assert s(D6, "B", "2") in after and s(D6, "A", "2") not in after
    assert [x for x in after if x.date == D5] == [x for x in ROSTER if x.date == D5]


def test_give_away_works_either_way_round() -> None:
    assert swap(SC, ROSTER, "B", "A", D6) == swap(SC, ROSTER, "A", "B", D6)


def test_leader_seat_to_someone_without_the_role_is_refused() -> None:
    with pytest.raises(SwapError, match=r"Name B \(B\) does not hold the role 'leader'"):
        swap(SC, ROSTER, "L", "B", D5)
    roster = (*ROSTER, s(D6, "L", "1", "leader"))
    with pytest.raises(SwapError, match="leader"):
        swap(SC, roster, "L", "A", D6)


def test_leader_may_take_a_member_seat() -> None:
    after = swap(SC, ROSTER, "A", "M", D6)
    assert s(D6, "M", "2") in after


def test_nothing_to_swap() -> None:
    with pytest.raises(SwapError, match="nothing to swap"):
        swap(SC, ROSTER, "B", "L", D6)
    with pytest.raises(SwapError, match="nothing to swap"):
        swap(SC, ROSTER, "A", "B", D5, duty_id="day")


def test_same_seat_changes_nothing() -> None:
    roster = (s(D5, "A", "1"), s(D5, "B", "1"))
    with pytest.raises(SwapError, match="changes nothing"):
        swap(SC, roster, "A", "B", D5)


def test_two_duties_that_day_need_a_duty() -> None:
    roster = (*ROSTER, s(D5, "A", "1", duty="day"))
    with pytest.raises(SwapError, match=r"2 duties on 2020-02-05 \(day, night\); name one"):
        swap(SC, roster, "A", "B", D5)
    after = swap(SC, roster, "A", "B", D5, duty_id="night")
    assert s(D5, "A", "2") in after and s(D5, "A", "1", duty="day") in after


def test_exchange_across_duties() -> None:
    roster = (s(D5, "A", "1", duty="day"), s(D5, "B", "2"))
    assert swap(SC, roster, "A", "B", D5) == (s(D5, "B", "1", duty="day"), s(D5, "A", "2"))


def test_unknown_people_and_self_swap() -> None:
    with pytest.raises(SwapError, match="no person with id 'Z'"):
        swap(SC, ROSTER, "A", "Z", D5)
    with pytest.raises(SwapError, match="themselves"):
        swap(SC, ROSTER, "A", "A", D5)


def test_without_a_scenario_roles_are_left_to_the_checker() -> None:
    after = swap(None, ROSTER, "L", "B", D5)
    assert s(D5, "B", "1", "leader") in after and s(D5, "L", "2") in after


def test_swap_error_is_a_roster_error() -> None:
    assert issubclass(SwapError, RosterError)
