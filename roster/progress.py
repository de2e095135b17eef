"""Progress events of a long command, for whoever listens.

The solver and the executor call `emit(phase, **fields)` as work advances; nothing is
printed unless a caller installed a sink with `reporting(sink)` (the CLI does, for a
terminal or `--progress jsonl`). A sink is a plain callable taking one event dict, so a
test can collect the events and a script can read them without parsing a terminal line.
Events are emitted in the parent process only: a task running in a worker process has no
sink and its emits are dropped, the parent reports its completion instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

Event = dict[str, Any]
Sink = Callable[[Event], None]

_SINK: ContextVar[Sink | None] = ContextVar("roster_progress_sink", default=None)
_STARTED: ContextVar[float] = ContextVar("roster_progress_started", default=0.0)


@contextmanager
def reporting(sink: Sink, started: float | None = None) -> Iterator[None]:
    """Send every event emitted inside the block to `sink`; `elapsed` counts from `started`."""
    token = _SINK.set(sink)
    clock = _STARTED.set(time.monotonic() if started is None else started)
    try:
        yield
    finally:
        _SINK.reset(token)
        _STARTED.reset(clock)


def active() -> bool:
    """Whether anyone listens: skip work that only serves progress when nobody does."""
    return _SINK.get() is not None


def emit(phase: str, **fields: Any) -> None:
    """One event: the phase (`load`, `solve`, `teams`, `export`, ...) and what is known now.

    Usual fields: `done` and `total` (parts, teams, files), `objective` and `bound` (the best
    roster so far), `limit` (the user's time limit in seconds).
    """
    sink = _SINK.get()
    if sink is None:
        return
    event: Event = {"phase": phase, "elapsed": round(time.monotonic() - _STARTED.get(), 3)}
    event.update({k: v for k, v in fields.items() if v is not None})
    sink(event)
