"""`--executor` on the commands that write a roster's files besides `solve`: `publish`,
`swap` and `import` (with --out). A bad spec or a cluster out of reach stops them before
anything is written or recorded; any executor writes the same files."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.store import Store, default_store_path
from tests.commands import run


@pytest.fixture
def solved(mini_folder: Path, tmp_path: Path) -> Path:
    run("solve", mini_folder, "--out", tmp_path / "first", "--seed", 1, "--workers", 1, code=None)
    return mini_folder


def commands(folder: Path, out: Path) -> dict[str, list[object]]:
    first = out.parent / "first"
    return {
        "publish": ["publish", folder, "--out", out],
        "swap": ["swap", folder, "T01", "T02", "--date", _a_date(first), "--version", "latest",
                 "--out", out],
        "import": ["import", folder, first / "assignments.csv", "--force", "--out", out],
    }  # fmt: skip


def _a_date(first: Path) -> str:
    return (first / "assignments.csv").read_text("utf-8-sig").splitlines()[1].split(",")[0]


def versions(folder: Path) -> list[int]:
    with Store.open(default_store_path(folder), create=False) as store:
        return [v.id for v in store.versions()]


@pytest.mark.parametrize("command", ["publish", "swap", "import"])
def test_a_bad_executor_exits_2_before_anything_is_written(solved, tmp_path, command):
    out = tmp_path / "out"
    before = versions(solved)
    result = run(*commands(solved, out)[command], "--executor", "cluster", code=2)
    assert "--executor" in result.output and "dask://HOST:PORT" in result.output
    assert not out.exists() and versions(solved) == before


@pytest.mark.parametrize("command", ["publish", "swap", "import"])
def test_no_cluster_reachable_exits_2_and_records_nothing(solved, tmp_path, command, monkeypatch):
    from solver.executor import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    out = tmp_path / "out"
    before = versions(solved)
    args = commands(solved, out)[command]
    result = run(*args, "--executor", "dask://127.0.0.1:9", code=2)
    assert "no Dask scheduler answered at tcp://127.0.0.1:9" in result.output
    assert not out.exists() and versions(solved) == before


def test_publish_writes_the_same_files_on_any_executor(solved, tmp_path):
    one, two = tmp_path / "serial", tmp_path / "local"
    run("publish", solved, "1", "--out", one, "--executor", "serial")
    run("publish", solved, "1", "--out", two, "--executor", "local:2")
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    differ = [n for n in names if stamped(one / n) != stamped(two / n)]
    assert [n.name for n in differ] in ([], ["roster.xlsx"])  # its zip: the time it was written


def stamped(path: Path) -> bytes:
    """The file, but for a calendar's DTSTAMP lines (when it was written)."""
    lines = path.read_bytes().split(b"\r\n")
    return b"\r\n".join(x for x in lines if not x.startswith(b"DTSTAMP:"))
