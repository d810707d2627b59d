"""`alnco doctor`: check the record, its backups and permissions, changing nothing."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.i18n import _
from alnco.output import safe_text


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "doctor", parents=[common], help=_("check the record, its backups and permissions"),
        description=_("Read-only checks; exit 3 if the record cannot be used."),
    )
    parser.set_defaults(handler=doctor)


def doctor(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.store.health import FAIL, check_record

    checks = check_record(ctx.record_path)
    width = max(len(c.what) for c in checks)
    labels = {"ok": _("ok"), "warning": _("warning"), "problem": _("problem")}
    for check in checks:
        print(f"{labels[check.status]:<8} {check.what:<{width}}  {safe_text(check.detail)}",
              file=ctx.stdout)
    return 3 if any(c.status == FAIL for c in checks) else 0
