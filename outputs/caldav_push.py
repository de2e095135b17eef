"""CalDAV push: each duty as one event resource on a calendar server (RFC 4791).

The events are the feeds' (outputs.ical with a Feed: same UIDs and SEQUENCE as the files,
no METHOD, no other person's phone number). Each is one resource: VERSION, PRODID,
CALSCALE, the VTIMEZONE and the VEVENT, plus `X-ROSTER-FINGERPRINT` (the hash of what the
event shows, outputs.ical), by which a later push knows the server already holds it.

A push first reads every target calendar (the reads), then writes (the changes):
* an event the server does not hold is PUT with `If-None-Match: *` at a name made from
  its UID, so two runs can never make two copies;
* an event the server holds with another fingerprint or SEQUENCE is PUT over it with
  `If-Match: <etag>`: an event someone edited meanwhile is not overwritten blindly;
* an event the server holds as roster put it is left alone, so pushing again changes
  nothing;
* an event of this scenario that roster put earlier and no longer sends (a push that
  stopped, then another version was published) is PUT back cancelled, SEQUENCE + 1;
* nothing is ever deleted: what a person added to the calendar stays.
The raw bytes are PUT (the caldav package's own save would bump SEQUENCE).

A network or server failure raises PushFailed, which says what was pushed; the next run
reads the server again and pushes only the rest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from icalendar import Calendar, Component

from outputs.cells import ics_bytes
from outputs.ical import ALL_FILE, Feed, build_calendars, calendar_paths
from roster import progress
from roster.errors import PushFailed
from roster.model import Scenario
from roster.result import Assignment, EventRecord

FINGERPRINT = "X-ROSTER-FINGERPRINT"
CANCELLED_MARK = "cancelled-by-roster"
CONTENT_TYPE = "text/calendar; charset=utf-8"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Resource:
    uid: str
    data: bytes
    sequence: int
    fingerprint: str


@dataclass(frozen=True)
class CalendarPlan:
    """One calendar to fill: its id (the last part of its URL), display name and events."""

    cal_id: str
    name: str
    resources: Mapping[str, Resource]


@dataclass
class Pushed:
    """What a push did (or had done when it stopped)."""

    added: int = 0
    updated: int = 0
    cancelled: int = 0  # events roster put earlier and no longer sends
    unchanged: int = 0
    planned: int = 0  # changes found to make
    calendars: list[str] = field(default_factory=list)  # calendars created

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.cancelled

    def describe(self) -> str:
        return (
            f"{self.added} new, {self.updated} updated, {self.cancelled} cancelled, "
            f"{self.unchanged} unchanged"
        )


@dataclass(frozen=True)
class _Write:
    url: str
    data: bytes
    headers: Mapping[str, str]
    kind: str  # "added", "updated" or "cancelled"


# ---- what to push ----


def calendar_plans(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    *,
    now: datetime,
    previous: Mapping[str, EventRecord],
    calendar: str | None = None,
    per_person: bool = False,
) -> list[CalendarPlan]:
    """The calendars and their events: one calendar `calendar` (default: the name of
    all.ics) with every duty, or with `per_person` one calendar per person."""
    # A server keeps cancelled duties like a file does: a past one is history, not noise.
    feed = Feed(people=frozenset(), today=date.min)
    built, records = build_calendars(scenario, assignments, now=now, previous=previous, feed=feed)
    if not per_person:
        return [_plan(_calendar_id(scenario.id, "\x1fall"), built[ALL_FILE], records, calendar)]
    people = sorted({r.person_id for r in records.values()})
    paths = calendar_paths(people)
    return [
        _plan(_calendar_id(scenario.id, person_id), built[paths[person_id]], records, None)
        for person_id in people
    ]


def _calendar_id(scenario_id: str, key: str) -> str:
    digest = hashlib.sha1(f"{scenario_id}\x1f{key}".encode()).hexdigest()[:16]
    return f"roster-{digest}"


def _plan(
    cal_id: str, data: bytes, records: Mapping[str, EventRecord], name: str | None
) -> CalendarPlan:
    cal = Calendar.from_ical(data)
    marks = {uid: record.fingerprint for uid, record in records.items()}
    resources = {}
    for uid, resource in one_event_resources(cal, marks).items():
        record = records[uid]
        resources[uid] = Resource(uid, resource, record.sequence, record.fingerprint)
    return CalendarPlan(cal_id, name or str(cal.get("X-WR-CALNAME", cal_id)), resources)


def one_event_resources(cal: Calendar, marks: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Each VEVENT as a calendar object resource of its own, with the VTIMEZONE and no
    METHOD (RFC 4791 forbids it in a stored object); `marks` (UID -> fingerprint) go in
    as X-ROSTER-FINGERPRINT."""
    marks = marks or {}
    timezones = cal.walk("VTIMEZONE")
    resources = {}
    for event in cal.walk("VEVENT"):
        single = Calendar()
        for key in ("VERSION", "PRODID", "CALSCALE"):
            single.add(key, cal[key])
        for timezone in timezones:
            single.add_component(timezone)
        uid = str(event["UID"])
        if uid in marks:
            event.add(FINGERPRINT.lower(), marks[uid])
        single.add_component(event)
        resources[uid] = single
    return {uid: ics_bytes(single.to_ical()) for uid, single in resources.items()}


