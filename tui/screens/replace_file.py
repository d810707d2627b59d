"""Exporting from the app to a file that may already exist.

The command line refuses an existing file unless `--force` is given; the app has
no flags, so it asks "Replace file?" instead, and on yes exports as `--force`
does (a temp file renamed over the old one: never half a file). The other
refusals of `alnco.exports.writing` (no such folder, a symbolic link, not a
regular file) are found before any work is done and said without `-o`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Callable

from alnco.i18n import _
from alnco.output import safe_text
from alnco.tui.widgets.confirm import ConfirmScreen

EXISTS = "exists"


def target_path(path: str) -> Path:
    """The file an export to `path` writes, as alnco.exports.writing reads it."""
    return Path(path).expanduser()


def export_problem(path: str) -> str | None:
    """None: the file can be created; EXISTS: it is a file to ask about replacing;
    else why nothing can be written there, in the app's words."""
    target = target_path(path)
    if not target.parent.is_dir():
        return _("The folder {folder} does not exist; create it or choose another "
                 "file.").format(folder=target.parent)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        return _("cannot write {path}: {reason}").format(
            path=target, reason=error.strerror or str(error))
    if stat.S_ISLNK(info.st_mode):
        return _("{path} is a symbolic link; alnco never writes through one; choose "
                 "another file.").format(path=target)
    if not stat.S_ISREG(info.st_mode):
        return _("{path} is not a regular file; choose another file.").format(path=target)
    return EXISTS


class ReplaceFileScreen(ConfirmScreen):
    """"Replace file?", Yes (y) or No (n, esc): True replaces, False keeps the old file."""

    def __init__(self, path: str) -> None:
        super().__init__(safe_text(  # the name as typed, control codes made visible
            _("Replace file? {path} already exists; replacing it loses what it "
              "holds now.").format(path=target_path(path)), single_line=True))


def ask_replace(app: Any, path: str, replace: Callable[[], None]) -> None:
    """Ask whether to replace `path`; call `replace` only on yes."""

    def answered(yes: bool | None) -> None:
        if yes:
            replace()
        else:
            app.notify(safe_text(_("Not exported: {path} was kept as it is.").format(
                path=target_path(path)), single_line=True), markup=False)

    app.push_screen(ReplaceFileScreen(path), answered)
