"""The `roster` command: each subcommand parses its options, calls one function of
roster.app (which wires readers, solver, checker and exporters), prints the outcome.

Exit codes: 0 done; 2 bad input (nothing written); 3 a roster was written or
checked but some hard rule does not hold (listed); 4 a calendar server could not be
reached or refused (`publish --caldav`: what was pushed is said, nothing recorded);
1 an internal error.
"""

from __future__ import annotations

import click

from roster import __version__
from roster.cli import candidates, desk, executor, returns, solving, starter, versions


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roster")
def main() -> None:
    """Duty rosters for volunteer teachers: checkpoint nights, school duty, staggered return.

    A scenario is a folder with scenario.toml, people.csv and availability.csv
    (see README). `roster solve` writes the roster, calendars and spreadsheets and
    records the roster as a version in the scenario's store.
    """


for command in (*solving.COMMANDS, *versions.COMMANDS, *candidates.COMMANDS, *returns.COMMANDS):
    main.add_command(command)
main.add_command(starter.init)  # roster init
for command in executor.COMMANDS:  # solver/executor: where independent parts run
    main.add_command(command)
for command in desk.COMMANDS:  # poster, report
    main.add_command(command)

__all__ = ["main"]
