"""iCalendar files: one per person (`people/<person_id>.ics`) and one with every duty (`all.ics`).

Each person's calendar is titled with their name; in all.ics each event's title starts
with the name of the person on duty.

File names: outputs/filenames.py (an id that is no safe file name gets a readable part
and a hash). Control characters are dropped from the serialised file (outputs/cells.py).

Files follow RFC 5545: CRLF line ends, lines folded at 75 octets without splitting a
UTF-8 character, TEXT values escaped (the bytes `icalendar` writes, written directly by
outputs/ics_text.py: an `icalendar.Event` per event was most of the export), a VTIMEZONE for the
scenario's zone covering every event, DTSTART/DTEND with TZID, DTSTAMP in UTC.

UIDs. An event's UID is derived from (scenario id, duty id, date, person id) only:
`{scenario}-{duty}-{YYYYMMDD}-{sha1[:10]}@roster`. The group and the role are left out
on purpose: when a re-solve or a swap moves a teacher to another group of the same
night, their calendar updates the same event instead of gaining a second one. The
person id enters only through the hash, so it is not spelled out in the UID.

SEQUENCE. `previous` holds the records of the last published version, by UID. The
fingerprint of an event hashes everything it shows (status, summary, location,
description, start, end, reminder), not DTSTAMP:
* a new event gets SEQUENCE 0;
* an event whose fingerprint is unchanged keeps its SEQUENCE; a changed one gets +1;
* an event of `previous` that is no longer rostered is re-issued with STATUS:CANCELLED
  and SEQUENCE + 1, in that person's file and in all.ics, its text rebuilt from the
  record's duty, date, group and role;
* a cancelled event is TRANSP:TRANSPARENT: it no longer makes anyone busy;
* an event already cancelled in `previous` is re-issued cancelled with the same
  SEQUENCE (the same rule: its text is unchanged unless, say, the duty was renamed),
  so importing the newer file again is a no-op for the client.
Cancelled records are returned with the new ones, so they stay cancelled for good.

Feeds (`feed=Feed(...)`, outputs/feeds.py): the same events, UIDs and SEQUENCE for a
calendar app that subscribes to a link instead of importing a file: no METHOD, a refresh
interval, the leader named without a phone number (a link can be passed on, a file is
handed to one person), cancelled duties only until their date has passed, and a file for
every person named, with or without events.

Same inputs (including `now`) give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from icalendar import Calendar, Timezone, vDuration, vText

from outputs.cells import ics_bytes
from outputs.filenames import file_stems
from outputs.ics_text import text_line, value_line
from outputs.texts import LEADER_ROLE, ExportTexts, find_group
from outputs.views import seat_key, shift_times, sorted_seats
from roster import __version__
from roster.model import Scenario
from roster.result import Assignment, EventRecord
from solver.executor import run_tasks

ALL_FILE = "all.ics"
PEOPLE_DIR = "people"
SCHOOLS_DIR = "schools"
UID_DOMAIN = "roster"
EVENT_START = b"BEGIN:VEVENT\r\n"
EVENT_END = b"END:VEVENT\r\n"
CALENDAR_END = b"END:VCALENDAR\r\n"
# From this many events the calendars are built on the command's executor: below it,
# starting the processes costs more than it saves.
PARALLEL_EVENTS = 2000


@dataclass(frozen=True)
class Feed:
    """Build subscription feeds instead of files to import (see the module docstring)."""

    people: frozenset[str]  # a calendar for each, even with no event
    today: date  # cancelled duties dated before it are left out
    refresh: timedelta = timedelta(hours=1)  # how often a calendar app should fetch it again


@dataclass(frozen=True)
class CalendarEvent:
    """What one event shows; SEQUENCE and DTSTAMP are added when it is written."""

    uid: str
    person_id: str
    duty_id: str
    day: date
    group_id: str
    role: str
    summary: str
    location: str
    description: str
    start: datetime | date  # a date only for a cancelled duty the scenario no longer has
    end: datetime | date
    cancelled: bool
    reminder_minutes: int | None
    alarm_text: str
    public_description: str = ""  # the description without other people's phone numbers

    @property
    def fingerprint(self) -> str:
        shown = [
            "CANCELLED" if self.cancelled else "CONFIRMED",
            self.summary,
            self.location,
            self.description,
            self.start.isoformat(),
            self.end.isoformat(),
            self.reminder_minutes,
            self.alarm_text,
        ]
        payload = json.dumps(shown, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(payload).hexdigest()

    def record(self, sequence: int) -> EventRecord:
        return EventRecord(
            uid=self.uid,
            person_id=self.person_id,
            duty_id=self.duty_id,
            date=self.day,
            group_id=self.group_id,
            role=self.role,
            sequence=sequence,
            fingerprint=self.fingerprint,
            cancelled=self.cancelled,
        )


def event_uid(scenario_id: str, duty_id: str, day: date, person_id: str) -> str:
    """Stable UID of one person's duty on one date (no group: see the module docstring)."""
    key = "\x1f".join((scenario_id, duty_id, day.isoformat(), person_id))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{scenario_id}-{duty_id}-{day:%Y%m%d}-{digest}@{UID_DOMAIN}"


