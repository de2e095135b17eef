"""The `roster` console script.

It notes when the command started before importing the solver and the exporters, so that
`--time-limit` counts the whole command, imports included (solver/budget.py).
"""

from __future__ import annotations

import time

STARTED = time.time()


def run() -> None:
    from roster.cli import main

    main(obj={"started": STARTED})


if __name__ == "__main__":  # python -m roster.entry, as the console script
    run()