# ---- pushing ----


def push(
    url: str,
    user: str,
    password: str,
    plans: Sequence[CalendarPlan],
    *,
    scenario_id: str,
) -> Pushed:
    """Bring the server's calendars to `plans` (module docstring); PushFailed on failure."""
    from caldav.davclient import DAVClient

    pushed = Pushed()
    try:
        with DAVClient(
            url=url, username=user, password=password, timeout=TIMEOUT_SECONDS
        ) as client:
            writes = _read_server(client, plans, scenario_id, pushed)
            pushed.planned = len(writes)
            _write_server(client, writes, pushed)
    except PushFailed:
        raise
    # Broad on purpose: the library raises its own errors, niquests' (OSError) and lxml's on
    # a server's odd answers; the message keeps the error's type for a bug report.
    except Exception as err:
        raise PushFailed(_explain(err, url, user, pushed)) from err
    return pushed


def _read_server(
    client: Any, plans: Sequence[CalendarPlan], scenario_id: str, pushed: Pushed
) -> list[_Write]:
    principal = client.principal()
    existing = {_last_segment(str(c.url)): c for c in principal.calendars()}
    writes: list[_Write] = []
    for plan in plans:
        calendar = existing.get(plan.cal_id) or _named(existing.values(), plan.name)
        if calendar is None:
            calendar = principal.make_calendar(name=plan.name, cal_id=plan.cal_id)
            pushed.calendars.append(plan.name)
            held: dict[str, tuple[str, Calendar, str]] = {}
        else:
            held = _held_events(calendar)
        writes += _changes(str(calendar.url), plan, held, scenario_id, pushed)
    return writes


def _named(calendars: Iterable[Any], name: str) -> Any:
    """A calendar of that name the user made (say in Nextcloud), used instead of a new one."""
    for calendar in calendars:
        if calendar.get_display_name() == name:
            return calendar
    return None


def _held_events(calendar: Any) -> dict[str, tuple[str, Calendar, str]]:
    """UID -> (url, calendar object, etag) of every event the calendar holds."""
    held = {}
    for obj in calendar.events():
        data = obj.raw_data or obj.data
        cal = Calendar.from_ical(data)
        for event in cal.walk("VEVENT"):
            held[str(event["UID"])] = (str(obj.url), cal, obj.etag or "")
    return held


def _changes(
    calendar_url: str,
    plan: CalendarPlan,
    held: Mapping[str, tuple[str, Calendar, str]],
    scenario_id: str,
    pushed: Pushed,
) -> list[_Write]:
    writes = []
    base = calendar_url.rstrip("/") + "/"
    for uid, resource in plan.resources.items():
        if uid not in held:
            headers = {"If-None-Match": "*", "Content-Type": CONTENT_TYPE}
            writes.append(_Write(base + _resource_name(uid), resource.data, headers, "added"))
            continue
        url, cal, etag = held[uid]
        if _same(cal, resource):
            pushed.unchanged += 1
        else:
            writes.append(_Write(url, resource.data, _if_match(etag), "updated"))
    for uid, (url, cal, etag) in sorted(held.items()):
        if uid not in plan.resources and _ours_and_live(uid, cal, scenario_id):
            writes.append(_Write(url, _cancelled(cal), _if_match(etag), "cancelled"))
    return writes


