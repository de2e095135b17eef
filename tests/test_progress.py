"""roster.progress: events reach the installed sink and nowhere else."""

from roster import progress


def test_events_reach_the_sink_inside_the_block_only():
    events: list[dict] = []
    progress.emit("solve", done=1)  # nobody listens: dropped
    with progress.reporting(events.append, started=0.0):
        assert progress.active()
        progress.emit("teams", done=2, total=5, objective=None)
    progress.emit("teams", done=3, total=5)
    assert not progress.active()
    assert len(events) == 1
    assert events[0]["phase"] == "teams"
    assert (events[0]["done"], events[0]["total"]) == (2, 5)
    assert "objective" not in events[0]  # unknown fields are left out, not null
    assert events[0]["elapsed"] > 0


def test_a_forked_worker_hears_no_sink_its_parent_installed():
    """A forked process inherits the context: its events must not reach the parent's sink
    (a terminal line written from two processes at once)."""
    import multiprocessing as mp

    with progress.reporting(lambda event: None):
        child = mp.get_context("fork").Process(target=_exit_with_active)
        child.start()
        child.join()
        assert progress.active()
    assert child.exitcode == 0


def _exit_with_active() -> None:
    import os

    os._exit(1 if progress.active() else 0)


def test_a_thread_reports_through_the_sink_captured_where_it_was_installed():
    """CP-SAT calls back on its own threads, which see an empty context: `capture` binds the
    sink, a plain `emit` there is dropped."""
    import threading

    events: list[dict] = []
    with progress.reporting(events.append, started=0.0):
        send = progress.capture()
        assert send is not None

        def work() -> None:
            progress.emit("lost")
            send("search", objective=7)

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    assert [(e["phase"], e.get("objective")) for e in events] == [("search", 7)]
    assert progress.capture() is None


def test_the_limit_once_known_is_in_every_later_event():
    events: list[dict] = []
    with progress.reporting(events.append):
        progress.emit("load")
        progress.set_limit(120.0)
        progress.emit("search", bound=3)
    assert "limit" not in events[0]
    assert events[1]["limit"] == 120.0 and events[1]["bound"] == 3


def test_steps_report_the_start_and_the_last_item_whatever_the_pace():
    events: list[dict] = []
    with progress.reporting(events.append):
        steps = progress.Steps("write", 3)
        for _ in range(3):
            steps.advance()
    done = [(e["done"], e["total"]) for e in events]
    assert done[0] == (0, 3) and done[-1] == (3, 3)
    assert done == sorted(done)  # never backwards
