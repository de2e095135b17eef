"""Calendars of the staggered return: one per teacher, and all.ics with every event.

A class teacher (cohorts.csv `teacher`) gets their class's return (one event on the
return day, in its window) and its daily arrival and dismissal for the rest of term as
two recurring events. A teacher on gate duty gets each gate window as an event.

RRULE policy (docs/returns.md): a daily series starts on the first school day after the
class's return and repeats `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR` until the end of term
(`UNTIL` in UTC, as RFC 5545 requires with a DTSTART in a time zone); weekday holidays
of holidays.csv are EXDATEs and make-up school days on a weekend ([return.daily]
make_up_days) are RDATEs, all at the window's local time. Conventions of outputs/ical.py
hold: deterministic UIDs (from the scenario id, the kind and the class or duty), a
VTIMEZONE for the scenario's zone, CRLF, DTSTAMP = the given `now` in UTC; gate duty
events carry the same UID as in the gate-duty roster's own calendars.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, vText

from outputs.cells import ics_bytes
from outputs.ical import ALL_FILE, UID_DOMAIN, calendar_paths, event_uid
from roster import __version__
from roster.model import Scenario
from roster.result import Result
from roster.returns.gate_duty import GateLoad, school_days
from roster.returns.model import Cohort, ReturnProblem, clock
from roster.returns.result import Placement, PlanResult
from roster.returns.texts import ReturnTexts

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def return_uid(problem_id: str, kind: str, key: str) -> str:
    digest = hashlib.sha1(f"{problem_id}\x1f{kind}\x1f{key}".encode()).hexdigest()[:10]
    return f"{problem_id}-{kind}-{digest}@{UID_DOMAIN}"


def build_return_calendars(
    problem: ReturnProblem,
    plan: PlanResult,
    daily: PlanResult | None,
    gate: tuple[Scenario, Result, Sequence[GateLoad]] | None,
    *,
    now: datetime,
    reminder_minutes: int | None = None,
    names: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Calendar files by path: `people/<person_id>.ics` per teacher and `all.ics`.

    `names` (person id -> name) titles each teacher's calendar and, in all.ics, each
    event; the gate-duty roster's people are known without it."""
    t = ReturnTexts(problem)
    stamp = now.astimezone(UTC).replace(microsecond=0)
    events: dict[str, list[Event]] = defaultdict(list)
    slots = {x.cohort_id: x.slot for x in daily.times} if daily is not None else {}
    for p in plan.placements:
        c = problem.cohort_by_id[p.cohort_id]
        if c.teacher_id:
            events[c.teacher_id].append(_return_event(problem, t, c, p, stamp))
            if c.id in slots:
                events[c.teacher_id] += _daily_events(problem, t, c, p.date, slots[c.id], stamp)
    if gate is not None:
        for person_id, event in _gate_events(problem, t, *gate, stamp, reminder_minutes):
            events[person_id].append(event)
    timezone = _vtimezone(problem, events)
    paths = calendar_paths(events)
    known = {p.id: p.name for p in gate[0].people} if gate is not None else {}
    known.update(names or {})
    files = {
        paths[pid]: _calendar(problem, t.say("cal_name", name=problem.name,
                                             person=known.get(pid, pid)), timezone, found)
        for pid, found in sorted(events.items())
    }  # fmt: skip
    everything = [
        _named(t, known.get(pid, pid), e) for pid, found in sorted(events.items()) for e in found
    ]
    files[ALL_FILE] = _calendar(problem, t.say("cal_all", name=problem.name), timezone, everything)
    return files


def _named(t: ReturnTexts, name: str, event: Event) -> Event:
    """A copy of the event titled with whose it is, for all.ics."""
    copy = Event.from_ical(event.to_ical())
    copy["summary"] = vText(t.say("cal_named", name=name, summary=str(event["summary"])))
    return copy