def calendar_paths(ids: Iterable[str], folder: str = PEOPLE_DIR) -> dict[str, str]:
    """Id -> `people/<id>.ics` (or `schools/...`): names outputs.filenames makes safe.

    People and schools have folders of their own, so no id can take another's file
    or all.ics.
    """
    return {i: f"{folder}/{stem}.ics" for i, stem in file_stems(ids).items()}


def next_sequence(event: CalendarEvent, previous: EventRecord | None) -> int:
    if previous is None:
        return 0
    if previous.fingerprint == event.fingerprint and previous.cancelled == event.cancelled:
        return previous.sequence
    return previous.sequence + 1


def build_calendars(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
    feed: Feed | None = None,
) -> tuple[dict[str, bytes], dict[str, EventRecord]]:
    """Calendar files by path (`people/<person_id>.ics`, `all.ics`) and the record per UID.

    With `feed`, subscription feeds: the same paths and records (module docstring).
    A large roster's files (`PARALLEL_EVENTS`) are built on the command's executor
    (solver/executor); the bytes do not depend on where they were built."""
    work = plan_calendars(scenario, assignments, now=now, previous=previous, feed=feed)
    processes = 1 if work.events < PARALLEL_EVENTS else None
    every = [*work.files, work.everyone]
    built = run_tasks(build_calendar_files, [[f] for f in every], common=work.common,
                      sizes=[f.size for f in every], label="calendars",
                      processes=processes)  # fmt: skip
    files = {path: data for found in built for path, data in found.items()}
    return files, work.records


# language, timezone, VTIMEZONE, DTSTAMP, a feed's refresh interval (None: files to import)
CalendarCommon = tuple[str, str, Timezone, datetime, timedelta | None]


@dataclass(frozen=True)
class CalendarFile:
    """One file to build: its path, its calendar name, its events with their SEQUENCE."""

    path: str
    name: str
    events: tuple[tuple[CalendarEvent, int], ...]

    @property
    def size(self) -> int:
        return max(len(self.events), 1)


@dataclass(frozen=True)
class CalendarWork:
    """Every calendar file of a roster, planned: what building each one needs."""

    common: CalendarCommon
    files: tuple[CalendarFile, ...]  # everyone's own
    everyone: CalendarFile  # all.ics: every event, titled with whose duty it is
    records: dict[str, EventRecord]
    events: int


def plan_calendars(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    *,
    now: datetime,
    previous: Mapping[str, EventRecord] | None = None,
    feed: Feed | None = None,
) -> CalendarWork:
    """The events, their SEQUENCE and records, and the files that will hold them."""
    stamp = _utc(now)
    previous = previous or {}
    texts = ExportTexts(scenario)
    live = _live_events(scenario, texts, assignments)
    gone = [r for uid, r in sorted(previous.items()) if uid not in live]
    events = list(live.values()) + [_cancelled_event(scenario, texts, r) for r in gone]
    events.sort(key=lambda e: _event_order(scenario, e))
    sequences = {e.uid: next_sequence(e, previous.get(e.uid)) for e in events}
    records = {e.uid: e.record(sequences[e.uid]) for e in sorted(events, key=lambda e: e.uid)}

    timezone = _vtimezone(scenario, events)
    if feed is not None:
        events = [_public(e) for e in events if not (e.cancelled and e.day < feed.today)]
    by_person: dict[str, list[CalendarEvent]] = {}
    for event in events:
        by_person.setdefault(event.person_id, []).append(event)
    people = sorted(set(by_person) | (feed.people if feed else set()))
    paths = calendar_paths(people)

    def numbered(found: Sequence[CalendarEvent]) -> tuple[tuple[CalendarEvent, int], ...]:
        return tuple((e, sequences[e.uid]) for e in found)

    files = [
        CalendarFile(
            paths[pid],
            texts.say("calname_person", scenario=scenario.name, person=texts.person_name(pid)),
            numbered(by_person.get(pid, [])),
        )
        for pid in people
    ]
    everyone = CalendarFile(
        ALL_FILE,
        texts.say("calname_all", scenario=scenario.name),
        numbered([with_name(texts, e) for e in events]),
    )
    refresh = feed.refresh if feed is not None else None
    common = (scenario.language, scenario.timezone, timezone, stamp, refresh)
    return CalendarWork(common, tuple(files), everyone, records, len(events))


