"""`alnco catalogue list|show|validate|import`: what professional learning is on offer."""

from __future__ import annotations

import argparse
from pathlib import Path

from alnco.catalogue.model import DECLARATION_KEYS, LEVELS, MODES, TASKS, Module
from alnco.context import Context
from alnco.errors import InputError
from alnco.i18n import _, ngettext
from alnco.model import TASK_LETTERS, format_hours
from alnco.output import dump_json, safe_text, table, terminal_width, write_csv
from alnco.parsing import describe_date


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "catalogue", parents=[common], help=_("browse, check or import the learning catalogue"),
        description=_("The catalogue of professional learning: shipped sample < system "
                      "(/etc/alnco or ALNCO_SYSTEM_DIR) < your own (--catalogue, imported)."),
    )
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True,
                                    parser_class=type(parser))

    list_ = actions.add_parser("list", parents=[common], help=_("list or search modules"))
    list_.add_argument("--search", metavar="TEXT",
                       help=_("words to find in English or Welsh titles, summaries, themes"))
    list_.add_argument("--task", type=str.lower, choices=list(TASK_LETTERS), metavar="a-h",
                       help=_("only modules supporting this reg 29/30 task"))
    list_.add_argument("--theme", metavar="TEXT", help=_("only modules with this theme"))
    list_.add_argument("--provider", metavar="TEXT", help=_("only modules from this provider"))
    list_.add_argument("--language", choices=("en", "cy", "bilingual"),
                       help=_("only modules offered in this language"))
    list_.add_argument("--mode", choices=MODES)
    list_.add_argument("--level", choices=LEVELS)
    list_.add_argument("--format", choices=("table", "csv", "json"), default="table")
    list_.set_defaults(handler=list_modules)

    show = actions.add_parser("show", parents=[common], help=_("show one module in full"))
    show.add_argument("module_id", metavar="MODULE_ID")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=show_module)

    validate = actions.add_parser(
        "validate", parents=[common], help=_("check a catalogue file (TOML or CSV)"),
        description=_("Lists every problem at once; exits 1 if there is any."))
    validate.add_argument("file", metavar="FILE", type=Path)
    validate.set_defaults(handler=validate_file)

    import_ = actions.add_parser(
        "import", parents=[common], help=_("add a TOML or CSV catalogue to your own layer"),
        description=_("Checks the whole file first: nothing is written unless every module "
                      "is valid. CSV columns come from the header row: id, title_en, "
                      "title_cy, summary_en, summary_cy, provider, mode, level, credits, "
                      "hours, tasks (a c), themes (x; y), languages (en cy), url, source, "
                      "available_from, withdrawn_on.")
        + " " + _("Also provider_cy, themes_cy (the Welsh of each theme, in the same "
                  "order), settings (school fei), requires (declaration keys), "
                  "eligibility_en, eligibility_cy."))
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.set_defaults(handler=import_catalogue)


def _catalogue(ctx: Context):
    from alnco.catalogue.layers import load_catalogue

    return load_catalogue(ctx)


def _one_line(text: str) -> str:
    return safe_text(text, single_line=True)


# ---------------------------------------------------------------------- list


