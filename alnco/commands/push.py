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

CONFLICTS_NAMED = 10  # a warning names this many conflicting entries, then "and N more"


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "push", parents=[common], help=_("send completed learning to an xAPI LRS"),
        description=_(
            "Sends one xAPI statement per completed entry not sent before, in batches. "
            "An entry is marked sent only when the LRS acknowledges it, so a failed push "
            "can simply be run again. Planned entries are never sent."
        ) + " " + _(
            "Sent marks are kept per LRS: pushing to a second LRS sends everything there. "
            "If the LRS already holds a different statement under an entry's id (HTTP "
            "409), the others are still sent and that entry is named."
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
    parser.add_argument("--resend", action="store_true",
                        help=_("send again the entries already marked sent to this LRS (the "
                               "statement ids are the entry ids, so an LRS that holds them "
                               "keeps one copy)"))
    parser.set_defaults(handler=push_command)


def push_command(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.exports import lrs
    from alnco.exports.sources import endpoint_key, gather, record_sent, sent_to
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
    endpoint = endpoint_key(client.url)
    marked = sent_to(snapshot, endpoint)
    sent_before = {} if args.resend else marked
    changed = [e for e in data.entries
               if e.status == "completed" and e.id in sent_before
               and sent_before[e.id] != e.updated_at]
    data.entries = [e for e in data.entries if e.id not in sent_before]
    pending = statements(data)
    entry_of = {statement_id(e): e for e in data.entries}

    recorded = [0]

    def acknowledged(batch: list[dict]) -> None:
        recorded[0] += len(batch)
        with ctx.record.transaction() as tx:
            record_sent(tx, endpoint, [(entry_of[s["id"]].id, entry_of[s["id"]].updated_at,
                                        s["id"]) for s in batch])

    try:
        with client:
            done = lrs.push(client, pending, acknowledged, args.batch_size)
    except lrs.LRSError as error:
        if recorded[0]:
            raise lrs.LRSError(_("{message} ({statements} had been acknowledged and recorded "
                                 "before this)").format(
                message=error, statements=count(recorded[0], "statement"))) from None
        raise
    print(_("Sent {statements} to {url}").format(statements=count(done.sent, "statement"),
                                                  url=client.shown), file=ctx.stdout)
    if changed:
        print(ngettext("{entries} was edited after it was sent; an LRS never changes a stored "
                       "statement, so it was not sent again",
                       "{entries} were edited after they were sent; an LRS never changes a "
                       "stored statement, so they were not sent again", len(changed))
              .format(entries=count(len(changed), "entry")), file=ctx.stderr)
    if done.conflicts:
        # With --resend, an entry edited since it was sent meets its own older statement.
        edited = [s for s in done.conflicts
                  if s["id"] in entry_of and marked.get(entry_of[s["id"]].id) not in
                  (None, entry_of[s["id"]].updated_at)]
        others = [s for s in done.conflicts if s not in edited]
        if edited:
            print(_edited(edited, entry_of, client.shown), file=ctx.stderr)
        if others:
            print(_conflicts(others, entry_of, client.shown), file=ctx.stderr)
        return 1
    return 0


def _names(conflicts: list[dict], entry_of: dict) -> str:
    from alnco.output import safe_text

    entries = [entry_of[s["id"]] for s in conflicts]
    named = [f"{e.id[:8]} {safe_text(e.title, single_line=True)[:40]}"
             for e in entries[:CONFLICTS_NAMED]]
    if len(conflicts) > CONFLICTS_NAMED:
        named.append(_("and {n} more").format(n=len(conflicts) - CONFLICTS_NAMED))
    return "; ".join(named)


def _edited(conflicts: list[dict], entry_of: dict, url: str) -> str:
    """--resend met statements of entries edited since they were sent: nothing to fix."""
    return "alnco: warning: " + ngettext(
        "{entries} was not sent again: it was edited after it was sent, and "
        "the LRS at {url} keeps the statement it has (an LRS never changes a stored "
        "statement): {names}",
        "{entries} were not sent again: they were edited after they were "
        "sent, and the LRS at {url} keeps the statements it has (an LRS never changes a "
        "stored statement): {names}", len(conflicts)).format(
            entries=count(len(conflicts), "entry"), url=url,
            names=_names(conflicts, entry_of))


def _conflicts(conflicts: list[dict], entry_of: dict, url: str) -> str:
    """One warning naming the entries the LRS holds differently, and what to do."""
    return ngettext(
        "alnco: warning: {entries} was not sent: the LRS at {url} already holds a different "
        "statement with its id (HTTP 409): {names}; an LRS never changes a stored statement. "
        "If it was sent from another copy of your record, import that record's JSON export "
        "(alnco import FILE) to bring back its xAPI identity; otherwise ask the LRS's "
        "administrator",
        "alnco: warning: {entries} were not sent: the LRS at {url} already holds different "
        "statements with their ids (HTTP 409): {names}; an LRS never changes a stored "
        "statement. If they were sent from another copy of your record, import that record's "
        "JSON export (alnco import FILE) to bring back its xAPI identity; otherwise ask the "
        "LRS's administrator", len(conflicts)).format(
            entries=count(len(conflicts), "entry"), url=url, names=_names(conflicts, entry_of))
