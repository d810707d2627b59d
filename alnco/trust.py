"""May a file or folder of the shared system layer be trusted? (like sshd's StrictModes)

The system layer (`/etc/alnco`, or `ALNCO_SYSTEM_DIR`) changes what every user of
the server sees: the catalogue (its links) and the framework targets. So alnco
uses a file or folder there only if nobody but root or the user running alnco
could have written it:

    The path, and every folder from it up to /, is owned by root or by the user
    running alnco and is not writable by group or others. Symbolic links are
    followed: the folder each link sits in, the link itself (its owner) and its
    target, with every folder above the target, are checked the same way. One
    exception: a folder *above* the checked path may be writable by others if it
    has the sticky bit (like /tmp, mode 1777) and is owned by root or the user,
    because nobody else can then rename or remove what is in it.

Every ancestor is checked, up to / (as sshd does for ~/.ssh, but without
stopping at a home folder). `check` is the rule; `refusal` applies it to a
system-layer path and words the one warning line; `warn_once` prints it.
Plain Python: no I/O beyond `os.lstat`, `os.readlink` and stderr.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alnco.i18n import _

ROOT = 0
OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
MAX_LINKS = 40  # as the kernel's ELOOP limit


@dataclass(frozen=True)
class Untrusted:
    """The first thing on a path's way that fails the rule, and why."""

    path: str              # the file, a folder above it, or a link on the way
    owner: int | None      # its owner's uid when that is neither root nor the user
    mode: int | None       # its permission bits when group or others can write it
    error: str = ""        # when it could not be checked at all
    is_link: bool = False

    def problem(self) -> str:
        if self.error:
            return _("cannot check {path}: {reason}").format(path=self.path, reason=self.error)
        if self.owner is not None and self.mode is not None:
            return _("{path} belongs to {owner}, not root or you, and can be changed by group "
                     "or others (mode {mode:o})").format(path=self.path,
                                                         owner=owner_name(self.owner),
                                                         mode=self.mode)
        if self.owner is not None:
            return _("{path} belongs to {owner}, not root or you").format(
                path=self.path, owner=owner_name(self.owner))
        return _("{path} can be changed by group or others (mode {mode:o})").format(
            path=self.path, mode=self.mode or 0)

    def fix(self) -> str:
        """The command that makes it trusted (root's, unless the user owns it)."""
        quoted = shlex.quote(self.path)
        if self.error:
            return f"ls -ld {quoted}"
        commands = []
        sudo = "" if self.owner is None and os.geteuid() != ROOT and _owned_by_me(self.path) \
            else "sudo "
        if self.owner is not None:
            commands.append(f"{sudo}chown {'-h ' if self.is_link else ''}root: {quoted}")
        if self.mode is not None:
            commands.append(f"{sudo}chmod go-w {quoted}")
        return " && ".join(commands)

    def describe(self) -> str:
        """`PROBLEM; fix: COMMAND`, for one warning or doctor line."""
        return _("{problem}; fix: {fix}").format(problem=self.problem(), fix=self.fix())


def _owned_by_me(path: str) -> bool:
    try:
        return os.lstat(path).st_uid == os.geteuid()
    except OSError:
        return False


def owner_name(uid: int) -> str:
    """`nobody (uid 65534)`, or the bare uid when it has no name."""
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _judge(path: str, info: os.stat_result, uid: int, *, above: bool) -> Untrusted | None:
    owner = info.st_uid if info.st_uid not in (ROOT, uid) else None
    if stat.S_ISLNK(info.st_mode):  # a link's own mode means nothing; its owner may remove it
        return Untrusted(path, owner, None, is_link=True) if owner is not None else None
    bits = stat.S_IMODE(info.st_mode)
    mode = bits if bits & OTHERS_WRITE else None
    if mode is not None and above and stat.S_ISDIR(info.st_mode) and bits & stat.S_ISVTX:
        mode = None  # a sticky folder above (like /tmp): others cannot replace what is in it
    if owner is None and mode is None:
        return None
    return Untrusted(path, owner, mode)


