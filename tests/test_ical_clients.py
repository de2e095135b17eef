"""Real calendar clients read our files: a Radicale CalDAV server and khal, on loopback only."""

from __future__ import annotations

import base64
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from icalendar import Calendar

from outputs.ical import build_calendars, event_uid
from tests.outputs_sample import ASSIGNMENTS, D1, D2, NIGHT, NOW, moved, sample_scenario, seat

HOST = "127.0.0.1"
USER = "t002"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{USER}:x".encode()).decode()}


def person_calendar(person_id: str = "T002") -> bytes:
    files, _ = build_calendars(sample_scenario(), ASSIGNMENTS, now=NOW)
    return files[f"people/{person_id}.ics"]


def uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")}


# ---- Radicale ----


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited: {process.stderr.read().decode()}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("radicale did not start listening")


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[int]:
    pytest.importorskip("radicale")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",  # no config files: only the options below
            f"--storage-filesystem-folder={tmp_path / 'collections'}",
            "--auth-type=none",
            f"--server-hosts={HOST}:{port}",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


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


def one_event_resources(data: bytes) -> dict[str, bytes]:
    """Split a calendar into CalDAV resources: one VEVENT each, with the VTIMEZONE.

    RFC 4791 forbids METHOD in a stored calendar object, so it is left out here.
    """
    cal = Calendar.from_ical(data)
    (timezone,) = cal.walk("VTIMEZONE")
    resources = {}
    for event in cal.walk("VEVENT"):
        single = Calendar()
        for key in ("VERSION", "PRODID", "CALSCALE"):
            single.add(key, cal[key])
        single.add_component(timezone)
        single.add_component(event)
        resources[str(event["UID"])] = single.to_ical()
    return resources


def test_radicale_stores_each_event_and_returns_the_same_uids(radicale: int):
    data = person_calendar()
    collection = f"/{USER}/duties/"
    status, _ = request(radicale, "MKCALENDAR", collection)
    assert 200 <= status < 300
    for uid, resource in one_event_resources(data).items():
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
    vdir = tmp_path / "vdir"
    vdir.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n"
        "[[duties]]\n"
        f"path = {vdir}\n"
        "type = calendar\n"
        "[locale]\n"
        "local_timezone = Asia/Shanghai\n"
        "default_timezone = Asia/Shanghai\n"
        "timeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "[sqlite]\n"
        f"path = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",  # the config's timezone must win over the machine's
        "PATH": "",
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "khal", "-c", str(config), *args],
            capture_output=True,
            env=env,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode("utf-8")

    return run, tmp_path


LIST_FORMAT = "{uid}|{start-date}|{start-time}|{end-date}|{end-time}|{status}|{title}"


def khal_events(run, first: str = "2020-02-07", last: str = "2020-02-10") -> dict[str, list[str]]:
    """The listed events by UID; an overnight event is listed under both its days."""
    out = run("list", "--day-format", "", "--format", LIST_FORMAT, first, last)
    seen: dict[str, set[str]] = {}
    for line in out.splitlines():
        if "|" in line:
            seen.setdefault(line.split("|")[0], set()).add(line.rstrip())
    assert all(len(lines) == 1 for lines in seen.values()), seen  # no duplicates
    # khal pads {status} with a space
    return {uid: [f.strip() for f in next(iter(lines)).split("|")] for uid, lines in seen.items()}


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
