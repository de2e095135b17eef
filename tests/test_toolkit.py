"""The test toolkit's own rules (tests/conftest.py)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_test_module_imports_another():
    offenders = {
        path.name: sorted(m for m in imported_modules(path) if m.startswith("tests.test_"))
        for path in sorted(TESTS.rglob("*.py"))
    }
    offenders = {name: mods for name, mods in offenders.items() if mods}
    assert not offenders, f"move shared helpers to a helper module or conftest: {offenders}"


def test_fixtures_give_a_loadable_mini_scenario(mini_scenario):
    assert (mini_scenario.id, len(mini_scenario.days)) == ("mini", 7)


def test_hard_is_the_default_hard_weight():
    from roster.model import SolverSettings
    from tests.builders import HARD

    assert SolverSettings().hard_weight == HARD
