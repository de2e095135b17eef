"""`roster candidates`: who could fill an empty seat on one shift, ranked."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from roster import app
from roster.candidates import Candidate, Ranking
from roster.cli.common import friendly_errors, parse_day, scenario_dir, store_option
from roster.cli.progress import with_progress
from roster.model import Scenario
from roster.texts import Texts


@click.command()
@scenario_dir
@click.option(
    "--duty",
    "duty_id",
    help="Duty id, as in scenario.toml (required for an empty seat; with --replace, only "
    "when the person has several duties that day).",
)
@click.option("--date", "day_text", required=True, help="Date of the shift (YYYY-MM-DD).")
@click.option("--group", "group_id", help="Only seats of this group (its id).")
@click.option(
    "--replace",
    "replacing",
    metavar="PERSON_ID",
    help="Rank who could take this person's duty on --date instead of an empty seat.",
)
@click.option(
    "--assignments",
    "assignments_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Roster to start from (assignments.csv); default: the latest version in the store.",
)
@store_option
@click.option(
    "--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Rows; 0 = all."
)
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Save the table."
)
@friendly_errors
@with_progress
def candidates(
    scenario_dir: Path,
    duty_id: str | None,
    day_text: str,
    group_id: str | None,
    replacing: str | None,
    assignments_csv: Path | None,
    store_path: Path | None,
    limit: int,
    csv_path: Path | None,
) -> None:
    """Rank who could take an empty seat on a shift, or a named person's duty
    (--replace), without breaking a hard rule.

    Each person not on the shift is tried in the seat (a role seat they can fill,
    else an ordinary one) and the roster re-checked: those who break no hard rule
    are listed, least loaded first, then by the soft cost they add, with the soft
    rules that seat would bend. With --replace PERSON_ID the person is taken off
    that day's duty and each candidate is tried in the very same seat (group and
    role); `roster swap` then applies the pick.
    """
    day = parse_day(day_text, "--date")
    found = app.candidates(
        scenario_dir,
        duty_id,
        day,
        group_id=group_id,
        replacing=replacing,
        assignments=assignments_csv,
        store=store_path,
        csv_path=csv_path,
    )
    ranking = found.ranking
    if ranking.replacing is None:
        lines = report_lines(found.scenario, ranking, limit)
    else:
        lines = replace_lines(found.scenario, ranking, limit)
        if ranking.candidates:
            lines.append(swap_hint(found.scenario, ranking, scenario_dir, found.version))
    for line in lines:
        click.echo(line)
    if csv_path is not None:
        click.echo(f"written to {csv_path}")


def report_lines(scenario: Scenario, ranking: Ranking, limit: int) -> list[str]:
    """The shift's empty seats, the ranked table, and why the others are left out."""
    t = Texts(scenario)
    where = t.shift(ranking.shift.date, ranking.shift.duty_id)
    if not ranking.empty:
        return [t.say("cand_full", where=where)]
    seats = [
        t.say("empty_seats", group=t.group_name(ranking.shift.duty_id, gid), count=n)
        for gid, n in ranking.empty.items()
    ]
    head = t.say("cand_shift", where=where, seats=t.listing(seats))
    return [head, *_ranked(t, ranking, limit, "cand")]


def replace_lines(scenario: Scenario, ranking: Ranking, limit: int) -> list[str]:
    """Whose seat it is, the ranked table, and why the others are left out."""
    t = Texts(scenario)
    taken = ranking.replacing
    assert taken is not None  # replace mode only
    seat = t.group_name(taken.duty_id, taken.group_id)
    if taken.role:
        seat += " " + scenario.role_name(taken.role)
    where = t.shift(taken.date, taken.duty_id)
    name = t.person(taken.person_id)
    head = t.say("cand_replace", where=where, name=name, seat=seat)
    return [head, *_ranked(t, ranking, limit, "cand_replace")]


def _ranked(t: Texts, ranking: Ranking, limit: int, mode: str) -> list[str]:
    """The ranked table (at most `limit` rows, 0: all) and why the others are left out;
    `mode` picks the wording: `cand` (an empty seat) or `cand_replace` (someone's seat)."""
    lines = []
    found = ranking.candidates
    if found:
        lines.append(t.say(f"{mode}_count", count=len(found)))
        shown = found if limit == 0 else found[:limit]
        lines += _table([t.say("cand_columns").split("|")] + [row(t, c) for c in shown])
        if len(shown) < len(found):
            lines.append(t.say("cand_more", count=len(found) - len(shown)))
    else:
        lines.append(t.say(f"{mode}_none"))
    if ranking.excluded_people:
        rules = sorted(ranking.excluded.items(), key=lambda kv: (-kv[1], kv[0]))
        listing = t.listing([f"{rule} {n}" for rule, n in rules])
        lines.append(t.say(f"{mode}_excluded", count=ranking.excluded_people, rules=listing))
    return lines


def swap_hint(scenario: Scenario, ranking: Ranking, folder: Path, version: int | None) -> str:
    """The `roster swap` command that hands the seat to the chosen person."""
    taken = ranking.replacing
    assert taken is not None  # replace mode only
    return Texts(scenario).say(
        "cand_swap",
        folder=folder,
        person=taken.person_id,
        day=taken.date.isoformat(),
        duty=taken.duty_id,
        version="" if version is None else f" --version {version}",
    )


def row(t: Texts, c: Candidate) -> list[str]:
    group = t.group_name(c.seat.duty_id, c.seat.group_id)
    if c.seat.role:
        group += " " + t.scenario.role_name(c.seat.role)
    return [
        c.person.name,
        c.person.id,
        c.person.school,
        group,
        str(c.duties),
        t.share(c.share),
        _signed(c.delta.added_cost),
        t.listing([f"{rule} {_signed(cost)}" for rule, cost in c.delta.bent]),
    ]


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    gap = "  "
    return [
        gap.join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


COMMANDS = (candidates,)
