"""The version store: every solve, re-solve, swap and import, and what was published.

One SQLite file per scenario (default `SCENARIO_DIR/.roster/roster.db`). A version and
its assignments are written in one transaction and never changed afterwards (SQLite
triggers refuse UPDATE and DELETE), so an interrupted run leaves either the whole
version or nothing. Publications record the calendar events teachers were sent, so
the next publication can keep UIDs and bump SEQUENCE (roster.result.EventRecord).
Feed tokens are the secret part of each person's subscription link (roster.app.publishing):
a revoked token is followed by a new row, so the current one is the person's latest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from roster.errors import RosterError
from roster.result import Assignment, EventRecord, Result, Status

SCHEMA_VERSION = 1
STORE_DIR = ".roster"
STORE_FILE = "roster.db"
KINDS = ("solve", "resolve", "swap", "import")
INPUT_SUFFIXES = (".csv", ".xlsx")
SCENARIO_FILE = "scenario.toml"
# Tables added after stores were first written: a store without them gets them on opening.
ADDED_TABLES = ("feed_tokens",)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('solve', 'resolve', 'swap', 'import')),
        inputs_hash TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL,
        objective INTEGER,
        best_bound INTEGER,
        gap REAL,
        wall_time_s REAL NOT NULL,
        base_version INTEGER REFERENCES versions(id),
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE IF NOT EXISTS assignments (
        version_id INTEGER NOT NULL REFERENCES versions(id) DEFERRABLE INITIALLY DEFERRED,
        date TEXT NOT NULL,
        duty_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        role TEXT NOT NULL,
        person_id TEXT NOT NULL,
        PRIMARY KEY (version_id, date, duty_id, group_id, person_id)
    )""",
    """CREATE TABLE IF NOT EXISTS publications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        version_id INTEGER NOT NULL REFERENCES versions(id),
        published_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS published_events (
        publication_id INTEGER NOT NULL
            REFERENCES publications(id) DEFERRABLE INITIALLY DEFERRED,
        uid TEXT NOT NULL,
        person_id TEXT NOT NULL,
        duty_id TEXT NOT NULL,
        date TEXT NOT NULL,
        group_id TEXT NOT NULL,
        role TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        cancelled INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
        PRIMARY KEY (publication_id, uid)
    )""",
    # person_id '' is the coordinator's feed of every duty (all.ics): no person has that id.
    """CREATE TABLE IF NOT EXISTS feed_tokens (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        person_id TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        issued_at TEXT NOT NULL
    )""",
    # History is append-only: what was solved and what teachers were sent stays as it was.
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()}
        BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} are history and cannot be changed'); END"""
        for table in ("versions", "assignments", "publications", "published_events", "feed_tokens")
        for op in ("UPDATE", "DELETE")
    ),
    # The version row is written last, after its assignments (see Store.record), so a
    # version that exists is complete: adding rows to it later would change it.
    """CREATE TRIGGER IF NOT EXISTS assignments_sealed
    BEFORE INSERT ON assignments
    WHEN EXISTS (SELECT 1 FROM versions WHERE id = NEW.version_id)
    BEGIN SELECT RAISE(ABORT, 'a recorded version cannot get more assignments'); END""",
    """CREATE TRIGGER IF NOT EXISTS published_events_sealed
    BEFORE INSERT ON published_events
    WHEN EXISTS (SELECT 1 FROM publications WHERE id = NEW.publication_id)
    BEGIN SELECT RAISE(ABORT, 'a publication cannot get more events'); END""",
)


class StoreError(RosterError):
    """The store file cannot be opened or was written by an incompatible roster."""


class VersionTaken(RosterError):
    """Another command recorded the version number this one's files were built with."""

    def __init__(self, expected: int, found: int) -> None:
        self.expected = expected
        super().__init__(
            f"version {expected} was recorded by another command while this one wrote its "
            f"files (this roster would be version {found}); nothing was recorded and the "
            "output folder is as it was: run the command again"
        )


