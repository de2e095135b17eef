"""The `roster` console script.

It notes when the command started before importing the solver and the exporters, so that
`--time-limit` counts the whole command, imports included (solver/budget.py).
"""

from __future__ import annotations

import atexit
import os
import sys
import time

STARTED = time.time()


def run() -> None:
    from roster.cli import main
    from solver.executor.base import one_job

    one_job()
    try:
        main(obj={"started": STARTED})
    except SystemExit as ended:
        code = ended.code
    else:
        code = 0
    _leave(code)


def _leave(code: object) -> None:
    """Exit without freeing the heap object by object: after a large solve that alone took
    a second or more (the files are written, the store closed and the progress file closed
    by then). What registered to run at exit (pools, a Dask client, temporary folders) still
    runs, and the streams are flushed here."""
    status = code if isinstance(code, int) else 0 if code is None else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if status == 1 and stream is sys.stderr and not isinstance(code, int | None):
                print(code, file=stream)
            stream.flush()
        except OSError:  # a reader that went away (`roster history | head`)
            pass
    os._exit(status)


if __name__ == "__main__":  # python -m roster.entry, as the console script
    run()
