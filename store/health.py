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
    add(OK if not folder_mode & 0o077 else WARN, _("folder"),
        _("{folder} mode {mode:o}{advice}").format(
            folder=folder, mode=folder_mode,
            advice="" if not folder_mode & 0o077 else _(" (others can look inside; chmod 700)")))
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
    if path.stat().st_uid != os.getuid():
        add(WARN, _("owner"), _("{path} belongs to another user").format(path=path))
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
    add(*_lock_check(path.with_name(path.name + ".lock")))
    found = backups.list_backups(path)
    if not found:
        add(WARN, _("backups"), _("none yet (one is made before the first change each day)"))
    else:
        newest = found[0]
        try:
            read_json(newest)
            add(OK, _("backups"), _("{n} in {folder}; newest {name} is readable").format(
                n=len(found), folder=newest.parent, name=newest.name))
        except RecordError:
            add(WARN, _("backups"), _("newest backup {path} is unreadable").format(path=newest))
    leftovers = sorted(folder.glob(f".{path.name}.*.tmp"))
    if leftovers:
        add(WARN, _("leftovers"), _("{n} unfinished temporary file(s) from an interrupted save, "
                                    "e.g. {path}; the record is intact and they can be deleted")
            .format(n=len(leftovers), path=leftovers[0]))
    free = shutil.disk_usage(folder).free
    add(OK if free > 50 * 2**20 else WARN, _("disk"),
        _("{mb} MB free in {folder}").format(mb=free // 2**20, folder=folder))
    return checks


def _lock_check(lock_path: Path) -> tuple[str, str, str]:
    if not lock_path.exists():
        return OK, _("lock"), _("free")
    try:
        fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW)
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
