"""Where independent work runs (solver/executor): serial, local processes (fork or spawn)
and a Dask cluster give the same roster; the domain pickles; bad or absent executors fail
with a clear message before anything is written."""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import signal
import threading
import time
from pathlib import Path

import pytest

from bench.generate_city import generate_city
from inputs.returns.load import load_return
from inputs.synthetic import EXAMPLE_DIR
from roster.app.common import load
from roster.app.executing import chosen
from roster.check import check
from roster.model import Scenario
from roster.result import Result
from solver import solve
from solver.executor import (
    ExecutorError,
    Serial,
    frozen_heap,
    in_task,
    parse,
    run_tasks,
    using,
)
from solver.executor.versions import Versions, local_versions
from tests.builders import violation_keys
from tests.commands import run

SCENARIOS = EXAMPLE_DIR.parent
VIEWS = ("shifts", "person_by_id", "duty_by_id", "cover", "_available_shifts", "_eligible")


def city() -> Scenario:
    """Ten schools that share nobody, two weeks, a small work budget: ten parts."""
    sc = generate_city(10, 14)
    settings = dataclasses.replace(sc.solver, deterministic=True, deterministic_time=2.0)
    return dataclasses.replace(sc, solver=settings)


def solved_on(spec: str, sc: Scenario) -> Result:
    with using(parse(spec)):
        result = solve(sc)
    report = check(sc, result.assignments)  # the independent checker agrees, on any executor
    assert report.objective == result.objective
    assert violation_keys(report.violations) == violation_keys(result.violations)
    return result


def same_roster(a: Result, b: Result) -> bool:
    return (a.assignments, a.objective, a.best_bound) == (b.assignments, b.objective, b.best_bound)


# ---- the domain pickles ----


@pytest.mark.parametrize("name", ["lingang-checkpoint", "lingang-district"])
def test_every_example_scenario_round_trips_through_pickle(name: str) -> None:
    sc = load(SCENARIOS / name)
    for view in VIEWS:  # cached views (mapping proxies) must not stop pickle
        getattr(sc, view)
    back = pickle.loads(pickle.dumps(sc))
    assert back == sc
    assert back.shifts == sc.shifts and back.cover.shift_headcount(
        sc.shifts[0].duty_id, sc.shifts[0].date
    ) == sc.cover.shift_headcount(sc.shifts[0].duty_id, sc.shifts[0].date)
    assert dict(back.person_by_id) == dict(sc.person_by_id)
    assert dict(back.role_names) == dict(sc.role_names)
    assert all(dict(a.params) == dict(b.params) for a, b in zip(back.rules, sc.rules, strict=True))


def test_the_return_example_round_trips_through_pickle() -> None:
    inputs = load_return(SCENARIOS / "county-return")
    problem = inputs.problem
    problem.cohort_by_id  # noqa: B018  (a cached mapping proxy)
    assert pickle.loads(pickle.dumps(problem)) == problem
    if inputs.base is not None:
        assert pickle.loads(pickle.dumps(inputs.base)) == inputs.base


def test_a_result_round_trips_through_pickle() -> None:
    sc = city()
    result = solved_on("serial", sc)
    back = pickle.loads(pickle.dumps(result))
    assert back == result and back.stats == result.stats


# ---- specs ----


@pytest.mark.parametrize(
    ("spec", "shown"),
    [("serial", "serial"), ("local", "local"), ("local:spawn", "local:spawn"),
     ("local:3", "local:3"), ("dask://10.0.0.5:8786", "dask://10.0.0.5:8786")],
)  # fmt: skip
def test_specs_name_their_executor(spec: str, shown: str) -> None:
    assert parse(spec).spec == shown


@pytest.mark.parametrize(
    "spec",
    ["", "locale", "local:0", "local:spawn:spawn", "http://h:8786", "dask://h", "dask://h:99999"],
)
def test_a_bad_spec_says_what_was_expected(spec: str) -> None:
    with pytest.raises(ExecutorError, match=r"expected|port|after 'local:'"):
        parse(spec)


def test_tls_needs_its_three_files(tmp_path: Path) -> None:
    with pytest.raises(ExecutorError, match="--tls-ca, --tls-cert, --tls-key"):
        parse("tls://10.0.0.5:8786")


def test_the_environment_variable_chooses_when_no_option_does(monkeypatch) -> None:
    monkeypatch.setenv("ROSTER_EXECUTOR", "serial")
    assert isinstance(chosen(None), Serial)
    monkeypatch.setenv("ROSTER_EXECUTOR", "local:2")
    assert chosen(None).spec == "local:2"


