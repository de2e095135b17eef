"""The console script leaves without freeing its heap (roster/entry.py): its output and exit
code are still the command's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def entry(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "roster.entry", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_output_and_exit_codes_survive_the_quick_exit(tmp_path):
    done = entry("--version")
    assert done.returncode == 0 and "version" in done.stdout
    bad = entry("history", str(tmp_path / "missing"))
    assert bad.returncode == 2 and "missing" in bad.stderr
    listed = entry("init", str(tmp_path / "new"))
    assert listed.returncode == 0 and (tmp_path / "new" / "scenario.toml").exists()
    assert listed.stdout.strip()  # what it printed reached the pipe before the exit