def build_calendar_files(common: CalendarCommon, files: Sequence[CalendarFile]) -> dict[str, bytes]:
    """A task: the bytes of some of a roster's calendar files (`plan_calendars`)."""
    language, timezone_name, timezone, stamp, refresh = common
    return {
        f.path: _calendar_bytes(
            language, timezone_name, f.name, timezone, f.events, stamp, refresh
        )
        for f in files
    }


# ---- what each event shows ----


def with_name(texts: ExportTexts, event: CalendarEvent) -> CalendarEvent:
    """The event as all.ics shows it: whose duty it is, in the title (seven identical
    高速卡口夜班 · 第1组 at 17:00 tell the coordinator nothing). The person's own file
    leaves it out; the name is in both descriptions, so the fingerprint covers it."""
    if not event.person_id:
        return event
    name = texts.person_name(event.person_id)
    return replace(event, summary=texts.say("named_summary", name=name, summary=event.summary))


def _live_events(
    scenario: Scenario, texts: ExportTexts, assignments: Iterable[Assignment]
) -> dict[str, CalendarEvent]:
    """One event per person per shift, by UID.

    A person holding two seats of one shift (a hard violation in a hand-edited roster)
    gets one event, for the first seat in roster order.
    """
    seats = sorted_seats(scenario, assignments)
    leaders = _leaders_by_group(seats)
    events: dict[str, CalendarEvent] = {}
    for a in seats:
        uid = event_uid(scenario.id, a.duty_id, a.date, a.person_id)
        if uid not in events:
            events[uid] = _live_event(scenario, texts, a, uid, leaders)
    return events


def _live_event(
    scenario: Scenario,
    texts: ExportTexts,
    a: Assignment,
    uid: str,
    leaders: Mapping[tuple[date, str, str], list[str]],
) -> CalendarEvent:
    start, end = _times(scenario, a.duty_id, a.date)
    summary = texts.duty_summary(a.duty_id, a.group_id, a.role)
    lines = _facts(texts, a.person_id, a.duty_id, a.group_id, a.role, start, end)
    leader_ids = leaders.get((a.date, a.duty_id, a.group_id))
    leader_line = _leader_line(scenario, texts, a, leader_ids)
    public_lines = list(lines)
    if leader_line:
        lines.append(leader_line)
        public_lines.append(_leader_line(scenario, texts, a, leader_ids, phones=False))
    minutes = scenario.calendar.reminder_minutes or None
    alarm_text = texts.say("alarm", summary=summary, time=_clock(start)) if minutes else ""
    return CalendarEvent(
        uid=uid,
        person_id=a.person_id,
        duty_id=a.duty_id,
        day=a.date,
        group_id=a.group_id,
        role=a.role,
        summary=summary,
        location=_location(scenario, a.duty_id),
        description="\n".join(lines),
        start=start,
        end=end,
        cancelled=False,
        reminder_minutes=minutes,
        alarm_text=alarm_text,
        public_description="\n".join(public_lines),
    )


