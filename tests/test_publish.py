"""Publishing to phones: subscription feeds served over HTTP and a CalDAV push, against real
servers on loopback (python -m http.server, Radicale) and real clients (urllib, khal, the
caldav package): publish, re-solve after a quarantine, publish again."""

from __future__ import annotations

import csv
import re
import sqlite3
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from outputs.caldav_push import calendar_plans, push
from outputs.feeds import COORDINATOR, feed_files, feed_people
from outputs.ical import build_calendars, event_uid
from roster import app, progress
from roster.errors import PushFailed
from roster.store import Store, default_store_path
from tests.commands import run
from tests.folders import mini_toml, write_table
from tests.outputs_sample import ASSIGNMENTS, D1, D2, NIGHT, NOW, sample_scenario
from tests.outputs_sample import SECRET as SAMPLE_SECRET
from tests.servers import (
    HOST,
    free_port,
    khal_events,
    khal_runner,
    radicale_server,
    static_server,
    stop,
)

# Duties ahead of today: a feed keeps a cancelled duty only until its date has passed.
START = date.today() + timedelta(days=30)
END = START + timedelta(days=5)
AS_OF = START + timedelta(days=3)
SECRET = "居家隔离-机密"
USER, PASSWORD = "coordinator", "s3cret-密码"
TAIL = """\
[calendar]
reminder_minutes = 30

[solver]
time_limit = 30
seed = 3
workers = 1
"""
PHONES = {f"T{i:02d}": f"1390000{i:04d}" for i in range(10)}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    folder.mkdir()
    toml = mini_toml(end=END.isoformat(), tail=TAIL)
    (folder / "scenario.toml").write_text(
        toml.replace("start = 2020-02-03", f"start = {START}"), encoding="utf-8"
    )
    people = [["person_id", "name", "school", "roles", "phone"]]
    for i, (pid, phone) in enumerate(PHONES.items()):
        people.append([pid, f"教师{i:02d}", f"学校{i % 3}", "leader" if i % 2 == 0 else "", phone])
    write_table(folder / "people.csv", people)
    header = ["person_id", "start_date", "end_date", "status", "reason"]
    write_table(folder / "availability.csv", [header])
    return folder


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def solve_and_quarantine(folder: Path, tmp_path: Path) -> str:
    """Version 1 solved (not published); returns a person with a duty from AS_OF on."""
    run("solve", folder, "--out", tmp_path / "v1")
    rows = read_rows(tmp_path / "v1" / "assignments.csv")
    return next(r["person_id"] for r in rows if r["date"] >= AS_OF.isoformat())


def resolve_after_quarantine(folder: Path, tmp_path: Path, victim: str) -> None:
    """Version 2: the victim quarantined from AS_OF, re-solved against the published one."""
    run("unavailable", folder, victim, AS_OF, END, "--reason", SECRET)
    run("solve", folder, "--out", tmp_path / "v2", "--base", "published", "--as-of", AS_OF)


def live_uids(tmp_path: Path, version: str, person: str | None = None) -> set[str]:
    rows = read_rows(tmp_path / version / "assignments.csv")
    return {
        event_uid("mini", r["duty"], date.fromisoformat(r["date"]), r["person_id"])
        for r in rows
        if person in (None, r["person_id"])
    }


def states(data: bytes) -> dict[str, tuple[int, str]]:
    """UID -> (SEQUENCE, STATUS) of a calendar's events; fails on a duplicate UID."""
    events = Calendar.from_ical(data).walk("VEVENT")
    counts = Counter(str(e["UID"]) for e in events)
    assert all(n == 1 for n in counts.values()), counts
    return {str(e["UID"]): (int(e["SEQUENCE"]), str(e["STATUS"])) for e in events}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


def other_phones(person: str | None) -> list[bytes]:
    return [p.encode() for pid, p in PHONES.items() if pid != person]


# ---- subscription feeds ----


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    public = tmp_path / "public"
    public.mkdir()
    with static_server(public) as port:
        yield public, f"http://{HOST}:{port}/"