def check(path: str | os.PathLike[str], *, uid: int | None = None,
          shared: bool = False) -> Untrusted | None:
    """None if `path` may be trusted, else the first thing on its way that may not.

    Walks the path from / one name at a time, as the kernel resolves it, so every
    folder that could change what `path` means is judged, including those a
    symbolic link leads through. `uid` is the user running alnco (default: the
    effective uid). `shared` is for a drop folder (the `submit` inbox): the path
    itself is judged like a folder above, so a sticky folder that others may
    write into is fine, as /tmp is.
    """
    uid = os.geteuid() if uid is None else uid
    text = os.fspath(path)
    if not os.path.isabs(text):
        text = os.path.join(os.getcwd(), text)
    parts = list(Path(text).parts[1:])  # Path keeps "..", drops "." and doubled slashes
    parts.reverse()  # a stack: the next name is at the end
    current = "/"
    try:
        found = _judge(current, os.lstat(current), uid, above=bool(parts) or shared)
        if found:
            return found
        links = 0
        while parts:
            name = parts.pop()
            if name == "..":
                current = os.path.dirname(current)  # `current` is real: its parent is too
                continue
            candidate = os.path.join(current, name)
            info = os.lstat(candidate)
            if stat.S_ISLNK(info.st_mode):
                found = _judge(candidate, info, uid, above=True)
                if found:
                    return found
                links += 1
                if links > MAX_LINKS:
                    return Untrusted(candidate, None, None, error=_("too many symbolic links"))
                target = os.readlink(candidate)
                target_parts = list(Path(target).parts)
                if os.path.isabs(target):
                    current = "/"
                    target_parts = target_parts[1:]
                parts.extend(reversed(target_parts))
                continue
            found = _judge(candidate, info, uid, above=bool(parts) or shared)
            if found:
                return found
            current = candidate
    except OSError as error:
        return Untrusted(getattr(error, "filename", None) or text, None, None,
                         error=str(error.strerror or error))
    return None


@dataclass(frozen=True)
class Refusal:
    """Why a system-layer path is not used."""

    untrusted: Untrusted
    whole_layer: bool  # the system folder itself (or one above it) fails the rule
    system_dir: str
    path: str          # the path that was checked

    def line(self, named: str, unnamed: str = "") -> str:
        """One warning line. `named` says what was skipped with its path ("the system
        catalogue X"); `unnamed` without it ("a system catalogue file"), used when
        the path itself is what failed, so the line names it once."""
        if self.whole_layer:
            return _("skipped the whole system layer {folder} (catalogue and framework "
                     "values): {reason}").format(folder=self.system_dir,
                                                 reason=self.untrusted.describe())
        what = unnamed if unnamed and self.untrusted.path == self.path else named
        return _("skipped {what}: {reason}").format(what=what, reason=self.untrusted.describe())


def refusal(path: str | os.PathLike[str], system_dir: str | os.PathLike[str]) -> Refusal | None:
    """None when `path`, in the system layer `system_dir`, may be used.

    The system folder is judged first, so that one bad folder at the top gives
    the same line from the catalogue and the frameworks (printed once).
    """
    top = check(system_dir)
    if top is not None:
        return Refusal(top, True, os.fspath(system_dir), os.fspath(path))
    if os.fspath(path) == os.fspath(system_dir):
        return None
    found = check(path)
    if found is None:
        return None
    return Refusal(found, False, os.fspath(system_dir), os.fspath(path))


def warn_once(ctx: Any, line: str) -> None:
    """Print `alnco: warning: LINE` on ctx.stderr, once per context and line.

    Inside the running app (a Textual app is active in this thread or task) the
    line becomes a notification instead: a line written to the terminal would
    land on top of the screen. Textual is never imported here.
    """
    from alnco.output import safe_text

    seen = _seen(ctx)
    if seen is not None:
        if line in seen:
            return
        seen.add(line)
    app = _running_app()
    if app is not None:
        try:
            app.notify(safe_text(line, single_line=True), title=_("Warning"),
                       severity="warning", markup=False, timeout=10)
            return
        except Exception:  # noqa: BLE001 - a notification that fails falls back to stderr
            pass
    stream = getattr(ctx, "stderr", None) or sys.stderr
    print("alnco: warning: " + safe_text(line, single_line=True), file=stream)


def _seen(ctx: Any) -> set[str] | None:
    if ctx is None:
        return None
    try:
        found = vars(ctx).get("_alnco_warned")
        if found is None:
            found = set()
            vars(ctx)["_alnco_warned"] = found
        return found
    except TypeError:  # no __dict__
        return None


def _running_app() -> Any:
    """The Textual app this code runs under, if any: the active app of this task,
    or, in a thread worker (which has no active app), the app of its worker."""
    context = sys.modules.get("textual._context")
    if context is None:
        return None
    try:
        app = context.active_app.get(None)
        if app is None:
            workers = sys.modules.get("textual.worker")
            worker = workers.active_worker.get(None) if workers is not None else None
            app = worker.node.app if worker is not None else None
        return app
    except Exception:  # noqa: BLE001 - Textual's internals may change; then print
        return None
