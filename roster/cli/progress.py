"""`--progress` and `--quiet`: what a long command shows while it works.

Every command that may run for seconds takes the same two options (`with_progress`):

- `--progress auto` (default): one line on stderr, redrawn in place, when stderr is a
  terminal: the phase, parts or teams done of their total, the best objective and bound so
  far, the time spent and the limit. Nothing when stderr is a file or a pipe.
- `--progress jsonl`: one JSON object per event on stderr, for scripts; `jsonl:FILE`
  writes them to FILE instead, leaving stderr to warnings and errors.
- `--progress off`, or `--quiet`: nothing.

The line is drawn at most `INTERVAL_S` apart and only once the command has run `DELAY_S`,
so a quick command prints nothing; it ends with a newline when the work is done
(docs/decisions.md). The events themselves come from roster/progress.py.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from roster import progress
from roster.cli.common import command_started
from roster.progress import Event

INTERVAL_S = 0.2  # the line is redrawn at most 5 times a second
DELAY_S = 1.0  # nothing is drawn before the command has run this long
DEFAULT_WIDTH = 80
MODES = ("auto", "off", "jsonl")
_LINE: list[TerminalLine] = []  # the line on screen, while a command draws one


@dataclass(frozen=True)
class Mode:
    kind: str  # auto, off or jsonl
    path: Path | None = None  # jsonl:FILE


class ProgressMode(click.ParamType):
    """auto, off, jsonl or jsonl:FILE."""

    name = "auto|off|jsonl[:FILE]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Mode:
        if isinstance(value, Mode):
            return value
        text = str(value)
        if text in MODES:
            return Mode(text)
        if text.startswith("jsonl:") and len(text) > len("jsonl:"):
            return Mode("jsonl", Path(text[len("jsonl:") :]))
        self.fail(f"{text!r}: expected auto, off, jsonl or jsonl:FILE", param, ctx)


def with_progress(command: Callable[..., Any]) -> Callable[..., Any]:
    """The `--progress` and `--quiet` options, and the sink they choose installed around the
    command. Put it below `friendly_errors`, so the line is ended before an error is shown."""

    @functools.wraps(command)
    def wrapper(*args: Any, progress_mode: Mode, quiet: bool, **kwargs: Any) -> Any:
        if quiet and progress_mode.kind == "jsonl":
            raise click.UsageError("--quiet and --progress jsonl contradict each other")
        mode = Mode("off") if quiet else progress_mode
        started = progress.since_epoch(command_started())
        with sink_for(mode) as sink:
            if sink is None:
                return command(*args, **kwargs)
            with progress.reporting(sink, started):
                return command(*args, **kwargs)

    options = [
        click.option(
            "--progress",
            "progress_mode",
            type=ProgressMode(),
            default="auto",
            show_default=True,
            help="Progress on stderr while it works: a line redrawn in place when stderr is a "
            "terminal (auto), none (off), or JSON lines for scripts (jsonl; jsonl:FILE writes "
            "them to FILE).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress line (--progress off)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@contextmanager
def sink_for(mode: Mode) -> Iterator[progress.Sink | None]:
    """The sink `mode` asks for (None: nothing to show), open while the command runs."""
    if mode.kind == "off":
        yield None
    elif mode.kind == "jsonl" and mode.path is not None:
        try:
            handle = open(mode.path, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        except OSError as err:
            raise click.BadParameter(
                f"cannot write {mode.path} ({err.strerror})", param_hint="--progress"
            ) from err
        with handle:
            yield JsonLines(handle)
    elif mode.kind == "jsonl":
        yield JsonLines(sys.stderr)
    elif not _is_terminal(sys.stderr):
        yield None
    else:
        line = TerminalLine(sys.stderr)
        line.start()
        _LINE.append(line)
        try:
            yield line
        finally:
            _LINE.remove(line)
            line.close()


def echo_above(text: str) -> None:
    """A message on stderr (a warning) while the progress line may be on screen: the line
    is wiped first and drawn again below it, instead of the message running into it."""
    for line in _LINE:
        line.wipe()
    click.echo(text, err=True)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


class JsonLines:
    """Each event as one line of JSON (UTF-8, names as they are), flushed at once."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":"), default=str)
        with self.lock:
            self.stream.write(line + "\n")
            self.stream.flush()