def _cancelled_event(scenario: Scenario, texts: ExportTexts, record: EventRecord) -> CalendarEvent:
    """A published event no longer rostered, rebuilt from its record, marked cancelled."""
    start, end = _times(scenario, record.duty_id, record.date)
    summary = texts.duty_summary(record.duty_id, record.group_id, record.role)
    facts = _facts(
        texts, record.person_id, record.duty_id, record.group_id, record.role, start, end
    )
    return CalendarEvent(
        uid=record.uid,
        person_id=record.person_id,
        duty_id=record.duty_id,
        day=record.date,
        group_id=record.group_id,
        role=record.role,
        summary=texts.say("cancelled_summary", summary=summary),
        location=_location(scenario, record.duty_id),
        description="\n".join([texts.say("desc_cancelled"), *facts]),
        start=start,
        end=end,
        cancelled=True,
        reminder_minutes=None,
        alarm_text="",
    )


def _facts(
    texts: ExportTexts,
    person_id: str,
    duty_id: str,
    group_id: str,
    role: str,
    start: datetime | date,
    end: datetime | date,
) -> list[str]:
    # The person's own name is there for all.ics, where the coordinator sees every event.
    return [
        texts.say("desc_person", value=texts.person_name(person_id)),
        texts.say("desc_duty", value=texts.duty_name(duty_id)),
        texts.say("desc_group", value=texts.group_name(duty_id, group_id)),
        texts.say("desc_role", value=texts.role(role)),
        texts.time_span(start, end),
    ]


def _leader_line(
    scenario: Scenario,
    texts: ExportTexts,
    a: Assignment,
    leader_ids: list[str] | None,
    *,
    phones: bool = True,
) -> str:
    """Whom to call: the group's leader(s), with phone unless `phones` is False; a vacant
    leader seat says so."""
    if leader_ids:
        contacts = [
            texts.contact(scenario.person_by_id.get(pid), pid) if phones else texts.person_name(pid)
            for pid in leader_ids
        ]
        return texts.say("desc_leader", role=_leader_word(texts), value=texts.join(contacts))
    group = find_group(scenario, a.duty_id, a.group_id)
    if group is not None and group.role_seats.get(LEADER_ROLE, 0) > 0:
        return texts.say("desc_leader", role=_leader_word(texts), value=texts.uncovered(1))
    return ""


def _leader_word(texts: ExportTexts) -> str:
    word = texts.role(LEADER_ROLE)
    return word[:1].upper() + word[1:]


def _leaders_by_group(seats: Sequence[Assignment]) -> dict[tuple[date, str, str], list[str]]:
    leaders: dict[tuple[date, str, str], list[str]] = {}
    for a in seats:
        if a.role == LEADER_ROLE:
            leaders.setdefault((a.date, a.duty_id, a.group_id), []).append(a.person_id)
    return leaders


def _times(scenario: Scenario, duty_id: str, day: date) -> tuple[datetime | date, datetime | date]:
    duty = scenario.duty_by_id.get(duty_id)
    if duty is None:
        # A cancelled duty the scenario no longer defines: its hours are unknown.
        return day, day + timedelta(days=1)
    return shift_times(scenario, duty, day)


def _location(scenario: Scenario, duty_id: str) -> str:
    duty = scenario.duty_by_id.get(duty_id)
    return duty.location if duty is not None else ""


def _clock(value: datetime | date) -> str:
    return value.strftime("%H:%M") if isinstance(value, datetime) else ""


def _event_order(scenario: Scenario, e: CalendarEvent) -> tuple[object, ...]:
    """Chronological, then in roster order (duty, group, role seats first, person)."""
    start = e.start
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(), tzinfo=scenario.tz)
    seat = Assignment(e.day, e.duty_id, e.group_id, e.role, e.person_id)
    return (start, seat_key(scenario, seat), e.cancelled, e.uid)


def _public(event: CalendarEvent) -> CalendarEvent:
    """The event as a feed shows it: a cancelled one has no leader line to hide."""
    if not event.public_description:
        return event
    return dataclasses.replace(event, description=event.public_description)


# ---- writing ----


def _calendar_bytes(
    language: str,
    timezone_name: str,
    name: str,
    timezone: Timezone,
    events: Sequence[tuple[CalendarEvent, int]],
    stamp: datetime,
    refresh: timedelta | None = None,
) -> bytes:
    """The calendar's own lines and VTIMEZONE, then its events: the bytes `Calendar.to_ical`
    of them all gives (outputs/ics_text.py). `refresh`: a feed's (no METHOD)."""
    body = b"".join(_vevent_bytes(e, seq, stamp) for e, seq in events)
    return _calendar_head(language, timezone_name, name, timezone, refresh) + body + CALENDAR_END


