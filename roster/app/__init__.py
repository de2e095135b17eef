"""roster as a library: one function per job, each load -> solve -> check -> record ->
export, returning a small result object. Nothing here prints or exits: the CLI
(roster/cli/) parses options, calls one of these, prints and picks the exit code.

Bad input raises `roster.errors.RosterError` (its message names the file, row and
column); the CLI turns it into exit code 2.
"""

from roster.app.candidates import Candidates, candidates
from roster.app.common import CheckerDisagrees, resolve_version, verified
from roster.app.desk import Drawn, Reported, draw_posters, write_report
from roster.app.publishing import CalDavTarget, Published, WebFeeds, password_from, publish
from roster.app.return_plan import ReturnPlanned, plan_return
from roster.app.solving import Solved, check_roster, solve_folder
from roster.app.starter import Initialized, init_scenario
from roster.app.versions import (
    Diffed,
    Imported,
    Swapped,
    added_violations,
    diff_versions,
    history,
    import_roster,
    mark_unavailable,
    swap,
)

__all__ = [
    "CalDavTarget",
    "Candidates",
    "CheckerDisagrees",
    "Diffed",
    "Drawn",
    "Imported",
    "Initialized",
    "Published",
    "Reported",
    "ReturnPlanned",
    "Solved",
    "Swapped",
    "added_violations",
    "candidates",
    "check_roster",
    "diff_versions",
    "draw_posters",
    "history",
    "import_roster",
    "init_scenario",
    "mark_unavailable",
    "plan_return",
    "publish",
    "resolve_version",
    "solve_folder",
    "swap",
    "password_from",
    "verified",
    "write_report",
    "WebFeeds",
]
