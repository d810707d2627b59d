"""`alnco evidence add|list|open|rm`: files kept with an entry (alnco.evidence).

Only argparse and the words are loaded to build the parser (`alnco --help` builds
every command's); the evidence module, with hashlib, is imported when a command runs.
"""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path
from typing import Any

from alnco.context import Context
from alnco.i18n import _, ngettext

TEXT_SNIFF = 8192  # bytes looked at to decide whether a file is text


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "evidence", parents=[common], help=_("attach, list, open or remove evidence files"),
        description=_("Files kept with an entry: a certificate, slides, notes. alnco keeps "
                      "private copies (readable by you only) beside your record, checked "
                      "by 'alnco doctor'; an archive export (alnco export --format archive) "
                      "carries them."),
    )
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True,
                                    parser_class=type(parser))
    add = actions.add_parser(
        "add", parents=[common], help=_("attach copies of files to an entry"),
        description=_("Copies each FILE into your evidence folder. Folders, pipes and "
                      "devices are refused, as is a file over the size limit (20 MB unless "
                      "[evidence] max_file_mb says otherwise); if any FILE is refused, none "
                      "is attached."),
    )
    add.add_argument("entry_id", metavar="ENTRY_ID", help=_("the id, or its first 6+ characters"))
    add.add_argument("files", metavar="FILE", nargs="+", help=_("the files to attach"))
    add.set_defaults(handler=add_evidence)

    list_ = actions.add_parser("list", parents=[common],
                               help=_("list the files of one entry, or of all"))
    list_.add_argument("entry_id", metavar="ENTRY_ID", nargs="?",
                       help=_("the id, or its first 6+ characters (default: every entry)"))
    list_.add_argument("--format", choices=("table", "json"), default="table")
    list_.set_defaults(handler=list_evidence)

    open_ = actions.add_parser(
        "open", parents=[common], help=_("show an attached file"),
        description=_("With a desktop (DISPLAY or WAYLAND_DISPLAY set), opens a copy in its "
                      "viewer. Over SSH, shows a text file through $PAGER, and says how to "
                      "copy any other file to your own computer. With the output redirected, "
                      "writes the file's bytes: ssh HOST alnco evidence open ID FILE > FILE."),
    )
    open_.add_argument("entry_id", metavar="ENTRY_ID", help=_("the id, or its first 6+ characters"))
    open_.add_argument("file", metavar="FILE", nargs="?",
                       help=_("the file's name or the start of its hash (needed when the entry "
                              "has more than one)"))
    open_.set_defaults(handler=open_evidence)

    rm = actions.add_parser("rm", parents=[common], help=_("detach a file from an entry"),
                            description=_("The stored copy is deleted when no other entry "
                                          "uses it; the file you attached it from is not "
                                          "touched."))
    rm.add_argument("entry_id", metavar="ENTRY_ID", help=_("the id, or its first 6+ characters"))
    rm.add_argument("file", metavar="FILE", help=_("the file's name or the start of its hash"))
    rm.set_defaults(handler=remove_evidence)


def _name(text: str) -> str:
    from alnco.output import safe_text

    return safe_text(text, single_line=True)