def test_feed_served_over_http_follows_a_resolve_at_the_same_link(
    folder: Path, tmp_path: Path, web_root: tuple[Path, str]
):
    public, base = web_root
    victim = solve_and_quarantine(folder, tmp_path)
    web = ("--web", public, "--base-url", base)
    run("publish", folder, *web)
    links = {r["person_id"]: r for r in read_rows(folder / "links" / "links.csv")[1:]}
    link = links[victim]["https链接"]
    page = (folder / "links" / "links.html").read_text(encoding="utf-8")
    assert "仅供协调人" in page and f'src="qr/{victim}.png"' in page
    assert (folder / "links" / "qr" / f"{victim}.png").read_bytes().startswith(b"\x89PNG")
    first = fetch(link)
    assert states(first) == {uid: (0, "CONFIRMED") for uid in live_uids(tmp_path, "v1", victim)}

    resolve_after_quarantine(folder, tmp_path, victim)
    result = run("publish", folder, *web, "--out", tmp_path / "published")
    assert "feeds: 11" in result.output  # ten people and all.ics
    again = {r["person_id"]: r for r in read_rows(folder / "links" / "links.csv")[1:]}
    assert again[victim]["https链接"] == link  # the link never changes
    second = fetch(link)
    file = (tmp_path / "published" / "calendars" / "people" / f"{victim}.ics").read_bytes()
    assert states(second) == states(file)  # the same UIDs and SEQUENCE as the file
    removed = live_uids(tmp_path, "v1", victim) - live_uids(tmp_path, "v2", victim)
    assert removed and {u for u, s in states(second).items() if s == (1, "CANCELLED")} == removed
    assert {u for u, s in states(second).items() if s[1] == "CONFIRMED"} == live_uids(
        tmp_path, "v2", victim
    )
    for header in (b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", b"X-PUBLISHED-TTL:PT1H\r\n"):
        assert header in second
    assert b"METHOD" not in second and b"METHOD:PUBLISH" in file
    everything = fetch(links[""]["https链接"])
    assert {u for u, s in states(everything).items() if s[1] == "CONFIRMED"} == live_uids(
        tmp_path, "v2"
    )
    served = b"".join(p.read_bytes() for p in public.rglob("*") if p.is_file())
    assert SECRET.encode() not in served
    assert not any(phone in second for phone in other_phones(victim))
    assert not any(phone in everything for phone in other_phones(None))


def test_khal_takes_both_feed_versions_as_one_calendar(
    folder: Path, tmp_path: Path, web_root: tuple[Path, str]
):
    pytest.importorskip("khal")
    public, base = web_root
    victim = solve_and_quarantine(folder, tmp_path)
    run("publish", folder, "--web", public, "--base-url", base)
    link = {r["person_id"]: r for r in read_rows(folder / "links" / "links.csv")[1:]}[victim]
    khal, _ = khal_runner(tmp_path / "khal")
    fetched = []
    for version in ("v1", "v2"):
        if version == "v2":
            resolve_after_quarantine(folder, tmp_path, victim)
            run("publish", folder, "--web", public, "--base-url", base)
        fetched.append(tmp_path / f"{version}.ics")
        fetched[-1].write_bytes(fetch(link["https链接"]))
        khal("import", "--batch", "-a", "duties", str(fetched[-1]))
    listed = khal_events(khal, START.isoformat(), (END + timedelta(days=1)).isoformat())
    assert set(listed) == live_uids(tmp_path, "v1", victim) | live_uids(tmp_path, "v2", victim)
    cancelled = {u for u, fields in listed.items() if fields[5] == "CANCELLED"}
    assert cancelled == live_uids(tmp_path, "v1", victim) - live_uids(tmp_path, "v2", victim)


def test_tokens_are_kept_revoked_one_by_one_and_never_listed(folder: Path, tmp_path: Path):
    run("solve", folder, "--out", tmp_path / "v1")
    public = tmp_path / "public"
    plain = run("publish", folder, "--web", public, "--base-url", "http://192.0.2.1/feeds/")
    assert "unencrypted" in plain.output  # a warning only: nothing is sent anywhere
    with Store.open(default_store_path(folder), create=False) as store:
        tokens = store.feed_tokens()
    assert set(tokens) == {"", *PHONES}
    assert all(re.fullmatch("[0-9a-f]{32}", t) for t in tokens.values())  # 128 bits
    assert len(set(tokens.values())) == len(tokens)
    assert sorted(p.name for p in public.iterdir()) == sorted([*tokens.values(), "index.html"])
    assert (public / tokens["T03"] / "T03.ics").is_file()
    assert (public / tokens[""] / "all.ics").is_file()
    index = (public / "index.html").read_bytes()
    assert (public / tokens["T03"] / "index.html").read_bytes() == index

    (public / "web.config").write_text("<configuration/>", encoding="utf-8")  # the server's
    result = run("publish", folder, "--web", public, "--revoke", "T03", "--revoke", "all.ics")
    assert (public / "web.config").read_text(encoding="utf-8") == "<configuration/>"
    assert "new link for T03" in result.output
    with Store.open(default_store_path(folder), create=False) as store:
        renewed = store.feed_tokens()
    assert {p for p in tokens if tokens[p] != renewed[p]} == {"", "T03"}
    assert not (public / tokens["T03"]).exists() and not (public / tokens[""]).exists()
    assert (public / renewed["T03"] / "T03.ics").is_file()
    links_csv = (folder / "links" / "links.csv").read_text(encoding="utf-8-sig")
    assert "仅供协调人使用" in links_csv and tokens["T03"] not in links_csv
    assert "no --base-url" in result.output
    assert not list(public.rglob("links*"))  # the coordinator's links are never served


def test_feed_options_are_checked_before_any_work(folder: Path, tmp_path: Path):
    run("solve", folder, "--out", tmp_path / "v1")
    public = tmp_path / "public"
    inside = run("publish", folder, "--web", public, "--links", public / "links", code=2)
    assert "must not be served" in inside.output
    for private in (folder, folder.parent, tmp_path / "out"):
        served = run("publish", folder, "--web", private, "--out", tmp_path / "out", code=2)
        assert "must not be served" in served.output
    assert "needs --web" in run("publish", folder, "--revoke", "T03", code=2).output
    unknown = run("publish", folder, "--web", public, "--revoke", "T99", code=2)
    assert "T99" in unknown.output
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    under_file = run("publish", folder, "--web", a_file / "public", code=2)
    assert f"--web {a_file / 'public'}" in under_file.output
    ftp = run("publish", folder, "--web", public, "--base-url", "ftp://x", code=2)
    assert "--base-url" in ftp.output
    assert not public.exists()
    with Store.open(default_store_path(folder), create=False) as store:
        assert store.published_version() is None


# ---- CalDAV ----


@pytest.fixture
def caldav_server(tmp_path: Path) -> Iterator[int]:
    pytest.importorskip("radicale")
    pytest.importorskip("caldav")
    with radicale_server(storage(tmp_path), {USER: PASSWORD}) as port:
        yield port


def storage(tmp_path: Path) -> Path:
    folder = tmp_path / "radicale-1"
    folder.mkdir(exist_ok=True)
    return folder


def server_events(port: int) -> dict[str, dict[str, tuple[int, str, str]]]:
    """What the server holds, read with the caldav package: calendar name -> UID ->
    (SEQUENCE, STATUS, etag); fails on a UID held twice in one calendar."""
    import caldav

    held = {}
    with caldav.DAVClient(f"http://{HOST}:{port}/", username=USER, password=PASSWORD) as client:
        for calendar in client.principal().calendars():
            events: dict[str, tuple[int, str, str]] = {}
            for obj in calendar.events():
                for e in Calendar.from_ical(obj.data).walk("VEVENT"):
                    uid = str(e["UID"])
                    assert uid not in events, f"{uid} twice"
                    events[uid] = (int(e.get("SEQUENCE", 0)), str(e.get("STATUS", "")), obj.etag)
            held[calendar.get_display_name()] = events
    return held


def add_personal_event(port: int, calendar_name: str) -> None:
    import caldav

    with caldav.DAVClient(f"http://{HOST}:{port}/", username=USER, password=PASSWORD) as client:
        (calendar,) = [
            c for c in client.principal().calendars() if c.get_display_name() == calendar_name
        ]
        calendar.add_event(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//teacher//phone//EN\r\n"
            "BEGIN:VEVENT\r\nUID:dentist@phone\r\nDTSTAMP:20200101T000000Z\r\n"
            f"DTSTART:{START:%Y%m%d}T090000Z\r\nDTEND:{START:%Y%m%d}T100000Z\r\n"
            "SUMMARY:牙医\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )


def test_caldav_holds_exactly_the_second_version_and_a_rerun_changes_nothing(
    folder: Path, tmp_path: Path, caldav_server: int, password_file: Path
):
    push = ("--caldav", f"http://{HOST}:{caldav_server}/", "--user", USER,
            "--password-file", password_file, "--calendar", "值班")  # fmt: skip
    victim = solve_and_quarantine(folder, tmp_path)
    first = run("publish", folder, *push)
    assert f"{len(live_uids(tmp_path, 'v1'))} new" in first.output
    add_personal_event(caldav_server, "值班")

    resolve_after_quarantine(folder, tmp_path, victim)
    run("publish", folder, *push, "--out", tmp_path / "published")
    held = server_events(caldav_server)["值班"]
    assert held.pop("dentist@phone")[1] == ""  # what a person added stays as it was
    expected = states((tmp_path / "published" / "calendars" / "all.ics").read_bytes())
    assert {uid: s[:2] for uid, s in held.items()} == expected
    assert {u for u, s in expected.items() if s[1] == "CONFIRMED"} == live_uids(tmp_path, "v2")
    removed = live_uids(tmp_path, "v1") - live_uids(tmp_path, "v2")
    assert removed and {u for u, s in expected.items() if s == (1, "CANCELLED")} == removed

    assert PASSWORD.encode() not in default_store_path(folder).read_bytes()
    rerun = run("publish", folder, *push)
    assert f"0 new, 0 updated, 0 cancelled, {len(expected)} unchanged" in rerun.output
    assert {u: s for u, s in server_events(caldav_server)["值班"].items() if u in held} == held


def test_caldav_calendar_per_person_carries_only_duties(
    folder: Path, tmp_path: Path, caldav_server: int, password_file: Path, monkeypatch
):
    monkeypatch.setenv("ROSTER_CALDAV_PASSWORD", PASSWORD)
    victim = solve_and_quarantine(folder, tmp_path)
    run("publish", folder)
    resolve_after_quarantine(folder, tmp_path, victim)
    run("publish", folder, "--caldav", f"http://{HOST}:{caldav_server}/", "--user", USER,
        "--calendar-per-person")  # fmt: skip
    held = server_events(caldav_server)
    assert len(held) == len(PHONES)
    mine = next(events for name, events in held.items() if name.endswith(f"教师{victim[1:]}"))
    confirmed = {uid for uid, s in mine.items() if s[1] == "CONFIRMED"}
    assert confirmed == live_uids(tmp_path, "v2", victim)
    removed = live_uids(tmp_path, "v1", victim) - confirmed
    assert removed and {uid for uid, s in mine.items() if s[1] == "CANCELLED"} == removed
    raw = b"".join(p.read_bytes() for p in (tmp_path / "radicale-1").rglob("*.ics"))
    assert SECRET.encode() not in raw
    assert not any(phone in raw for phone in other_phones(None))


def test_a_push_cut_off_midway_is_completed_by_the_next_run(
    folder: Path, tmp_path: Path, password_file: Path
):
    pytest.importorskip("radicale")
    victim = solve_and_quarantine(folder, tmp_path)
    del victim
    events: list[dict[str, object]] = []

    def cut_after_five(port: int):
        def sink(event: dict[str, object]) -> None:
            events.append(event)
            if event["phase"] == "publish" and event["done"] == 5:
                stop(port)  # the network goes away after five events got there

        return sink

    with radicale_server(storage(tmp_path), {USER: PASSWORD}) as port:
        target = app.CalDavTarget(f"http://{HOST}:{port}/", USER, PASSWORD, "值班")
        with progress.reporting(cut_after_five(port)), pytest.raises(PushFailed) as failed:
            app.publish(folder, caldav=target)
    total = len(live_uids(tmp_path, "v1"))
    assert f"pushed 5 of {total} changes" in str(failed.value)
    assert "run the same command again" in str(failed.value)
    assert [e["done"] for e in events if e["phase"] == "publish"][:6] == [0, 1, 2, 3, 4, 5]
    with Store.open(default_store_path(folder), create=False) as store:
        assert store.published_version() is None  # nothing recorded

    with radicale_server(storage(tmp_path), {USER: PASSWORD}) as port:
        target = app.CalDavTarget(f"http://{HOST}:{port}/", USER, PASSWORD, "值班")
        done = app.publish(folder, caldav=target)
        assert done.pushed is not None
        assert (done.pushed.added, done.pushed.unchanged) == (total - 5, 5)
        held = server_events(port)["值班"]
    assert set(held) == live_uids(tmp_path, "v1")
    assert all(s[:2] == (0, "CONFIRMED") for s in held.values())


def test_wrong_password_and_unreachable_server_stop_with_exit_4(
    folder: Path, tmp_path: Path, caldav_server: int
):
    run("solve", folder, "--out", tmp_path / "v1")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-it\n", encoding="utf-8")
    url = f"http://{HOST}:{caldav_server}/"
    refused = run("publish", folder, "--caldav", url, "--user", USER, "--password-file", wrong,
                  code=4)  # fmt: skip
    assert f"refused user '{USER}'" in refused.output and "nothing was pushed" in refused.output
    assert "not-it" not in refused.output
    closed = f"http://{HOST}:{free_port()}/"  # nothing listens there
    unreachable = run("publish", folder, "--caldav", closed, "--user", USER,
                      "--password-file", wrong, code=4)  # fmt: skip
    assert "cannot reach the CalDAV server" in unreachable.output
    assert "Connection refused" in unreachable.output
    assert "Traceback" not in unreachable.output
    (tmp_path / "www").mkdir()
    with static_server(tmp_path / "www") as port:  # a web server, not a CalDAV one
        plain = run("publish", folder, "--caldav", f"http://{HOST}:{port}/", "--user", USER,
                    "--password-file", wrong, code=4)  # fmt: skip
    assert "answered with an error" in plain.output and "501" in plain.output
    with Store.open(default_store_path(folder), create=False) as store:
        assert store.published_version() is None
    no_password = run("publish", folder, "--caldav", url, "--user", USER, code=2)
    assert "ROSTER_CALDAV_PASSWORD" in no_password.output
    assert run("publish", folder, "--caldav", url, "--password", "x", code=2).exit_code == 2


# ---- the feed files themselves ----


def sample_feeds(now: datetime) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, str]]:
    """Version 2 of the sample roster (T002's nights of D1 and D2 taken away) as files and
    as feeds (by person id) at `now`, and the tokens."""
    scenario = sample_scenario()
    _, v1 = build_calendars(scenario, ASSIGNMENTS, now=NOW)
    v2 = tuple(a for a in ASSIGNMENTS if not (a.person_id == "T002" and a.duty_id == NIGHT
                                               and a.date in (D1, D2)))  # fmt: skip
    files, _ = build_calendars(scenario, v2, now=now, previous=v1)
    people = feed_people(scenario, v1)
    tokens = {p: f"{i:032x}" for i, p in enumerate([COORDINATOR, *people])}
    feeds, links = feed_files(scenario, v2, now=now, previous=v1, tokens=tokens)
    by_person = {link.person_id: feeds[link.path] for link in links}
    return files, by_person, tokens


