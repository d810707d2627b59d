"""The `alnco` command line: global options, dispatch, and one-line errors.

Each command group lives in `alnco.commands.<name>` and registers its own
sub-parser. Nothing here imports Textual: only a bare `alnco` (the TUI) does.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import re
import signal
import sys

from alnco import __version__
from alnco.argparse_words import translate_argparse
from alnco.errors import AlncoError, InputError, UsageError
from alnco.i18n import _, set_language

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Sequence

# Command modules, in the order `alnco --help` lists them.
COMMAND_MODULES = (
    "alnco.commands.profile",
    "alnco.commands.log",
    "alnco.commands.evidence",
    "alnco.commands.doctor",
    "alnco.commands.catalogue",
    "alnco.commands.progress",
    "alnco.commands.assess",
    "alnco.commands.status",
    "alnco.commands.export",
    "alnco.commands.submit",
    "alnco.commands.import_",
    "alnco.commands.push",
    "alnco.commands.report",
    "alnco.commands.cohort",
)

# A command's name -> its module: `alnco log add` builds the log parser alone (every
# module's parser took about half of a `log add`), `alnco status` at login likewise.
COMMAND_OF = {module.rsplit(".", 1)[1].rstrip("_"): module for module in COMMAND_MODULES}

EXIT_BUG = 70  # EX_SOFTWARE: anything not in INTERFACE.md's 0-3 is a bug


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors become one `alnco: error:` line and exit 2, and
    an option's value may start with `-` (see `dash_values`)."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes one per add_argument; by default each asks shutil for the
        # terminal width, and importing shutil (bz2, lzma) was a tenth of `log add`.
        return self.formatter_class(prog=self.prog, width=_terminal_width() - 2)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(
            _("{message} (see '{prog} --help')").format(message=message, prog=self.prog)
        )

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        # Every parser, sub-parsers included (argparse hands each its own slice).
        args = sys.argv[1:] if args is None else list(args)
        return super().parse_known_args(dash_values(self, args), namespace)


def _terminal_width() -> int:
    """shutil.get_terminal_size().columns, without importing shutil."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def dash_values(parser: argparse.ArgumentParser, args: Sequence[str]) -> list[str]:
    """`--title -2+3` as `--title=-2+3`: a value that starts with `-` is the value
    of the option before it, when that option takes one value and the value is
    not itself one of the parser's options.

    argparse takes any word starting with `-` for an option, so `--title -2+3` or
    `--reflection -note` were usage errors ("expected one argument"). Joining them
    into argparse's own `--option=value` (short options: `-ovalue`) form fixes every
    command at once. A real option (`--title --hours 2`, an abbreviation such as
    `--hour`, or `-ofile` when `-o` takes a value) is never joined, so it still
    fails as before. A parser with commands stops at its first command word: the
    rest belongs to the command's own parser, whose options differ.
    """
    commands = any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)

    def dashed(word: str) -> bool:  # `-` alone is already a value to argparse
        return len(word) > 1 and word[0] in parser.prefix_chars

    out: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--" or (commands and not dashed(arg)):
            return out + list(args[index:])
        option = _one_value_option(parser, arg)
        value = args[index + 1] if option is not None and index + 1 < len(args) else None
        if value is None or (dashed(value) and _is_option(parser, value)):
            out.append(arg)  # a flag, the last word, or a real option next: argparse decides
            index += 1
        elif dashed(value):
            out.append(option + ("=" if len(option) > 2 else "") + value)
            index += 2
        else:
            out += [arg, value]  # the ordinary case (and never mistaken for a command word)
            index += 2
    return out


def _one_value_option(parser: argparse.ArgumentParser, arg: str) -> str | None:
    """The option `arg` names (exactly, or as a unique abbreviation) if it takes one value."""
    actions = parser._option_string_actions
    option: str | None = arg if arg in actions else None
    if option is None and parser.allow_abbrev and arg.startswith("--") and "=" not in arg:
        matches = [name for name in actions if name.startswith(arg)]
        option = matches[0] if len(matches) == 1 else None
    if option is None or actions[option].nargs not in (None, 1):
        return None
    return option


def _is_option(parser: argparse.ArgumentParser, word: str) -> bool:
    """Would argparse take `word` for one of this parser's options?"""
    actions = parser._option_string_actions
    name = word.split("=", 1)[0]
    if word in actions or name in actions:
        return True
    if parser.allow_abbrev and word.startswith("--"):
        return any(option.startswith(name) for option in actions)
    short = actions.get(word[:2])
    return short is not None and short.nargs != 0  # `-ofile`: -o with its value


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


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> Parser:
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
    for name in modules:
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
    # As Context will decide it (a language chosen in the app is kept in config.toml),
    # without the warnings: Context prints those once, later.
    from alnco import paths, settings

    set_language(settings.resolve_language(option, os.environ, paths.system_dir(os.environ),
                                           lambda line: None))
    translate_argparse()


def _hang_up(signum: int, frame: object) -> None:
    """A dropped SSH connection ends the command like Ctrl+C: clean-up still runs."""
    raise KeyboardInterrupt


