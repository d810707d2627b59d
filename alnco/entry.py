"""Where the `alnco` program starts: its console script and `python -m alnco`.

A one-shot command is a short process (`alnco status --short` runs at every
login) that spends most of its time importing modules; so does the app before
its first frame. Python's cyclic garbage collector runs again and again over
the objects those imports make, and once more over all of them as the process
ends, though they live as long as the process: about 5 ms of a 45 ms command
(bench/bench_status.py), more for the app (bench/bench_tui.py). So it is off
while alnco starts; when start-up is over (a command is about to run, or the
app has started and is about to show its first screen) the objects made so far
are frozen out of its sight (`gc.freeze`) and it is on again, as in any Python
program. Frozen objects are never collected, so start-up must only make what
lasts: modules, classes, the command line, the app and its styles. Tests call
`alnco.cli.main` directly and never touch the collector.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    try:
        from alnco.cli import main as run

        return run(started=_started)
    finally:
        gc.enable()  # an error before the command ran: exit as Python always does


def _started() -> None:
    """Start-up is over: what it made stays until the end; collect the rest as usual."""
    gc.freeze()
    gc.enable()
