"""Publishing a version: what teachers have in their calendars, and how it reaches them.

`publish` records the publication (calendar UIDs and SEQUENCE of later versions count
from it) and, as one unit with it:
* `out_dir`: the version's files (outputs.export);
* `web`: subscription feeds in a public folder a web server serves, and the coordinator's
  links to hand out (outputs.feeds);
* `caldav`: every duty pushed to a CalDAV server (outputs.caldav_push).
The push goes first: if it stops, nothing is written or recorded and the same command
pushes the rest. Then the folders are replaced (outputs.folder), then the store records
the publication; a failure there puts the folders back.

Feed tokens are secrets, not roster ids: random (secrets, 128 bits), made once per person
and kept in the store, so a link never changes until it is revoked (docs/decisions.md).
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from roster import progress
from roster.app.common import (
    Version,
    check_out,
    export_result,
    load,
    open_store,
    resolve_version,
    stored_result,
)
from roster.app.executing import ExecutorSpec, executing
from roster.errors import RosterError
from roster.model import Scenario
from roster.result import Assignment, EventRecord

if TYPE_CHECKING:
    from outputs.caldav_push import Pushed
    from outputs.feeds import FeedLink
    from roster.store import Store

TOKEN_BYTES = 16  # 128 bits, written as 32 hex digits: the same on a case-blind server
LINKS_DIR = "links"
PASSWORD_VARIABLE = "ROSTER_CALDAV_PASSWORD"
COORDINATOR_NAME = "all.ics"  # how --revoke names the coordinator's feed


@dataclass(frozen=True)
class WebFeeds:
    """Subscription feeds: `public_dir` for the web server, links in `links_dir`
    (default SCENARIO_DIR/links) for the coordinator, `base_url` where it is served."""

    public_dir: Path
    base_url: str = ""
    links_dir: Path | None = None


@dataclass(frozen=True)
class CalDavTarget:
    """A CalDAV account; `calendar` names the one calendar of every duty (default: the
    scenario's name), `per_person` makes one calendar per person instead."""

    url: str
    user: str
    password: str = field(repr=False)
    calendar: str | None = None
    per_person: bool = False


@dataclass(frozen=True)
class Published:
    version: int
    duties: int
    feeds: tuple[FeedLink, ...] = ()
    links_dir: Path | None = None
    pushed: Pushed | None = None
    revoked: tuple[str, ...] = ()


def publish(
    scenario_dir: Path | str,
    version: Version | None = None,
    *,
    store: Path | str | None = None,
    out_dir: Path | str | None = None,
    web: WebFeeds | None = None,
    caldav: CalDavTarget | None = None,
    revoke: Sequence[str] = (),
    executor: ExecutorSpec = None,
) -> Published:
    """Mark a version (default: the latest) as the one teachers have in their calendars;
    with `out_dir`, `web` or `caldav`, bring it there first, as one unit with the
    publication (module docstring). `revoke` gives these people (`all.ics`: the
    coordinator's feed) new feed links; the old ones stop working. `executor` builds the
    files (roster/app/solving.py's `solve_folder` says which)."""
    from outputs.ical import build_calendars

    check_out(out_dir)
    links_dir = _check_web(scenario_dir, web, revoke, out_dir)
    _check_caldav(caldav)
    with executing(executor):
        scenario = load(scenario_dir)
        with open_store(scenario_dir, store, create=False) as opened:
            v = resolve_version(opened, version)
            assignments = opened.assignments(v)
            previous = opened.published_events()
            now = datetime.now(UTC)
            progress.emit("calendars")
            _, events = build_calendars(scenario, assignments, now=now, previous=previous)
            pushed = None
            if caldav is not None:
                pushed = _push(scenario, caldav, assignments, now, previous)
            commit: Callable[[], object] = functools.partial(opened.publish, v, events)
            links: list[FeedLink] = []
            if web is not None and links_dir is not None:
                _revoke(scenario, opened, previous, revoke)
                tokens = _tokens(scenario, opened, previous)
                commit, links = _feeds_unit(
                    scenario, web, links_dir, assignments, now, previous, tokens, commit
                )
            if out_dir is None:
                commit()
            else:
                result = stored_result(scenario, opened, v)
                export_result(scenario, result, Path(out_dir), previous, commit=commit, version=v)
    progress.emit("done", version=v)
    return Published(
        v,
        len(assignments),
        feeds=tuple(links),
        links_dir=links_dir,
        pushed=pushed,
        revoked=tuple(revoke) if web is not None else (),
    )


def password_from(file: Path | None) -> str:
    """The CalDAV password: the first line of `file`, else $ROSTER_CALDAV_PASSWORD.
    Never an option's value: a command line is seen by every user of the machine."""
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise RosterError(f"--password-file {file}: cannot read it ({err})") from err
        password = text.splitlines()[0] if text.strip() else ""
        if not password:
            raise RosterError(f"--password-file {file}: empty; expected the password")
        return password
    password = os.environ.get(PASSWORD_VARIABLE, "")
    if not password:
        raise RosterError(
            f"no CalDAV password: give --password-file FILE or set {PASSWORD_VARIABLE}"
        )
    return password


# ---- checks before any work ----


def _check_web(
    scenario_dir: Path | str,
    web: WebFeeds | None,
    revoke: Sequence[str],
    out_dir: Path | str | None,
) -> Path | None:
    from outputs.folder import check_out_dir

    if web is None:
        if revoke:
            raise RosterError("--revoke needs --web PUBLIC_DIR: the old link is removed there")
        return None
    public = check_out_dir(web.public_dir, "--web")
    links = check_out_dir(web.links_dir or Path(scenario_dir) / LINKS_DIR, "--links")
    private = {
        "--links": (links, False, "the links are for the coordinator"),
        "--out": (check_out_dir(Path(out_dir)) if out_dir else None, False, "it has phones"),
        "SCENARIO_DIR": (Path(os.path.realpath(scenario_dir)), True, "it has reasons"),
    }
    for option, (folder, nested_ok, why) in private.items():
        if folder is not None and _serves(public, folder, nested_ok=nested_ok):
            raise RosterError(
                f"--web {web.public_dir}: inside or around {option} {folder}; {why} and "
                "must not be served"
            )
    if web.base_url:
        parts = urlsplit(web.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RosterError(
                f"--base-url {web.base_url!r}: expected https://host/path (where PUBLIC_DIR "
                "is served)"
            )
        if parts.query or parts.fragment:
            raise RosterError(f"--base-url {web.base_url!r}: no ?query or #fragment expected")
    return links


def _serves(public: Path, folder: Path, *, nested_ok: bool) -> bool:
    """Whether serving `public` would serve `folder`, or writing either would swap the other
    (`nested_ok`: `public` may be a subfolder of `folder`, whose own files stay out)."""
    inside = folder in public.parents
    return public == folder or public in folder.parents or (inside and not nested_ok)


def _check_caldav(caldav: CalDavTarget | None) -> None:
    if caldav is None:
        return
    parts = urlsplit(caldav.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RosterError(f"--caldav {caldav.url!r}: expected https://host/path of the server")
    if caldav.per_person and caldav.calendar:
        raise RosterError("--calendar and --calendar-per-person: choose one")
    if not caldav.user:
        raise RosterError("--caldav needs --user")


# ---- feed tokens ----


def _revoke(
    scenario: Scenario, store: Store, previous: Mapping[str, EventRecord], revoke: Sequence[str]
) -> None:
    from outputs.feeds import COORDINATOR, feed_people

    known = set(feed_people(scenario, previous))
    keys = {}
    for name in revoke:
        if name != COORDINATOR_NAME and name not in known:
            raise RosterError(
                f"--revoke {name!r}: no such person in people.csv (or {COORDINATOR_NAME} "
                "for the coordinator's feed)"
            )
        keys[COORDINATOR if name == COORDINATOR_NAME else name] = _new_token()
    if keys:
        store.add_feed_tokens(keys)


def _tokens(
    scenario: Scenario, store: Store, previous: Mapping[str, EventRecord]
) -> dict[str, str]:
    """Every feed's token; the missing ones are made and kept before any file is written."""
    from outputs.feeds import COORDINATOR, feed_people

    tokens = store.feed_tokens()
    missing = {
        person: _new_token()
        for person in [COORDINATOR, *feed_people(scenario, previous)]
        if person not in tokens
    }
    if missing:
        store.add_feed_tokens(missing)
        tokens = store.feed_tokens()
    return tokens


def _new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


# ---- writing ----


def _feeds_unit(
    scenario: Scenario,
    web: WebFeeds,
    links_dir: Path,
    assignments: Sequence[Assignment],
    now: datetime,
    previous: Mapping[str, EventRecord],
    tokens: Mapping[str, str],
    commit: Callable[[], object],
) -> tuple[Callable[[], object], list[FeedLink]]:
    """`commit` preceded by the public folder, then the links (each outputs.folder): a
    failure at any step puts back the folders already replaced."""
    from outputs.feeds import feed_files, links_files, stale_link, stale_public
    from outputs.folder import write_folder

    files, links = feed_files(
        scenario, assignments, now=now, previous=previous, tokens=tokens, base_url=web.base_url
    )
    coordinator = links_files(scenario, links)
    write_links = functools.partial(
        write_folder, links_dir, coordinator, stale=stale_link, commit=commit, option="--links"
    )
    write_public = functools.partial(
        write_folder, web.public_dir, files, stale=stale_public, commit=write_links, option="--web"
    )
    return write_public, links


def _push(
    scenario: Scenario,
    caldav: CalDavTarget,
    assignments: Sequence[Assignment],
    now: datetime,
    previous: Mapping[str, EventRecord],
) -> Pushed:
    from outputs.caldav_push import calendar_plans, push

    plans = calendar_plans(
        scenario,
        assignments,
        now=now,
        previous=previous,
        calendar=caldav.calendar,
        per_person=caldav.per_person,
    )
    return push(caldav.url, caldav.user, caldav.password, plans, scenario_id=scenario.id)