def add_evidence(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.evidence import add_files, show_size
    from alnco.numerals import count

    added = add_files(ctx, args.entry_id, [Path(p) for p in args.files])
    entry = ctx.record.read().find(args.entry_id)
    for ef in added:
        print(_("Attached {name} ({size}) to {id} {title}").format(
            name=_name(ef.name), size=show_size(ef.size), id=entry.id[:8],
            title=_name(entry.title)), file=ctx.stdout)
    same = len(set(map(str, args.files))) - len(added)
    if same > 0:
        print(ngettext("{files} already attached to this entry (the same content): not "
                       "added again",
                       "{files} already attached to this entry (the same content): none "
                       "added again", same).format(files=count(same, "file")), file=ctx.stdout)
    return 0


def list_evidence(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.evidence import documents, files_for, show_size, stored_path
    from alnco.output import dump_json, table, terminal_width

    snapshot = ctx.record.read()
    titles = {e.id: e.title for e in snapshot.entries}
    if args.entry_id:
        entry = snapshot.find(args.entry_id)
        files = files_for(snapshot, entry.id)
    else:
        files = sorted(documents(snapshot), key=lambda ef: (ef.added_at, ef.name))
    if args.format == "json":
        dump_json([{**ef.to_dict(), "stored_path": str(stored_path(ctx.record_path, ef))}
                   for ef in files], ctx.stdout)
        return 0
    if not files:
        print(_("No evidence files. Attach one with: alnco evidence add ENTRY_ID FILE"),
              file=ctx.stdout)
        return 0
    width = terminal_width()
    if args.entry_id:  # one entry: its title once, then its files (80x24 and 60x20 fit)
        from alnco.output import truncate

        print(f"{entry.id[:8]}  {truncate(_name(entry.title), max(20, width - 11))}",
              file=ctx.stdout)
        headers = [_("ADDED"), _("SIZE"), _("HASH"), _("NAME")]
        rows = [[ef.added_at[:10], show_size(ef.size), ef.sha256[:8], ef.name]
                for ef in files]
        ctx.stdout.write(table(headers, rows, align_right=(1,), max_width=width, shrink=3))
        return 0
    from alnco.output import truncate

    room = max(12, (width - 34) // 2)  # the name and the title share what is left
    headers = [_("ENTRY"), _("SIZE"), _("HASH"), _("NAME"), _("TITLE")]
    rows = [[ef.entry_id[:8], show_size(ef.size), ef.sha256[:8],
             truncate(_name(ef.name), room),
             titles.get(ef.entry_id, _("(entry removed)"))] for ef in files]
    ctx.stdout.write(table(headers, rows, align_right=(1,), max_width=width, shrink=4))
    return 0


def remove_evidence(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.evidence import remove_file

    gone = remove_file(ctx, args.entry_id, args.file)
    print(_("Detached {name} from {id}").format(name=_name(gone.name), id=gone.entry_id[:8]),
          file=ctx.stdout)
    return 0


# ---------------------------------------------------------------------- open


def open_evidence(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.errors import InputError
    from alnco.evidence import checked_path, files_for, match

    snapshot = ctx.record.read()
    entry = snapshot.find(args.entry_id)
    files = files_for(snapshot, entry.id)
    if not files:
        raise InputError(_("entry {id} has no evidence files; attach one with: alnco evidence "
                           "add {id} FILE").format(id=entry.id[:8]))
    if args.file is None:
        if len(files) > 1:
            names = ", ".join(_name(ef.name) for ef in files[:6])
            from alnco.numerals import count

            raise InputError(_("entry {id} has {files} ({names}); say which: alnco evidence "
                               "open {id} NAME").format(id=entry.id[:8],
                                                        files=count(len(files), "file"),
                                                        names=names))
        chosen = files[0]
    else:
        chosen = match(files, args.file)
    path = checked_path(ctx.record_path, chosen)
    stdout = ctx.stdout
    if not _is_tty(stdout):
        return _write_bytes(ctx, path)
    from alnco.evidence_elsewhere import desktop_opener

    if desktop_opener(ctx.environ):
        return _open_on_desktop(ctx, path, chosen)
    data = _read(path)
    text = _as_text(data)
    if text is not None:
        return _page(ctx, text)
    _explain_copy(ctx, path, chosen, entry.id[:8])
    return 0


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _read(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _write_bytes(ctx: Context, path: Path) -> int:
    """Output redirected (`> FILE`, a pipe, `ssh HOST ... > FILE`): the file's bytes."""
    data = _read(path)
    buffer = getattr(ctx.stdout, "buffer", None)
    if buffer is None:  # an in-memory text stream (tests, embedding)
        ctx.stdout.write(data.decode("utf-8", "replace"))
        return 0
    ctx.stdout.flush()
    buffer.write(data)
    buffer.flush()
    return 0


def _as_text(data: bytes) -> str | None:
    """The file as text if it is UTF-8 without NUL bytes (a note, a CSV), else None."""
    if b"\x00" in data[:TEXT_SNIFF]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _which(program: str, environ: Any) -> str | None:
    for folder in (environ.get("PATH") or os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", program)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _page(ctx: Context, text: str) -> int:
    """Show text through $PAGER (default less), control characters made visible: a file
    may hold escape sequences that would otherwise run in the terminal."""
    import subprocess

    from alnco.output import safe_text

    shown = safe_text(text)
    command = shlex.split(ctx.environ.get("PAGER") or "less")
    if not command or not _which(command[0], ctx.environ) and not os.path.isabs(command[0]):
        ctx.stdout.write(shown if shown.endswith("\n") else shown + "\n")
        return 0
    env = dict(ctx.environ)
    env.setdefault("LESS", "FRX")  # short files print and return, as git's pager does
    try:
        ctx.stdout.flush()
        subprocess.run(command, input=shown.encode("utf-8", "backslashreplace"),
                       env=env, check=False)
    except OSError:
        ctx.stdout.write(shown if shown.endswith("\n") else shown + "\n")
    return 0


def _open_on_desktop(ctx: Context, path: Path, chosen: Any) -> int:
    """A private copy under its own name, opened with xdg-open (alnco.evidence_elsewhere)."""
    from alnco.errors import InputError
    from alnco.evidence_elsewhere import open_on_desktop

    try:
        copy = open_on_desktop(path, chosen.name, ctx.environ)
    except OSError as error:
        raise InputError(_("could not start xdg-open: {reason}").format(
            reason=error.strerror or error)) from None
    print(_("Opened a copy of {name} ({copy}); changes made there do not change the stored "
            "file").format(name=_name(chosen.name), copy=copy), file=ctx.stdout)
    return 0


def _explain_copy(ctx: Context, path: Path, chosen: Any, short_id: str) -> None:
    """Over SSH with no desktop: where the file is, and two ways to fetch it."""
    from alnco.evidence import show_size
    from alnco.evidence_elsewhere import fetch_commands

    out = ctx.stdout
    print(_("{name} ({size}) is not text and there is no desktop here to show it.").format(
        name=_name(chosen.name), size=show_size(chosen.size)), file=out)
    print(_("Stored at: {path}").format(path=path), file=out)
    print(_("To look at it on your own computer, copy it there with one of:"), file=out)
    for line in fetch_commands(ctx, path, chosen.name, chosen.sha256, short_id):
        print("  " + _name(line), file=out)
