"""Who could take an empty seat on one shift, ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from roster import progress
from roster.app.common import load, optional_path
from roster.errors import RosterError
from roster.model import Scenario
from roster.result import Assignment

if TYPE_CHECKING:
    from roster.candidates import Ranking

NO_SHIFT = "name the shift with --duty, or the person to replace with --replace"


@dataclass(frozen=True)
class Candidates:
    scenario: Scenario  # for the names in a report
    ranking: Ranking
    csv_path: Path | None  # where the table was saved, if asked
    version: int | None = None  # the store's version ranked, None for --assignments


def candidates(
    scenario_dir: Path | str,
    duty_id: str | None,
    day: date,
    *,
    group_id: str | None = None,
    replacing: str | None = None,
    assignments: Path | str | None = None,
    store: Path | str | None = None,
    csv_path: Path | str | None = None,
) -> Candidates:
    """Rank who could take an empty seat of `duty_id` on `day` without breaking a hard
    rule, least loaded first. With `replacing` (a person id), rank who could take that
    person's seat that day instead (`duty_id` narrows it). The roster is `assignments`
    (a CSV) or the store's latest version; with `csv_path` the table is saved there too."""
    from outputs.candidates import write_candidates_csv
    from outputs.folder import check_out_file
    from roster.candidates import rank_candidates, rank_replacements

    if replacing is None and duty_id is None:
        raise RosterError(NO_SHIFT)
    if replacing is not None and group_id is not None:
        raise RosterError("--group is for empty seats; --replace keeps the person's own seat")
    if csv_path is not None:
        check_out_file(Path(csv_path), "--csv")
    scenario = load(scenario_dir)
    roster, version = _roster(
        Path(scenario_dir), scenario, optional_path(assignments), optional_path(store)
    )
    progress.emit("rank")
    if replacing is not None:
        ranking = rank_replacements(scenario, roster, replacing, day, duty_id)
    elif duty_id is not None:
        ranking = rank_candidates(scenario, roster, duty_id, day, group_id)
    else:
        raise RosterError(NO_SHIFT)
    if csv_path is not None:
        try:
            write_candidates_csv(Path(csv_path), ranking.candidates)
        except OSError as err:
            raise RosterError(f"--csv {csv_path}: cannot write the file ({err.strerror})") from err
    progress.emit("done", found=len(ranking.candidates))
    return Candidates(scenario, ranking, optional_path(csv_path), version)


def _roster(
    scenario_dir: Path, scenario: Scenario, csv_path: Path | None, store_path: Path | None
) -> tuple[Sequence[Assignment], int | None]:
    """`csv_path` when given, else the store's latest version (and its number)."""
    from inputs.load import read_assignments
    from roster.store import Store, default_store_path

    if csv_path is not None:
        return read_assignments(Path(csv_path), scenario), None
    path = Path(store_path or default_store_path(scenario_dir))
    if not path.exists():
        raise RosterError(
            f"no roster yet ({path} does not exist): run `roster solve` first, "
            "or pass --assignments assignments.csv"
        )
    with Store.open(path, create=False) as store:
        latest = store.latest()
        if latest is None:
            raise RosterError("no version in the store yet: run `roster solve` first")
        return store.assignments(latest), latest
