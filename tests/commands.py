"""Running `roster` in-process, as the commands' tests do (click's CliRunner)."""

from __future__ import annotations

from click.testing import CliRunner, Result

from roster.cli import main


def invoke(*args: object) -> Result:
    """`roster ARGS...`; exceptions other than exits propagate (a traceback is a bug)."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def run(*args: object, code: int | None = 0) -> Result:
    """`invoke`, asserting the exit code unless `code` is None."""
    result = invoke(*args)
    if code is not None:
        assert result.exit_code == code, result.output
    return result
