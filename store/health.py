"""Health checks on a record, its lock, backups and permissions (`alnco doctor`).

Read-only: it never changes, repairs or migrates anything.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from alnco.errors import RecordError
from alnco.i18n import _, ngettext
from alnco.store import backups, schema
from alnco.store.storage import read_json

MAX_LISTED = 20  # malformed entries listed one by one; the rest are counted

OK, WARN, FAIL = "ok", "warning", "problem"


@dataclass(frozen=True)
class Check:
    status: str  # ok | warning | problem
    what: str
    detail: str


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def check_record(path: Path) -> list[Check]:
    checks: list[Check] = []
    add = lambda status, what, detail: checks.append(Check(status, what, detail))  # noqa: E731
    folder = path.parent
    if not folder.is_dir():
        add(WARN, _("folder"), _("{folder} does not exist yet (created on first save)")
            .format(folder=folder))
        return checks
    folder_mode = _mode(folder)
    if folder.stat().st_uid != os.geteuid():
        add(FAIL, _("folder"), _("{folder} belongs to another user, who could replace the "
                                 "record; alnco will not save there").format(folder=folder))
    elif folder_mode & 0o022:
        add(FAIL, _("folder"), _("{folder} mode {mode:o}: others can add or replace files "
                                 "in it; chmod go-w {folder}").format(folder=folder,
                                                                      mode=folder_mode))
    else:
        add(OK if not folder_mode & 0o077 else WARN, _("folder"),
            _("{folder} mode {mode:o}{advice}").format(
                folder=folder, mode=folder_mode,
                advice="" if not folder_mode & 0o077 else _(" (others can look inside; chmod 700)")))
    if path.is_symlink():
        add(FAIL, _("record"), _("{path} is a symbolic link (to {target}); alnco will not save "
                                 "through it: use --record {target}").format(
            path=path, target=os.path.realpath(path)))
    if not path.exists():
        add(OK, _("record"), _("{path} does not exist yet: no entries").format(path=path))
        return checks
    mode = _mode(path)
    if mode & 0o022:
        add(FAIL, _("permissions"), _("{path} mode {mode:o}: others can change it; chmod 600 {path}")
            .format(path=path, mode=mode))
    elif mode & 0o044:
        add(WARN, _("permissions"), _("{path} mode {mode:o}: others can read it; chmod 600 {path}")
            .format(path=path, mode=mode))
    else:
        add(OK, _("permissions"), _("{path} mode {mode:o}").format(path=path, mode=mode))
    if path.stat().st_uid != os.geteuid():
        add(FAIL, _("owner"), _("{path} belongs to another user").format(path=path))
    try:
        data = read_json(path)
    except RecordError as error:
        add(FAIL, _("record"), _("{path} is unreadable: {reason}").format(path=path, reason=error))
        data = None
    else:
        version = schema.version_of(data)
        count = len((data or {}).get(schema.ENTRIES) or {})
        if version > schema.CURRENT_VERSION:
            add(FAIL, _("schema"), _("version {v}, newer than this alnco ({c}); upgrade alnco")
                .format(v=version, c=schema.CURRENT_VERSION))
        elif version < schema.CURRENT_VERSION:
            add(WARN, _("schema"), _("version {v}; upgraded (with a backup) on the next change")
                .format(v=version))
        else:
            add(OK, _("record"), ngettext("{n} entry, schema version {v}", "{n} entries, schema version {v}",
                         count).format(n=count, v=version))
        if version <= schema.CURRENT_VERSION:
            checks.extend(entry_checks(data))
    add(*_lock_check(path.with_name(path.name + ".lock")))
    found = backups.list_backups(path)
    unsafe = backups_folder_problem(path)
    if unsafe:
        add(WARN, _("backups"), _("none can be made: {reason}").format(reason=unsafe))
    elif not found:
        add(WARN, _("backups"), _("none yet (one is made before the first change each day)"))
    else:
        newest = found[0]
        readable = backups.latest_backup(path)
        if readable == newest:
            add(OK, _("backups"), _("{n} in {folder}; newest {name} is readable").format(
                n=len(found), folder=newest.parent, name=newest.name))
        else:
            add(WARN, _("backups"), _("newest backup {path} is unreadable").format(path=newest))
    leftovers = sorted(folder.glob(f".{path.name}.*.tmp"))
    backup_folder = backups.backups_dir(path)
    if not unsafe and backup_folder.is_dir():
        pattern = backups.backup_temp_pattern(path)
        leftovers += sorted(p for p in backup_folder.iterdir() if pattern.fullmatch(p.name))
    if leftovers:
        add(WARN, _("leftovers"), _("{n} unfinished temporary file(s) from an interrupted save, "
                                    "e.g. {path}; the record is intact and they can be deleted")
            .format(n=len(leftovers), path=leftovers[0]))
    free = shutil.disk_usage(folder).free
    add(OK if free > 50 * 2**20 else WARN, _("disk"),
        _("{mb} MB free in {folder}").format(mb=free // 2**20, folder=folder))
    return checks


def backups_folder_problem(record: Path) -> str | None:
    """Why the backups folder cannot be used, or None (it is fine, or not made yet)."""
    folder = backups.backups_dir(record)
    try:
        backups.check_folder_stat(folder, os.lstat(folder))
    except FileNotFoundError:
        return None
    except OSError as error:
        return str(error.strerror or error)
    except backups.UnsafeBackups as error:
        return str(error)
    return None


def malformed_entries(path: Path) -> list[schema.EntryProblem]:
    """Every malformed entry in the record at `path`, in file order ([] if unreadable)."""
    try:
        return schema.malformed_entries(read_json(path))
    except RecordError:
        return []


def entry_checks(data: dict | None) -> list[Check]:
    """One problem line per malformed entry (the first MAX_LISTED), and one for a
    malformed profile, for `alnco doctor`."""
    problems = schema.malformed_entries(data)
    checks = [Check(FAIL, _("entry"), problem.describe()) for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        checks.append(Check(FAIL, _("entry"), ngettext(
            "and {n} more problem", "and {n} more problems", len(problems) - MAX_LISTED,
        ).format(n=len(problems) - MAX_LISTED)))
    try:
        schema.profile_from_table((data or {}).get(schema.PROFILE))
    except schema.MalformedProfile as error:
        checks.append(Check(FAIL, _("profile"), str(error)))
    if checks:
        checks.append(Check(FAIL, _("record"), _(
            "alnco cannot read the record until these are corrected in a text editor, or a "
            "backup is restored")))
    return checks


def _lock_check(lock_path: Path) -> tuple[str, str, str]:
    if not lock_path.exists():
        return OK, _("lock"), _("free")
    if lock_path.is_symlink():
        return WARN, _("lock"), _("{path} is a symbolic link; remove it (rm {path})").format(
            path=lock_path)
    try:
        fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        return WARN, _("lock"), _("cannot open {path}: {reason}").format(
            path=lock_path, reason=error.strerror)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return OK, _("lock"), _("free")
    except OSError:
        return WARN, _("lock"), _("held by another alnco session right now")
    finally:
        os.close(fd)
