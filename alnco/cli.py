"""The `alnco` command line: global options, dispatch, and one-line errors.

Each command group lives in `alnco.commands.<name>` and registers its own
sub-parser. Nothing here imports Textual: only a bare `alnco` (the TUI) does.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from typing import Sequence

from alnco import __version__
from alnco.argparse_words import translate_argparse
from alnco.errors import AlncoError, UsageError
from alnco.i18n import _, resolve_language, set_language
from alnco.output import safe_text

# Command modules, in the order `alnco --help` lists them.
COMMAND_MODULES = (
    "alnco.commands.profile",
    "alnco.commands.log",
    "alnco.commands.doctor",
    "alnco.commands.catalogue",
    "alnco.commands.progress",
    "alnco.commands.export",
    "alnco.commands.import_",
    "alnco.commands.push",
    "alnco.commands.report",
    "alnco.commands.cohort",
)

EXIT_BUG = 70  # EX_SOFTWARE: anything not in INTERFACE.md's 0-3 is a bug


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors become one `alnco: error:` line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(
            _("{message} (see '{prog} --help')").format(message=message, prog=self.prog)
        )


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The options every command takes, before or after the command name."""
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group(_("global options"))
    group.add_argument(
        "--record", metavar="PATH", default=default,
        help=_("the record file (env ALNCO_RECORD; default $XDG_DATA_HOME/alnco/record.json)"),
    )
    group.add_argument(
        "--catalogue", metavar="PATH", default=default,
        help=_("an extra catalogue layer, file or folder (env ALNCO_CATALOGUE)"),
    )
    group.add_argument(
        "--lang", choices=("en", "cy"), default=default,
        help=_("interface language (env ALNCO_LANG; else LC_ALL/LANG)"),
    )
    group.add_argument(
        "--today", metavar="DATE", default=default,
        help=_("pretend today is DATE (env ALNCO_TODAY)"),
    )


def build_parser() -> Parser:
    common = Parser(add_help=False)
    global_options(common, suppress=True)
    parser = Parser(
        prog="alnco",
        description=_(
            "Log your professional learning as an ALNCO (CADY) in Wales and see your "
            "progress. With no command, opens the full-screen app."
        ),
        epilog=_("Exit codes: 0 ok, 1 input refused, 2 usage error, 3 record unusable."),
    )
    parser.add_argument("--version", action="version", version=f"alnco {__version__}",
                        help=_("show program's version number and exit"))
    global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, common)
    return parser


def _early_language(argv: Sequence[str]) -> None:
    """Pick the language before argparse builds its (translated) help."""
    option = None
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            option = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            option = argv[i + 1]
    set_language(resolve_language(option))
    translate_argparse()


def _hang_up(signum: int, frame: object) -> None:
    """A dropped SSH connection ends the command like Ctrl+C: clean-up still runs."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGHUP, _hang_up)
    try:
        _early_language(argv)
        from alnco.context import Context

        # A bare `alnco` (perhaps with global options) opens the app: skip building
        # every command's parser, which would only delay the first frame.
        bare = Parser(add_help=False)
        global_options(bare, suppress=False)
        known, rest = bare.parse_known_args(argv)
        if not rest:
            return _run_tui(Context.from_options(
                record=known.record, today=known.today, lang=known.lang, catalogue=known.catalogue))
        parser = build_parser()
        args = parser.parse_args(argv)

        ctx = Context.from_options(
            record=args.record, today=args.today, lang=args.lang, catalogue=args.catalogue
        )
        if args.command is None:  # pragma: no cover - handled by the bare path above
            return _run_tui(ctx)
        return int(args.handler(ctx, args) or 0)
    except AlncoError as error:
        _error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `alnco log list | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: say so in one line, never a traceback
        if os.environ.get("ALNCO_DEBUG"):
            raise
        _error(
            _("internal error ({kind}: {detail}); this is a bug, please report it "
              "(set ALNCO_DEBUG=1 for details)").format(kind=type(error).__name__, detail=error)
        )
        return EXIT_BUG


def _error(message: str) -> None:
    one_line = " ".join(safe_text(message, single_line=False).split())
    print(f"alnco: error: {one_line}", file=sys.stderr)


def _run_tui(ctx: object) -> int:
    from alnco.tui.app import run

    return int(run(ctx) or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