def _write_server(client: Any, writes: Sequence[_Write], pushed: Pushed) -> None:
    progress.emit("publish", done=0, total=len(writes))
    for done, write in enumerate(writes, start=1):
        response = client.put(write.url, write.data, headers=dict(write.headers))
        status = int(response.status)
        if not 200 <= status < 300:
            raise PushFailed(_refused(status, write, pushed))
        setattr(pushed, write.kind, getattr(pushed, write.kind) + 1)
        progress.emit("publish", done=done, total=len(writes))


def _resource_name(uid: str) -> str:
    # A name of plain letters and digits: some servers mangle '@' and '%' in paths.
    return "roster-" + hashlib.sha1(uid.encode("utf-8")).hexdigest() + ".ics"


def _if_match(etag: str) -> dict[str, str]:
    headers = {"Content-Type": CONTENT_TYPE}
    if etag:
        headers["If-Match"] = etag
    return headers


def _same(cal: Calendar, resource: Resource) -> bool:
    events = cal.walk("VEVENT")
    return len(events) == 1 and _marks(events[0]) == (resource.fingerprint, resource.sequence)


def _marks(event: Component) -> tuple[str, int]:
    return str(event.get(FINGERPRINT, "")), int(event.get("SEQUENCE", 0))


def _ours_and_live(uid: str, cal: Calendar, scenario_id: str) -> bool:
    """An event this scenario's roster put (its UID and mark) that is not cancelled yet."""
    events = cal.walk("VEVENT")
    return (
        uid.startswith(f"{scenario_id}-")
        and uid.endswith("@roster")
        and len(events) == 1
        and FINGERPRINT in events[0]
        and str(events[0].get("STATUS", "")).upper() != "CANCELLED"
    )


def _cancelled(cal: Calendar) -> bytes:
    """The server's own copy of an event, cancelled: STATUS, SEQUENCE + 1, no reminder."""
    (event,) = cal.walk("VEVENT")
    sequence = int(event.get("SEQUENCE", 0)) + 1
    for key in ("STATUS", "SEQUENCE", FINGERPRINT):
        event.pop(key, None)
    event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    event.add("status", "CANCELLED")
    event.add("sequence", sequence)
    event.add(FINGERPRINT.lower(), CANCELLED_MARK)
    return ics_bytes(cal.to_ical())


def _last_segment(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


# ---- saying what went wrong ----


def _explain(err: Exception, url: str, user: str, pushed: Pushed) -> str:
    from caldav.lib import error

    if isinstance(err, error.AuthorizationError):
        what = (
            f"the CalDAV server {url} refused user {user!r} (wrong user name or password, "
            "or no right to this calendar)"
        )
    elif isinstance(err, OSError):
        what = f"cannot reach the CalDAV server {url} ({_reason(err)})"
    else:
        reason = _reason(err)
        kind = type(err).__name__
        reason = reason if reason.startswith(kind) else f"{kind}: {reason}"
        what = f"the CalDAV server {url} answered with an error ({reason})"
    return f"{what}; {_so_far(pushed)}"


def _refused(status: int, write: _Write, pushed: Pushed) -> str:
    if status == 412:
        what = (
            f"an event changed on the server while roster was pushing it ({write.url}, "
            "HTTP 412)"
        )
    else:
        what = f"the server refused an event ({write.url}, HTTP {status})"
    return f"{what}; {_so_far(pushed)}"


def _so_far(pushed: Pushed) -> str:
    again = "nothing was recorded as published: run the same command again"
    if not pushed.planned:
        return f"nothing was pushed; {again}"
    return (
        f"pushed {pushed.changes} of {pushed.planned} changes before stopping "
        f"({pushed.describe()}); {again} to push the rest"
    )


def _reason(err: Exception) -> str:
    """The system's words (`Connection refused`, `Name or service not known`) when the
    library wraps them in its own; else the first line of the error."""
    text = str(err)
    system = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if system:
        return system.group(1).strip()
    if "timed out" in text.lower():
        return "timed out"
    lines = text.strip().splitlines()
    return lines[0][:200] if lines else type(err).__name__