def test_a_feed_keeps_a_cancelled_duty_until_its_date_has_passed():
    before, during = (datetime.combine(d, time(8), tzinfo=ZoneInfo("Asia/Shanghai"))
                      for d in (D1 - timedelta(days=1), D2))  # fmt: skip
    files, early, _ = sample_feeds(before)
    _, late, _ = sample_feeds(during)
    night = {d: event_uid("lingang-test", NIGHT, d, "T002") for d in (D1, D2)}
    assert states(early["T002"])[night[D1]] == (1, "CANCELLED")
    assert states(early["T002"]) == states(files["people/T002.ics"])
    assert night[D1] not in states(late["T002"])  # its date has passed
    assert states(late["T002"])[night[D2]] == (1, "CANCELLED")  # today's stays
    assert night[D1] not in states(late[COORDINATOR])


def test_a_feed_names_the_leader_without_a_phone_and_has_no_method():
    files, feeds, _ = sample_feeds(NOW)
    leader_phone = b"13800000001"  # T001 leads T004's group on D3
    assert leader_phone in files["people/T004.ics"].replace(b"\r\n ", b"")
    assert leader_phone not in feeds["T004"].replace(b"\r\n ", b"")
    assert "张伟" in Calendar.from_ical(feeds["T004"]).walk("VEVENT")[-1]["DESCRIPTION"]
    for person, feed in feeds.items():
        assert b"\r\nMETHOD" not in feed
        assert SAMPLE_SECRET.encode() not in feed
        if person != COORDINATOR:
            assert states(feed) == states(files[f"people/{person}.ics"])