class UnknownVersion(RosterError):
    """A version id that is not in the store."""

    def __init__(self, version_id: int, existing: Sequence[int]) -> None:
        self.version_id = version_id
        self.existing = tuple(existing)
        if existing:
            known = f"existing versions: {_id_ranges(existing)}"
        else:
            known = "the store has no versions yet"
        super().__init__(f"version {version_id} does not exist; {known}")


@dataclass(frozen=True)
class VersionInfo:
    id: int
    created_at: datetime
    kind: str
    inputs_hash: str
    params: Mapping[str, Any] = field(hash=False)
    status: Status
    objective: int | None
    best_bound: int | None
    gap: float | None
    wall_time_s: float
    base_version: int | None
    note: str
    n_assignments: int
    published: bool  # is the version of the latest publication


def default_store_path(scenario_dir: Path) -> Path:
    return Path(scenario_dir) / STORE_DIR / STORE_FILE


def inputs_hash(scenario_dir: Path) -> str:
    """sha256 over scenario.toml, *.csv and *.xlsx of the folder (not its subfolders)."""
    digest = hashlib.sha256()
    for path in _input_files(Path(scenario_dir)):
        name = path.name.encode("utf-8")
        data = path.read_bytes()
        # Lengths first, so no two different file sets hash the same bytes.
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _input_files(scenario_dir: Path) -> list[Path]:
    files = [
        p
        for p in scenario_dir.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))  # hidden files, Excel/WPS lock files
        and (p.name == SCENARIO_FILE or p.suffix.lower() in INPUT_SUFFIXES)
    ]
    return sorted(files, key=lambda p: p.name)


