"""The calendar writer (outputs/ics_text.py) against icalendar: the same bytes as icalendar's
object model gives (the writer the calendars had before), and icalendar reads every
event back as it was meant."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event, Timezone, vDuration, vText

from outputs.cells import ics_bytes
from outputs.ical import CalendarEvent, _calendar_bytes, _vevent_bytes, build_calendars
from outputs.ics_text import LINE_OCTETS, escape_text, fold, text_line, value_line
from roster import __version__
from roster.result import Assignment
from tests.builders import START, group, night, person, scenario

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAMP = datetime(2020, 4, 18, 1, 2, 3, tzinfo=UTC)
# Every kind of character a line may meet: ASCII, the escapes, CJK (3 octets), emoji (4),
# C1 controls (2), other controls, and long runs that fold.
TEXT = st.text(
    alphabet=st.sampled_from(list("abNZ 09:;,\\^\"'\n\r\t\x00\x01\x0b\x1f\x7f\x85\x9f张慧é😀·")),
    max_size=200,
)


def icalendar_line(name: str, value: object) -> bytes:
    """What icalendar writes for one property, cleaned as the files are (outputs/cells.py)."""
    alone = Event()
    alone.add(name, value)
    data = ics_bytes(alone.to_ical())
    return data.removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"END:VEVENT\r\n")


def reference_vevent(event: CalendarEvent, sequence: int, stamp: datetime) -> bytes:
    """The VEVENT as icalendar's object model serialises it."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", sequence)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("summary", event.summary)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("description", event.description)
    vevent.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    if event.reminder_minutes:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.alarm_text)
        alarm.add("trigger", timedelta(minutes=-event.reminder_minutes))
        vevent.add_component(alarm)
    return ics_bytes(vevent.to_ical())


