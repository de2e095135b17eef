"""`roster init`: a starter scenario to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from roster import app
from roster.cli.common import friendly_errors, parse_day


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["checkpoint", "schools", "return"]),
    default="checkpoint",
    show_default=True,
    help="checkpoint: one duty every night; schools: every school of a list runs the same "
    "duty; return: a staggered return to school (roster return-plan).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the sheet names, headers, example rows and comments.",
)
@click.option(
    "--people",
    "people",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An existing volunteer list (.xlsx or .csv) to start the people sheet from; its "
    "headers are mapped (工号, 姓名, 单位, 手机 ...) and those not recognised reported.",
)
@click.option(
    "--start", metavar="DATE", help="First day of the roster, YYYY-MM-DD (default: tomorrow)."
)
@friendly_errors
def init(folder: Path, kind: str, language: str, people: Path | None, start: str | None) -> None:
    """Write a starter scenario into FOLDER: a commented scenario.toml and scenario.xlsx
    with one sheet per table (drop-down lists, two example rows), ready to solve as written.
    """
    done = app.init_scenario(
        folder,
        kind=kind,
        language=language,
        people=people,
        start=parse_day(start, "--start") if start else None,
    )
    for written, column in done.mapped:
        click.echo(f"column '{written}' -> {column}")
    for written in done.unrecognised:
        click.echo(f"column '{written}' not recognised; left out")
    if done.ids_given:
        click.echo("no column of ids (工号 / person_id): ids P001, P002 ... given by row")
    for word, role in done.new_roles:
        click.echo(f"role '{word}' declared in scenario.toml as {role}")
    click.echo(f"{done.people} people; wrote {', '.join(p.name for p in done.files)} to {folder}")
    click.echo(f"fill in the sheets, then run: {done.command}")


COMMANDS = (init,)
