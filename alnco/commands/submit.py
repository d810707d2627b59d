"""`alnco submit`: hand a co-ordinator copy of your record in to the server's inbox.

The copy leaves out reflections and evidence unless asked (UK GDPR art. 5(1)(c),
data minimisation): a co-ordinator's report needs dates, hours, tasks and
declarations, not what you wrote about your practice. Where the inbox is and
why it is private: `alnco.inbox` and docs/admin.md.
"""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.errors import InputError
from alnco.i18n import _
from alnco.numerals import count

LEFT_OUT = ("evidence", "reflection", "assessments")


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "submit", parents=[common], help=_("hand a co-ordinator copy in to the server's inbox"),
        description=_(
            "Writes a copy of your record for your co-ordinator into the inbox folder the "
            "server's admin set up (or --to DIR). Reflections and evidence are left out unless "
            "you --include them. Only you and the co-ordinators' group can read the copy; other "
            "users cannot even list the inbox. Submitting again replaces your earlier copy."
        ) + " " + _("Your self-assessment ratings are left out too unless you --include "
                    "assessments."),
    )
    parser.add_argument("--to", metavar="DIR",
                        help=_("the inbox folder (default: the one set in the system layer's "
                               "defaults.toml)"))
    parser.add_argument("--include", metavar="FIELDS", type=_fields, default=(),
                        help=_("also hand in these: reflection, evidence, assessments "
                               "(comma-separated)"))
    parser.set_defaults(handler=submit)


def _fields(text: str) -> tuple[str, ...]:
    names = tuple(sorted({part.strip() for part in text.split(",") if part.strip()}))
    unknown = [name for name in names if name not in LEFT_OUT]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            _("expected reflection, evidence or assessments (comma-separated), not "
              "{value!r}").format(value=text))
    return names


def submit(ctx: Context, args: argparse.Namespace) -> int:
    from alnco import inbox
    from alnco.exports.sources import coordinator_copy

    folder = args.to or inbox.configured(ctx)
    if not folder:
        raise InputError(_("no inbox is set up on this server; ask your co-ordinator where to "
                           "hand in, then use --to DIR (see docs/coordinators.md)"))
    target = inbox.check(folder)
    omit = tuple(name for name in LEFT_OUT if name not in args.include)
    content, entries = coordinator_copy(ctx, omit=omit)
    snapshot = ctx.record.read()
    previous = next((doc.get("file") for doc in
                     snapshot.extra.get(inbox.SUBMISSIONS_TABLE, {}).values()
                     if doc.get("inbox") == target.path), None)
    name = inbox.hand_in(target, content, previous)
    with ctx.record.transaction() as tx:
        table = tx.table(inbox.SUBMISSIONS_TABLE)
        table.remove(lambda doc: doc.get("inbox") == target.path)
        table.insert({"inbox": target.path, "file": name})
    out = ctx.stdout
    replaced = _("replacing your earlier copy") if name == previous else _("a new copy")
    print(_("Handed in {entries} to {path} ({replaced})").format(
        entries=count(entries, "entry"), path=f"{target.path}/{name}", replaced=replaced),
        file=out)
    readers = ", ".join(target.readers) if target.readers else _("nobody yet")
    print(_("Readable by you and the group {group} ({readers}); other users cannot list "
            "or read it.").format(group=target.group, readers=readers), file=out)
    if omit:
        print(_("Left out: {fields} (use --include to hand them in).").format(
            fields=", ".join(_field_word(name) for name in omit)), file=out)
    return 0


def _field_word(name: str) -> str:
    return {"evidence": _("evidence"), "reflection": _("reflections"),
            "assessments": _("self-assessment")}.get(name, name)
