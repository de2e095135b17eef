"""Which command a scenario folder is for: `roster solve` (duties, rotations) or
`roster return-plan` (a `[return]` section). A folder given to the other command is
answered with one line naming the right one, not with the keys it does not know."""

from __future__ import annotations

from pathlib import Path

from inputs.toml_reader import SCENARIO_FILE, TomlTable
from roster.errors import InputError


def check_roster_folder(doc: TomlTable, folder: Path) -> None:
    """Refuse a staggered-return scenario, pointing to `roster return-plan`."""
    if doc.has("return"):
        raise InputError(
            SCENARIO_FILE,
            "this folder is a staggered-return scenario ([return]); plan it with "
            f"`roster return-plan {folder} --out OUT`",
        )


def check_return_folder(doc: TomlTable, folder: Path) -> None:
    """Refuse a roster scenario (duties or rotations, no [return]), pointing to `roster solve`."""
    if not doc.has("return") and (doc.has("duties") or doc.has("rotations")):
        raise InputError(
            SCENARIO_FILE,
            "this folder is a duty roster scenario ([[duties]] or [[rotations]], no [return]); "
            f"roster it with `roster solve {folder} --out OUT`",
        )
