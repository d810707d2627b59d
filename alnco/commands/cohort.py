"""`alnco cohort PATH...`: the cohort report in the full-screen app."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.i18n import _

WORKERS_NICE = 5


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "cohort", parents=[common], help=_("co-ordinators: browse a cohort's progress"),
        description=_(
            "The same rows as 'alnco report', in a table you can sort (click a header, or s "
            "and r), filter (/) and open (Enter) to see one person's requirements and entries."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--on", metavar="DATE", help=_("assess as at DATE (default today)"))
    parser.set_defaults(handler=cohort)


def cohort(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.commands.report import checked, start_cohort
    from alnco.exports.parallel import default_jobs

    # Summaries only (the app re-reads one person's file when it is opened):
    # with many files the workers are forked now, before Textual starts any
    # thread, and read while the app draws its first frame (at a lower priority,
    # so that the frame comes first).
    reading = start_cohort(ctx, args.paths, args.on, summary=True, jobs=default_jobs(),
                           nice=WORKERS_NICE)
    try:
        if reading.workers is None:  # few files: read now; warnings before the app
            people = checked(ctx, reading.wait(), len(reading.files))
            from alnco.tui.cohort import run  # Textual only now, after the files are read

            run(people)
            return 0
        from alnco.tui.cohort import run

        read, error = run(reading)
    finally:
        reading.close()
    if error is not None:
        raise error
    if read is not None:  # the warnings stay in the terminal after the app
        checked(ctx, read, len(reading.files))
    return 0
