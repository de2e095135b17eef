"""`--executor` specs: serial | local | local:spawn | local:N | dask://HOST:PORT | tls://HOST:PORT."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from solver.executor.base import Executor, ExecutorError, Serial

SPECS = "serial, local, local:spawn, local:N, dask://HOST:PORT or tls://HOST:PORT"
_ADDRESS = re.compile(r"^(dask|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$")


@dataclass(frozen=True)
class TlsFiles:
    """--tls-ca, --tls-cert, --tls-key: the cluster's CA and this client's certificate."""

    ca: Path | None = None
    cert: Path | None = None
    key: Path | None = None

    @property
    def given(self) -> bool:
        return any(p is not None for p in (self.ca, self.cert, self.key))


def parse(spec: str, tls: TlsFiles | None = None) -> Executor:
    """The executor a spec names; ExecutorError (exit code 2) for anything else."""
    text = spec.strip()
    tls = tls or TlsFiles()
    if tls.given and not text.startswith("tls://"):
        raise ExecutorError(f"--tls-ca/--tls-cert/--tls-key need a tls:// executor, not {spec!r}")
    if text == "serial":
        return Serial()
    if text == "local" or text.startswith("local:"):
        return _local(text, spec)
    found = _ADDRESS.match(text)
    if found is None:
        raise ExecutorError(f"--executor {spec!r}: expected {SPECS}")
    scheme, host, port = found.groups()
    if not 0 < int(port) < 65536:
        raise ExecutorError(f"--executor {spec!r}: port {port} is not 1 to 65535")
    from solver.executor.cluster import DaskExecutor

    if scheme == "dask":
        return DaskExecutor(f"tcp://{host}:{port}", spec=text)
    return DaskExecutor(f"tls://{host}:{port}", spec=text, tls=_tls_files(tls, spec))


def _local(text: str, spec: str) -> Executor:
    from solver.executor.local import Local

    processes: int | None = None
    method: str | None = None
    for word in text.split(":")[1:]:
        if word in ("spawn", "fork") and method is None:
            method = word
        elif word.isdigit() and processes is None and 1 <= int(word) <= 1024:
            processes = int(word)
        else:
            raise ExecutorError(
                f"--executor {spec!r}: after 'local:' expected a number of processes "
                "(1 to 1024) or 'spawn'"
            )
    if method == "fork":
        import multiprocessing as mp

        if "fork" not in mp.get_all_start_methods():
            raise ExecutorError(f"--executor {spec!r}: this system cannot fork; use local")
    return Local(processes, method)


def _tls_files(tls: TlsFiles, spec: str) -> TlsFiles:
    missing = [name for name, p in (("--tls-ca", tls.ca), ("--tls-cert", tls.cert),
                                    ("--tls-key", tls.key)) if p is None]  # fmt: skip
    if missing:
        raise ExecutorError(f"--executor {spec!r} needs {', '.join(missing)}")
    for name, p in (("--tls-ca", tls.ca), ("--tls-cert", tls.cert), ("--tls-key", tls.key)):
        if p is not None and not Path(p).is_file():
            raise ExecutorError(f"{name} {p}: no such file")
    return tls
