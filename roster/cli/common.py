"""Shared pieces of the commands: arguments, option types, friendly errors, violations."""

from __future__ import annotations

import functools
import math
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click

from inputs.bounds import MAX_DATE, MAX_SECONDS, MAX_SEED, MAX_WORKERS, MIN_DATE
from roster.app import CheckerDisagrees
from roster.errors import PushFailed, RosterError
from roster.result import Violation

EXIT_BAD_INPUT = 2
EXIT_HARD_RULES_BROKEN = 3
EXIT_SERVER = 4  # a calendar server could not be reached or refused (publish --caldav)

scenario_dir = click.argument(
    "scenario_dir", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Version store (default: SCENARIO_DIR/.roster/roster.db).",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for assignments.csv, roster.xlsx, calendars/, summary.json.",
)


class Seconds(click.ParamType):
    """A finite number of seconds above 0: click's FloatRange lets nan through."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not (math.isfinite(seconds) and 0 < seconds <= MAX_SECONDS):
            self.fail(f"{value!r}: expected seconds > 0 and <= {MAX_SECONDS}", param, ctx)
        return seconds


SECONDS = Seconds()
SEED = click.IntRange(0, MAX_SEED)
WORKERS = click.IntRange(1, MAX_WORKERS)


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Bad input ends with its message and exit code 2, a calendar server's failure with
    exit code 4; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PushFailed as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(EXIT_SERVER)
        except RosterError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except CheckerDisagrees as err:
            sys.exit(str(err))  # exit code 1, the message on stderr

    return wrapper


def command_started() -> float:
    """When the command started: noted by the console script before its imports, else now."""
    obj = click.get_current_context().obj
    return obj["started"] if isinstance(obj, dict) and "started" in obj else time.time()


def parse_day(value: str, what: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not MIN_DATE <= day <= MAX_DATE:
        raise click.BadParameter(
            f"{value!r} is not a date; expected YYYY-MM-DD from {MIN_DATE} to {MAX_DATE}",
            param_hint=what,
        )
    return day


def echo_violations(violations: Iterable[Violation]) -> None:
    for v in violations:
        flag = "HARD" if v.hard else "soft"
        click.echo(f"{flag}  {v.rule:<20} cost {v.cost:>8}  {v.message}")
