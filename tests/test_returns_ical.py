"""Calendars of the return: recurring daily arrival and dismissal expand to the school days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from outputs.returns.ical import build_return_calendars
from roster.model import Holiday
from roster.result import Status
from roster.returns.gate_duty import school_days
from roster.returns.model import DailySettings
from roster.returns.result import DailyTime, Placement, PlanResult
from tests.return_builders import DAY1, cohort, problem

NOW = datetime(2020, 4, 18, 9, 0, tzinfo=UTC)
TERM_END = date(2020, 5, 15)
HOLIDAYS = (date(2020, 5, 1), date(2020, 5, 4), date(2020, 5, 5))
MAKE_UP = date(2020, 5, 9)  # a Saturday of school (调休上班)


def built() -> tuple[object, dict[str, bytes]]:
    daily = DailySettings(time(7), time(16, 30), 10, 3, 100, make_up_days=(MAKE_UP,))
    p = problem(
        [cohort("c1", teacher="T1"), cohort("c2", boarding=True, teacher="T2")],
        n_windows=2, daily=daily, term_end=TERM_END, language="zh",
        holidays=tuple(Holiday(d, "劳动节") for d in HOLIDAYS),
    )  # fmt: skip
    plan = PlanResult(Status.OPTIMAL, 0, 0, 0.0, placements=(
        Placement("c1", DAY1, 1), Placement("c2", DAY1, 0)))  # fmt: skip
    times = PlanResult(Status.OPTIMAL, 0, 0, 0.0, times=(DailyTime("c1", 2),))
    return p, build_return_calendars(p, plan, times, None, now=NOW)


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def expand(event) -> list[datetime]:  # noqa: ANN001
    start = event.decoded("dtstart")
    rules = rruleset()
    rules.rrule(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))
    for prop, add in (("exdate", rules.exdate), ("rdate", rules.rdate)):
        found = event.get(prop)
        for group in found if isinstance(found, list) else [found] if found else []:
            for value in group.dts:
                add(value.dt)
    return list(rules)


def test_daily_series_expand_to_the_school_days():
    p, files = built()
    series = {str(e["summary"]): e for e in events(files["people/T1.ics"]) if "rrule" in e}
    arrival = next(e for s, e in series.items() if "到校" in s)
    dismissal = next(e for s, e in series.items() if "离校" in s)
    expected = school_days(p, DAY1, 1000)
    assert expected[0] == date(2020, 4, 21) and MAKE_UP in expected
    assert not set(HOLIDAYS) & set(expected) and expected[-1] == TERM_END
    got = expand(arrival)
    assert [d.date() for d in got] == expected
    assert {d.time() for d in got} == {time(7, 20)}
    assert {d.time() for d in expand(dismissal)} == {time(16, 50)}
    assert str(arrival["rrule"].to_ical().decode()).startswith(
        "FREQ=WEEKLY;UNTIL=20200514T233000Z"
    )  # 15 May 07:30 +08


def test_return_day_event_and_boarders_without_series():
    _, files = built()
    (ret,) = [e for e in events(files["people/T1.ics"]) if "rrule" not in e]
    assert ret.decoded("dtstart") == datetime(
        2020, 4, 20, 7, 20, tzinfo=ret.decoded("dtstart").tzinfo
    )
    assert "返校 07:20-07:40" in str(ret["summary"])
    # A boarding class returns once and has no daily arrival.
    assert ["rrule" in e for e in events(files["people/T2.ics"])] == [False]


def test_files_are_rfc5545_and_deterministic():
    _, first = built()
    _, second = built()
    assert first == second
    data = first["all.ics"]
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Asia/Shanghai" in data
    uids = [str(e["uid"]) for e in events(data)]
    assert len(uids) == len(set(uids)) == 4
