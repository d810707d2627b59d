"""Looking at a kept evidence file somewhere other than the terminal: with a
desktop's own program (a private copy under its original name), or, over SSH,
on your own computer (the commands that copy it there).

One place for both the command line (`alnco evidence open`) and the app (`o`
in the evidence view): the kept file itself is never handed to another
program, and copies opened long ago are cleared by both.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from alnco.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping

OPEN_PREFIX = "alnco-open-"  # the private folders that copies opened on a desktop go in
OLD_COPY_SECONDS = 12 * 3600  # a viewer has long read its copy by then


def desktop_opener(environ: Mapping[str, str]) -> str | None:
    """xdg-open, when there is a display to open files on (None: there is not)."""
    if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return None
    for folder in (environ.get("PATH") or os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", "xdg-open")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def open_on_desktop(path: Path, name: str, environ: Mapping[str, str]) -> Path:
    """Copy the kept file at `path` into a private folder (0700, the copy 0600) as
    `name` (viewers choose a program by the name's ending) and hand the copy to
    xdg-open. Returns the copy; raises OSError (nothing to open it with, the file
    unreadable, xdg-open not started)."""
    program = desktop_opener(environ)
    if program is None:
        raise OSError(0, _("there is no desktop here to open it on"))
    base = environ.get("XDG_RUNTIME_DIR")
    base = base if base and os.path.isdir(base) else tempfile.gettempdir()
    remove_old_copies(base)
    folder = Path(tempfile.mkdtemp(prefix=OPEN_PREFIX, dir=base))
    copy = folder / (os.path.basename(name).lstrip(".") or "evidence")
    source = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(source).st_mode):
            raise OSError(0, _("not a regular file"))
        out = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                      | os.O_CLOEXEC, 0o600)
        try:
            while chunk := os.read(source, 1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
        finally:
            os.close(out)
    finally:
        os.close(source)
    subprocess.Popen([program, str(copy)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, env=dict(environ))
    return copy


def remove_old_copies(base: str) -> None:
    """Best effort: this user's copies opened more than OLD_COPY_SECONDS ago. Only
    folders of alnco's naming, owned by this user; what is inside is unlinked (a
    link is removed, never followed)."""
    cutoff = time.time() - OLD_COPY_SECONDS
    try:
        items = list(os.scandir(base))
    except OSError:
        return
    for item in items:
        if not item.name.startswith(OPEN_PREFIX):
            continue
        try:
            st = item.stat(follow_symlinks=False)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() \
                    or st.st_mtime > cutoff:
                continue
            fd = os.open(item.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            try:
                for name in os.listdir(fd):
                    os.unlink(name, dir_fd=fd)
            finally:
                os.close(fd)
            os.rmdir(item.path)
        except OSError:
            continue


def this_login() -> str:
    """`user@host` for ssh and scp: this user (by uid, not $USER) on this machine."""
    import pwd

    try:
        user = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        user = ""
    host = os.uname().nodename or "HOST"
    return f"{user}@{host}" if user else host


def fetch_commands(ctx: Any, path: Path, name: str, sha256: str, entry_id: str) -> list[str]:
    """The two commands, run on your own computer, that copy the kept file there
    under its name: scp, or ssh running `alnco evidence open` (any scp-less host)."""
    login = this_login()
    local = shlex.quote(name if not name.startswith("-") else "./" + name)
    record = "" if ctx.record_is_default else f" --record {shlex.quote(str(ctx.record_path))}"
    return [f"scp {shlex.quote(login + ':' + str(path))} {local}",
            f"ssh {shlex.quote(login)} alnco{record} evidence open {entry_id[:8]} "
            f"{sha256[:12]} > {local}"]