class TerminalLine:
    """One line on a terminal, redrawn in place with a carriage return (padded with spaces
    over a longer line before it: no escape codes). Between events a ticker redraws the last
    one with the time advanced, so a long search does not look stuck. A `done` event draws
    the last line and ends it with a newline; nothing is drawn for a command that ends
    within `delay` seconds."""

    def __init__(
        self,
        stream: IO[str],
        *,
        width: int | None = None,
        interval: float = INTERVAL_S,
        delay: float = DELAY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.width = width
        self.interval = interval
        self.delay = delay
        self.clock = clock
        self.lock = threading.Lock()
        self.last: Event | None = None
        self.received = 0.0  # the clock when `last` came
        self.drawn_at: float | None = None
        self.shown = 0  # columns of the line on screen
        self.closed = threading.Event()
        self.ticker: threading.Thread | None = None

    def __call__(self, event: Event) -> None:
        with self.lock:
            if self.closed.is_set():
                return
            self.last, self.received = event, self.clock()
            if event["phase"] == "done":
                self._end(event)
            elif self._due(event):
                self._draw(event)

    def start(self) -> None:
        """Redraw the last event every `interval` seconds, elapsed time advancing."""
        self.ticker = threading.Thread(target=self._tick, daemon=True)
        self.ticker.start()

    def close(self) -> None:
        """End the line (the command ended without `done`: an error, an interrupt)."""
        with self.lock:
            if not self.closed.is_set():
                self._finish()
        if self.ticker is not None:
            self.ticker.join()

    def wipe(self) -> None:
        """Blank the line and go back to its start, for a message to take its place."""
        with self.lock:
            if self.shown:
                self.stream.write("\r" + " " * self.shown + "\r")
                self.stream.flush()
                self.shown = 0

    def _tick(self) -> None:
        while not self.closed.wait(self.interval):
            with self.lock:
                if self.last is None or self.closed.is_set():
                    continue
                late = self.clock() - self.received
                event = self.last | {"elapsed": self.last["elapsed"] + late}
                if self._due(event):
                    self._draw(event)

    def _due(self, event: Event) -> bool:
        if event["elapsed"] < self.delay:
            return False
        return self.drawn_at is None or self.clock() - self.drawn_at >= self.interval

    def _draw(self, event: Event) -> None:
        text = render(event, self._columns() - 1)
        width = text_width(text)
        self.stream.write("\r" + text + " " * max(0, self.shown - width))
        self.stream.flush()
        self.shown, self.drawn_at = width, self.clock()

    def _end(self, event: Event) -> None:
        if self.drawn_at is not None:
            self._draw(event)
        self._finish()

    def _finish(self) -> None:
        if self.drawn_at is not None:
            self.stream.write("\n")
            self.stream.flush()
        self.closed.set()

    def _columns(self) -> int:
        if self.width is not None:
            return self.width
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or DEFAULT_WIDTH
        except (AttributeError, OSError, ValueError):
            return DEFAULT_WIDTH


def render(event: Event, width: int = DEFAULT_WIDTH) -> str:
    """The terminal line of one event, at most `width` columns:
    `roster: parts 3/25  objective 1200  bound 1180  12.4 s / 120 s`."""
    words = [f"roster: {event['phase']}"]
    if event.get("label"):
        words[0] += f" {event['label']}"
    if "done" in event and "total" in event:
        words[0] += f" {event['done']}/{event['total']}"
    elif "total" in event:
        words[0] += f" ({event['total']})"
    if "status" in event:
        words.append(str(event["status"]))
    for name in ("objective", "bound"):
        if name in event:
            words.append(f"{name} {event[name]}")
    clock = f"{event['elapsed']:.1f} s"
    if "limit" in event:
        clock += f" / {event['limit']:g} s"
    words.append(clock)
    return _clip("  ".join(words), width)


def text_width(text: str) -> int:
    """Terminal columns: CJK characters (a school's name) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    """At most `width` columns: a line longer than the terminal would wrap, and a carriage
    return goes back to the start of the last row only."""
    out, used = [], 0
    for ch in text:
        used += text_width(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out)
