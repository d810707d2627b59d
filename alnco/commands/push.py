"""`alnco push`: send your completed learning to a learning record store (xAPI)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from alnco.context import Context
from alnco.errors import UsageError
from alnco.i18n import _, ngettext
from alnco.numerals import count
from alnco.parsing import parse_date

SENT_TABLE = "xapi_sent"


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "push", parents=[common], help=_("send completed learning to an xAPI LRS"),
        description=_(
            "Sends one xAPI statement per completed entry not sent before, in batches. "
            "An entry is marked sent only when the LRS acknowledges it, so a failed push "
            "can simply be run again. Planned entries are never sent."
        ),
    )
    parser.add_argument("--lrs", required=True, metavar="URL",
                        help=_("the LRS endpoint, e.g. https://lrs.example/xAPI/"))
    parser.add_argument("--user", required=True, metavar="USER")
    parser.add_argument("--password-file", required=True, metavar="FILE",
                        help=_("a file holding the password (mode 600)"))
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help=_("only entries on or after DATE"))
    parser.add_argument("--batch-size", type=int, default=50, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help=_("the most seconds the whole push may take (default 30)"))
    parser.add_argument("--xapi-base", metavar="IRI",
                        help=_("the base of activity ids (env ALNCO_XAPI_BASE)"))
    parser.set_defaults(handler=push_command)


def push_command(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.exports import lrs
    from alnco.exports.sources import gather
    from alnco.exports.xapi_export import statement_id, statements

    if args.batch_size < 1:
        raise UsageError(_("--batch-size must be at least 1"))
    if not (0 < args.timeout < math.inf):
        raise UsageError(_("--timeout must be a number of seconds above 0"))
    if ":" in args.user:
        raise UsageError(_("--user cannot contain ':'"))
    lrs.statements_url(args.lrs)  # a bad address (or one holding a password) before anything else
    client = lrs.Client(args.lrs, args.user, lrs.read_password(Path(args.password_file)),
                        timeout=args.timeout)
    if not lrs.is_loopback(client.url) and client.url.startswith("http:"):
        print(_("alnco: warning: {url} is not https: the password travels unencrypted").format(
            url=client.shown), file=ctx.stderr)
    start = parse_date(args.date_from, ctx.today) if args.date_from else None
    snapshot = ctx.record.read()
    data = gather(ctx, start=start, need_actor=True, xapi_base=args.xapi_base,
                  snapshot=snapshot, need_framework=False)
    sent_before = {doc.get("id"): doc.get("updated_at")
                   for doc in snapshot.extra.get(SENT_TABLE, {}).values()}
    changed = [e for e in data.entries
               if e.status == "completed" and e.id in sent_before
               and sent_before[e.id] != e.updated_at]
    data.entries = [e for e in data.entries if e.id not in sent_before]
    pending = statements(data)
    updated_at = {statement_id(e): (e.id, e.updated_at) for e in data.entries}

    recorded = [0]

    def acknowledged(batch: list[dict]) -> None:
        recorded[0] += len(batch)
        with ctx.record.transaction() as tx:
            table = tx.table(SENT_TABLE)
            table.insert_multiple(
                {"id": updated_at[s["id"]][0], "updated_at": updated_at[s["id"]][1],
                 "sent_to": client.url, "statement_id": s["id"]} for s in batch)

    try:
        with client:
            sent = lrs.push(client, pending, acknowledged, args.batch_size)
    except lrs.LRSError as error:
        if recorded[0]:
            raise lrs.LRSError(_("{message} ({statements} had been acknowledged and recorded "
                                 "before this)").format(
                message=error, statements=count(recorded[0], "statement"))) from None
        raise
    print(_("Sent {statements} to {url}").format(statements=count(sent, "statement"),
                                                  url=client.shown), file=ctx.stdout)
    if changed:
        print(ngettext("{entries} was edited after it was sent; an LRS never changes a stored "
                       "statement, so it was not sent again",
                       "{entries} were edited after they were sent; an LRS never changes a "
                       "stored statement, so they were not sent again", len(changed))
              .format(entries=count(len(changed), "entry")), file=ctx.stderr)
    return 0
