"""`alnco log add|list|edit|rm`: the learning log."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.errors import InputError, UsageError
from alnco.i18n import _
from alnco.model import STATUSES, Entry, format_hours, normalise_tasks
from alnco.output import dump_json, safe_text, table, terminal_width, write_csv
from alnco.parsing import describe_date, parse_date, parse_hours

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

LIST_COLUMNS = (
    "id", "date", "status", "module_id", "title", "hours", "mode", "tasks",
    "evidence", "reflection", "created_at", "updated_at",
)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "log", parents=[common], help=_("add, list, edit or remove learning"),
        description=_("Your learning log: what you did or plan to do, when, for how long."),
    )
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True,
                                    parser_class=type(parser))

    add = actions.add_parser(
        "add", parents=[common], help=_("log learning you did or plan"),
        description=_("Dates: 2026-11-03, 3/11/2026, 3 Nov, today, yesterday, friday, "
                      "last friday. Hours: 1.5, 90m, 1h30, 1h 30m."),
    )
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--module", metavar="MODULE_ID", help=_("a module id from the catalogue"))
    what.add_argument("--title", metavar="TEXT", help=_("a free title, for learning not in the catalogue"))
    _entry_options(add, adding=True)
    add.set_defaults(handler=add_entry)

    list_ = actions.add_parser("list", parents=[common], help=_("list your entries"))
    list_.add_argument("--from", dest="date_from", metavar="DATE")
    list_.add_argument("--to", dest="date_to", metavar="DATE")
    list_.add_argument("--status", choices=STATUSES)
    list_.add_argument("--format", choices=("table", "csv", "json"), default="table")
    list_.set_defaults(handler=list_entries)

    edit = actions.add_parser(
        "edit", parents=[common], help=_("change an entry"),
        description=_("Change the fields given; the others keep their values."),
    )
    edit.add_argument("entry_id", metavar="ENTRY_ID", help=_("the id, or its first 6+ characters"))
    change = edit.add_mutually_exclusive_group()
    change.add_argument("--module", metavar="MODULE_ID")
    change.add_argument("--title", metavar="TEXT")
    _entry_options(edit, adding=False)
    edit.set_defaults(handler=edit_entry)

    rm = actions.add_parser("rm", parents=[common], help=_("remove an entry"))
    rm.add_argument("entry_id", metavar="ENTRY_ID", help=_("the id, or its first 6+ characters"))
    rm.set_defaults(handler=remove_entry)

    template = actions.add_parser(
        "template", parents=[common], help=_("print the reflection prompts to fill in"),
        description=_("Print the reflection template: answer under each question, then "
                      "give the file to 'alnco log add --reflection-file FILE' (or pipe it "
                      "to --reflection-file -). Questions left blank are not saved."),
    )
    template.set_defaults(handler=print_template)


def _entry_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument("--date", metavar="DATE",
                        help=_("when (default today)") if adding else None)
    parser.add_argument("--hours", metavar="HOURS",
                        help=_("how long: 1.5, 90m, 1h30 (default: the module's hours)"))
    parser.add_argument("--status", choices=STATUSES,
                        help=_("completed (default) or planned") if adding else None)
    parser.add_argument("--mode", metavar="TEXT", help=_("online, face-to-face, self-study..."))
    parser.add_argument("--evidence", metavar="TEXT", help=_("where the evidence is: a link, a file, a note"))
    reflection = parser.add_mutually_exclusive_group()
    reflection.add_argument("--reflection", metavar="TEXT", help=_("what you took from it"))
    reflection.add_argument("--reflection-file", metavar="FILE",
                            help=_("read the reflection from FILE ('-' for standard input)")
                            + "; " + _("'alnco log template' prints the prompts to fill in"))
    parser.add_argument("--task", dest="tasks", metavar="a-h", action="extend", nargs="+",
                        help=_("reg 29/30 tasks it supports, e.g. --task a c"))
    standards = parser.add_mutually_exclusive_group()
    standards.add_argument("--standard", dest="standards", metavar="KEY", action="append",
                           help=_("a professional standard it supports, e.g. --standard "
                                  "pedagogy (repeat for more; not a requirement)"))
    if not adding:
        standards.add_argument("--no-standards", action="store_true",
                               help=_("link it to no professional standard"))


def _reflection(args: argparse.Namespace, ctx: Context | None = None) -> str | None:
    if args.reflection_file is None:
        return args.reflection
    from alnco.reflection import from_filled, known_prompts  # blank prompts left out

    known = known_prompts(ctx)
    if args.reflection_file == "-":  # bytes, decoded here: whatever the locale says
        try:
            return from_filled(sys.stdin.buffer.read().decode("utf-8"), known)
        except UnicodeDecodeError:
            raise InputError(_("standard input is not UTF-8 text; save the reflection as "
                               "UTF-8 and try again")) from None
    try:
        return from_filled(Path(args.reflection_file).read_text(encoding="utf-8"), known)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            _("cannot read {path}: {reason}").format(path=args.reflection_file, reason=error)
        ) from None


def _standard_keys(ctx: Context, keys: list[str] | tuple[str, ...], *,
                   given: bool) -> tuple[str, ...]:
    """Keys checked against the person's set of professional standards. Keys `given`
    on the command line must all be known (the error lists them); a module's keys
    that the set does not have are dropped."""
    from alnco.standards import normalise_keys, standards_for

    profile = ctx.record.read().profile
    standard_set = standards_for(getattr(profile, "setting", None) or "school", ctx)
    if given:
        return normalise_keys(keys, standard_set)
    return tuple(k for k in keys if k in standard_set.keys())


def print_template(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.reflection import template

    ctx.stdout.write(template(ctx))
    return 0


def module_defaults(ctx: Context, module_id: str) -> dict[str, Any]:
    """Title, hours and tasks copied from the catalogue, so the entry outlives it."""
    from alnco.catalogue.lookup import module_snapshot

    return module_snapshot(ctx, module_id)


def _changes(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    """The entry fields given on the command line, parsed and checked."""
    changes: dict[str, Any] = {}
    if args.module is not None:
        changes.update(module_defaults(ctx, args.module.strip()))
    if args.title is not None:
        changes["title"] = args.title.strip()
        changes["module_id"] = None
    if args.date is not None:
        changes["date"] = parse_date(args.date, ctx.today)
    if args.hours is not None:
        changes["hours"] = parse_hours(args.hours)
    for name in ("status", "mode", "evidence"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    reflection = _reflection(args, ctx)
    if reflection is not None:
        changes["reflection"] = reflection
    if args.tasks is not None:
        changes["tasks"] = normalise_tasks(args.tasks)
    if args.standards is not None:
        changes["standards"] = _standard_keys(ctx, args.standards, given=True)
    elif changes.get("standards"):  # the module's, as its tasks are copied
        changes["standards"] = _standard_keys(ctx, changes["standards"], given=False)
    if getattr(args, "no_standards", False):
        changes["standards"] = ()
    return changes


def describe(entry: Entry) -> str:
    return _("{id}  {date}  {hours} h  {status}  {title}").format(
        id=entry.id[:8], date=describe_date(entry.date), hours=format_hours(entry.hours),
        status=_(entry.status), title=safe_text(entry.title, single_line=True),
    )


def add_entry(ctx: Context, args: argparse.Namespace) -> int:
    changes = _changes(ctx, args)
    changes.setdefault("date", ctx.today)
    if "hours" not in changes:
        raise InputError(_("how many hours? give --hours, e.g. --hours 1.5 or --hours 90m"))
    entry = Entry(**changes).validate(ctx.today)
    ctx.record.add_entry(entry)
    verb = _("Logged") if entry.status == "completed" else _("Planned")
    print(f"{verb} {describe(entry)}", file=ctx.stdout)
    return 0


def _date_filter(ctx: Context, text: str | None) -> date | None:
    return parse_date(text, ctx.today) if text else None


def list_entries(ctx: Context, args: argparse.Namespace) -> int:
    start, end = _date_filter(ctx, args.date_from), _date_filter(ctx, args.date_to)
    if start and end and start > end:
        raise InputError(_("--from {start} is after --to {end}").format(
            start=start.isoformat(), end=end.isoformat()))
    entries = [
        e for e in ctx.record.read().entries
        if (not start or e.date >= start) and (not end or e.date <= end)
        and (not args.status or e.status == args.status)
    ]
    entries.sort(key=lambda e: (e.date, e.created_at))
    if args.format == "json":
        dump_json([e.to_json() for e in entries], ctx.stdout)
    elif args.format == "csv":
        rows = []
        for e in entries:
            row = e.to_json()
            row["tasks"] = " ".join(e.tasks)
            row["reflection"] = e.reflection
            rows.append(row)
        write_csv(rows, LIST_COLUMNS, ctx.stdout)
    else:
        _print_table(ctx, entries)
    return 0


def _print_table(ctx: Context, entries: list[Entry]) -> None:
    from alnco.numerals import count  # only for the listing, not for `log add`

    if not entries:
        print(_("No entries. Add one with: alnco log add --title TEXT --hours 1.5"), file=ctx.stdout)
        return
    headers = [_("ID"), _("DATE"), _("STATUS"), _("HOURS"), _("TASKS"), _("TITLE")]
    rows = [
        [e.id[:8], e.date.isoformat(), _(e.status), format_hours(e.hours), "".join(e.tasks), e.title]
        for e in entries
    ]
    ctx.stdout.write(table(headers, rows, align_right=(3,), max_width=terminal_width(), shrink=5))
    done = sum((e.hours for e in entries if e.status == "completed"), Decimal(0))
    planned = sum((e.hours for e in entries if e.status == "planned"), Decimal(0))
    print(_("{entries}: {done} h completed, {planned} h planned").format(
        entries=count(len(entries), "entry"), done=format_hours(done),
        planned=format_hours(planned)), file=ctx.stdout)


def edit_entry(ctx: Context, args: argparse.Namespace) -> int:
    changes = _changes(ctx, args)
    if not changes:
        raise UsageError(_("nothing to change; give at least one option (see 'alnco log edit --help')"))
    with ctx.record.transaction() as tx:
        entry = tx.find(args.entry_id)  # the current entry, under the lock: no stale copy
        edited = tx.replace(entry.edited(**changes).validate(ctx.today),
                            expected_revision=entry.revision)
    print(_("Updated {entry}").format(entry=describe(edited)), file=ctx.stdout)
    return 0


def remove_entry(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.evidence import drop_entry, forget

    with ctx.record.transaction() as tx:
        entry = tx.remove(tx.find(args.entry_id).id)
        files = drop_entry(tx, entry.id)  # its evidence documents go with it
    forget(ctx.record, files)  # and the stored copies no other entry uses
    print(_("Removed {entry}").format(entry=describe(entry)), file=ctx.stdout)
    if files:
        from alnco.numerals import count

        print(_("Removed its evidence: {files}").format(files=count(len(files), "file")),
              file=ctx.stdout)
    return 0
