"""`roster poster` and `roster report`: what a coordinator posts and prints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from roster import app
from roster.cli.common import friendly_errors, scenario_dir, store_option


def _out(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--out",
        "out_dir",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Folder to write {what} to (e.g. the roster's --out folder).",
    )


@click.command()
@scenario_dir
@click.argument("version", required=False)
@_out("posters/<duty>-<week>.png")
@click.option(
    "--week",
    help="ISO week YYYY-Www, e.g. 2020-W06 (default: the first week with a duty from today "
    "on, as `roster solve` draws; the roster's first week when it is over).",
)
@click.option(
    "--font",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Font file with Chinese characters (default: one found on this machine).",
)
@click.option("--phones", is_flag=True, help="Show each person's phone number.")
@store_option
@friendly_errors
def poster(
    scenario_dir: Path,
    version: str | None,
    out_dir: Path,
    week: str | None,
    font: Path | None,
    phones: bool,
    store_path: Path | None,
) -> None:
    """Draw the week's roster as pictures to post in a chat group, one per duty.

    Each poster shows the duty's place and hours, the week's days by groups, the
    names with role holders marked and every empty seat; about 1080 px wide for a
    phone. VERSION: 'published', 'latest' (default) or a number. Needs a font with
    Chinese characters (exit code 2 when there is none). Never shows reasons.
    """
    drawn = app.draw_posters(scenario_dir, version, out_dir=out_dir, week=week, font=font,
                             phones=phones, store=store_path)  # fmt: skip
    for path in drawn.files:
        click.echo(str(path))
    click.echo(f"{len(drawn.files)} poster(s) of week {drawn.week} from version {drawn.version}, "
               f"font {drawn.font}")  # fmt: skip


@click.command()
@scenario_dir
@click.argument("version", required=False)
@_out("report.html")
@store_option
@friendly_errors
def report(scenario_dir: Path, version: str | None, out_dir: Path, store_path: Path | None) -> None:
    """Write report.html: the roster by week, load against fair share, gaps and rules bent.

    One self-contained page (no network, nothing fetched) to open in a browser or
    print on A4. VERSION: 'published', 'latest' (default) or a number. `roster solve`
    writes the same page into its --out folder.
    """
    reported = app.write_report(scenario_dir, version, out_dir=out_dir, store=store_path)
    click.echo(f"report of version {reported.version} written to {reported.path}")


COMMANDS = (poster, report)
