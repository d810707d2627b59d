"""`alnco import FILE`: restore or merge an alnco JSON export into your record."""

from __future__ import annotations

import argparse
from pathlib import Path

from alnco.context import Context
from alnco.i18n import _
from alnco.model import changed_fields
from alnco.numerals import count
from alnco.output import safe_text


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "import", parents=[common], help=_("restore or merge an alnco JSON export"),
        description=_(
            "Entries are matched by id: new ones are added, identical ones left alone, and "
            "a later revision in the file replaces yours. An entry changed here since the "
            "export is kept, never overwritten, and listed. Importing the same file twice "
            "changes nothing."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("a file made by 'alnco export --format json'"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("show what would change, change nothing"))
    parser.set_defaults(handler=import_file)


def import_file(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.exports.document import load
    from alnco.exports.importer import apply, plan_merge

    document = load(Path(args.file))
    if args.dry_run:
        snapshot = ctx.record.read()
        plan = plan_merge(snapshot.profile, snapshot.entries, document)
    else:
        plan = apply(ctx.record, document)
    _report(ctx, plan, dry_run=args.dry_run)
    return 0


def _title(entry) -> str:
    return safe_text(entry.title, single_line=True)


def _fields(mine, theirs) -> str:
    """The fields two versions differ in, by their JSON names ("hours, reflection")."""
    return ", ".join(changed_fields(mine, theirs))


def _report(ctx: Context, plan, *, dry_run: bool) -> None:
    out = ctx.stdout
    for entry in plan.added:
        print(_("add      {id}  {date}  {title}").format(
            id=entry.id[:8], date=entry.date.isoformat(), title=_title(entry)), file=out)
    for mine, theirs in plan.updated:
        print(_("update   {id}  {title}: the file's revision {theirs} is later than yours "
                "({mine}); changes {fields}").format(
            id=mine.id[:8], title=_title(theirs), theirs=theirs.revision, mine=mine.revision,
            fields=_fields(mine, theirs)), file=out)
    for mine, theirs in plan.kept:
        print(_("keep     {id}  {title}: changed here since the export (revision {mine} "
                "here, {theirs} in the file); the file differs in {fields}").format(
            id=mine.id[:8], title=_title(mine), theirs=theirs.revision, mine=mine.revision,
            fields=_fields(mine, theirs)), file=out)
    if plan.profile is not None:
        print(_("profile  taken from the file (the record had none)"), file=out)
    elif plan.profile_differs:
        print(_("profile  differs from the file's; yours was kept "
                "(change it with 'alnco profile set')"), file=out)
    if plan.kept:
        ids = ", ".join(mine.id[:8] for mine, _theirs in plan.kept)
        kept = (_("{entries} changed here since the export and would be kept: {ids}")
                if dry_run else
                _("Kept {entries} that changed here since the export: {ids}"))
        print(kept.format(entries=count(len(plan.kept), "entry"), ids=ids), file=out)
    summary = _("{added} added, {updated} updated, {kept} kept as yours, {same} unchanged").format(
        added=len(plan.added), updated=len(plan.updated), kept=len(plan.kept),
        same=plan.unchanged)
    if dry_run:
        summary = _("Dry run, nothing changed: {summary}").format(summary=summary)
    print(summary, file=out)