class Store:
    """An open version store. Use `Store.open(path)`; close it or use it as a context."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Store:
        """The store at `path`; without `create`, a missing store is refused, not made.

        A file that is not a roster store (a folder, another program's database, a
        damaged file) is refused before anything is written to it.
        """
        path = Path(path)
        _check_place(path, create)
        try:
            # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE) in _write.
            conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        except sqlite3.Error as err:
            raise StoreError(f"{path}: cannot open the version store ({err})") from err
        store = cls(conn, path)
        try:
            store._configure()
            store._check_tables(create)
            store._create_schema()
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"{path}: not a roster version store ({err})") from err
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        self.close()
        # Damage found only when a page is read (the header and schema were fine).
        if isinstance(error, sqlite3.DatabaseError):
            raise StoreError(f"{self.path}: the version store cannot be read ({error})") from error

    # ---- writing ----

    def record(
        self,
        result: Result,
        *,
        kind: str,
        inputs_hash: str,
        params: Mapping[str, Any],
        base_version: int | None = None,
        note: str = "",
        now: datetime | None = None,
        expect: int | None = None,
    ) -> int:
        """Store a result as a new version and return its id. With `expect` (the number
        `next_version` gave when the roster's files were built with it), a different
        number refuses the version (VersionTaken) inside the same transaction."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        params_json = json.dumps(params, sort_keys=True, ensure_ascii=False, default=_json_value)
        with self._write():
            if base_version is not None:
                self._require_version(base_version)
            version_id = self._next_id("versions")
            if expect is not None and version_id != expect:
                raise VersionTaken(expect, version_id)
            self._conn.executemany(
                "INSERT INTO assignments VALUES (?, ?, ?, ?, ?, ?)",
                _assignment_rows(version_id, result.assignments),
            )
            self._conn.execute(
                "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    version_id,
                    _utc_iso(now),
                    kind,
                    inputs_hash,
                    params_json,
                    Status(result.status).value,
                    result.objective,
                    result.best_bound,
                    result.gap,
                    result.wall_time_s,
                    base_version,
                    note,
                ),
            )
        return version_id

    def publish(
        self, version_id: int, events: Mapping[str, EventRecord], *, now: datetime | None = None
    ) -> int:
        """Record that `version_id` was published with these calendar events (uid -> record)."""
        for uid, event in events.items():
            if uid != event.uid:
                raise ValueError(f"event keyed {uid!r} has uid {event.uid!r}")
        with self._write():
            self._require_version(version_id)
            publication_id = self._next_id("publications")
            self._conn.executemany(
                "INSERT INTO published_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _event_rows(publication_id, events.values()),
            )
            self._conn.execute(
                "INSERT INTO publications VALUES (?, ?, ?)",
                (publication_id, version_id, _utc_iso(now)),
            )
        return publication_id

    def add_feed_tokens(self, tokens: Mapping[str, str], *, now: datetime | None = None) -> None:
        """Record new feed tokens (person id -> token); each replaces the person's last one."""
        issued = _utc_iso(now)
        with self._write():
            self._conn.executemany(
                "INSERT INTO feed_tokens (person_id, token, issued_at) VALUES (?, ?, ?)",
                [(person, token, issued) for person, token in sorted(tokens.items())],
            )

    # ---- reading ----

    def versions(self) -> list[VersionInfo]:
        published = self.published_version()
        rows = self._conn.execute(_VERSION_QUERY + " ORDER BY v.id").fetchall()
        return [_version_info(row, published) for row in rows]

    def version(self, version_id: int) -> VersionInfo:
        row = self._conn.execute(_VERSION_QUERY + " WHERE v.id = ?", (version_id,)).fetchone()
        if row is None:
            raise UnknownVersion(version_id, self._version_ids())
        return _version_info(row, self.published_version())

    def next_version(self) -> int:
        """The number `record` would give a version now (another command may take it
        first: `record(expect=...)` checks)."""
        return self._next_id("versions")

    def latest(self) -> int | None:
        return self._conn.execute("SELECT max(id) FROM versions").fetchone()[0]

    def assignments(self, version_id: int) -> tuple[Assignment, ...]:
        self._require_version(version_id)
        rows = self._conn.execute(
            "SELECT date, duty_id, group_id, role, person_id FROM assignments WHERE version_id = ?",
            (version_id,),
        )
        return tuple(
            sorted(
                Assignment(date.fromisoformat(d), duty, group, role, person)
                for d, duty, group, role, person in rows
            )
        )

    def published_version(self) -> int | None:
        row = self._conn.execute(
            "SELECT version_id FROM publications ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else row[0]

    def published_events(self) -> dict[str, EventRecord]:
        """The events of the latest publication, by uid (empty before the first)."""
        rows = self._conn.execute(
            "SELECT uid, person_id, duty_id, date, group_id, role, sequence, fingerprint, "
            "cancelled FROM published_events "
            "WHERE publication_id = (SELECT max(id) FROM publications) ORDER BY uid"
        )
        return {
            uid: EventRecord(
                uid, person, duty, date.fromisoformat(d), group, role, seq, fp, bool(cancelled)
            )
            for uid, person, duty, d, group, role, seq, fp, cancelled in rows
        }

    def feed_tokens(self) -> dict[str, str]:
        """The current feed token of each person ('' for the coordinator's all.ics)."""
        rows = self._conn.execute("SELECT person_id, token FROM feed_tokens ORDER BY id")
        return {person: token for person, token in rows}  # a later row replaces an earlier

    # ---- internals ----

    def _configure(self) -> None:
        # A rollback journal, not WAL: the store stays one file that can be copied or
        # kept on a USB stick or network share, where WAL's shared memory fails.
        self._conn.execute("PRAGMA journal_mode = DELETE")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    def _check_tables(self, create: bool) -> None:
        """Every table this store would create must already be as it creates it: a file of
        another program (or an older roster) fails here, not after a solve."""
        found = _table_shapes(self._conn)
        if not found and not create:
            raise StoreError(f"{self.path}: an empty file, not a roster version store")
        if not found:
            return
        for table, shape in _expected_shapes().items():
            if table not in found and table in ADDED_TABLES:
                continue
            if found.get(table) != shape:
                have = _columns(found[table]) if table in found else "missing"
                raise StoreError(
                    f"{self.path}: not a roster version store (table '{table}': "
                    f"{have}; expected {_columns(shape)} with their keys)"
                )

    def _create_schema(self) -> None:
        with self._write():
            for statement in _SCHEMA:
                self._conn.execute(statement)
            self._conn.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            found = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()[0]
        if found != str(SCHEMA_VERSION):
            raise StoreError(
                f"{self.path}: store schema version {found}, this roster reads version "
                f"{SCHEMA_VERSION}; use the roster release that wrote it"
            )

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction: all of it is committed, or none of it."""
        with self._conn:  # commits on success, rolls back on any exception (also Ctrl-C)
            self._conn.execute("BEGIN IMMEDIATE")
            yield

    def _next_id(self, table: str) -> int:
        # Inside BEGIN IMMEDIATE no other writer can take the id before we insert it.
        row = self._conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
        ).fetchone()
        return (row[0] if row else 0) + 1

    def _version_ids(self) -> list[int]:
        return [r[0] for r in self._conn.execute("SELECT id FROM versions ORDER BY id")]

    def _require_version(self, version_id: int) -> None:
        found = self._conn.execute("SELECT 1 FROM versions WHERE id = ?", (version_id,))
        if found.fetchone() is None:
            raise UnknownVersion(version_id, self._version_ids())


def _check_place(path: Path, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a roster version store")
    if path.exists():
        return
    if not create:
        raise StoreError(
            f"no store at {path}: check the path, or run `roster solve` to record a first version"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{path}: cannot make its folder ({err.strerror})") from err


def _table_shapes(conn: sqlite3.Connection) -> dict[str, tuple[tuple[object, ...], ...]]:
    """Each table's columns (name, type, not null, default, key) and foreign keys: a table
    of the right name and columns but another key fails only on the first write."""
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {
        name: (
            *(tuple(row) for row in conn.execute(f'PRAGMA table_info("{name}")')),
            *(tuple(row[2:5]) for row in conn.execute(f'PRAGMA foreign_key_list("{name}")')),
        )
        for (name,) in names
    }


@functools.cache
def _expected_shapes() -> dict[str, tuple[tuple[object, ...], ...]]:
    """The tables as this release creates them."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in _SCHEMA:
            conn.execute(statement)
        return _table_shapes(conn)
    finally:
        conn.close()


def _columns(shape: tuple[tuple[object, ...], ...]) -> str:
    return ", ".join(str(row[1]) for row in shape if len(row) == 6) or "no columns"


_VERSION_QUERY = (
    "SELECT v.id, v.created_at, v.kind, v.inputs_hash, v.params, v.status, v.objective, "
    "v.best_bound, v.gap, v.wall_time_s, v.base_version, v.note, "
    "(SELECT count(*) FROM assignments a WHERE a.version_id = v.id) "
    "FROM versions v"
)


def _version_info(row: tuple[Any, ...], published: int | None) -> VersionInfo:
    (vid, created, kind, ihash, params, status, obj, bound, gap, wall, base, note, n) = row
    return VersionInfo(
        id=vid,
        created_at=datetime.fromisoformat(created),
        kind=kind,
        inputs_hash=ihash,
        params=MappingProxyType(json.loads(params)),
        status=Status(status),
        objective=obj,
        best_bound=bound,
        gap=gap,
        wall_time_s=wall,
        base_version=base,
        note=note,
        n_assignments=n,
        published=vid == published,
    )


def _assignment_rows(
    version_id: int, assignments: Iterable[Assignment]
) -> Iterator[tuple[object, ...]]:
    for a in assignments:
        yield (version_id, a.date.isoformat(), a.duty_id, a.group_id, a.role, a.person_id)


def _event_rows(publication_id: int, events: Iterable[EventRecord]) -> Iterator[tuple[object, ...]]:
    for e in events:
        yield (
            publication_id,
            e.uid,
            e.person_id,
            e.duty_id,
            e.date.isoformat(),
            e.group_id,
            e.role,
            e.sequence,
            e.fingerprint,
            int(e.cancelled),
        )


def _utc_iso(now: datetime | None) -> str:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _json_value(value: object) -> object:
    """Params may carry dates, paths and enums (e.g. the freeze date): stored as text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"params value {value!r} of type {type(value).__name__} is not storable")


def _id_ranges(ids: Sequence[int]) -> str:
    """1, 2, 3, 5 -> '1-3, 5': a long history stays one readable line."""
    parts: list[str] = []
    start = prev = ids[0]
    for i in [*ids[1:], None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    return ", ".join(parts)
