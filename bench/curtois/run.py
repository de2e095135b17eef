"""Run Curtois & Qu instances through `roster solve` and report each against best known.

Per instance: the objective and bound of the solve, the gap to the best known value, the
wall time of the whole command, its peak memory, and whether the checker's objective of
the roster equals the Curtois objective computed from the instance (bench/curtois/objective.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.curtois import BEST_KNOWN, DATA_ENV
from bench.curtois.instance import Instance, read_instance
from bench.curtois.objective import Roster, hard_violations, objective
from bench.curtois.scenario import START, duty_ids, write_scenario

RESULTS = Path(__file__).resolve().parent.parent / "results.md"
BEGIN, END = "<!-- curtois:begin -->", "<!-- curtois:end -->"


@dataclass
class Row:
    number: int
    status: str
    objective: int | None
    bound: int | None
    wall_s: float
    peak_mb: int
    checker: int | None
    curtois: int | None
    hard: int
    limit_s: float
    mode: str

    @property
    def best(self) -> int:
        return BEST_KNOWN[self.number]

    def cells(self) -> list[str]:
        gap = (
            ""
            if self.objective is None
            else f"{100 * (self.objective - self.best) / self.best:+.1f}%"
        )
        bound = "" if self.bound is None else f"{self.bound} ({100 * self.bound / self.best:.0f}%)"
        agrees = (
            "yes"
            if self.checker is not None and self.checker == self.curtois and not self.hard
            else "NO"
        )
        return [
            str(self.number),
            f"{self.mode} {self.limit_s:g} s",
            self.status,
            "" if self.objective is None else str(self.objective),
            str(self.best),
            gap,
            bound,
            f"{self.wall_s:.1f}",
            str(self.peak_mb),
            agrees if self.objective is not None else "",
        ]


HEADER = [
    "inst",
    "run",
    "status",
    "objective",
    "best",
    "gap",
    "bound (of best)",
    "wall_s",
    "peak_MB",
    "checker = Curtois",
]


def data_dir(option: str | None) -> Path:
    folder = option or os.environ.get(DATA_ENV)
    if not folder:
        sys.exit(f"no data folder: pass --data DIR or set {DATA_ENV}")
    return Path(folder)


def run_instance(data: Path, number: int, limit: float, fast: bool, work: Path) -> Row:
    instance = read_instance(data / f"Instance{number}.txt")
    scenario = write_scenario(instance, work / f"instance{number}", time_limit=limit)
    out = work / f"out{number}"
    command = [sys.executable, "-m", "roster.entry", "solve", str(scenario), "--out", str(out),
               "--time-limit", f"{limit:g}", "--fast" if fast else "--deterministic"]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    mode = "fast" if fast else "deterministic"
    peak = round(usage.ru_maxrss / 1024)
    summary_file = out / "summary.json"
    if not summary_file.exists():
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        print(err[-2000:], file=sys.stderr)
        return Row(number, "failed", None, None, wall, peak, None, None, 0, limit, mode)
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    roster = read_roster(instance, out / "assignments.csv")
    from roster.app.solving import check_roster

    checker = check_roster(scenario, out / "assignments.csv").objective
    return Row(
        number, summary["status"], summary.get("objective"), summary.get("best_bound"), wall,
        peak, checker, objective(instance, roster), len(hard_violations(instance, roster)),
        limit, mode,
    )  # fmt: skip


def read_roster(instance: Instance, assignments: Path) -> Roster:
    """assignments.csv back in Curtois terms: (employee, day index, shift type)."""
    shift_of = {duty: shift for shift, duty in duty_ids(instance).items()}
    with assignments.open(encoding="utf-8-sig", newline="") as handle:
        return {
            (row["person_id"], _day_index(row["date"]), shift_of[row["duty"]])
            for row in csv.DictReader(handle)
        }


def _day_index(text: str) -> int:
    from datetime import date

    return (date.fromisoformat(text) - START).days


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(r.cells()) + " |" for r in rows])


def write_results(rows: list[Row], note: str, path: Path = RESULTS) -> None:
    """Replace the Curtois section of bench/results.md (kept between two markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = f"{BEGIN}\n## Curtois & Qu instances\n\n{note}\n\n{table(rows)}\n{END}"
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        text = head + section + rest.partition(END)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("numbers", nargs="*", type=int, help="instance numbers (default 1..24)")
    parser.add_argument("--data", help=f"folder of InstanceN.txt (default: ${DATA_ENV})")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument(
        "--fast", action="store_true", help="parallel portfolio (stops on the clock)"
    )
    parser.add_argument("--work", type=Path, help="keep scenario folders and rosters here")
    parser.add_argument("--results", type=Path, help="write the table into this results.md")
    parser.add_argument("--note", default="", help="a line above the table (machine, load)")
    args = parser.parse_args()
    data = data_dir(args.data)
    numbers = args.numbers or sorted(BEST_KNOWN)
    rows = []
    with tempfile.TemporaryDirectory(prefix="curtois-") as tmp:
        work = args.work or Path(tmp)
        print("| " + " | ".join(HEADER) + " |", flush=True)
        for number in numbers:
            rows.append(run_instance(data, number, args.time_limit, args.fast, work))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    if args.results:
        write_results(rows, args.note, args.results)


if __name__ == "__main__":
    main()
