"""Tasks on a Dask cluster (`dask://HOST:8786`, `tls://HOST:8786`), an optional extra:
`pip install "roster[cluster]"` on this machine and on every worker.

Before any work the client connects, lists the workers and refuses a cluster whose workers
run another roster, OR-Tools or Python than this machine (the roster would differ). What a
fan-out's items share is sent once to every worker (`scatter`, broadcast: a worker that
dies takes no only copy with it); batches go largest first (`priority`). When a worker
dies mid-task the scheduler runs its tasks again on the others (Dask's `allowed-failures`),
and since every task is deterministic the roster is the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from solver.executor.base import Executor, ExecutorError, batches, report, run_batch
from solver.executor.versions import (
    Versions,
    WorkerFacts,
    local_versions,
    mismatches,
    worker_versions,
)

if TYPE_CHECKING:
    from distributed import Client

    from solver.executor.spec import TlsFiles

R = TypeVar("R")
CONNECT_TIMEOUT_S = 10
INSTALL = 'pip install "roster[cluster]"'


def expected_versions() -> Versions:
    """What every worker must run: this machine's versions."""
    return local_versions()


class DaskExecutor:
    def __init__(self, address: str, spec: str, tls: TlsFiles | None = None) -> None:
        self.address = address
        self.spec = spec
        self.tls = tls
        self._client: Client | None = None
        self._workers: list[WorkerFacts] = []

    def capped(self, processes: int) -> Executor:
        return self

    def connect(self) -> None:
        if self._client is not None:
            return
        client = self._open()
        try:
            self._workers = _facts(client)
            _refuse_unfit(self.spec, self._workers)
        except BaseException:
            client.close()
            raise
        self._client = client

    def workers(self) -> list[WorkerFacts]:
        self.connect()
        return list(self._workers)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def map(
        self,
        fn: Callable[[Any, Any], R],
        common: Any,
        items: list[Any],
        sizes: Sequence[int] | None,
        label: str,
    ) -> list[R]:
        from distributed import as_completed

        self.connect()
        client = self._client
        assert client is not None
        slots = max(sum(w.cores for w in self._workers), 1)
        groups = batches(sizes, len(items), min(slots, len(items)))
        [shared] = client.scatter([common], broadcast=True, hash=False)
        tag = f"roster-{label or 'tasks'}-{uuid.uuid4().hex[:8]}"
        futures = {
            client.submit(run_batch, fn, shared, [items[i] for i in group],
                          key=f"{tag}-{k}", priority=len(groups) - k, pure=False): k
            for k, group in enumerate(groups)
        }  # fmt: skip
        results: list[Any] = [None] * len(items)
        done = 0
        try:
            for future in as_completed(futures, loop=client.loop):
                group = groups[futures[future]]
                for i, r in zip(group, _result(future, self.spec), strict=True):
                    results[i] = r
                done += len(group)
                report(label, done, len(items))
        finally:
            client.cancel(list(futures))
        return results

    def _open(self) -> Client:
        try:
            from distributed import Client
            from distributed.security import Security
        except ImportError:
            raise ExecutorError(
                f"--executor {self.spec}: Dask is not installed here; {INSTALL}"
            ) from None
        security = None
        if self.tls is not None:
            security = Security(
                tls_ca_file=str(self.tls.ca),
                tls_client_cert=str(self.tls.cert),
                tls_client_key=str(self.tls.key),
                require_encryption=True,
            )
        try:
            return Client(
                self.address,
                security=security,
                timeout=CONNECT_TIMEOUT_S,
                set_as_default=False,
            )
        except (OSError, TimeoutError, ValueError) as err:
            raise ExecutorError(
                f"--executor {self.spec}: no Dask scheduler answered at {self.address} "
                f"within {CONNECT_TIMEOUT_S} s ({err}); start one with `dask scheduler` "
                "(README, 'Running on several machines') or use --executor local"
            ) from None


def _facts(client: Client) -> list[WorkerFacts]:
    info = client.scheduler_info(n_workers=-1)["workers"]
    versions = client.run(worker_versions)
    return [
        WorkerFacts(address, int(info[address]["nthreads"]), versions[address])
        for address in sorted(versions)
        if address in info
    ]


def _refuse_unfit(spec: str, workers: list[WorkerFacts]) -> None:
    if not workers:
        raise ExecutorError(
            f"--executor {spec}: the scheduler has no workers; start some with "
            "`dask worker HOST:8786` (README, 'Running on several machines')"
        )
    expected = expected_versions()
    wrong = mismatches(expected, workers)
    if wrong:
        raise ExecutorError(
            f"--executor {spec}: refused, workers run other versions than this machine "
            f"({expected}), so their rosters could differ:\n  "
            + "\n  ".join(wrong)
            + f"\ninstall the same versions on every worker ({INSTALL})"
        )


def _result(future: Any, spec: str) -> list[Any]:
    from distributed import KilledWorker

    try:
        return list(future.result())
    except KilledWorker as err:
        raise ExecutorError(
            f"--executor {spec}: a task was lost with every worker that ran it ({err}); "
            "the workers may be short of memory"
        ) from None
