"""`--executor` (and its TLS files) for the commands that fan out, and `roster executor-check`."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from roster.cli.common import EXIT_BAD_INPUT, friendly_errors

EXECUTOR_HELP = (
    "Where independent parts run: serial, local (this machine's cores, the default), "
    "local:spawn, local:N (N processes), dask://HOST:8786 or tls://HOST:8786 (a Dask cluster, "
    'pip install "roster[cluster]"). Also from $ROSTER_EXECUTOR.'
)
_FILE = click.Path(dir_okay=False, path_type=Path)


def executor_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --executor, --tls-ca, --tls-cert, --tls-key; the command receives `executor`,
    an Executor parsed from them (a bad spec: exit code 2 before anything runs)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["executor"] = parsed(
            kwargs.pop("executor"), kwargs.pop("tls_ca"), kwargs.pop("tls_cert"),
            kwargs.pop("tls_key"),
        )  # fmt: skip
        return command(*args, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


_OPTIONS = (
    click.option("--executor", envvar="ROSTER_EXECUTOR", default="local", show_default=True,
                 help=EXECUTOR_HELP),
    click.option("--tls-ca", type=_FILE, help="With tls://: the cluster's CA certificate."),
    click.option("--tls-cert", type=_FILE, help="With tls://: this client's certificate."),
    click.option("--tls-key", type=_FILE, help="With tls://: this client's private key."),
)  # fmt: skip


def parsed(spec: str, ca: Path | None, cert: Path | None, key: Path | None) -> Any:
    from solver.executor import ExecutorError, TlsFiles, parse

    try:
        return parse(spec, TlsFiles(ca, cert, key))
    except ExecutorError as err:
        message = str(err).removeprefix("--executor ")
        raise click.BadParameter(message, param_hint="--executor") from None


@click.command("executor-check")
@executor_options
@friendly_errors
def executor_check(executor: Any) -> None:
    """List the workers an --executor would use, their cores and versions.

    A cluster whose workers run another roster, OR-Tools or Python than this machine is
    refused (exit code 2): their rosters could differ from this machine's.
    """
    from roster.app.executing import executor_check as check

    workers = check(executor)
    for w in workers:
        click.echo(f"{w.address}  {w.cores} cores  {w.versions}")
    total = sum(w.cores for w in workers)
    click.echo(f"{len(workers)} workers, {total} cores: ready ({executor.spec})")
    if not workers:
        sys.exit(EXIT_BAD_INPUT)


COMMANDS = (executor_check,)
