"""`roster init`: a starter scenario a coordinator fills in (outputs/starter.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from roster.errors import InputError

STARTER_FILES = ("scenario.toml", "scenario.xlsx")


@dataclass(frozen=True)
class Initialized:
    folder: Path
    files: tuple[Path, ...]
    people: int  # rows of the people sheet
    mapped: tuple[tuple[str, str], ...]  # --people: (header as written, column read as)
    unrecognised: tuple[str, ...]  # --people: headers left out
    new_roles: tuple[tuple[str, str], ...]  # --people: (word, role id) declared for it
    ids_given: bool  # --people: the list had no ids; P001, P002 ... by row
    command: str  # what to run once the sheets are filled in


def init_scenario(
    folder: Path | str,
    *,
    kind: str = "checkpoint",
    language: str = "zh",
    people: Path | str | None = None,
    start: date | None = None,
) -> Initialized:
    """Write scenario.toml and scenario.xlsx of a `kind` starter into `folder` (created if
    need be); `people` starts the people sheet from an existing list. A folder that
    already holds either file is refused: they are the coordinator's."""
    from inputs.people_list import read_people_list
    from outputs.atomic import write_files_atomic
    from outputs.starter import starter_files
    from outputs.starter_rows import example_starter, extra_roles, list_starter
    from outputs.starter_toml import StarterSettings, role_words

    folder = Path(folder)
    _refuse_existing(folder)
    listed = read_people_list(Path(people)) if people is not None else None
    roles = role_words(language, extra_roles(listed) if listed else ())
    first = start or date.today() + timedelta(days=1)
    schools_in_list = listed is not None and any(r.get("school") for r in listed.rows)
    settings = StarterSettings(
        kind, language, first, roles, staff_from_any=listed is not None and not schools_in_list
    )
    starter = list_starter(settings, listed) if listed else example_starter(settings)
    files = {folder / name: data for name, data in starter_files(starter).items()}
    write_files_atomic(files)
    command = "roster return-plan" if kind == "return" else "roster solve"
    return Initialized(
        folder,
        tuple(files),
        len(starter.sheets["people"]),
        listed.mapped if listed else (),
        listed.unrecognised if listed else (),
        tuple((word, role) for role, word in roles.items() if role != "leader"),
        listed is not None and not listed.has("person_id"),
        f"{command} {folder} --out {folder / 'out'}",
    )


def _refuse_existing(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "is a file; expected a folder (new or empty)")
    if not folder.is_dir():
        return
    present = [p.name for p in folder.iterdir() if p.name.lower() in STARTER_FILES]
    if present:
        raise InputError(
            str(folder / present[0]),
            "already exists; roster init writes only into a new folder or one without "
            f"{' or '.join(STARTER_FILES)}",
        )