def _event(uid: str, stamp: datetime, summary: str, start: datetime, end: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("transp", "OPAQUE")
    return event


def _location(problem: ReturnProblem, school_id: str) -> str:
    school = problem.school_by_id[school_id]
    return " ".join(x for x in (school.name, school.address) if x)


def _return_event(
    problem: ReturnProblem, t: ReturnTexts, c: Cohort, p: Placement, stamp: datetime
) -> Event:
    window = problem.windows[p.window]
    summary = t.say("cal_return", cohort=t.cohort(c), window=window.label)
    event = _event(return_uid(problem.id, "return", c.id), stamp, summary,
                   problem.at(p.date, window.start), problem.at(p.date, window.end))  # fmt: skip
    event.add("location", _location(problem, c.school_id))
    lines = [t.say("cal_desc_students", students=c.students)]
    route = problem.route_of(c)
    if route is not None:
        gather = problem.window_label(problem.gathering_window(c, p.window))
        lines.append(t.say("cal_desc_bus", route=route.name, point=t.point(route.point_id),
                           time=gather))  # fmt: skip
    event.add("description", "\n".join(lines))
    return event


def _daily_events(
    problem: ReturnProblem, t: ReturnTexts, c: Cohort, back: date, slot: int, stamp: datetime
) -> list[Event]:
    """The daily arrival and dismissal of a class, each one recurring event."""
    daily, end_of_term = problem.daily, problem.term_end
    if daily is None or end_of_term is None:
        return []
    days = school_days(problem, back, 10_000)
    weekdays = [d for d in days if d.weekday() < 5]
    if not weekdays:
        return []
    holidays = {h.date for h in problem.holidays}
    out = []
    for kind, window in (("arrival", daily.arrival_window), ("dismissal", daily.dismissal_window)):
        start, end = window(slot)
        summary = t.say(f"cal_{kind}", cohort=t.cohort(c), window=f"{clock(start)}-{clock(end)}")
        first = weekdays[0]
        event = _event(return_uid(problem.id, f"daily-{kind}", c.id), stamp, summary,
                       problem.at(first, start), problem.at(first, end))  # fmt: skip
        until = problem.at(end_of_term, end).astimezone(UTC)
        event.add("rrule", {"freq": "weekly", "byday": WEEKDAYS, "until": until})
        skipped = _weekdays_between(first, end_of_term, holidays)
        if skipped:
            event.add("exdate", [problem.at(d, start) for d in skipped])
        extra = [d for d in days if d.weekday() >= 5 and d > first]
        if extra:
            event.add("rdate", [problem.at(d, start) for d in extra])
        event.add("location", _location(problem, c.school_id))
        event.add("description", t.say("cal_desc_students", students=c.students))
        out.append(event)
    return out


def _weekdays_between(first: date, last: date, holidays: set[date]) -> list[date]:
    return sorted(d for d in holidays if first < d <= last and d.weekday() < 5)


def _gate_events(
    problem: ReturnProblem,
    t: ReturnTexts,
    scenario: Scenario,
    result: Result,
    loads: Sequence[GateLoad],
    stamp: datetime,
    reminder: int | None,
) -> list[tuple[str, Event]]:
    students = {(x.duty_id, x.date): x.students for x in loads}
    out = []
    for a in sorted(result.assignments):
        duty = scenario.duty_by_id[a.duty_id]
        window = f"{clock(duty.start)}-{clock(duty.end)}"
        event = _event(event_uid(scenario.id, a.duty_id, a.date, a.person_id), stamp,
                       t.say("cal_gate", window=window), problem.at(a.date, duty.start),
                       problem.at(a.date, duty.end))  # fmt: skip
        event.add("location", duty.location)
        n = students.get((a.duty_id, a.date), 0)
        event.add("description", t.say("cal_desc_gate", students=n,
                                        teachers=problem.gate.teachers_for(n)))  # fmt: skip
        if reminder:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", t.say("cal_gate", window=window))
            alarm.add("trigger", timedelta(minutes=-reminder))
            event.add_component(alarm)
        out.append((a.person_id, event))
    return out


def _vtimezone(problem: ReturnProblem, events: dict[str, list[Event]]) -> Timezone:
    dates = [d for b in problem.batches for d in b.dates]
    last = problem.term_end or max(dates)
    return Timezone.from_tzinfo(
        problem.tz, tzid=problem.timezone, first_date=min(dates) - timedelta(days=1),
        last_date=last + timedelta(days=2),
    )  # fmt: skip


def _calendar(
    problem: ReturnProblem, name: str, timezone: Timezone, events: Sequence[Event]
) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//roster//roster {__version__}//{problem.language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-timezone", vText(problem.timezone))
    cal.add_component(timezone)
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        cal.add_component(event)
    return ics_bytes(cal.to_ical())
