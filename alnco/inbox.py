"""The co-ordinator's inbox on a shared server, and handing a copy in to it.

Plain Unix permissions do the work (docs/admin.md has the one command that
makes the folder). The admin creates it once, owned by root, group the
co-ordinators, mode 3773:

- others may write and enter (`-wx`) but not list (`r`): an ALNCO can hand a
  file in without learning anyone else's file names;
- sticky (`+t`): only a file's owner (or root) can remove or rename it, so
  nobody can replace or delete someone else's copy;
- setgid (`g+s`): every file made inside belongs to the co-ordinators' group,
  whoever made it; with mode 0640 they can read it and other ALNCOs cannot.

`check` refuses a folder that lacks any of these (or that someone other than
root or you could swap for another), naming the fix, before anything is
written. `hand_in` writes a new file with a random name through a descriptor
of the folder (O_PATH: the folder cannot be read by us either), then renames
it over your own previous copy (the sticky bit lets only you do that) or links
it to a fresh name that cannot already exist.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import secrets
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alnco import trust
from alnco.errors import InputError
from alnco.i18n import _

DEFAULTS_FILE = "defaults.toml"  # in the system layer: [submit] inbox = "/srv/alnco/inbox"
SUBMISSIONS_TABLE = "submissions"  # in the record: the name of your copy in each inbox
FILE_MODE = 0o640
SUFFIX = ".json"


@dataclass(frozen=True)
class Inbox:
    path: str  # as resolved, no symbolic links
    gid: int
    group: str
    readers: tuple[str, ...]  # login names in the group (members and primary)


def configured(ctx: Any) -> str | None:
    """The inbox named by the system layer's defaults.toml, if it may be trusted."""
    import tomllib

    path = Path(ctx.system_dir) / DEFAULTS_FILE
    if not os.path.lexists(path):
        return None
    refused = trust.refusal(path, Path(ctx.system_dir))
    if refused is not None:
        trust.warn_once(ctx, refused.line(_("the system defaults {path}").format(path=path),
                                          _("a system defaults file")))
        return None
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, ValueError) as error:
        trust.warn_once(ctx, _("skipped the system defaults {path}: {reason}").format(
            path=path, reason=error))
        return None
    inbox = (data.get("submit") or {}).get("inbox") if isinstance(data.get("submit"), dict) \
        else None
    return inbox if isinstance(inbox, str) and inbox.strip() else None


def check(folder: str) -> Inbox:
    """The inbox, if handing a copy in there keeps it private; else InputError with the fix."""
    text = os.path.abspath(os.path.expanduser(folder))
    quoted = shlex.quote(text)
    try:
        info = os.stat(text)
    except FileNotFoundError:
        raise InputError(_("the inbox {path} does not exist; the server's admin creates it "
                           "once (see docs/admin.md)").format(path=text)) from None
    except OSError as error:
        raise InputError(_("cannot use the inbox {path}: {reason}").format(
            path=text, reason=error.strerror or error)) from None
    if not stat.S_ISDIR(info.st_mode):
        raise InputError(_("the inbox {path} is not a folder").format(path=text))
    mode = stat.S_IMODE(info.st_mode)
    problems = []
    if not mode & stat.S_ISVTX:
        problems.append((_("others could remove or replace your copy (no sticky bit)"), "+t"))
    if not mode & stat.S_ISGID:
        problems.append((_("your copy would not belong to the co-ordinators' group "
                           "(no setgid bit)"), "g+s"))
    if mode & stat.S_IROTH:
        problems.append((_("every user could list the copies in it"), "o-r"))
    if problems:
        reasons = "; ".join(reason for reason, _fix in problems)
        fix = "sudo chmod " + ",".join(fix for _reason, fix in problems) + " " + quoted
        raise InputError(_("the inbox {path} would not keep your copy private: {reasons}; "
                           "ask the server's admin to run: {fix}").format(
                               path=text, reasons=reasons, fix=fix))
    found = trust.check(text, shared=True)  # and nobody but root (or you) could swap it
    if found is not None:
        raise InputError(_("the inbox {path} is not safe: {reason}").format(
            path=text, reason=found.describe()))
    return Inbox(path=os.path.realpath(text), gid=info.st_gid, group=_group_name(info.st_gid),
                 readers=readers(info.st_gid))


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def readers(gid: int) -> tuple[str, ...]:
    """Who can read a copy: the group's members, and those whose main group it is."""
    names: set[str] = set()
    try:
        names.update(grp.getgrgid(gid).gr_mem)
    except KeyError:
        pass
    names.update(entry.pw_name for entry in pwd.getpwall() if entry.pw_gid == gid)
    return tuple(sorted(names))


def login_name() -> str:
    try:
        name = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        name = str(os.geteuid())
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:32] or "alnco"


def hand_in(inbox: Inbox, content: bytes, previous: str | None) -> str:
    """Write `content` into the inbox; the file name it now has.

    Replaces `previous` (the name of your last copy there) when that is still
    your own regular file; otherwise a new name. Nothing is left behind on
    failure, and nothing of anyone else's can be touched.
    """
    try:
        folder = os.open(inbox.path, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise InputError(_("cannot use the inbox {path}: {reason}").format(
            path=inbox.path, reason=error.strerror or error)) from None
    temporary = f".{login_name()}-{secrets.token_hex(8)}.part"
    try:
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | os.O_CLOEXEC, FILE_MODE, dir_fd=folder)
        except PermissionError:
            raise InputError(_("you cannot write to the inbox {path}; ask the server's admin "
                               "(see docs/admin.md)").format(path=inbox.path)) from None
        try:
            os.fchmod(handle, FILE_MODE)  # whatever the umask took away
            if os.fstat(handle).st_gid != inbox.gid:
                raise InputError(_("the copy did not get the inbox's group {group}; nothing "
                                   "was handed in").format(group=inbox.group))
            view = memoryview(content)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)
        except BaseException:
            os.close(handle)
            _remove(temporary, folder)
            raise
        os.close(handle)
        try:
            return _publish(temporary, previous, folder)
        except BaseException:
            _remove(temporary, folder)
            raise
    finally:
        os.close(folder)


def _publish(temporary: str, previous: str | None, folder: int) -> str:
    if previous and _is_mine(previous, folder):
        try:
            os.rename(temporary, previous, src_dir_fd=folder, dst_dir_fd=folder)
            return previous
        except OSError:
            pass  # removed or replaced meanwhile: hand in under a new name instead
    for _attempt in range(5):
        name = f"{login_name()}-{secrets.token_hex(12)}{SUFFIX}"
        try:  # a link never replaces an existing name, as a rename would
            os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder,
                    follow_symlinks=False)
        except FileExistsError:
            continue
        _remove(temporary, folder)
        return name
    raise InputError(_("could not find a free file name in the inbox"))


def _is_mine(name: str, folder: int) -> bool:
    if "/" in name or name in (".", ".."):
        return False
    try:
        info = os.lstat(name, dir_fd=folder)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid()


def _remove(name: str, folder: int) -> None:
    try:
        os.unlink(name, dir_fd=folder)
    except OSError:
        pass  # already gone, or the folder with it: nothing of ours is left either way