def reference_calendar(name: str, timezone: Timezone, events: list[CalendarEvent],
                       refresh: timedelta | None) -> bytes:  # fmt: skip
    cal = Calendar()
    cal.add("prodid", f"-//roster//roster {__version__}//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if refresh is None:
        cal.add("method", "PUBLISH")
    else:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-timezone", vText("Asia/Shanghai"))
    cal.add_component(timezone)
    head = ics_bytes(cal.to_ical()).removesuffix(b"END:VCALENDAR\r\n")
    body = b"".join(reference_vevent(e, 2, STAMP) for e in events)
    return head + body + b"END:VCALENDAR\r\n"


def an_event(**changes: object) -> CalendarEvent:
    start = datetime(2020, 2, 1, 17, 0, tzinfo=SHANGHAI)
    event = CalendarEvent(
        uid="district-night-20200201-0123456789@roster", person_id="T1", duty_id="night",
        day=date(2020, 2, 1), group_id="1", role="leader", summary="高速卡口夜班 · 第1组",
        location="青威高速临港入口卡口",
        description="值班人员：张伟\n带班领导：李娜（13800000000）",
        start=start, end=start + timedelta(hours=14), cancelled=False, reminder_minutes=60,
        alarm_text="高速卡口夜班，17:00开始",
    )  # fmt: skip
    return replace(event, **changes)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_text_line_is_what_icalendar_writes(value):
    for name in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
        assert text_line(name, value) == icalendar_line(name, vText(value))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_folded_lines_hold_75_octets_and_whole_characters(value):
    text = value * 3
    data = text_line("DESCRIPTION", text)
    lines = data.removesuffix(b"\r\n").split(b"\r\n")
    assert all(len(line) <= LINE_OCTETS + 1 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    for line in lines:
        line.decode("utf-8")  # no character cut in two
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert unfolded == "DESCRIPTION:" + escape_text(text).translate(DROPPED) + "\r\n"


DROPPED = {c: None for c in [*range(0x20), *range(0x7F, 0xA0)] if c != 9}  # all but HTAB


def test_an_escape_is_never_cut_by_a_fold():
    for k in range(60, 80):
        line = fold("DESCRIPTION:" + "a" * k + "\\;b" * 10)
        assert b"\\\r\n " not in line
        assert line == icalendar_line("DESCRIPTION", vText("a" * k + ";b" * 10))


def test_dates_times_durations_and_numbers_are_icalendar_s():
    values = [
        datetime(2020, 2, 1, 17, 0, tzinfo=SHANGHAI),
        datetime(2020, 2, 1, 17, 0, tzinfo=UTC),
        datetime(2020, 2, 1, 9, 0, tzinfo=UTC),
        date(2020, 2, 1),
        timedelta(minutes=-90),
        timedelta(days=-1),
    ]
    for value in values:
        assert value_line("DTSTART", value) == icalendar_line("DTSTART", value)
    assert value_line("SEQUENCE", 7) == icalendar_line("SEQUENCE", 7) == b"SEQUENCE:7\r\n"
    # the same instant in two zones is two lines, not one remembered for both
    a = datetime(2020, 2, 1, 17, 0, tzinfo=SHANGHAI)
    assert value_line("DTSTART", a) != value_line("DTSTART", a.astimezone(UTC))


@settings(max_examples=150, deadline=None)
@given(summary=TEXT, description=TEXT, location=TEXT, alarm=TEXT, uid=TEXT,
       cancelled=st.booleans(), minutes=st.sampled_from([None, 15, 60, 1440]),
       whole_day=st.booleans(), sequence=st.integers(0, 12))  # fmt: skip
def test_an_event_is_what_icalendar_s_object_model_writes(
    summary, description, location, alarm, uid, cancelled, minutes, whole_day, sequence
):
    event = an_event(summary=summary, description=description, location=location,
                     alarm_text=alarm, uid=uid or "u", cancelled=cancelled,
                     reminder_minutes=minutes)  # fmt: skip
    if whole_day:
        event = replace(event, start=event.day, end=event.day + timedelta(days=1))
    assert _vevent_bytes(event, sequence, STAMP) == reference_vevent(event, sequence, STAMP)


def test_a_calendar_is_what_icalendar_writes_and_reads_back_the_same():
    timezone = Timezone.from_tzinfo(SHANGHAI, tzid="Asia/Shanghai", first_date=date(2020, 1, 1),
                                    last_date=date(2020, 3, 1))  # fmt: skip
    long_name = "临港区教育系统疫情防控值班 · " + "欧阳慧" * 20
    events = [an_event(), an_event(cancelled=True, reminder_minutes=None, location=""),
              an_event(summary="a,b;c\\d" * 20, description="x" * 300)]  # fmt: skip
    numbered = [(e, 2) for e in events]
    for refresh in (None, timedelta(hours=1)):
        data = _calendar_bytes("zh", "Asia/Shanghai", long_name, timezone, numbered, STAMP,
                               refresh)  # fmt: skip
        assert data == reference_calendar(long_name, timezone, events, refresh)
        parsed = Calendar.from_ical(data)
        assert str(parsed["x-wr-calname"]) == long_name
        for read, event in zip(parsed.walk("VEVENT"), events, strict=True):
            assert str(read["summary"]) == event.summary
            assert str(read["description"]) == event.description
            assert str(read.get("location", "")) == event.location
            assert read.decoded("dtstart") == event.start
            assert read.decoded("dtend") == event.end
            assert int(read["sequence"]) == 2
            assert str(read["status"]) == ("CANCELLED" if event.cancelled else "CONFIRMED")


def test_people_and_all_ics_read_back_as_the_roster():
    sc = scenario([person(p, "S1") for p in "abc"], duties=[night([group("1", 2)])], days=3)
    seats = [Assignment(START + timedelta(days=d), "night", "1", "", p)
             for d, p in [(0, "a"), (0, "b"), (1, "c"), (2, "a")]]  # fmt: skip
    files, records = build_calendars(sc, seats, now=STAMP)
    read = {path: list(Calendar.from_ical(data).walk("VEVENT")) for path, data in files.items()}
    assert sorted(len(v) for v in read.values()) == [1, 1, 2, 4]
    uids = sorted(str(e["uid"]) for e in read["all.ics"])
    assert uids == sorted(records)
    assert uids == sorted(str(e["uid"]) for k, v in read.items() if k != "all.ics" for e in v)
