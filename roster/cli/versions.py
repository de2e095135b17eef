"""Versions of a roster: history, publish, diff, unavailable, swap, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from roster import app
from roster.cli.common import (
    EXIT_HARD_RULES_BROKEN,
    echo_violations,
    friendly_errors,
    out_option,
    parse_day,
    scenario_dir,
    store_option,
)
from roster.cli.executor import executor_options
from roster.cli.progress import with_progress

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@scenario_dir
@store_option
@friendly_errors
def history(scenario_dir: Path, store_path: Path | None) -> None:
    """List the recorded versions of the roster (newest last); * marks the published one."""
    rows = app.history(scenario_dir, store_path)
    if not rows:
        click.echo("no versions yet; run `roster solve`")
        return
    click.echo(
        f"{'':1} {'ver':>3}  {'created (UTC)':<19}  {'kind':<7}  {'status':<10}  "
        f"{'objective':>9}  {'duties':>6}  base  note"
    )
    for v in rows:
        mark = "*" if v.published else " "
        base = str(v.base_version or "")
        click.echo(
            f"{mark} {v.id:>3}  {v.created_at:%Y-%m-%d %H:%M:%S}  {v.kind:<7}  "
            f"{v.status.value:<10}  {v.objective if v.objective is not None else '-':>9}  "
            f"{v.n_assignments:>6}  {base:>4}  {v.note}"
        )


@click.command()
@scenario_dir
@click.argument("version", required=False)
@store_option
@out_option
@click.option(
    "--web",
    "public_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Public folder for a web server: one subscription feed per person under a secret "
    "link (PUBLIC_DIR/<token>/<person_id>.ics).",
)
@click.option(
    "--base-url", default="", help="Where --web is served (https://host/path), for the links."
)
@click.option(
    "--links",
    "links_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the coordinator's links.csv, links.html and QR codes "
    "(default: SCENARIO_DIR/links; never inside --web).",
)
@click.option(
    "--revoke",
    multiple=True,
    metavar="PERSON_ID",
    help="Give this person (all.ics: the coordinator's feed) a new link; the old one stops "
    "working. Repeatable; needs --web.",
)
@click.option("--caldav", "caldav_url", help="CalDAV server to push every duty to (URL).")
@click.option("--user", default="", help="CalDAV user name.")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File holding the CalDAV password (else $ROSTER_CALDAV_PASSWORD; never an option).",
)
@click.option("--calendar", help="CalDAV calendar of every duty, by name (default: all.ics's).")
@click.option("--calendar-per-person", is_flag=True, help="One CalDAV calendar per person.")
@executor_options
@friendly_errors
@with_progress
def publish(
    scenario_dir: Path,
    version: str | None,
    store_path: Path | None,
    out_dir: Path | None,
    public_dir: Path | None,
    base_url: str,
    links_dir: Path | None,
    revoke: tuple[str, ...],
    caldav_url: str | None,
    user: str,
    password_file: Path | None,
    calendar: str | None,
    calendar_per_person: bool,
    executor: Any,
) -> None:
    """Mark a version (default: the latest) as published: what teachers have in their calendars.

    Calendar SEQUENCE numbers and cancellations of later versions are counted from
    the published one. With --out, also (re)writes that version's files there. With
    --web, writes subscription feeds that calendar apps keep up to date by themselves;
    with --caldav, pushes every duty to a CalDAV server (run again after a failure: it
    pushes the rest). README: "Publishing to phones".
    """
    web = caldav = None
    if public_dir is not None:
        web = app.WebFeeds(public_dir, base_url, links_dir)
        _warn_plain_http(base_url, "--base-url", "the links' secret tokens")
    if caldav_url is not None:
        _warn_plain_http(caldav_url, "--caldav", "the password and every duty")
        password = app.password_from(password_file)
        caldav = app.CalDavTarget(caldav_url, user, password, calendar, calendar_per_person)
    published = app.publish(
        scenario_dir, version, store=store_path, out_dir=out_dir, web=web, caldav=caldav,
        revoke=revoke, executor=executor,
    )  # fmt: skip
    click.echo(f"version {published.version} published ({published.duties} duties)")
    _echo_publishing(published, web)


def _warn_plain_http(url: str, option: str, what: str) -> None:
    host = urlsplit(url).hostname or ""
    if url.lower().startswith("http://") and host not in LOOPBACK:
        click.echo(f"warning: {option} is http://: {what} cross the network unencrypted; "
                   "use https:// beyond a trial", err=True)  # fmt: skip


def _echo_publishing(published: app.Published, web: app.WebFeeds | None) -> None:
    if published.pushed is not None:
        pushed = published.pushed
        click.echo(f"CalDAV: {pushed.describe()}")
        for name in pushed.calendars:
            click.echo(f"CalDAV: created calendar {name!r}")
    if web is None:
        return
    for person in published.revoked:
        click.echo(f"new link for {person}; the old one no longer works")
    click.echo(f"feeds: {len(published.feeds)} in {web.public_dir}")
    click.echo(f"links for the coordinator only (do not serve them): {published.links_dir}")
    if not web.base_url:
        click.echo("no --base-url: the links list paths only; add it to get links and QR codes")


@click.command(name="diff")
@scenario_dir
@click.argument("v1")
@click.argument("v2")
@store_option
@out_option
@friendly_errors
def diff_command(
    scenario_dir: Path, v1: str, v2: str, store_path: Path | None, out_dir: Path | None
) -> None:
    """List what changed between two versions ('published', 'latest' or numbers).

    With --out, writes changes.csv and messages.txt (one message per affected person).
    """
    diffed = app.diff_versions(scenario_dir, v1, v2, store=store_path, out_dir=out_dir)
    for pid in sorted(diffed.messages):
        click.echo(diffed.messages[pid])
    click.echo(f"{len(diffed.changes)} changes for {len(diffed.messages)} people")


@click.command()
@scenario_dir
@click.argument("person_id")
@click.argument("start")
@click.argument("end")
@click.option("--reason", default="", help="Private note for the coordinator (never exported).")
@friendly_errors
def unavailable(scenario_dir: Path, person_id: str, start: str, end: str, reason: str) -> None:
    """Add an unavailable period (inclusive dates) for a person to availability.csv, or to
    the availability sheet (可值班情况) of scenario.xlsx when the tables are kept there."""
    first, last = parse_day(start, "START"), parse_day(end, "END")
    path = app.mark_unavailable(scenario_dir, person_id, first, last, reason)
    click.echo(f"{person_id} unavailable {first} to {last}, added to {path}")
    click.echo(
        f"re-solve: roster solve {scenario_dir} --base published --as-of {first} --out OUT_DIR"
    )


@click.command()
@scenario_dir
@click.argument("person_a")
@click.argument("person_b")
@click.option("--date", "day", required=True, help="Date of the duty to swap (YYYY-MM-DD).")
@click.option("--duty", help="Duty id, when a person has several that day.")
@click.option(
    "--version",
    default="published",
    show_default=True,
    help="Version to swap in: 'published', 'latest' or a number.",
)
@store_option
@out_option
@executor_options
@friendly_errors
@with_progress
def swap(
    scenario_dir: Path,
    person_a: str,
    person_b: str,
    day: str,
    duty: str | None,
    version: str,
    store_path: Path | None,
    out_dir: Path | None,
    executor: Any,
) -> None:
    """Swap two people's duties on a date (or give A's duty to B), checked against every rule.

    A swap that breaks a hard rule is refused with the reason; otherwise it is
    recorded as a new version and its soft cost is shown.
    """
    swapped = app.swap(
        scenario_dir,
        person_a,
        person_b,
        parse_day(day, "--date"),
        duty=duty,
        version=version,
        store=store_path,
        out_dir=out_dir,
        executor=executor,
    )
    echo_violations(swapped.added)
    if swapped.version is None:
        click.echo(
            f"refused: the swap breaks {len(swapped.broken)} hard rule(s); nothing recorded"
        )
        sys.exit(EXIT_HARD_RULES_BROKEN)
    click.echo(
        f"recorded as version {swapped.version}; soft cost of the swap "
        f"{swapped.soft_change:+d} (objective {swapped.objective}, "
        f"was {swapped.objective_before})"
    )
    if swapped.hard_left:
        click.echo(f"note: {swapped.hard_left} hard violation(s) the roster already had remain")


@click.command(name="import")
@scenario_dir
@click.argument("edited", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Accept soft violations and empty seats.")
@store_option
@out_option
@executor_options
@friendly_errors
@with_progress
def import_command(
    scenario_dir: Path,
    edited: Path,
    force: bool,
    store_path: Path | None,
    out_dir: Path | None,
    executor: Any,
) -> None:
    """Import a roster edited by hand (assignments .csv or .xlsx) and record it as a version.

    EDITED may also be the roster.xlsx `roster solve` wrote, edited on its roster
    sheets (names moved or typed over): names are matched to people (exact name, then
    id; 张伟（T001） picks one of two 张伟), and any that match nobody or several
    are reported with their cell (排班表!D14).

    Every violation is reported in plain words. Broken hard rules (a double booking,
    an unavailable person, too little rest) are refused; soft violations and empty
    seats need --force.
    """
    imported = app.import_roster(
        scenario_dir, edited, force=force, store=store_path, out_dir=out_dir, executor=executor
    )
    echo_violations(imported.report.violations)
    if imported.version is None:
        refused = imported.refused or imported.needs_force
        why = "hard rules broken" if imported.refused else "violations (use --force to accept)"
        click.echo(f"refused: {len(refused)} {why}; nothing recorded")
        sys.exit(EXIT_HARD_RULES_BROKEN)
    objective, before = imported.report.objective, imported.objective_before
    delta = "" if before is None else f" (was {before}, change {objective - before:+d})"
    click.echo(f"recorded as version {imported.version}; objective {objective}{delta}")


COMMANDS = (history, publish, diff_command, unavailable, swap, import_command)
