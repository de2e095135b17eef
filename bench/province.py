"""Scale-out (issue 18): the same roster on every executor, and what each costs.

    python -m bench.province spawn  --schools 50     # local fork against local:spawn
    python -m bench.province dask   --schools 500    # loopback Dask cluster against local
    python -m bench.province province --cities 3     # cities x 100 schools, replayed to 256 cores
    python -m bench.province export --schools 50     # a city's files built serially and on local
    python -m bench.province district                # `roster solve` of the district

`dask` and `province` start a real `dask scheduler` and two `dask worker` processes (one
thread each) on 127.0.0.1 and stop them at the end. `province` solves the province once
serially to time every school part alone, once on the 2-worker cluster, then replays the
part times (largest first onto the least loaded core, as the executor sends them) over 2,
16, 64 and 256 cores: the replay at 2 cores is checked against the real 2-worker run.
Every run prints one line of JSON; bench/README.md ("Scale-out") has the numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import heapq
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from roster.model import Scenario
from roster.result import Result

ROOT = Path(__file__).resolve().parents[1]
REPLAY_CORES = (2, 16, 64, 256)
CITY_SCHOOLS = 100


def timed_solve(sc: Scenario, spec: str) -> tuple[Result, float]:
    """The solve on one executor, its start (pool, connection) included."""
    result, wall, _ = measured_solve(sc, spec)
    return result, wall


def measured_solve(sc: Scenario, spec: str) -> tuple[Result, float, float]:
    """The solve, its wall time and the CPU time of this process and its (ended) children:
    on a machine others load, the CPU time says what the executor itself costs."""
    import resource

    from solver import solve
    from solver.executor import parse, using

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    started, used = time.perf_counter(), cpu()
    executor = parse(spec)
    executor.connect()
    with using(executor):  # closes a spawn pool: its processes' CPU time is then counted
        result = solve(sc)
    return result, time.perf_counter() - started, cpu() - used


def same(a: Result, b: Result) -> bool:
    return (a.assignments, a.objective, a.best_bound) == (b.assignments, b.objective, b.best_bound)


def city(schools: int, days: int, seed: int = 4) -> Scenario:
    from bench.generate_city import generate_city

    return generate_city(schools, days, seed)


def province(cities: int, days: int) -> Scenario:
    """`cities` x 100 schools as one scenario: schools share nobody, so a province is a
    larger city (each city drawn with its own seed, school ids kept apart)."""
    parts = [city(CITY_SCHOOLS, days, seed=4 + k) for k in range(cities)]
    first = parts[0]

    def renamed(k: int, sc: Scenario) -> Scenario:
        return _prefixed(sc, f"c{k}")

    merged = [renamed(k, sc) for k, sc in enumerate(parts)]
    return dataclasses.replace(
        first,
        id=f"province-{cities}x{CITY_SCHOOLS}x{days}",
        name=f"全省{cities}市×{CITY_SCHOOLS}所学校值班",
        duties=tuple(d for sc in merged for d in sc.duties),
        people=tuple(p for sc in merged for p in sc.people),
        availability=tuple(a for sc in merged for a in sc.availability),
        schools=tuple(s for sc in merged for s in sc.schools),
    )


def _prefixed(sc: Scenario, tag: str) -> Scenario:
    people = tuple(
        dataclasses.replace(p, id=f"{tag}-{p.id}", school_id=f"{tag}-{p.school_id}")
        for p in sc.people
    )
    duties = tuple(
        dataclasses.replace(
            d,
            id=f"{tag}-{d.id}",
            school_id=f"{tag}-{d.school_id}",
            staff_schools=frozenset(f"{tag}-{s}" for s in d.staff_schools or ()),
        )
        for d in sc.duties
    )
    availability = tuple(
        dataclasses.replace(a, person_id=f"{tag}-{a.person_id}") for a in sc.availability
    )
    schools = tuple(dataclasses.replace(s, id=f"{tag}-{s.id}") for s in sc.schools)
    return dataclasses.replace(
        sc, people=people, duties=duties, availability=availability, schools=schools
    )


# ---- a loopback cluster, as a bureau would start one (README) ----


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def loopback_cluster(workers: int = 2) -> Iterator[str]:
    """`dask scheduler` and `workers` x `dask worker --nthreads 1` on 127.0.0.1; the spec."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    logs = Path(tempfile.mkdtemp(prefix="roster-cluster-"))
    scheduler_cmd = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                     "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"]  # fmt: skip
    worker_cmd = [sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
                  "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]  # fmt: skip
    procs = [_start(scheduler_cmd, env, logs / "scheduler.log")]
    try:
        procs += [_start(worker_cmd, env, logs / f"worker{k}.log") for k in range(workers)]
        _wait_for_workers(f"tcp://127.0.0.1:{port}", workers)
        yield f"dask://127.0.0.1:{port}"
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def _start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + 120
    while True:
        try:
            with Client(address, timeout=10, set_as_default=False) as client:
                client.wait_for_workers(count, timeout=120)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


# ---- replay ----


def makespan(times: list[float], cores: int) -> float:
    """Largest first onto the least loaded core, as the executor sends the parts."""
    loads = [0.0] * cores
    for t in sorted(times, reverse=True):
        heapq.heapreplace(loads, loads[0] + t)
    return max(loads)


def part_times(result: Result) -> list[float]:
    return [float(p["wall_s"]) for p in result.stats.get("parts", [])]


# ---- the cases ----


def spawn_case(schools: int, days: int, rounds: int = 2) -> dict[str, object]:
    """Fork and spawn in turn, `rounds` times each: the best of each (others load the
    machine in bursts), wall and CPU time."""
    sc = city(schools, days)
    runs: dict[str, list[tuple[Result, float, float]]] = {"local:fork": [], "local:spawn": []}
    for _ in range(rounds):
        for spec, found in runs.items():
            found.append(measured_solve(sc, spec))
    wall = {spec: min(r[1] for r in found) for spec, found in runs.items()}
    cpu = {spec: min(r[2] for r in found) for spec, found in runs.items()}
    first = runs["local:fork"][0][0]
    identical = all(same(first, r[0]) for found in runs.values() for r in found)
    return {"case": f"city {schools} x {days}: spawn vs fork (best of {rounds})",
            "fork_s": round(wall["local:fork"], 1), "spawn_s": round(wall["local:spawn"], 1),
            "spawn_over_fork": round(wall["local:spawn"] / wall["local:fork"], 3),
            "fork_cpu_s": round(cpu["local:fork"], 1), "spawn_cpu_s": round(cpu["local:spawn"], 1),
            "spawn_over_fork_cpu": round(cpu["local:spawn"] / cpu["local:fork"], 3),
            "walls": {spec: [round(r[1], 1) for r in found] for spec, found in runs.items()},
            "identical": identical, "objective": first.objective}  # fmt: skip


def dask_case(schools: int, days: int) -> dict[str, object]:
    sc = city(schools, days)
    local, local_s, local_cpu = measured_solve(sc, "local")
    with loopback_cluster(2) as spec:
        before = cluster_cpu(spec)
        on_dask, dask_s, own_cpu = measured_solve(sc, spec)
        dask_cpu = own_cpu + cluster_cpu(spec) - before
    return {"case": f"city {schools} x {days}: loopback Dask (2 workers) vs local",
            "local_s": round(local_s, 1), "dask_s": round(dask_s, 1),
            "dask_over_local": round(dask_s / local_s, 3), "local_cpu_s": round(local_cpu, 1),
            "dask_cpu_s": round(dask_cpu, 1), "dask_over_local_cpu": round(dask_cpu / local_cpu, 3),
            "identical": same(local, on_dask), "objective": local.objective}  # fmt: skip


def cluster_cpu(spec: str) -> float:
    """CPU seconds the scheduler and the workers have used so far."""
    from distributed import Client

    with Client(spec.replace("dask://", "tcp://"), set_as_default=False) as client:
        workers = client.run(_cpu_seconds)
        return float(sum(workers.values())) + float(client.run_on_scheduler(_cpu_seconds))


def _cpu_seconds() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def province_case(cities: int, days: int) -> dict[str, object]:
    sc = province(cities, days)
    serial, serial_s, serial_cpu = measured_solve(sc, "serial")
    times = part_times(serial)
    overhead = serial_s - sum(times)  # the parent's own work: split, merge
    with loopback_cluster(2) as spec:
        before = cluster_cpu(spec)
        on_dask, dask_s, own_cpu = measured_solve(sc, spec)
        workers_cpu = cluster_cpu(spec) - before
    replay = {cores: round(overhead + makespan(times, cores), 1) for cores in REPLAY_CORES}
    # Others load this machine: each process gets a share of a core. The part times come
    # from the serial run at its share; at the workers' share the replay would take longer
    # (or shorter) by the ratio of the two.
    serial_share = serial_cpu / serial_s
    worker_share = workers_cpu / (2 * dask_s)
    slowed = overhead + makespan(times, 2) * serial_share / max(worker_share, 1e-9)
    used = workers_cpu / dask_s
    return {"case": f"province {cities} cities x {CITY_SCHOOLS} schools x {days} days",
            "people": len(sc.people), "parts": len(times), "serial_s": round(serial_s, 1),
            "serial_cpu_s": round(serial_cpu, 1), "dask_2_workers_s": round(dask_s, 1),
            "dask_cpu_s": round(own_cpu + workers_cpu, 1), "cluster_cores_used": round(used, 2),
            "speedup": round(serial_s / dask_s, 2), "replay_2_s": replay[2],
            "replay_2_at_workers_share_s": round(slowed, 1),
            "replay_error": round(slowed / dask_s - 1, 3), "replay_s": replay,
            "identical": same(serial, on_dask), "sum_parts_s": round(sum(times), 1),
            "parent_s": round(overhead, 1), "largest_part_s": round(max(times), 2)}  # fmt: skip


def export_case(schools: int, days: int) -> dict[str, object]:
    """The files of a solved city built serially and on `local`: the same bytes, and the
    export's time against the solve's."""
    from datetime import UTC, datetime

    from outputs.export import build_outputs
    from solver.executor import parse, using

    sc = city(schools, days)
    result, solve_s = timed_solve(sc, "local")
    now = datetime(2020, 2, 1, tzinfo=UTC)
    built = {}
    seconds = {}
    for spec in ("serial", "local"):
        started = time.perf_counter()
        with using(parse(spec)):
            built[spec] = build_outputs(sc, result, now=now)
        seconds[spec] = time.perf_counter() - started
    return {"case": f"city {schools} x {days}: export serial vs local",
            "solve_s": round(solve_s, 1), "export_serial_s": round(seconds["serial"], 1),
            "export_local_s": round(seconds["local"], 1), "files": len(built["local"][0]),
            "identical": _comparable(built["serial"]) == _comparable(built["local"])}  # fmt: skip


def _comparable(built: tuple[dict[str, bytes], dict[str, object]]) -> tuple[dict, dict]:
    """The files but roster.xlsx, whose zip entries carry the time they were written."""
    files, records = built
    return {k: v for k, v in files.items() if k != "roster.xlsx"}, records


def district_case(spec: str, time_limit: float | None) -> dict[str, object]:
    """`roster solve` of the district example as a user runs it: command wall time against
    the solve's own (summary.json)."""
    import shutil

    work = Path(tempfile.mkdtemp(prefix="roster-district-"))
    folder = Path(shutil.copytree(ROOT / "inputs" / "scenarios" / "lingang-district", work / "sc"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "roster.entry", "solve", str(folder), "--out",
           str(work / "out"), "--executor", spec]  # fmt: skip
    if time_limit is not None:  # a loaded machine needs more than the scenario's 120 s
        cmd += ["--time-limit", str(time_limit)]
    subprocess.run(cmd, env=env, check=False, capture_output=True)
    command_s = time.perf_counter() - started
    summary = json.loads((work / "out" / "summary.json").read_text(encoding="utf-8"))
    solve_s = float(summary["wall_time_s"])
    shutil.rmtree(work)
    return {"case": f"district: roster solve --executor {spec}",
            "command_s": round(command_s, 1), "solve_s": round(solve_s, 1),
            "command_over_solve": round(command_s / solve_s, 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=("spawn", "dask", "province", "export", "district"))
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--cities", type=int, default=3)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--executor", default="local")
    parser.add_argument("--time-limit", type=float, default=None)
    args = parser.parse_args()
    if args.case == "spawn":
        row = spawn_case(args.schools, args.days)
    elif args.case == "dask":
        row = dask_case(args.schools, args.days)
    elif args.case == "province":
        row = province_case(args.cities, args.days)
    elif args.case == "export":
        row = export_case(args.schools, args.days)
    else:
        row = district_case(args.executor, args.time_limit)
    print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
