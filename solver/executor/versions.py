"""What must match between this machine and a cluster's workers for the same roster."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("roster", "solver", "inputs", "outputs")


@dataclass(frozen=True)
class Versions:
    roster: str
    source: str  # digest of the packages' Python files: the same release, unpatched
    ortools: str
    python: str  # major.minor: pickles and CP-SAT's search may differ between them

    def __str__(self) -> str:
        return (
            f"roster {self.roster} (source {self.source}), OR-Tools {self.ortools}, "
            f"Python {self.python}"
        )


@dataclass(frozen=True)
class WorkerFacts:
    address: str
    cores: int
    versions: Versions


@functools.cache
def local_versions() -> Versions:
    from ortools import __version__ as ortools_version  # type: ignore[attr-defined]

    from roster import __version__

    return Versions(
        roster=__version__,
        source=source_digest(),
        ortools=ortools_version,
        python=f"{sys.version_info.major}.{sys.version_info.minor}",
    )


def source_digest() -> str:
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def worker_versions() -> Versions:
    """Run on each worker (Client.run): its own versions, and this process's cores."""
    return local_versions()


def worker_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def mismatches(expected: Versions, workers: list[WorkerFacts]) -> list[str]:
    """One line per worker whose versions differ from `expected`."""
    return [f"{w.address} runs {w.versions}" for w in workers if w.versions != expected]
