"""`alnco profile show|set`: who the ALNCO is, which framework applies to them."""

from __future__ import annotations

import argparse
from dataclasses import replace

from alnco.context import Context
from alnco.i18n import _
from alnco.model import SETTINGS, Profile
from alnco.output import dump_json, safe_text
from alnco.parsing import parse_date, short_date


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "profile", parents=[common], help=_("show or set your profile"),
        description=_("Your name, EWC number, setting, institution and designation date."),
    )
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True,
                                    parser_class=type(parser))
    show = actions.add_parser("show", parents=[common], help=_("show your profile"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=show_profile)

    set_ = actions.add_parser(
        "set", parents=[common], help=_("set one or more profile fields"),
        description=_("Set the fields given; the others keep their values."),
    )
    set_.add_argument("--name", metavar="TEXT")
    set_.add_argument("--ewc-number", metavar="TEXT",
                      help=_("your Education Workforce Council registration number"))
    set_.add_argument("--setting", choices=SETTINGS,
                      help=_("school (reg 29 tasks) or fei, a further education institution (reg 30)"))
    set_.add_argument("--institution", metavar="TEXT")
    set_.add_argument("--designated-on", metavar="DATE",
                      help=_("the date you were designated ALNCO"))
    set_.set_defaults(handler=set_profile)


def show_profile(ctx: Context, args: argparse.Namespace) -> int:
    profile = ctx.record.read().profile or Profile()
    if args.format == "json":
        dump_json(profile.to_dict(), ctx.stdout)
        return 0
    if profile.is_empty:
        print(_("No profile yet. Set one with: alnco profile set --name TEXT --setting school"),
              file=ctx.stdout)
        return 0
    rows = [
        (_("Name"), profile.name),
        (_("EWC number"), profile.ewc_number),
        (_("Setting"), profile.setting),
        (_("Institution"), profile.institution),
        (_("Designated on"), short_date(profile.designated_on) if profile.designated_on else ""),
    ]
    label_width = max(len(label) for label, _value in rows) + 1
    for label, value in rows:
        print(f"{label + ':':<{label_width + 1}} {safe_text(value)}", file=ctx.stdout)
    return 0


def set_profile(ctx: Context, args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    for name in ("name", "ewc_number", "setting", "institution"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value.strip()
    if args.designated_on is not None:
        changes["designated_on"] = parse_date(args.designated_on, ctx.today)
    if not changes:
        from alnco.errors import UsageError

        raise UsageError(_("nothing to set; give at least one of --name, --ewc-number, "
                           "--setting, --institution, --designated-on"))
    with ctx.record.transaction() as tx:
        profile = replace(tx.profile() or Profile(), **changes)
        tx.set_profile(profile)
    print(_("Profile saved."), file=ctx.stdout)
    if "designated_on" in changes:
        print(_("Designated on {date}.").format(date=short_date(profile.designated_on)),
              file=ctx.stdout)
    return 0
