"""`alnco progress`: where the ALNCO stands against their framework, and what to take next."""

from __future__ import annotations

import argparse

from alnco.context import Context
from alnco.i18n import _
from alnco.progress.words import basis_label, status_label, verdict
from alnco.model import format_hours
from alnco.output import dump_json, safe_text
from alnco.parsing import parse_date, short_date

BAR_CELLS = 10


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "progress", parents=[common], help=_("see your progress and what to take next"),
        description=_("Each requirement of your framework (school or FEI) with its status, "
                      "the reason, its legal or local basis, and modules that would close "
                      "the gap."),
    )
    parser.add_argument("--on", metavar="DATE",
                        help=_("show progress as it stood on DATE (default today)"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=show_progress)


def bar(fraction: float, cells: int = BAR_CELLS) -> str:
    """`[####------]`: plain ASCII, so it survives NO_COLOR, dumb terminals and copy-paste."""
    filled = int(fraction * cells + 1e-9)
    return "[" + "#" * filled + "-" * (cells - filled) + "]"


def show_progress(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.catalogue.layers import load_catalogue
    from alnco.progress.service import progress_for

    as_of = parse_date(args.on, ctx.today) if args.on else ctx.today
    snapshot = ctx.record.read()
    catalogue = load_catalogue(ctx)  # one warning line per damaged catalogue file
    progress = progress_for(ctx, snapshot=snapshot, today=as_of, catalogue=catalogue)
    no_profile = snapshot.profile is None or snapshot.profile.is_empty
    hint = _("No profile yet: set one with 'alnco profile set --name TEXT --setting school|fei "
             "--designated-on DATE' (the school framework is shown meanwhile).")
    if args.format == "json":
        if no_profile:
            print(f"alnco: note: {hint}", file=ctx.stderr)
        data = progress.to_json()
        data.update(_standards_json(ctx, snapshot, as_of, catalogue))
        dump_json(data, ctx.stdout)
        return 0
    out = ctx.stdout
    if no_profile:
        print(hint, file=out)
    print(_("Progress as at {date}: {framework}").format(
        date=short_date(progress.as_of), framework=progress.framework_title), file=out)
    if progress.framework_description:
        print(safe_text(progress.framework_description), file=out)
    if progress.law_checked_on:
        print(_("Law last checked on {date}; where its wording was not confirmed, the line "
                "says so.").format(date=short_date(progress.law_checked_on)), file=out)
    print(file=out)
    words = {r.status: status_label(r.status) for r in progress.requirements}
    width = max(len(w) for w in words.values())
    indent = " " * (width + 2 + BAR_CELLS + 2 + 2)
    for result in progress.requirements:
        head = "{status}  {bar}  {title}".format(
            status=words[result.status].ljust(width), bar=bar(result.fraction), title=result.title)
        print(safe_text(head, single_line=True), file=out)
        if not result.confirmed:  # never a bare "met" on wording nobody verified
            print(indent + safe_text(verdict(result), single_line=True), file=out)
        print(indent + safe_text(result.reason, single_line=True), file=out)
        hint = _command_hint(result, snapshot.profile, ctx)
        if hint:
            print(indent + hint, file=out)
        print(indent + safe_text("{citation} · {basis}".format(
            citation=result.citation, basis=basis_label(result.basis)), single_line=True), file=out)
    print(file=out)
    from alnco.progress.periods import academic_year_label

    year = academic_year_label(progress.as_of)
    if progress.hours_target is not None:
        print(_("Hours this academic year ({year}): {done} of {target} h").format(
            year=year, done=format_hours(progress.hours_this_year),
            target=format_hours(progress.hours_target)), file=out)
    else:
        print(_("Hours this academic year ({year}): {done} h").format(
            year=year, done=format_hours(progress.hours_this_year)), file=out)
    _print_standards(ctx, snapshot, as_of, catalogue)
    _print_suggestions(ctx, progress, catalogue)
    return 0


def _learning_by_standard(ctx: Context, snapshot, as_of, catalogue):
    """The person's set of professional standards and the completed learning linked
    to each, up to `as_of` (an entry with none takes its module's, as tasks do)."""
    from alnco.standards import learning_by_standard, standards_for

    setting = getattr(snapshot.profile, "setting", None) or "school"
    standard_set = standards_for(setting, ctx, on=as_of)
    modules = getattr(catalogue, "modules", None) or {}
    return standard_set, learning_by_standard(snapshot.entries, standard_set, on=as_of,
                                              modules=modules)


def _standards_json(ctx: Context, snapshot, as_of, catalogue) -> dict:
    """`standards` (learning by standard) and `standards_set` (what they are: never
    requirements) for `progress --format json`."""
    standard_set, rows = _learning_by_standard(ctx, snapshot, as_of, catalogue)
    language = ctx.language
    return {
        "standards_set": {
            "id": standard_set.id, "title": standard_set.title_in(language),
            "basis": standard_set.basis, "citation": standard_set.citation_in(language),
            "checked_on": (standard_set.checked_on.isoformat()
                           if standard_set.checked_on else None),
            "stand_in_for": standard_set.stand_in_for or None,
            "note": standard_set.stand_in_note() or standard_set.note_in(language),
        },
        "standards": [row.to_json(language) for row in rows],
    }


def _print_standards(ctx: Context, snapshot, as_of, catalogue) -> None:
    from alnco.numerals import count

    standard_set, rows = _learning_by_standard(ctx, snapshot, as_of, catalogue)
    out = ctx.stdout
    print(file=out)
    print(safe_text(_("Learning by professional standard (not a requirement): {set}").format(
        set=standard_set.title_in(ctx.language)), single_line=True), file=out)
    if standard_set.stand_in_for:
        print(safe_text(standard_set.stand_in_note(), single_line=True), file=out)
    titles = [safe_text(_in_language(row.title, ctx.language), single_line=True)
              for row in rows]
    width = min(max((len(t) for t in titles), default=0), 40)
    for row, title in zip(rows, titles):
        print("  {title}  {hours} h  ({entries})".format(
            title=title[:width].ljust(width), hours=format_hours(row.hours).rjust(5),
            entries=count(len(row.entry_ids), "entry")), file=out)
    if not any(row.entry_ids for row in rows):
        print("  " + _("Link learning to a standard with: alnco log edit ENTRY_ID "
                       "--standard KEY"), file=out)


def _in_language(texts, language: str) -> str:
    return texts.get(language) or texts.get("en", "")


def _command_hint(result, profile, ctx: Context) -> str:
    """The command that acts on an open line (the app has a form for each instead)."""
    if result.kind == "declaration" and result.status != "met":
        from alnco.progress.frameworks import framework_for

        requirement = framework_for(profile, ctx).get(result.id)
        rule = requirement.params["rule"] if requirement is not None else ((),)
        key = rule[0][0] if rule and rule[0] else "KEY"
        return _("Declare it: alnco profile declare {key} --value TEXT --evidence TEXT "
                 "(every key: alnco profile declare --help)").format(key=key)
    if (result.kind == "named_modules" and result.status == "not_applicable"
            and (profile is None or profile.designated_on is None)):
        return _("Set it: alnco profile set --designated-on DATE")
    return ""


def _print_suggestions(ctx: Context, progress, catalogue) -> None:
    picks = progress.next_steps()
    out = ctx.stdout
    if not picks:
        return
    print(file=out)
    print(_("Suggested next:"), file=out)
    modules = getattr(catalogue, "modules", {}) or {}
    for module_id in picks:
        module = modules.get(module_id)
        if module is None:
            continue
        detail = _("{hours} h, {mode}, {languages}").format(
            hours=format_hours(module.hours), mode=_(module.mode),
            languages="/".join(module.languages))
        line = f"  {module.id}  {module.title_in(ctx.language)} ({detail})"
        print(safe_text(line, single_line=True), file=out)
    print(_("Log one with: alnco log add --module MODULE_ID --status planned --date DATE"),
          file=out)
