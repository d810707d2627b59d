"""`alnco export`: your record in the format a co-ordinator or a tool needs."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.errors import InputError, UsageError
from alnco.i18n import _
from alnco.numerals import count
from alnco.parsing import parse_date

FORMATS = ("csv", "json", "xlsx", "xapi", "ics", "html", "prd", "archive")


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export", parents=[common], help=_("export your record (csv, json, xlsx, xapi, ics, html)"),
        description=_(
            "csv/xlsx: for spreadsheets; json: the complete record, for 'alnco import' and "
            "co-ordinators' 'alnco report'; xapi: statements for a learning record store; "
            "ics: planned learning for your calendar; html: a printable progress report. "
            "Files are created readable by you only and never replace a file without --force."
        ) + " " + _("archive: a zip of the json export and your evidence files, for "
                    "'alnco import' on another computer (docs/evidence.md).") + " " + _("prd: one printable page for your Practice, Review and Development (PRD) "
                    "meeting: a performance-management year's learning, hours, self-assessment "
                    "and the reflections you choose (docs/self-assessment.md)."),
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help=_("only entries on or after DATE"))
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help=_("only entries on or before DATE"))
    parser.add_argument("-o", "--output", metavar="FILE",
                        help=_("write to FILE ('-' or none: standard output)"))
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    parser.add_argument("--xapi-base", metavar="IRI",
                        help=_("xapi: the base of activity ids (env ALNCO_XAPI_BASE)"))
    parser.add_argument("--omit", metavar="FIELDS",
                        help=_("leave these entry fields out, e.g. reflection,evidence: a "
                               "co-ordinator copy (the JSON says what was left out)"))
    parser.add_argument("--year", metavar="YEAR",
                        help=_("prd: the performance-management year that starts on 1 Sep of "
                               "YEAR (2026 means 2026-27; default: the current one)"))
    parser.add_argument("--reflections", metavar="IDS",
                        help=_("prd: the entries whose reflections to print, e.g. "
                               "3f2a9c1d,7be01c44 (default: none; reflections stay private)"))
    parser.set_defaults(handler=export)


def date_range(ctx: Context, args: argparse.Namespace):
    start = parse_date(args.date_from, ctx.today) if args.date_from else None
    end = parse_date(args.date_to, ctx.today) if getattr(args, "date_to", None) else None
    if start and end and start > end:
        raise InputError(_("--from {start} is after --to {end}").format(
            start=start.isoformat(), end=end.isoformat()))
    return start, end


def export(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.exports.render import render
    from alnco.exports.sources import gather, parse_omit
    from alnco.exports.writing import write_output

    if args.format == "prd":
        from alnco.exports.prd import export_prd

        return export_prd(ctx, args)
    if getattr(args, "year", None) or getattr(args, "reflections", None):
        raise UsageError(_("--year and --reflections are for --format prd only"))
    omit = parse_omit(getattr(args, "omit", None))
    start, end = date_range(ctx, args)
    to_stdout = args.output in (None, "-")
    if args.format == "xlsx" and to_stdout and ctx.stdout.isatty():
        raise UsageError(_("an xlsx file cannot be shown in a terminal; give -o FILE.xlsx"))
    data = gather(ctx, start=start, end=end,
                  need_progress=args.format in ("xlsx", "html"),
                  need_actor=args.format == "xapi", xapi_base=args.xapi_base,
                  need_framework=args.format in ("json", "archive"), omit=omit)
    if args.format == "archive":  # the JSON and the evidence files, in one zip
        from alnco.exports.archive import export_archive

        path = export_archive(ctx, data, args.output, force=args.force)
        if path is not None:
            print(_("Exported {entries} and {files} to {path}").format(
                entries=count(len(data.entries), "entry"),
                files=count(len({d["sha256"] for d in data.evidence_files}), "file"),
                path=path), file=ctx.stderr)
        return 0
    content = render(args.format, data)
    path = write_output(content, args.output, force=args.force, stdout=ctx.stdout)
    planned = sum(1 for e in data.entries if e.status == "planned")
    written = {"xapi": len(data.entries) - planned, "ics": planned}.get(
        args.format, len(data.entries))
    if args.format == "ics" and not planned:  # a valid calendar, but say why it is empty
        if path is not None:
            print(_("No planned learning to put in a calendar: {path} is an empty calendar "
                    "(plan learning with 'alnco log add --status planned')").format(path=path),
                  file=ctx.stderr)
        else:
            print(_("No planned learning to put in a calendar: the calendar written is empty "
                    "(plan learning with 'alnco log add --status planned')"), file=ctx.stderr)
    elif path is not None:
        print(_("Exported {entries} to {path}").format(entries=count(written, "entry"), path=path),
              file=ctx.stderr)
    if args.format == "xlsx":
        from alnco.exports.xlsx_export import cut_cells

        cut = cut_cells(data)
        if cut:
            print("alnco: warning: " + _(
                "cut {cells} to Excel's limit of 32,767 characters (each ends with a note "
                "saying so); the full text is in the JSON export: alnco export --format json"
            ).format(cells=count(cut, "cell")), file=ctx.stderr)
    if args.format == "xapi" and planned:
        print(_("left out {entries} with status planned (xAPI statements are for completed "
                "learning only)").format(entries=count(planned, "entry")), file=ctx.stderr)
    return 0
