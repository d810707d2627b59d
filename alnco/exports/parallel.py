"""Assess a cohort's files in worker processes, for `alnco report` and `alnco cohort`.

Reading and checking 300 exports and assessing each person is CPU work in
pure Python, so one process is the limit (measured: about 2.2x `json.load`
of the same files; with two workers about 1.4x). Workers are forked, so they
share the parent's loaded catalogue and frameworks for free, and send back
*summaries* (`Person.summary`): no entries and no evidence ids, a few kB each.
Sending whole people back measured slower than not forking at all.

The cohort app keeps only the summaries too (1,500 people: 59 MB instead of
430), and re-reads one person's file when it is opened; it starts the
workers (`Workers`) before Textual, and draws while they read. Anything that
stops fork from being safe or possible (no fork on this platform, one CPU,
few files) means the caller reads serially.
"""

from __future__ import annotations

import gc
import os
import signal
from pathlib import Path
from typing import Any, Callable

from alnco.errors import AlncoError
from alnco.i18n import _

MAX_JOBS = 4  # a shared school server: a report may borrow a few CPUs, not all
PARALLEL_FROM = 50  # files; below this, starting workers costs more than it saves

_assess_one: Callable[[Path], tuple] | None = None  # set in the parent just before forking


def default_jobs() -> int:
    """The CPUs this process may use, at most MAX_JOBS."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        usable = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, usable))


def fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def worth_forking(files: int, jobs: int) -> bool:
    return jobs > 1 and files >= PARALLEL_FROM and fork_available()


def map_in_workers(assess: Callable[[Path], tuple], files: list[Path], jobs: int,
                   advance: Callable[[], None] | None = None) -> list[tuple]:
    """`[assess(f) for f in files]`, in order, across `jobs` forked processes.

    `assess` must return something small to pickle. A worker that dies (killed,
    out of memory) is an AlncoError saying so, never a hang; Ctrl+C is left to
    the parent, which stops the rest.
    """
    workers = Workers(assess, files, jobs)
    try:
        results: list[tuple] = []
        for future in workers.futures:
            for result in workers.chunk(future):
                results.append(result)
                if advance is not None:
                    advance()
        return results
    finally:
        workers.close()


class Workers:
    """`assess` over `files` in `jobs` forked processes, started at once.

    The caller may do other work meanwhile (the cohort app starts Textual while
    the files are read) and collect `futures` in order, one per chunk of files,
    each through `chunk`. Forking happens here, in the constructor, so call it
    before starting any thread of your own (a thread's locks would be copied
    held into the workers). `nice` lowers the workers' CPU priority: the cohort
    app's own process draws its first frame while they read.
    """

    def __init__(self, assess: Callable[[Path], tuple], files: list[Path], jobs: int,
                 *, nice: int = 0):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # here: every CLI call imports this module

        global _assess_one
        _assess_one = assess
        self.executor = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(nice,))
        chunk = max(1, len(files) // (jobs * 8))  # small enough to keep every worker busy
        chunks = [files[start:start + chunk] for start in range(0, len(files), chunk)]
        self.sizes = [len(part) for part in chunks]
        try:
            # Workers are forked on the first submit. Ctrl+C is held back until they
            # have all started to ignore it (a worker caught between fork and its
            # initializer would print a traceback of its own); the parent gets it after.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                self.futures = [self.executor.submit(_run_chunk, part) for part in chunks]
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except BaseException:
            self.close()
            raise
        finally:
            _assess_one = None  # the workers have their copy

    @staticmethod
    def chunk(future: Any) -> list[tuple]:
        """The results of one finished (or awaited) future, or the AlncoError of a dead worker."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            raise AlncoError(_("a process reading the exports stopped unexpectedly (out of "
                               "memory, or killed?); try again, or with --jobs 1")) from None

    def close(self) -> None:
        """Stop: chunks not started are dropped; running ones finish (a few files each)."""
        self.executor.shutdown(wait=True, cancel_futures=True)


def _start_worker(nice: int = 0) -> None:
    # The parent handles Ctrl+C and hang-up (and cleans up); a worker just stops
    # when told to, without a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # A worker lives for one report and builds nothing cyclic: the collector
    # would only re-walk every entry it has read (see cohort.read_cohort).
    gc.disable()
    if nice:
        try:
            os.nice(nice)
        except OSError:  # not allowed here: read at the usual priority
            pass


def _run_chunk(paths: list[Path]) -> list[Any]:
    assert _assess_one is not None, "Workers sets the function before forking"
    return [_assess_one(path) for path in paths]
