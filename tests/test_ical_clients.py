"""Real calendar clients read our files: a Radicale CalDAV server and khal, on loopback only."""

from __future__ import annotations

import base64
import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from icalendar import Calendar

from outputs.caldav_push import one_event_resources
from outputs.ical import build_calendars, event_uid
from tests.outputs_sample import ASSIGNMENTS, D1, D2, NIGHT, NOW, moved, sample_scenario, seat
from tests.servers import HOST, khal_runner, radicale_server
from tests.servers import khal_events as listed_events

USER = "t002"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{USER}:x".encode()).decode()}


def person_calendar(person_id: str = "T002") -> bytes:
    files, _ = build_calendars(sample_scenario(), ASSIGNMENTS, now=NOW)
    return files[f"people/{person_id}.ics"]


def uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")}


# ---- Radicale ----


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[int]:
    pytest.importorskip("radicale")
    with radicale_server(tmp_path) as port:
        yield port


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    headers = dict(AUTH)
    if body is not None:
        headers["Content-Type"] = "text/calendar; charset=utf-8"
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_radicale_stores_each_event_and_returns_the_same_uids(radicale: int):
    data = person_calendar()
    collection = f"/{USER}/duties/"
    status, _ = request(radicale, "MKCALENDAR", collection)
    assert 200 <= status < 300
    for uid, resource in one_event_resources(Calendar.from_ical(data)).items():
        status, body = request(radicale, "PUT", collection + quote(uid, safe="") + ".ics", resource)
        assert 200 <= status < 300, body
    status, stored = request(radicale, "GET", collection)
    assert status == 200
    assert uids(stored) == uids(data)
    night = event_uid("lingang-test", NIGHT, D1, "T002")
    (event,) = [e for e in Calendar.from_ical(stored).walk("VEVENT") if str(e["UID"]) == night]
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTSTART").hour == 17


def test_radicale_accepts_the_whole_file_put_to_a_collection(radicale: int):
    data = person_calendar("T004")
    status, body = request(radicale, "PUT", f"/{USER}/all-at-once/", data)
    assert 200 <= status < 300, body
    status, stored = request(radicale, "GET", f"/{USER}/all-at-once/")
    assert status == 200
    assert uids(stored) == uids(data)


# ---- khal ----


@pytest.fixture
def khal(tmp_path: Path):
    pytest.importorskip("khal")
    run, _ = khal_runner(tmp_path)
    return run, tmp_path


def khal_events(run, first: str = "2020-02-07", last: str = "2020-02-10") -> dict[str, list[str]]:
    return listed_events(run, first, last)


def test_khal_imports_the_calendar_and_lists_the_nights_at_17(khal):
    run, folder = khal
    path = folder / "T002.ics"
    data = person_calendar()
    path.write_bytes(data)
    run("import", "--batch", "-a", "duties", str(path))
    events = khal_events(run)
    assert set(events) == uids(data)
    night = events[event_uid("lingang-test", NIGHT, D1, "T002")]
    assert night[1:5] == ["2020-02-07", "17:00", "2020-02-08", "07:00"]
    assert night[5] == "CONFIRMED"
    assert night[6] == "高速卡口夜班 · 第1组"


def test_khal_takes_the_next_version_over_the_same_events(khal):
    run, folder = khal
    scenario = sample_scenario()
    v1_files, v1 = build_calendars(scenario, ASSIGNMENTS, now=NOW)
    v2_seats = moved(ASSIGNMENTS, seat(D1, "1", "T002"), group_id="2")
    v2_seats = tuple(a for a in v2_seats if a != seat(D2, "1", "T002"))
    v2_files, _ = build_calendars(scenario, v2_seats, now=NOW, previous=v1)
    for version, files in (("v1", v1_files), ("v2", v2_files)):
        path = folder / f"{version}.ics"
        path.write_bytes(files["people/T002.ics"])
        run("import", "--batch", "-a", "duties", str(path))
    events = khal_events(run)
    assert set(events) == uids(v1_files["people/T002.ics"])  # updated in place, no duplicate
    assert events[event_uid("lingang-test", NIGHT, D1, "T002")][6] == "高速卡口夜班 · 第2组"
    cancelled = events[event_uid("lingang-test", NIGHT, D2, "T002")]
    assert cancelled[5] == "CANCELLED"