def test_an_old_store_gets_the_token_table_and_tokens_stay_history(tmp_path: Path):
    path = tmp_path / "roster.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:  # as a store written before feeds existed
        conn.execute("DROP TABLE feed_tokens")
    with Store.open(path, create=False) as store:
        store.add_feed_tokens({"T1": "a" * 32})
        store.add_feed_tokens({"T1": "b" * 32, "": "c" * 32})
        assert store.feed_tokens() == {"T1": "b" * 32, "": "c" * 32}
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError, match="history"):
        conn.execute("UPDATE feed_tokens SET token = 'x'")


def test_events_pushed_but_never_recorded_are_cancelled_by_the_next_push(
    tmp_path: Path, caldav_server: int
):
    # A push that got through while its publication was never recorded (say the disk was
    # full): the next version is counted from an older publication that lacks those events.
    scenario = sample_scenario()
    url = f"http://{HOST}:{caldav_server}/"
    v2 = tuple(a for a in ASSIGNMENTS if a.person_id != "T002")
    for seats in (ASSIGNMENTS, v2):
        plans = calendar_plans(scenario, seats, now=NOW, previous={}, calendar="值班")
        push(url, USER, PASSWORD, plans, scenario_id=scenario.id)
    held = server_events(caldav_server)["值班"]
    gone = {event_uid(scenario.id, a.duty_id, a.date, "T002") for a in ASSIGNMENTS
            if a.person_id == "T002"}  # fmt: skip
    assert {u for u, s in held.items() if s[:2] == (1, "CANCELLED")} == gone
    assert all(s[:2] == (0, "CONFIRMED") for u, s in held.items() if u not in gone)
    again = push(url, USER, PASSWORD, plans, scenario_id=scenario.id)
    assert (again.changes, again.unchanged) == (0, len(held) - len(gone))


