"""The most weekend seats people fill under a cap on their weekends (roster/weekend_seats.py),
counted by hand."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from roster.model import Scenario
from roster.result import Status
from roster.weekend_seats import saturday, weekend_seats
from solver.shortage import least_shortage, weekend_windows
from tests.builders import group, night, period, person, rule, scenario, solve_checked, with_demand
from tests.strategies import examples

SAT = date(2020, 2, 8)
SUN = SAT + timedelta(1)
SAT2, SUN2 = SAT + timedelta(7), SUN + timedelta(7)


def _every_day(*days: date, most: int = 1) -> dict[date, int]:
    return dict.fromkeys(days, most)


def test_saturday_keys_both_days_of_a_weekend():
    assert saturday(SAT) == saturday(SUN) == SAT
    assert saturday(SUN2) == SAT2


def test_weekends_asking_both_days_fill_two_seats_each():
    people = [(_every_day(SAT, SUN, SAT2, SUN2), 1)] * 3
    found = weekend_seats({SAT: 2, SUN: 2, SAT2: 2, SUN2: 2}, people)
    assert (found.needed, found.by_person, found.by_weekend) == (8, 6, 6)
    assert (found.most, found.short, found.weekends, found.people) == (6, 2, 3, 3)


def test_a_weekend_asking_one_day_fills_one_seat_a_person():
    """Saturday asks two, Sunday none; the next weekend the reverse. Each of three people
    works one weekend and fills one seat of it: 3 of the 4."""
    people = [(_every_day(SAT, SUN, SAT2, SUN2), 1)] * 3
    found = weekend_seats({SAT: 2, SUN: 0, SAT2: 0, SUN2: 2}, people)
    assert found.by_person == 6  # each person's best weekend is two dates they can work
    assert found.by_weekend == 3
    assert found.short == 1


def test_people_beyond_what_a_weekend_asks_add_nothing():
    people = [(_every_day(SAT, SUN), 1)] * 5
    found = weekend_seats({SAT: 3, SUN: 1}, people)
    # the first person fills a seat each day, the second and third a Saturday seat each
    assert found.by_weekend == 4
    assert found.short == 0


def test_a_date_only_some_can_work_caps_its_seats_at_them():
    only_saturday = (_every_day(SAT), 1)
    both = (_every_day(SAT, SUN), 1)
    found = weekend_seats({SAT: 2, SUN: 2}, [only_saturday, only_saturday, both])
    assert found.by_weekend == 3  # Sunday: one person can work it
    assert found.short == 1


def test_shifts_apart_on_one_date_count_as_many_seats():
    """A person who can work two shifts apart on Saturday fills two of its seats."""
    found = weekend_seats({SAT: 4, SUN: 0}, [({SAT: 2}, 1), ({SAT: 2}, 1)])
    assert found.by_weekend == 4
    assert found.short == 0


def test_the_cap_counts_only_weekends_someone_can_work():
    found = weekend_seats({SAT: 1, SUN: 1, SAT2: 1}, [(_every_day(SAT, SUN), 2)])
    assert found.weekends == 1
    assert found.short == 1


def test_nobody_on_weekends_fills_nothing():
    found = weekend_seats({SAT: 1}, [({}, 2)])
    assert (found.most, found.short, found.people) == (0, 1, 0)


# ---- the proof against optimal rosters ----


@st.composite
def _weekend_scenarios(draw) -> Scenario:
    """Two weeks of nights under a hard weekends cap, each date asking 0-3, a few people
    away some days: small enough to solve to optimality."""
    people = [person(f"p{i}") for i in range(draw(st.integers(1, 4)))]
    asks = draw(st.lists(st.integers(0, 3), min_size=14, max_size=14))
    away = [
        period(p.id, first, first + draw(st.integers(0, 4)))
        for p in people
        if (first := draw(st.integers(-1, 13))) >= 0
    ]
    sc = scenario(
        people,
        days=14,
        duties=[night([group("1", 3)])],
        rules=[rule("cover"), rule("weekends", max=draw(st.integers(0, 2)))],
        availability=away,
    )
    return with_demand(sc, *((i, "1", "", n, n, 3) for i, n in enumerate(asks)))


@examples(40)
@given(_weekend_scenarios())
def test_no_optimal_roster_leaves_fewer_weekend_seats_empty_than_proven(sc: Scenario):
    result = solve_checked(sc)
    assert result.status is Status.OPTIMAL
    empty = sum(v.amount for v in result.violations if v.kind == "cover")
    proven = sum(w.short for w in weekend_windows(sc))
    assert proven <= empty
    assert least_shortage(sc).seats <= empty
