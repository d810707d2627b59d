"""`alnco import FILE`: restore or merge an alnco JSON export into your record."""

from __future__ import annotations

import argparse
from pathlib import Path

from alnco.context import Context
from alnco.i18n import _, ngettext
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
        ) + " " + _(
            "A merge never deletes anything: entries missing from the file are kept. "
            "Fields a co-ordinator copy left out (--omit) keep your values. The xAPI "
            "identity and the marks of what was sent to which LRS come back too, so "
            "'alnco push' carries on where it left off."
        ) + " " + _(
            "An archive (alnco export --format archive) brings your evidence files back "
            "too; the whole zip is checked, every file against its hash, before anything "
            "is written."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("a file made by 'alnco export --format json'"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("show what would change, change nothing"))
    parser.set_defaults(handler=import_file)


def import_file(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.exports.archive import is_archive
    from alnco.exports.document import load
    from alnco.exports.importer import apply, plan_merge

    if is_archive(Path(args.file)):  # a zip: the JSON and the evidence files
        from alnco.exports.archive import import_archive

        result = import_archive(ctx, Path(args.file), dry_run=args.dry_run)
        _report(ctx, result.plan, dry_run=args.dry_run, archive=result)
        return 0
    document = load(Path(args.file))
    if args.dry_run:
        snapshot = ctx.record.read()
        plan = plan_merge(snapshot.profile, snapshot.entries, document, snapshot.extra)
    else:
        plan = apply(ctx.record, document)
    _report(ctx, plan, dry_run=args.dry_run)
    return 0


def _title(entry) -> str:
    return safe_text(entry.title, single_line=True)


def _value(value) -> str:
    """One field's value for `--dry-run`: one line, control characters visible, short."""
    from datetime import date
    from decimal import Decimal

    from alnco.model import format_hours

    if value is None or value == "" or value == ():
        return _("(empty)")
    if isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, Decimal):
        text = format_hours(value)
    elif isinstance(value, tuple):
        text = ",".join(value)
    else:
        text = '"' + safe_text(str(value), single_line=True) + '"'
        if len(text) > 50:
            text = text[:48] + '…"'
    return text


def _fields(mine, theirs) -> str:
    """The fields two versions differ in, by their JSON names ("hours, reflection")."""
    return ", ".join(changed_fields(mine, theirs))


def _report(ctx: Context, plan, *, dry_run: bool, archive=None) -> None:
    out = ctx.stdout
    for entry in plan.added:
        print(_("add      {id}  {date}  {title}").format(
            id=entry.id[:8], date=entry.date.isoformat(), title=_title(entry)), file=out)
    for mine, theirs in plan.updated:
        print(_("update   {id}  {title}: the file's revision {theirs} is later than yours "
                "({mine}); changes {fields}").format(
            id=mine.id[:8], title=_title(theirs), theirs=theirs.revision, mine=mine.revision,
            fields=_fields(mine, theirs)), file=out)
        if dry_run:
            for name in changed_fields(mine, theirs):
                print("           " + _("{field}: {old} → {new}").format(
                    field=name, old=_value(getattr(mine, name)),
                    new=_value(getattr(theirs, name))), file=out)
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
    if plan.omitted:
        print(_("fields   the file leaves out {fields} (a co-ordinator copy): your values "
                "were kept").format(fields=", ".join(plan.omitted)), file=out)
    if plan.actor_id:
        print(_("xapi     your xAPI identity restored from the file"), file=out)
    elif plan.actor_differs:
        print(_("xapi     the file's xAPI identity differs from this record's; this "
                "record's was kept (its statements go to an LRS under another identity)"),
              file=out)
    if plan.marks:
        endpoints = len({m["endpoint"] for m in plan.marks})
        print(ngettext("xapi     {entries} marked as sent to {n} LRS, as in the file",
                       "xapi     {entries} marked as sent to {n} LRSs, as in the file",
                       endpoints).format(entries=count(len(plan.marks), "entry"), n=endpoints),
              file=out)
    if plan.assessments:
        print(ngettext("assess   {n} self-assessment session added",
                       "assess   {n} self-assessment sessions added",
                       len(plan.assessments)).format(n=len(plan.assessments)), file=out)
    if getattr(plan, "evidence_files", None):
        print(ngettext("evidence {files} listed for an entry of yours",
                       "evidence {files} listed for your entries",
                       len(plan.evidence_files)).format(
            files=count(len(plan.evidence_files), "file")), file=out)
    if archive is not None and archive.files:
        line = (_("evidence {files} in the archive, every hash checked; {placed} to put in "
                  "place") if dry_run else
                _("evidence {files} in the archive, every hash checked; {placed} put in place"))
        print(line.format(files=count(archive.files, "file"), placed=archive.placed), file=out)
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