def _has_surrogate(text: str) -> bool:
    """Whether `text` holds a lone surrogate (ASCII never does: no pattern compiled)."""
    return not text.isascii() and re.search("[\ud800-\udfff]", text) is not None


def _never_fail_on_encoding() -> None:
    """Whatever the locale (LANG=C, Latin-1, PYTHONIOENCODING=ascii), printing a
    character the terminal cannot show writes an escape (`\\u0175`) instead of
    failing: a command must never crash on its output, least of all after saving."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with the descriptor closed (`alnco ... >&-`)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


def _text_arguments(argv: Sequence[str]) -> list[str]:
    """Every argument as real text, or InputError naming the first one that is not.

    Bytes that are not UTF-8 (`--title $'\\xff'`) reach Python as lone surrogates
    (PEP 383), which can be neither printed nor saved; they are refused here, once,
    before any command sees them. Under a non-UTF-8 file-system encoding (a C locale
    without UTF-8 mode), UTF-8 arguments arrive escaped the same way: those are
    decoded back into the text that was typed.
    """
    checked = []
    for index, arg in enumerate(argv):
        if _has_surrogate(arg):
            try:
                arg = os.fsencode(arg).decode("utf-8")
            except UnicodeError:
                raise InputError(_not_text(argv, index)) from None
        checked.append(arg)
    return checked


def _not_text(argv: Sequence[str], index: int) -> str:
    arg = argv[index]
    try:
        shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
    except UnicodeError:
        shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
    option, equals, _value = arg.partition("=")
    if arg.startswith("--") and equals and not _has_surrogate(option):
        return _("the value of {option} is not valid text (its bytes are not UTF-8): "
                 "'{value}'; check your terminal's character encoding").format(
                     option=option, value=shown.partition("=")[2])
    previous = argv[index - 1] if index else ""
    if previous.startswith("-") and previous != "-" and not _has_surrogate(previous):
        return _("the argument after {option} is not valid text (its bytes are not "
                 "UTF-8): '{value}'; check your terminal's character encoding").format(
                     option=previous, value=shown)
    return _("argument {number} is not valid text (its bytes are not UTF-8): '{value}'; "
             "check your terminal's character encoding").format(number=index + 1, value=shown)


def main(argv: Sequence[str] | None = None, *,
         started: Callable[[], None] | None = None) -> int:
    """Run `alnco ARGV`; the exit code. `started` is called once start-up is over:
    just before a command runs, or once the app has started, before its first
    screen (alnco.entry tunes the garbage collector by it)."""
    _never_fail_on_encoding()
    argv = list(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGHUP, _hang_up)
    try:
        _early_language(argv)
        argv = _text_arguments(argv)
        from alnco.context import Context

        # A bare `alnco` (perhaps with global options) opens the app: skip building
        # every command's parser, which would only delay the first frame.
        bare = Parser(add_help=False)
        global_options(bare, suppress=False)
        known, rest = bare.parse_known_args(argv)
        if not rest:
            ctx = Context.from_options(record=known.record, today=known.today, lang=known.lang,
                                       catalogue=known.catalogue)
            return _run_tui(ctx, started)
        # A known command builds its own parser alone; anything else (--help, a typo)
        # gets every command's, for the full list and "invalid choice".
        module = COMMAND_OF.get(rest[0])
        parser = build_parser((module,) if module else COMMAND_MODULES)
        args = parser.parse_args(argv)

        ctx = Context.from_options(
            record=args.record, today=args.today, lang=args.lang, catalogue=args.catalogue
        )
        if args.command is None:  # pragma: no cover - handled by the bare path above
            return _run_tui(ctx, started)
        if started is not None:
            started()
        code = int(args.handler(ctx, args) or 0)
        sys.stdout.flush()  # a full disk shows here, not as a failure while exiting
        return code
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
        if isinstance(error, OSError) and _no_room_to_write(error):
            _error(_("could not write the output ({reason}); anything this command saved "
                     "is kept").format(reason=error.strerror or error))
            return 1
        if os.environ.get("ALNCO_DEBUG"):
            raise
        _error(
            _("internal error ({kind}: {detail}); this is a bug, please report it "
              "(set ALNCO_DEBUG=1 for details)").format(kind=type(error).__name__, detail=error)
        )
        return EXIT_BUG


def _no_room_to_write(error: OSError) -> bool:
    """A write with no file name that failed for lack of room (`> /dev/full`, a full
    disk or quota): the output, since every file alnco writes itself reports its own
    errors. That is the machine's state, not a bug; the unwritten output is dropped
    so that exiting does not fail a second time."""
    if error.filename is not None or error.errno not in _NO_ROOM:
        return False
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return True


_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _error(message: str) -> None:
    # only on the way out: csv and json stay unloaded
    from alnco.output import ERROR_PREFIX, safe_text

    one_line = " ".join(safe_text(message, single_line=False).split())
    print(ERROR_PREFIX + one_line, file=sys.stderr)


def _run_tui(ctx: object, started: Callable[[], None] | None = None) -> int:
    from alnco.tui.app import run

    return int(run(ctx, started=started) or 0)


if __name__ == "__main__":  # pragma: no cover
    from alnco.entry import main as entry

    raise SystemExit(entry())
