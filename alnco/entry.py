"""Where the `alnco` program starts: its console script and `python -m alnco`.

A one-shot command is a short process (`alnco status --short` runs at every
login) that spends most of its time importing modules. Python's cyclic garbage
collector runs again and again over the objects those imports make, and once
more over all of them as the process ends, though they live as long as the
process: about 5 ms of a 45 ms command (bench/bench_status.py). So it is off
while alnco starts (imports, the command line read); the objects made so far
are then frozen out of its sight (`gc.freeze`) and it is on again for the
command itself, or for the app, as in any Python program. Tests call
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
