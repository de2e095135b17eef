"""Real servers and clients for the tests, on loopback only: a Radicale CalDAV server, a static
web server (`python -m http.server`) and khal. Each server runs as a child process that
stops when its `with` block ends; conftest.py wraps them as fixtures."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socket import create_connection, socket

HOST = "127.0.0.1"
START_SECONDS = 10.0
_RUNNING: dict[int, subprocess.Popen] = {}  # port -> server, for `stop`


def free_port() -> int:
    with socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = START_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"{process.args[:3]} exited: {stderr}")
        try:
            with create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {HOST}:{port}")


@contextmanager
def serving(args: list[str], port: int, cwd: Path | None = None) -> Iterator[int]:
    """Run `args` until the block ends; yields `port` once something listens there."""
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _RUNNING[port] = process
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(port)
        if process.stderr is not None:
            process.stderr.close()


def stop(port: int) -> None:
    """Stop the server on `port` now (a test's way to make the network fail mid-way)."""
    process = _RUNNING.pop(port, None)
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def radicale_server(folder: Path, users: dict[str, str] | None = None) -> Iterator[int]:
    """Radicale storing its collections under `folder`; with `users` (name -> password),
    HTTP basic auth against them, else anyone is let in."""
    port = free_port()
    auth = ["--auth-type=none"]
    if users is not None:
        htpasswd = folder / "users"
        htpasswd.write_text("".join(f"{u}:{p}\n" for u, p in users.items()), encoding="utf-8")
        auth = [
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={htpasswd}",
            "--auth-htpasswd-encryption=plain",
            "--auth-delay=0",
        ]
    args = [
        sys.executable,
        "-m",
        "radicale",
        "--config",  # no config files: only the options below
        f"--storage-filesystem-folder={folder / 'collections'}",
        *auth,
        f"--server-hosts={HOST}:{port}",
        "--logging-level=warning",
    ]
    with serving(args, port) as ready:
        yield ready


@contextmanager
def static_server(folder: Path) -> Iterator[int]:
    """`python -m http.server` serving `folder`, as the README tells a coordinator to."""
    port = free_port()
    args = [sys.executable, "-m", "http.server", str(port), "--bind", HOST,
            "--directory", str(folder)]  # fmt: skip
    with serving(args, port) as ready:
        yield ready


KHAL_LIST_FORMAT = "{uid}|{start-date}|{start-time}|{end-date}|{end-time}|{status}|{title}"


def khal_runner(folder: Path) -> tuple[Callable[..., str], Path]:
    """`run(*args)` runs khal with a config of its own in `folder` (calendar `duties`, its
    vdir `folder/vdir`, times in Asia/Shanghai); returns (run, the vdir)."""
    vdir = folder / "vdir"
    vdir.mkdir(parents=True)
    config = folder / "khal.conf"
    config.write_text(
        "[calendars]\n"
        "[[duties]]\n"
        f"path = {vdir}\n"
        "type = calendar\n"
        "[locale]\n"
        "local_timezone = Asia/Shanghai\n"
        "default_timezone = Asia/Shanghai\n"
        "timeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "[sqlite]\n"
        f"path = {folder / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",  # the config's timezone must win over the machine's
        "PATH": "",
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "khal", "-c", str(config), *args],
            capture_output=True,
            env=env,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode("utf-8")

    return run, vdir


def khal_events(run: Callable[..., str], first: str, last: str) -> dict[str, list[str]]:
    """The events khal lists from `first` to `last`, by UID (fields of KHAL_LIST_FORMAT);
    an overnight event is listed under both its days. Fails on a duplicate UID."""
    out = run("list", "--day-format", "", "--format", KHAL_LIST_FORMAT, first, last)
    seen: dict[str, set[str]] = {}
    for line in out.splitlines():
        if "|" in line:
            seen.setdefault(line.split("|")[0], set()).add(line.rstrip())
    assert all(len(lines) == 1 for lines in seen.values()), seen  # no duplicates
    # khal pads {status} with a space
    return {uid: [f.strip() for f in next(iter(lines)).split("|")] for uid, lines in seen.items()}
