"""`roster candidates`: who could fill an empty seat on one shift, ranked."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import click

from roster.candidates import Candidate, Ranking
from roster.cli.common import friendly_errors, load, parse_day, scenario_dir, store_option
from roster.errors import RosterError
from roster.model import Scenario
from roster.result import Assignment
from roster.texts import Texts

CSV_COLUMNS = (
    "person_id",
    "name",
    "school",
    "group",
    "role",
    "duties",
    "fair_share",
    "added_cost",
    "rules_bent",
)


@click.command()
@scenario_dir
@click.option("--duty", "duty_id", required=True, help="Duty id, as in scenario.toml.")
@click.option("--date", "day_text", required=True, help="Date of the shift (YYYY-MM-DD).")
@click.option("--group", "group_id", help="Only seats of this group (its id).")
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
def candidates(
    scenario_dir: Path,
    duty_id: str,
    day_text: str,
    group_id: str | None,
    assignments_csv: Path | None,
    store_path: Path | None,
    limit: int,
    csv_path: Path | None,
) -> None:
    """Rank who could take an empty seat on a shift without breaking a hard rule.

    Each person not on the shift is tried in the seat (a role seat they can fill,
    else an ordinary one) and the roster re-checked: those who break no hard rule
    are listed, least loaded first, then by the soft cost they add, with the soft
    rules that seat would bend.
    """
    from outputs.folder import check_out_file
    from roster.candidates import rank_candidates

    if csv_path is not None:
        check_out_file(csv_path, "--csv")
    scenario = load(scenario_dir)
    day = parse_day(day_text, "--date")
    assignments = _roster(scenario_dir, scenario, assignments_csv, store_path)
    ranking = rank_candidates(scenario, assignments, duty_id, day, group_id)
    for line in report_lines(scenario, ranking, limit):
        click.echo(line)
    if csv_path is not None:
        try:
            write_candidates_csv(csv_path, scenario, ranking.candidates)
        except OSError as err:
            raise RosterError(f"--csv {csv_path}: cannot write the file ({err.strerror})") from err
        click.echo(f"written to {csv_path}")


def _roster(
    scenario_dir: Path, scenario: Scenario, csv_path: Path | None, store_path: Path | None
) -> Sequence[Assignment]:
    """--assignments when given, else the store's latest version."""
    from inputs.load import read_assignments
    from roster.store import Store, default_store_path

    if csv_path is not None:
        return read_assignments(csv_path, scenario)
    path = store_path or default_store_path(scenario_dir)
    if not path.exists():
        raise RosterError(
            f"no roster yet ({path} does not exist): run `roster solve` first, "
            "or pass --assignments assignments.csv"
        )
    with Store.open(path, create=False) as store:
        latest = store.latest()
        if latest is None:
            raise RosterError("no version in the store yet: run `roster solve` first")
        return store.assignments(latest)


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
    lines = [t.say("cand_shift", where=where, seats=t.listing(seats))]
    found = ranking.candidates
    if found:
        lines.append(t.say("cand_count", count=len(found)))
        shown = found if limit == 0 else found[:limit]
        lines += _table([t.say("cand_columns").split("|")] + [row(t, c) for c in shown])
        if len(shown) < len(found):
            lines.append(t.say("cand_more", count=len(found) - len(shown)))
    else:
        lines.append(t.say("cand_none"))
    if ranking.excluded_people:
        rules = sorted(ranking.excluded.items(), key=lambda kv: (-kv[1], kv[0]))
        listing = t.listing([f"{rule} {n}" for rule, n in rules])
        lines.append(t.say("cand_excluded", count=ranking.excluded_people, rules=listing))
    return lines


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


def write_candidates_csv(path: Path, scenario: Scenario, found: Sequence[Candidate]) -> None:
    """UTF-8 with BOM and CRLF, fixed English column names, as the other CSV exports."""
    from outputs.atomic import write_bytes_atomic
    from outputs.tables import csv_bytes

    rows = [
        [
            c.person.id,
            c.person.name,
            c.person.school,
            c.seat.group_id,
            c.seat.role,
            c.duties,
            f"{float(c.share):.2f}",
            c.delta.added_cost,
            ";".join(f"{rule}:{cost}" for rule, cost in c.delta.bent),
        ]
        for c in found
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, csv_bytes(CSV_COLUMNS, rows))


COMMANDS = (candidates,)