def list_modules(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.catalogue.serialise import (CSV_COLUMNS, module_csv_row, module_json,
                                           spreadsheet_safe)

    catalogue = _catalogue(ctx)
    modules = catalogue.search(
        args.search or "", today=ctx.today, task=args.task, theme=args.theme,
        provider=args.provider, language=args.language, mode=args.mode, level=args.level,
        sort_language=ctx.language,
    )
    if args.format == "json":
        dump_json([module_json(m) for m in modules], ctx.stdout)
    elif args.format == "csv":
        rows = ({k: spreadsheet_safe(safe_text(v)) for k, v in module_csv_row(m).items()}
                for m in modules)
        write_csv(rows, CSV_COLUMNS, ctx.stdout)
    elif not modules:
        print(_("No modules match. Try fewer words or filters."), file=ctx.stdout)
    else:
        # The title matters most in a narrow terminal: level and languages are in
        # `catalogue show`, the filters and the JSON/CSV formats.
        headers = [_("ID"), _("HOURS"), _("MODE"), _("TASKS"), _("TITLE")]
        rows = [[m.id, format_hours(m.hours), _(m.mode), "".join(m.tasks),
                 m.title_in(ctx.language)] for m in modules]
        ctx.stdout.write(table(headers, rows, align_right=(1,), max_width=terminal_width(),
                               shrink=4))
        print(ngettext("{n} module", "{n} modules", len(modules)).format(n=len(modules)),
              file=ctx.stdout)
    return 0


# ---------------------------------------------------------------------- show


def _find(catalogue, module_id: str) -> Module:
    from alnco.catalogue.lookup import closest_ids

    module = catalogue.get(module_id)
    if module is None:
        close = closest_ids(module_id, list(catalogue.modules))
        hint = (_("; did you mean {ids}?").format(ids=", ".join(close)) if close
                else _("; find one with 'alnco catalogue list --search TEXT'"))
        raise InputError(_("no module '{id}' in the catalogue").format(id=module_id) + hint)
    return module


def _language_name(code: str) -> str:
    return {"en": _("English"), "cy": _("Welsh")}.get(code, code)


def show_module(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.catalogue.serialise import module_json

    catalogue = _catalogue(ctx)
    module = _find(catalogue, args.module_id.strip())
    if args.format == "json":
        dump_json(module_json(module), ctx.stdout)
        return 0
    out = []
    first = "cy" if ctx.language == "cy" and "cy" in module.title else "en"
    other = "en" if first == "cy" else "cy"
    out.append(f"{_one_line(module.title[first])}  ({module.id})")
    if other in module.title:
        out.append(f"{_language_name(other)}: {_one_line(module.title[other])}")
    out.append("")
    layer = _(module.layer)
    replaced = catalogue.overrides.get(module.id)
    if replaced:
        layer = _("{layer} (overrides the {lower} module with this id)").format(
            layer=layer, lower=", ".join(_(name) for name in replaced))
    rows = [(_("Layer"), layer), (_("File"), catalogue.files.get(module.id, ""))]
    rows.append((_("Provider"), module.provider_in(ctx.language)))
    rows.append((_("Mode"), _(module.mode)))
    level = _(module.level)
    if module.credits is not None:
        level = _("{level} ({credits} credits)").format(level=level, credits=module.credits)
    rows.append((_("Level"), level))
    rows.append((_("Hours"), format_hours(module.hours)))
    rows.append((_("Languages"), ", ".join(_language_name(c) for c in module.languages)))
    rows.append((_("Themes"), "; ".join(module.themes_in(ctx.language))))
    rows.append((_("Open to"), _(module.for_whom())))
    rows.append((_("Requires"), "; ".join(
        f"{key} ({_(DECLARATION_KEYS[key])})" if key in DECLARATION_KEYS else key
        for key in module.requires)))
    rows.append((_("Eligibility"), module.eligibility_in(ctx.language)))
    if module.available_from:
        rows.append((_("Available from"), describe_date(module.available_from)))
    if module.withdrawn_on:
        state = (_("withdrawn on {date}") if module.withdrawn_on <= ctx.today
                 else _("to be withdrawn on {date}"))
        rows.append((_("Withdrawn"), state.format(date=describe_date(module.withdrawn_on))))
    rows.append((_("URL"), module.url))
    rows.append((_("Source"), module.source))
    label_width = max(len(label) for label, _value in rows) + 1
    for label, value in rows:
        if value:
            out.append(f"{label + ':':<{label_width}} {_one_line(str(value))}")
    out.append("")
    out.append(_("Tasks (WSI 2021/401 reg 29; reg 30 in further education):"))
    if module.tasks:
        out.extend(f"  ({letter}) {_(TASKS[letter])}" for letter in module.tasks)
    else:
        out.append("  " + _("none listed"))
    if module.standards:
        from alnco.standards import describe_keys

        out.append("")
        out.append(_("Professional standards it supports (not requirements):"))
        out.extend("  " + safe_text(line, single_line=True)
                   for line in describe_keys(module.standards, ctx))
    for code in (first, other):
        if module.summary.get(code):
            out.append("")
            out.append(_("Summary ({language}):").format(language=_language_name(code)))
            out.append(safe_text(module.summary[code]))
    print("\n".join(out), file=ctx.stdout)
    return 0


# ---------------------------------------------------------------------- validate


def _layer_of(ctx: Context, path: Path) -> str:
    try:
        path.resolve().relative_to(Path(ctx.system_dir).resolve())
        return "system"
    except (ValueError, OSError):
        return "user"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def override_notes(ctx: Context, path: Path, modules: list[Module], layer: str,
                   *, same_layer: bool = True) -> list[str]:
    """Which modules of lower layers (and, with same_layer, of other files in
    the same layer) the file's modules would replace."""
    from alnco.catalogue.layers import load_layers
    from alnco.catalogue.model import LAYERS

    rank = LAYERS.index(layer)
    lower: dict[str, tuple[str, str]] = {}
    for existing in load_layers(ctx):
        other_rank = LAYERS.index(existing.name)
        if other_rank > rank or (other_rank == rank and not same_layer):
            continue
        if _same_file(Path(existing.result.file), path):
            continue
        for module in existing.result.modules:
            lower[module.id] = (existing.name, existing.result.file)
    notes = []
    for module in modules:
        if module.id in lower:
            name, file = lower[module.id]
            notes.append(_("note: '{id}' would override the {layer} module of the same id "
                           "({file})").format(id=module.id, layer=_(name), file=file))
    return notes


def _print_problems(ctx: Context, problems: list) -> None:
    for problem in problems:
        print(_one_line(str(problem)), file=ctx.stdout)


def validate_file(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.catalogue.loader import load_file

    layer = _layer_of(ctx, args.file)
    result = load_file(args.file, layer)
    _print_problems(ctx, result.problems)
    for note in override_notes(ctx, args.file, result.modules, layer):
        print(_one_line(note), file=ctx.stdout)
    if result.problems:
        count = len(result.problems)
        raise InputError(ngettext("{file}: {count} problem; fix it and validate again",
                                  "{file}: {count} problems; fix them and validate again",
                                  count).format(file=args.file, count=count))
    print(ngettext("{file}: {count} module, no problems ({layer} layer)",
                   "{file}: {count} modules, no problems ({layer} layer)",
                   len(result.modules)).format(
        file=_one_line(str(args.file)), count=len(result.modules), layer=_(layer)),
        file=ctx.stdout)
    return 0


# ---------------------------------------------------------------------- import


def import_catalogue(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.catalogue.importing import Refused, import_file

    try:
        done = import_file(ctx, args.file)
    except Refused as refused:
        _print_problems(ctx, refused.problems)
        raise
    print(ngettext("Imported {count} module into {file}", "Imported {count} modules into {file}",
                   len(done.modules)).format(
        count=len(done.modules), file=_one_line(str(done.target))), file=ctx.stdout)
    if done.replaced:
        print(_("Replaced earlier imports: {ids}").format(ids=", ".join(done.replaced)),
              file=ctx.stdout)
    for note in override_notes(ctx, done.target, done.modules, "user", same_layer=False):
        print(_one_line(note), file=ctx.stdout)
    return 0

