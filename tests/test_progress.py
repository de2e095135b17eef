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
