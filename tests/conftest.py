"""Fixtures shared by the tests; the rest of the toolkit is plain modules to import:

- tests/builders.py: scenarios built in code (people, duties, rules), `solve_checked`
  (a solve the independent checker must agree with), `HARD` (a broken hard rule's unit cost)
- tests/folders.py: scenario folders on disk (`mini_toml`, `make_folder`, CSV and xlsx)
- tests/commands.py: `run` / `invoke` the `roster` command in-process
- tests/servers.py: real servers on loopback (Radicale, python -m http.server) and khal
- tests/strategies.py: hypothesis strategies for random scenarios of every rule family
- tests/return_builders.py, tests/outputs_sample.py: return plans, a sample roster to export

A test module imports from these, never from another test module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inputs.synthetic import EXAMPLE_DIR
from roster.model import Scenario
from tests.folders import LOCAL_STORE, make_folder


@pytest.fixture
def mini_folder(tmp_path: Path) -> Path:
    """The mini checkpoint as a scenario folder (tests/folders.py), in a fresh tmp_path."""
    return make_folder(tmp_path)


@pytest.fixture
def example_folder(tmp_path: Path) -> Path:
    """A copy of the shipped example (lingang-checkpoint) that a test may change."""
    return Path(shutil.copytree(EXAMPLE_DIR, tmp_path / EXAMPLE_DIR.name, ignore=LOCAL_STORE))


@pytest.fixture
def mini_scenario(mini_folder: Path) -> Scenario:
    from inputs.load import load_scenario

    return load_scenario(mini_folder)