def test_an_event_edited_during_a_push_is_not_overwritten_blindly(
    folder: Path, tmp_path: Path, caldav_server: int
):
    url = f"http://{HOST}:{caldav_server}/"
    target = app.CalDavTarget(url, USER, PASSWORD, "值班")
    victim = solve_and_quarantine(folder, tmp_path)
    app.publish(folder, caldav=target)
    resolve_after_quarantine(folder, tmp_path, victim)

    def edit_everything_before_the_first_write(event: dict[str, object]) -> None:
        if event["phase"] == "publish" and event["done"] == 0:
            edit_every_event(caldav_server, "X-EDITED-BY:teacher")

    edit = progress.reporting(edit_everything_before_the_first_write)
    with edit, pytest.raises(PushFailed, match="changed on the server .* HTTP 412"):
        app.publish(folder, caldav=target)
    done = app.publish(folder, caldav=target)  # reads the edits, then writes over them
    assert done.pushed is not None and done.pushed.updated > 0
    held = server_events(caldav_server)["值班"]
    removed = live_uids(tmp_path, "v1") - live_uids(tmp_path, "v2")
    assert {u for u, s in held.items() if s[:2] == (1, "CANCELLED")} == removed


def edit_every_event(port: int, line: str) -> None:
    """Change every event on the server the way a calendar app saving an edit would."""
    import caldav

    with caldav.DAVClient(f"http://{HOST}:{port}/", username=USER, password=PASSWORD) as client:
        for calendar in client.principal().calendars():
            for obj in calendar.events():
                data = obj.data.replace("END:VEVENT", f"{line}\r\nEND:VEVENT")
                response = client.put(str(obj.url), data, {"Content-Type": "text/calendar"})
                assert 200 <= response.status < 300
