"""The version store: append-only history, publications, crash safety."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from roster import store as store_module
from roster.errors import RosterError
from roster.result import Assignment, EventRecord, Result, Status
from roster.store import (
    Store,
    StoreError,
    UnknownVersion,
    default_store_path,
    inputs_hash,
)

REPO = Path(__file__).resolve().parents[1]
D1, D2 = date(2020, 2, 5), date(2020, 2, 6)
NOW = datetime(2020, 2, 4, 9, 30, tzinfo=UTC)


def seats(*people: str, day: date = D1) -> tuple[Assignment, ...]:
    return tuple(Assignment(day, "night", "1", "", p) for p in people)


def result(assignments: tuple[Assignment, ...], objective: int = 0) -> Result:
    return Result(Status.OPTIMAL, objective, objective, 1.5, assignments)


def event(uid: str, person: str = "T1", sequence: int = 0, cancelled: bool = False) -> EventRecord:
    return EventRecord(uid, person, "night", D1, "1", "", sequence, "fp-" + uid, cancelled)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "roster.db") as s:
        yield s


def record(store: Store, assignments: tuple[Assignment, ...], **kw: object) -> int:
    kw.setdefault("kind", "solve")
    kw.setdefault("inputs_hash", "h")
    kw.setdefault("params", {})
    return store.record(result(assignments), **kw)


def test_default_path_is_inside_the_scenario_folder(tmp_path: Path) -> None:
    assert default_store_path(tmp_path) == tmp_path / ".roster" / "roster.db"


def test_open_creates_folder_and_schema_version_row(tmp_path: Path) -> None:
    path = default_store_path(tmp_path)
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchall() == [("1",)]
    Store.open(path).close()  # reopening keeps one row
    assert conn.execute("SELECT count(*) FROM meta").fetchone() == (1,)


def test_empty_store(store: Store) -> None:
    assert store.versions() == []
    assert store.latest() is None
    assert store.published_version() is None
    assert store.published_events() == {}


def test_record_round_trip(store: Store) -> None:
    unsorted = (
        Assignment(D2, "night", "1", "", "T1"),
        Assignment(D1, "night", "2", "leader", "T3"),
        Assignment(D1, "night", "1", "", "T2"),
    )
    res = Result(Status.FEASIBLE, 120, 100, 3.25, unsorted)
    v = store.record(
        res,
        kind="resolve",
        inputs_hash="abc",
        params={"freeze_before": D1, "seed": 7, "mode": "min-changes"},
        base_version=None,
        note="T5 quarantined",
        now=NOW,
    )
    info = store.version(v)
    assert (info.id, info.kind, info.inputs_hash) == (v, "resolve", "abc")
    assert info.note == "T5 quarantined"
    assert info.created_at == NOW
    assert info.status is Status.FEASIBLE
    assert (info.objective, info.best_bound, info.wall_time_s) == (120, 100, 3.25)
    assert info.gap == pytest.approx(20 / 120)
    assert dict(info.params) == {"freeze_before": "2020-02-05", "seed": 7, "mode": "min-changes"}
    assert info.n_assignments == 3
    assert info.published is False
    assert store.assignments(v) == tuple(sorted(unsorted))


def test_versions_listed_in_order_with_base(store: Store) -> None:
    v1 = record(store, seats("T1"))
    v2 = record(store, seats("T2"), kind="resolve", base_version=v1)
    v3 = record(store, (), kind="swap", base_version=v2)
    assert [i.id for i in store.versions()] == [v1, v2, v3] == [1, 2, 3]
    assert [i.base_version for i in store.versions()] == [None, 1, 2]
    assert store.latest() == v3
    assert store.assignments(v3) == ()


def test_infeasible_result_is_recorded_without_numbers(store: Store) -> None:
    v = store.record(
        Result(Status.INFEASIBLE, None, None, 0.1), kind="solve", inputs_hash="h", params={}
    )
    info = store.version(v)
    assert (info.status, info.objective, info.best_bound, info.gap) == (
        Status.INFEASIBLE,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE versions SET note = 'edited'",
        "DELETE FROM versions",
        "UPDATE assignments SET person_id = 'T9'",
        "DELETE FROM assignments",
        "INSERT INTO assignments VALUES (1, '2020-02-07', 'night', '1', '', 'T9')",
        "UPDATE publications SET version_id = 1",
        "DELETE FROM published_events",
    ],
)
def test_history_cannot_be_changed(tmp_path: Path, sql: str) -> None:
    path = tmp_path / "roster.db"
    with Store.open(path) as s:
        v = record(s, seats("T1", "T2"))
        s.publish(v, {"u1": event("u1")})
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="cannot"):
        conn.execute(sql)
    conn.rollback()
    with Store.open(path) as s:
        assert s.assignments(1) == seats("T1", "T2")
        assert s.version(1).note == ""
        assert s.published_events() == {"u1": event("u1")}


def test_unknown_version_lists_existing_ids(store: Store) -> None:
    with pytest.raises(UnknownVersion, match="no versions yet"):
        store.version(1)
    for _ in range(4):
        record(store, seats("T1"))
    with pytest.raises(UnknownVersion, match=r"version 9 does not exist; existing versions: 1-4"):
        store.assignments(9)
    with pytest.raises(RosterError):
        store.publish(9, {})
    with pytest.raises(UnknownVersion):
        record(store, seats("T1"), base_version=9)
    assert store.latest() == 4


def test_kind_is_checked(store: Store) -> None:
    with pytest.raises(ValueError, match="kind"):
        record(store, seats("T1"), kind="guess")


def test_publish_round_trip_and_latest_publication_wins(store: Store) -> None:
    v1 = record(store, seats("T1", "T2"))
    first = {"u1": event("u1", "T1"), "u2": event("u2", "T2")}
    p1 = store.publish(v1, first, now=NOW)
    assert store.published_version() == v1
    assert store.published_events() == first

    v2 = record(store, seats("T1", "T3"), kind="resolve", base_version=v1)
    assert [i.published for i in store.versions()] == [True, False]
    second = {
        "u1": event("u1", "T1"),
        "u2": event("u2", "T2", sequence=1, cancelled=True),
        "u3": event("u3", "T3"),
    }
    p2 = store.publish(v2, second)
    assert p2 == p1 + 1
    assert store.published_version() == v2
    assert store.published_events() == second
    assert [i.published for i in store.versions()] == [False, True]


def test_publish_rejects_events_keyed_by_another_uid(store: Store) -> None:
    v = record(store, seats("T1"))
    with pytest.raises(ValueError, match="uid"):
        store.publish(v, {"u1": event("u2")})
    assert store.published_version() is None


def test_failed_write_leaves_earlier_versions_and_store_usable(store: Store) -> None:
    record(store, seats("T1", "T2"))
    duplicate = seats("T3", "T4") + seats("T3")  # the same seat twice: the insert fails midway
    with pytest.raises(sqlite3.IntegrityError):
        record(store, duplicate)
    assert [i.id for i in store.versions()] == [1]
    assert record(store, seats("T5")) == 2
    assert store.assignments(2) == seats("T5")


def test_interrupt_during_assignment_insert_rolls_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(store, seats("T1"))
    real_rows = store_module._assignment_rows

    def interrupted(version_id, assignments):
        rows = real_rows(version_id, assignments)
        yield next(rows)
        yield next(rows)
        raise KeyboardInterrupt  # Ctrl-C halfway through

    monkeypatch.setattr(store_module, "_assignment_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        record(store, seats("T2", "T3", "T4", "T5"))
    monkeypatch.undo()
    assert [i.id for i in store.versions()] == [1]
    assert [i.n_assignments for i in store.versions()] == [1]
    assert record(store, seats("T6")) == 2


CRASHING_WRITER = textwrap.dedent(
    """
    import os, sys
    from datetime import date, timedelta
    from roster import store as m
    from roster.result import Assignment, Result, Status

    def rows(n):
        day = date(2020, 2, 1)
        return tuple(Assignment(day + timedelta(i // 24), "night", str(i % 3), "", f"T{i}")
                     for i in range(n))

    s = m.Store.open(sys.argv[1])
    s.record(Result(Status.OPTIMAL, 0, 0, 1.0, rows(30)), kind="solve", inputs_hash="h",
             params={})
    s._conn.execute("PRAGMA cache_size = 1")  # spill pages to the file before commit
    real_rows = m._assignment_rows

    def dying(version_id, assignments):
        for i, row in enumerate(real_rows(version_id, assignments)):
            if i == 15000:
                os._exit(9)  # the process dies inside the transaction
            yield row

    m._assignment_rows = dying
    s.record(Result(Status.OPTIMAL, 0, 0, 1.0, rows(30000)), kind="resolve",
             inputs_hash="h", params={})
    """
)


def test_process_killed_mid_write_leaves_last_complete_version(tmp_path: Path) -> None:
    path = tmp_path / ".roster" / "roster.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(path)], env=env, capture_output=True
    )
    assert done.returncode == 9, done.stderr.decode()
    # A hot journal shows the crash happened with half a version on disk.
    assert path.with_name("roster.db-journal").exists()

    with Store.open(path) as s:
        assert [(i.id, i.kind, i.n_assignments) for i in s.versions()] == [(1, "solve", 30)]
        assert s.record(result(seats("T1")), kind="swap", inputs_hash="h", params={}) == 2
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM assignments").fetchone() == (31,)


def test_not_a_store_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "roster.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a roster version store"):
        Store.open(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        Store.open(path)


def test_params_must_be_storable(store: Store) -> None:
    with pytest.raises(TypeError, match="not storable"):
        record(store, seats("T1"), params={"x": object()})
    assert store.versions() == []


def test_params_keep_chinese_text(tmp_path: Path) -> None:
    path = tmp_path / "roster.db"
    with Store.open(path) as s:
        record(s, seats("T1"), params={"note": "居家隔离"})
    raw = sqlite3.connect(path).execute("SELECT params FROM versions").fetchone()[0]
    assert json.loads(raw) == {"note": "居家隔离"}


# ---- inputs_hash ----


def scenario_folder(root: Path) -> Path:
    (root / "scenario.toml").write_text('id = "x"\n', encoding="utf-8")
    (root / "people.csv").write_bytes("person_id,name\nT1,张伟\n".encode("gb18030"))
    (root / "availability.csv").write_text("person_id\n", encoding="utf-8-sig")
    return root


def test_inputs_hash_is_stable_and_ignores_store_and_other_files(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    first = inputs_hash(folder)
    assert len(first) == 64
    with Store.open(default_store_path(folder)) as s:
        record(s, seats("T1"))
    (folder / "notes.txt").write_text("coordinator notes")
    (folder / "~$scenario.xlsx").write_bytes(b"excel lock file")
    (folder / "out").mkdir()
    (folder / "out" / "assignments.csv").write_text("a,b\n")
    assert inputs_hash(folder) == first

    code = "import sys; from roster.store import inputs_hash; print(inputs_hash(sys.argv[1]))"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": "123"}
    other_run = subprocess.run(
        [sys.executable, "-c", code, str(folder)], env=env, capture_output=True, text=True
    )
    assert other_run.stdout.strip() == first


def test_inputs_hash_changes_with_any_input(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    before = inputs_hash(folder)
    with open(folder / "availability.csv", "ab") as f:
        f.write(b"T1\n")
    after_edit = inputs_hash(folder)
    assert after_edit != before
    (folder / "holidays.csv").write_text("date,name\n")
    assert inputs_hash(folder) != after_edit
    (folder / "holidays.csv").unlink()
    assert inputs_hash(folder) == after_edit


def test_inputs_hash_tells_renamed_contents_apart(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.csv").write_text("12")
    (a / "y.csv").write_text("3")
    (b / "x.csv").write_text("1")
    (b / "y.csv").write_text("23")
    assert inputs_hash(a) != inputs_hash(b)
