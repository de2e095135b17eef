"""What a coordinator posts and prints: the week's posters and the roster's report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from roster.app.common import (
    Version,
    check_out,
    load,
    open_store,
    resolve_version,
    stored_result,
)
from roster.errors import RosterError
from roster.model import Scenario

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Drawn:
    """Posters drawn from `version` for the week `week` (YYYY-Www), with `font`."""

    version: int
    week: str
    font: str
    files: tuple[Path, ...]


@dataclass(frozen=True)
class Reported:
    version: int
    path: Path


def draw_posters(
    scenario_dir: Path | str,
    version: Version | None = None,
    *,
    out_dir: Path | str,
    week: str | None = None,
    font: Path | str | None = None,
    phones: bool = False,
    store: Path | str | None = None,
) -> Drawn:
    """posters/<duty>-<week>.png in `out_dir` for every duty of the week, from a version
    (default: the latest). `week` is YYYY-Www (default: the week `roster solve` draws);
    `font` a font file (default: a CJK font of this machine); `phones` adds numbers."""
    from outputs.atomic import write_files_atomic
    from outputs.poster import parse_week, week_name
    from outputs.poster_files import poster_files
    from outputs.poster_fonts import cjk_font

    check_out(out_dir)
    scenario = load(scenario_dir)
    face = cjk_font(font)
    monday = parse_week(week) if week is not None else _this_week(scenario)
    with open_store(scenario_dir, store, create=False) as opened:
        v = resolve_version(opened, version)
        assignments = opened.assignments(v)
    files = poster_files(scenario, assignments, [monday], font=face, phones=phones, version=v)
    if not files:
        raise RosterError(
            f"week {week_name(monday)}: no duty runs that week; the roster runs from "
            f"{scenario.start} to {scenario.end}"
        )
    paths = {Path(out_dir) / name: data for name, data in sorted(files.items())}
    write_files_atomic(paths)
    return Drawn(v, week_name(monday), f"{face.name} ({face.path})", tuple(paths))


def _this_week(scenario: Scenario) -> date:
    from outputs.poster_files import poster_week

    monday = poster_week(scenario, datetime.now(scenario.tz).date())
    if monday is None:
        raise RosterError(f"{scenario.id}: no duty runs in the roster's period; no poster to draw")
    return monday


def write_report(
    scenario_dir: Path | str,
    version: Version | None = None,
    *,
    out_dir: Path | str,
    store: Path | str | None = None,
) -> Reported:
    """report.html in `out_dir` for a version (default: the latest), checked anew."""
    from outputs.atomic import write_bytes_atomic
    from outputs.report import report_html

    check_out(out_dir)
    scenario = load(scenario_dir)
    with open_store(scenario_dir, store, create=False) as opened:
        v = resolve_version(opened, version)
        result = stored_result(scenario, opened, v)
    path = Path(out_dir) / "report.html"
    write_bytes_atomic(path, report_html(scenario, result, now=datetime.now(UTC), version=v))
    return Reported(v, path)

