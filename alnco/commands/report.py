"""`alnco report PATH...`: a cohort's progress from the exports its ALNCOs sent."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.errors import InputError
from alnco.exports.parallel import MAX_JOBS, default_jobs
from alnco.i18n import _, ngettext
from alnco.numerals import count
from alnco.output import safe_text
from alnco.parsing import parse_date

PROGRESS_BAR_FROM = 20  # files; fewer read in well under a second


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "report", parents=[common], help=_("co-ordinators: a cohort's progress from exports"),
        description=_(
            "Reads alnco JSON exports (files, folders or globs) and shows one row per ALNCO, "
            "most at risk first. Unreadable files and duplicate people (same EWC number) are "
            "reported and skipped."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--on", metavar="DATE", help=_("assess as at DATE (default today)"))
    parser.add_argument("--format", choices=("table", "csv", "json", "html"), default="table")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help=_("write to FILE ('-' or none: standard output)"))
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help=_("read files in N processes (default: the CPUs free to use, "
                               "at most {max}; 1 to use one)").format(max=MAX_JOBS))
    parser.set_defaults(handler=report)


def _jobs(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("expected a whole number of at least 1, not {value!r}")
                                         .format(value=text))
    return int(text)


def load_cohort(ctx: Context, paths: list[str], on: str | None, *, summary: bool = False,
                jobs: int = 1):
    """Read the cohort, with a progress bar on a terminal when there are many files.

    `summary` and `jobs` are `read_cohort`'s: the report keeps no entries, so it
    may read in several processes.
    """
    reading = start_cohort(ctx, paths, on, summary=summary, jobs=jobs)
    files = reading.files
    if len(files) >= PROGRESS_BAR_FROM and ctx.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        # Redrawn from here, not by rich's timer thread: worker processes are
        # forked, and forking while another thread runs is not safe.
        with Progress(console=Console(file=ctx.stderr), transient=True,
                      auto_refresh=False) as bar:
            task = bar.add_task(_("Reading exports"), total=len(files))
            cohort = reading.wait(_throttled(lambda: bar.advance(task), bar.refresh))
    else:
        cohort = reading.wait()
    return checked(ctx, cohort, len(files))


def start_cohort(ctx: Context, paths: list[str], on: str | None, *, summary: bool = False,
                 jobs: int = 1, nice: int = 0):
    """The cohort's files found and, with summaries, the workers already forked
    (`alnco.exports.cohort.start_reading`); no files at all is refused here."""
    from alnco.exports.cohort import expand, start_reading

    as_of = parse_date(on, ctx.today) if on else ctx.today
    files, problems = expand(paths)
    if not files:
        raise InputError(_("no export files found ({reasons}); give files, folders or globs "
                           "of 'alnco export --format json' files").format(
                               reasons="; ".join(problems)))
    reading = start_reading(ctx, paths, as_of, files=files, summary=summary, jobs=jobs,
                            nice=nice)
    reading.cohort.problems[:0] = problems
    return reading


def checked(ctx: Context, cohort, files: int):
    """`cohort`, after its warnings; refused when none of the `files` could be used."""
    for line in cohort.problems:
        print("alnco: warning: " + safe_text(line, single_line=True), file=ctx.stderr)
    if not cohort.people:
        raise InputError(ngettext("the file could not be used (see the warnings above)",
                                  "none of the {files} could be used (see the warnings above)",
                                  files).format(files=count(files, "file")))
    return cohort


def _throttled(step, redraw, every: float = 0.1):
    """`step` each time; `redraw` at most every `every` seconds (slow SSH links)."""
    import time

    last = 0.0

    def advance() -> None:
        nonlocal last
        step()
        now = time.monotonic()
        if now - last >= every:
            last = now
            redraw()

    return advance


def report(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.exports.report_formats import RENDERERS, render_table
    from alnco.exports.writing import write_output
    from alnco.output import terminal_width

    cohort = load_cohort(ctx, args.paths, args.on, summary=True,
                         jobs=args.jobs or default_jobs())
    if args.format == "table":
        to_terminal = args.output in (None, "-") and ctx.stdout.isatty()
        content = render_table(cohort, terminal_width() if to_terminal else None)
        if args.output in (None, "-"):  # text for people: in the terminal's own encoding
            ctx.stdout.write(content.decode("utf-8"))
            return 0
    else:
        content = RENDERERS[args.format](cohort)
    write_output(content, args.output, force=args.force, stdout=ctx.stdout)
    return 0