def _calendar_head(
    language: str, timezone_name: str, name: str, timezone: Timezone, refresh: timedelta | None
) -> bytes:
    """Everything before the first VEVENT. Only the name differs from file to file: the
    rest (its VTIMEZONE above all) is serialised by icalendar once per zone (`_head_parts`)."""
    before, after = _head_parts(language, timezone_name, timezone, refresh)
    return before + text_line("X-WR-CALNAME", name) + after


# The heads of the calendars being built: (language, zone name, id of the VTIMEZONE,
# refresh) -> the VTIMEZONE (kept so its id stays its own) and the head around the name.
_HEADS: dict[tuple[object, ...], tuple[Timezone, bytes, bytes]] = {}
NAME_SLOT = "ROSTER-CALENDAR-NAME"


def _head_parts(
    language: str, timezone_name: str, timezone: Timezone, refresh: timedelta | None
) -> tuple[bytes, bytes]:
    key = (language, timezone_name, id(timezone), refresh)
    found = _HEADS.get(key)
    if found is None or found[0] is not timezone:
        if len(_HEADS) > 64:
            _HEADS.clear()
        cal = Calendar()
        cal.add("prodid", f"-//roster//roster {__version__}//{language.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        if refresh is None:
            cal.add("method", "PUBLISH")
        else:  # a feed is subscribed to, not imported: no METHOD (RFC 7986 refresh instead)
            cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
            cal.add("x-published-ttl", vDuration(refresh))
        cal.add("x-wr-calname", vText(NAME_SLOT))
        cal.add("x-wr-timezone", vText(timezone_name))
        cal.add_component(timezone)
        head = ics_bytes(cal.to_ical()).removesuffix(CALENDAR_END)
        before, after = head.split(text_line("X-WR-CALNAME", NAME_SLOT))
        found = _HEADS[key] = (timezone, before, after)
    return found[1], found[2]


def _vevent_bytes(event: CalendarEvent, sequence: int, stamp: datetime) -> bytes:
    """The VEVENT icalendar writes for the event: its properties in icalendar's order (the
    canonical ones first, then the rest alphabetically)."""
    lines = [
        EVENT_START,
        text_line("SUMMARY", event.summary),
        value_line("DTSTART", event.start),
        value_line("DTEND", event.end),
        value_line("DTSTAMP", stamp),
        text_line("UID", event.uid),
        value_line("SEQUENCE", sequence),
        text_line("DESCRIPTION", event.description),
    ]
    if event.location:
        lines.append(text_line("LOCATION", event.location))
    lines.append(b"STATUS:CANCELLED\r\n" if event.cancelled else b"STATUS:CONFIRMED\r\n")
    # a cancelled duty no longer makes the person busy (free/busy, scheduling assistants)
    lines.append(b"TRANSP:TRANSPARENT\r\n" if event.cancelled else b"TRANSP:OPAQUE\r\n")
    if event.reminder_minutes:
        lines += [
            b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
            text_line("DESCRIPTION", event.alarm_text),
            value_line("TRIGGER", timedelta(minutes=-int(event.reminder_minutes))),
            b"END:VALARM\r\n",
        ]
    lines.append(EVENT_END)
    return b"".join(lines)


def _vtimezone(scenario: Scenario, events: Sequence[CalendarEvent]) -> Timezone:
    """The scenario's zone, from a day before the first event to a day after the last."""
    firsts = [scenario.start] + [_as_date(e.start) for e in events]
    lasts = [scenario.end + timedelta(days=1)] + [_as_date(e.end) for e in events]
    first, last = min(firsts) - timedelta(days=1), max(lasts) + timedelta(days=1)
    return _zone(scenario.tz, scenario.timezone, first, last)


@lru_cache(maxsize=64)
def _zone(tz: tzinfo, tzid: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE, worked out once (tens of milliseconds: every school's calendar has one,
    mostly the same). Callers only serialise it."""
    return Timezone.from_tzinfo(tz, tzid=tzid, first_date=first, last_date=last)


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (DTSTAMP is written in UTC)")
    return now.astimezone(UTC).replace(microsecond=0)
