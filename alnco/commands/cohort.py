"""`alnco cohort PATH...`: the cohort report in the full-screen app."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.i18n import _


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
    from alnco.commands.report import load_cohort

    people = load_cohort(ctx, args.paths, args.on)
    from alnco.tui.cohort import run  # Textual only now, after the files are read

    return run(people)
