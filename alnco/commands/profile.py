"""`alnco profile show|set|declare`: who the ALNCO is, which framework applies to them."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.i18n import _
from alnco.model import SETTINGS, Profile
from alnco.exports.labels import setting_label
from alnco.output import dump_json, safe_text
from alnco.parsing import parse_date, short_date
from alnco.values import replace


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

    declare = actions.add_parser(
        "declare", parents=[common], help=_("declare a qualification or experience fact"),
        description=_("Record a qualification or experience fact your framework asks for "
                      "(WSI 2021/401 reg 27 school, reg 28 FEI), with evidence and a date. "
                      "Declaring the same KEY again replaces it."),
        formatter_class=_DeclareHelp,
    )
    declare.add_argument("key", metavar="KEY", help=_("what you declare (keys listed below)"))
    declare.add_argument("--value", metavar="TEXT", default="",
                         help=_("the detail, e.g. your registration number or role"))
    declare.add_argument("--evidence", metavar="TEXT", default="",
                         help=_("where the evidence is: a link, a file, a note"))
    declare.add_argument("--on", metavar="DATE", help=_("when it became true (default today)"))
    declare.set_defaults(handler=declare_fact)


class _DeclareHelp(argparse.HelpFormatter):
    """Lists the declaration keys only when help is shown (frameworks load lazily)."""

    def format_help(self) -> str:
        from alnco.progress.frameworks import FRAMEWORK_FOR_SETTING, shipped_framework

        lines = [super().format_help().rstrip(), "", _("keys:")]
        for setting, framework_id in FRAMEWORK_FOR_SETTING.items():
            keys = shipped_framework(framework_id).declaration_keys()
            lines.append(f"  {setting}: " + ", ".join(keys))
        return "\n".join(lines) + "\n"


def show_profile(ctx: Context, args: argparse.Namespace) -> int:
    profile = ctx.record.read().profile or Profile()
    if args.format == "json":
        dump_json(profile.to_dict(), ctx.stdout)
        return 0
    if profile.is_empty and not profile.declarations:
        print(_("No profile yet. Set one with: alnco profile set --name TEXT --setting school"),
              file=ctx.stdout)
        return 0
    rows = [
        (_("Name"), profile.name),
        (_("EWC number"), profile.ewc_number),
        (_("Setting"), setting_label(profile.setting) if profile.setting else ""),
        (_("Institution"), profile.institution),
        (_("Designated on"), short_date(profile.designated_on) if profile.designated_on else ""),
    ]
    label_width = max(len(label) for label, _value in rows) + 1
    for label, value in rows:
        print(f"{label + ':':<{label_width + 1}} {safe_text(value)}", file=ctx.stdout)
    if profile.declarations:
        print(_("Declarations:"), file=ctx.stdout)
        for item in profile.declarations:
            details = [item.value] if item.value else []
            if item.evidence:
                details.append(_("evidence: {evidence}").format(evidence=item.evidence))
            if item.declared_on:
                details.append(short_date(item.declared_on))
            print(safe_text(f"  {item.key}: " + "; ".join(details), single_line=True),
                  file=ctx.stdout)
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


def declare_fact(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.declarations import declare

    on = parse_date(args.on, ctx.today) if args.on else None
    declared = declare(ctx, args.key, value=args.value, evidence=args.evidence, on=on)
    declaration = declared.declaration
    print(safe_text(_("Declared on {date}: {label}").format(
        date=short_date(declaration.declared_on), label=declared.label_in(ctx.language)),
        single_line=True), file=ctx.stdout)
    if not declaration.evidence:
        print(_("Add where the evidence is with --evidence TEXT."), file=ctx.stdout)
    return 0
