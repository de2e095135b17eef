"""Progress events of a long command, for whoever listens.

The solver and the executor call `emit(phase, **fields)` as work advances; nothing is
printed unless a caller installed a sink with `reporting(sink)` (the CLI does, for a
terminal or `--progress jsonl`: roster/cli/progress.py). A sink is a plain callable taking
one event dict, so a test can collect the events and a script can read them without
parsing a terminal line.

Events are emitted in the parent process only: a task running in a worker process has no
sink and its emits are dropped, the parent reports its completion instead. A forked worker
inherits the parent's context, so the sink is tied to the process that installed it.
Threads the solver starts (CP-SAT's callbacks) do not inherit the context either: they
report through `capture()`, taken in the thread that installed the sink.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

PERIOD_S = 0.25  # `Steps`: at most one event this often, besides the first and the last
Event = dict[str, Any]
Sink = Callable[[Event], None]
Emit = Callable[..., None]


@dataclass
class _Listener:
    sink: Sink
    started: float  # time.monotonic() when the command began
    pid: int  # the process that installed the sink
    limit: float | None = None  # the user's time limit, once known

    def here(self) -> bool:
        return os.getpid() == self.pid

    def send(self, phase: str, fields: dict[str, Any]) -> None:
        event: Event = {"phase": phase, "elapsed": round(time.monotonic() - self.started, 3)}
        event.update({k: v for k, v in fields.items() if v is not None})
        if self.limit is not None and "limit" not in event:
            event["limit"] = self.limit
        self.sink(event)


_LISTENER: ContextVar[_Listener | None] = ContextVar("roster_progress_listener", default=None)


@contextmanager
def reporting(sink: Sink, started: float | None = None) -> Iterator[None]:
    """Send every event emitted inside the block to `sink`; `elapsed` counts from `started`
    (a `time.monotonic()` reading; default: now)."""
    began = time.monotonic() if started is None else started
    token = _LISTENER.set(_Listener(sink, began, os.getpid()))
    try:
        yield
    finally:
        _LISTENER.reset(token)


def _listener() -> _Listener | None:
    found = _LISTENER.get()
    return found if found is not None and found.here() else None


def active() -> bool:
    """Whether anyone listens: skip work that only serves progress when nobody does."""
    return _listener() is not None


def emit(phase: str, **fields: Any) -> None:
    """One event: the phase (`load`, `search`, `teams`, `export`, ...) and what is known now.

    Usual fields: `done` and `total` (parts, teams, files), `objective` and `bound` (the best
    roster so far), `limit` (the user's time limit in seconds, added to every event once
    `set_limit` told it). Fields that are None are left out.
    """
    found = _listener()
    if found is not None:
        found.send(phase, fields)


def capture() -> Emit | None:
    """`emit` bound to the sink listening now, for a thread the solver starts (which does
    not see this context); None when nobody listens."""
    found = _listener()
    if found is None:
        return None

    def send(phase: str, **fields: Any) -> None:
        if found.here():
            found.send(phase, fields)

    return send


class Steps:
    """`done` of `total` items (files written, say): an event at the start, then at most one
    per `PERIOD_S` as items are done, and one when the last is."""

    def __init__(self, phase: str, total: int, **fields: Any) -> None:
        self.phase, self.total, self.fields = phase, total, fields
        self.done = 0
        self.last = time.monotonic()
        emit(phase, done=0, total=total, **fields)

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.done >= self.total or now - self.last >= PERIOD_S:
            self.last = now
            emit(self.phase, done=self.done, total=self.total, **self.fields)


def set_limit(seconds: float | None) -> None:
    """The command's time limit, once the settings are read: every later event carries it."""
    found = _listener()
    if found is not None and seconds is not None:
        found.limit = seconds


def since_epoch(started: float) -> float:
    """A `time.time()` reading (when the console script started) as a `time.monotonic()` one,
    for `reporting(started=...)`."""
    return time.monotonic() - max(0.0, time.time() - started)