def test_cli_bad_executor_exits_2_and_writes_nothing(mini_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("solve", mini_folder, "--out", out, "--executor", "cluster", code=2)
    assert "--executor" in result.output and "dask://HOST:PORT" in result.output
    assert not out.exists()


def test_no_cluster_reachable_exits_2_and_writes_nothing(
    mini_folder: Path, tmp_path: Path, monkeypatch
) -> None:
    from solver.executor import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    out = tmp_path / "out"
    result = run("solve", mini_folder, "--out", out, "--executor", "dask://127.0.0.1:9", code=2)
    assert "no Dask scheduler answered at tcp://127.0.0.1:9" in result.output
    assert not out.exists()


# ---- local processes ----


def _doubled(offset: int, item: int) -> tuple[int, bool]:
    return offset + 2 * item, in_task()


def _nested(offset: int, item: int) -> list[tuple[int, bool]]:
    return run_tasks(_doubled, [item, item + 1], common=offset)


def _slow(pid_file: str, item: int) -> int:
    Path(f"{pid_file}.{os.getpid()}").touch()
    time.sleep(1.5)
    return item * item


@pytest.mark.parametrize("spec", ["serial", "local:2", "local:spawn"])
def test_results_come_back_in_item_order(spec: str) -> None:
    sizes = [1, 9, 3, 7, 5]
    with using(parse(spec)):
        found = run_tasks(_doubled, list(range(5)), common=10, sizes=sizes)
    assert found == [(10 + 2 * i, True) for i in range(5)]


def test_a_fan_out_inside_a_task_runs_in_that_task() -> None:
    with using(parse("local:spawn")):
        found = run_tasks(_nested, [0, 10], common=1)
    assert found == [[(1, True), (3, True)], [(21, True), (23, True)]]


def test_a_killed_local_process_is_replaced_and_its_tasks_run_again(tmp_path: Path) -> None:
    marks = tmp_path / "started"
    found: list[int] = []
    with using(parse("local:2:spawn")):
        worker = threading.Thread(
            target=lambda: found.extend(run_tasks(_slow, list(range(4)), common=str(marks)))
        )
        worker.start()
        pids = _wait_for(lambda: [int(p.suffix[1:]) for p in tmp_path.glob("started.*")])
        os.kill(pids[0], signal.SIGKILL)
        worker.join(timeout=120)
    assert found == [0, 1, 4, 9]


def _wait_for(probe, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_serial_local_and_spawn_give_the_same_roster() -> None:
    sc = city()
    serial = solved_on("serial", sc)
    assert serial.stats.get("decomposed")  # ten parts, fanned out
    assert same_roster(solved_on("local:2", sc), serial)
    assert same_roster(solved_on("local:spawn", sc), serial)


# ---- a Dask cluster on this machine ----


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as found:
        yield found


def spec_of(cluster) -> str:
    return cluster.scheduler_address.replace("tcp://", "dask://")


def test_dask_gives_the_same_roster_as_serial(cluster) -> None:
    sc = city()
    assert same_roster(solved_on(spec_of(cluster), sc), solved_on("serial", sc))


def test_a_killed_dask_worker_is_retried_and_the_roster_is_the_same(cluster) -> None:
    sc = city()
    expected = solved_on("serial", sc)
    from distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as watcher:
        pids = watcher.run(os.getpid)
        found: list[Result] = []
        solving = threading.Thread(target=lambda: found.append(solved_on(spec_of(cluster), sc)))
        solving.start()
        busy = _wait_for(lambda: [w for w, keys in watcher.processing().items() if keys])
        os.kill(pids[busy[0]], signal.SIGKILL)
        solving.join(timeout=300)
    assert found and same_roster(found[0], expected)


def test_dask_retries_a_task_whose_worker_died(cluster, tmp_path: Path) -> None:
    marks = tmp_path / "started"
    found: list[int] = []
    with using(parse(spec_of(cluster))):
        worker = threading.Thread(
            target=lambda: found.extend(run_tasks(_slow, list(range(4)), common=str(marks)))
        )
        worker.start()
        pids = _wait_for(lambda: [int(p.suffix[1:]) for p in tmp_path.glob("started.*")])
        os.kill(pids[0], signal.SIGKILL)
        worker.join(timeout=120)
    assert found == [0, 1, 4, 9]


def test_the_cli_solves_on_dask_as_it_does_serially(cluster, mini_folder: Path, tmp_path: Path):
    codes = [
        run("solve", mini_folder, "--out", tmp_path / name, "--executor", spec, "--seed", 3,
            "--store", tmp_path / f"{name}.db", code=None).exit_code
        for name, spec in (("serial", "serial"), ("dask", spec_of(cluster)))
    ]  # fmt: skip
    assert codes[0] == codes[1] and codes[0] in (0, 3)  # the mini example leaves seats empty
    read = [(tmp_path / d / "assignments.csv").read_bytes() for d in ("serial", "dask")]
    assert read[0] == read[1]


def test_executor_check_lists_the_workers(cluster) -> None:
    result = run("executor-check", "--executor", spec_of(cluster))
    assert result.output.count(" cores  roster ") == 2
    assert "2 workers, 2 cores: ready" in result.output


def test_workers_of_other_versions_are_refused(cluster, monkeypatch, mini_folder, tmp_path):
    from solver.executor import cluster as dask_executor

    other = dataclasses.replace(local_versions(), python="3.99")
    monkeypatch.setattr(dask_executor, "expected_versions", lambda: other)
    result = run("executor-check", "--executor", spec_of(cluster), code=2)
    assert "refused" in result.output and "Python 3.11" in result.output
    out = tmp_path / "out"
    result = run("solve", mini_folder, "--out", out, "--executor", spec_of(cluster), code=2)
    assert "refused" in result.output and not out.exists()
    assert isinstance(other, Versions)


def test_the_heap_stays_frozen_until_the_outermost_block_ends():
    # Frozen objects that die meanwhile leave the count, so it is compared with 0 only.
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        with frozen_heap():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the inner block leaves it frozen
    assert gc.get_freeze_count() == 0
