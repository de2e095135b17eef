"""Run the benchmark cases, one fresh process each (so peak memory is per case).

    python -m bench.run                 # every case
    python -m bench.run -k example      # cases whose name contains "example"
    python -m bench.run -k crisis --busy 1   # with a busy-loop process beside each case
    python -m bench.run -k crisis --out /tmp/crisis.md   # the table elsewhere

Prints a table and writes it to bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import re
import resource
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
# Sections other runners write into results.md (e.g. bench/curtois), kept across runs.
SECTION = re.compile(r"<!-- (\w+):begin -->.*?<!-- \1:end -->\n?", re.S)
COLUMNS = [
    "case",
    "status",
    "objective",
    "bound",
    "gap",
    "build_s",
    "solve_s",
    "wall_s",
    "peak_MB",
    "extra",
]


def run_case(name: str, queue: mp.Queue) -> None:
    from bench.cases import CASES
    from roster.check import check

    started = time.perf_counter()
    scenario, result, extra = CASES[name]()
    wall = time.perf_counter() - started
    report = check(scenario, result.assignments) if result.objective is not None else None
    agree = report is not None and report.objective == result.objective
    queue.put(
        {
            "case": name,
            "status": result.status.value,
            "objective": result.objective,
            "bound": result.best_bound,
            "gap": None if result.gap is None else f"{100 * result.gap:.2f}%",
            "build_s": result.stats.get("build_s"),
            "solve_s": round(result.wall_time_s, 1),
            "wall_s": round(wall, 1),
            "peak_MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "extra": json.dumps(extra | {"checker_agrees": agree}, ensure_ascii=False),
        }
    )


def measure(name: str, busy: int = 0) -> dict:
    """The case in a fresh process; `busy` busy-loop processes beside it make the machine
    slower (one takes a share of the cores, as a coordinator's other programs do)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    loops = [ctx.Process(target=_spin, daemon=True) for _ in range(busy)]
    for loop in loops:
        loop.start()
    proc = ctx.Process(target=run_case, args=(name, queue))
    proc.start()
    row = queue.get()
    proc.join()
    for loop in loops:
        loop.terminate()
    return row | ({"busy": busy} if busy else {})


def _spin() -> None:
    while True:
        pass


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines)


def kept_sections(path: Path) -> str:
    """The marked sections of the file a run replaces, to append to the new table."""
    if not path.exists():
        return ""
    found = [m.group(0) for m in SECTION.finditer(path.read_text(encoding="utf-8"))]
    return "".join("\n" + s for s in found)


def main() -> None:
    from bench.cases import CASES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--busy", type=int, default=0, help="busy-loop processes beside a case")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the table goes")
    args = parser.parse_args()
    rows = []
    for name in CASES:
        if args.k in name:
            rows.append(measure(name, args.busy))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    machine = f"{platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}"
    text = (
        f"# Benchmark results\n\nMachine: {machine}; {time.strftime('%Y-%m-%d')}\n\n{table(rows)}\n"
    )
    busy = f"; {args.busy} busy-loop process(es) beside each case" if args.busy else ""
    text = text.replace("\n\n|", f"{busy}\n\n|", 1) + kept_sections(args.out)
    args.out.write_text(text, encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
