"""posters/<duty>-<week>.png: the files of the posters (outputs/poster.py, poster_draw.py).

With every roster it writes (`roster solve`, and publish, swap, import with --out), roster
draws the posters of one week: the first week with a duty on or after today, so the
week under way while the roster runs, or its first week. `roster poster --week` draws
any other. Without a CJK font no poster is drawn: `roster solve` says so once before
it solves (`font_warning`) and the roster's other files are written as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache

from outputs.filenames import file_stems
from outputs.poster import week_layouts
from outputs.poster_fonts import INSTALL_HINT, FontFile, find_cjk_font
from outputs.poster_paint import Painter
from outputs.print_setup import roster_label
from roster.model import Scenario
from roster.result import Assignment, Result

POSTER_DIR = "posters"


def poster_files(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    mondays: Iterable[date],
    *,
    font: FontFile,
    phones: bool = False,
    version: int | None = None,
    shard: tuple[int, int] = (0, 1),
) -> dict[str, bytes]:
    """posters/<duty>-<YYYY-Www>.png for every duty with a shift in each week; `version`
    is the store's number for the roster, printed with its mark. `shard` (k, n): only
    every n-th poster from the k-th, so that n tasks paint them all."""
    seats = tuple(assignments)
    painter = Painter(font)
    mark = roster_label(seats, scenario.language, version)
    stems = file_stems(d.id for d in scenario.duties)
    layouts = [
        layout
        for monday in mondays
        for layout in week_layouts(scenario, seats, monday, mark=mark, phones=phones)
    ]
    k, n = shard
    return {
        f"{POSTER_DIR}/{stems[layout.duty_id]}-{layout.week}.png": painter.png(layout)
        for layout in layouts[k::n]
    }


def export_posters(
    scenario: Scenario,
    result: Result,
    *,
    now: datetime,
    version: int | None = None,
    shard: tuple[int, int] = (0, 1),
) -> dict[str, bytes]:
    """The posters written with the roster's files: the coming week's, no phone numbers;
    none without a CJK font. `shard`: as `poster_files`'s."""
    font = machine_font()
    monday = poster_week(scenario, now.astimezone(scenario.tz).date())
    if font is None or monday is None:
        return {}
    return poster_files(
        scenario, result.assignments, [monday], font=font, version=version, shard=shard
    )


def poster_week(scenario: Scenario, today: date) -> date | None:
    """The Monday of the first week with a shift on or after `today`, or of the roster's
    first week when it is over; None without shifts."""
    days = sorted({s.date for s in scenario.shifts})
    if not days:
        return None
    day = next((d for d in days if d >= today), days[0])
    return day - timedelta(days=day.weekday())


def font_warning() -> tuple[str, ...]:
    """The one line `roster solve` prints when it will draw no poster."""
    if machine_font() is not None:
        return ()
    return (f"no font with Chinese characters on this machine: no posters drawn; {INSTALL_HINT}",)


@cache
def machine_font() -> FontFile | None:
    """The CJK font of this machine, looked for once per process."""
    return find_cjk_font()


def is_poster(name: str) -> bool:
    """A file of posters/: an earlier roster's, to remove when a new roster is written."""
    return name.startswith(f"{POSTER_DIR}/") and name.endswith(".png")
