"""Copies of the record: one a day before its first change, and one before any migration.

They live in `<record stem>.backups/` beside the record, folder 0700 and files
0600, so a corrupt record always has a named, recent copy to restore from.

On a shared server that folder is a target, so it is used only if it is a real
folder (never a symlink), owned by this user and closed to everyone else; if
not, backups are refused with a reason naming the fix (`UnsafeBackups`). Every
operation inside it goes through one descriptor opened with O_NOFOLLOW, so the
folder cannot be swapped between the check and the write. A backup is written
to a temp file (O_EXCL | O_NOFOLLOW, 0600), fsynced and renamed, so a kill or a
full disk never leaves a truncated file under a backup's name. Pruning and the
"latest backup" advice consider only alnco's own names, regular files, owned by
this user; the advice also needs the file to parse.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from contextlib import contextmanager
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path

from alnco.errors import RecordError
from alnco.i18n import _
from alnco.store.storage import (
    CorruptRecord,
    parse_json,
    random_suffix,
    read_file,
    remove_stale_temps,
    temp_pattern,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

KEEP_DAILY = 14


class UnsafeBackups(RecordError):
    """The backups folder cannot be trusted; the message says why and how to fix it."""


def backups_dir(record: Path) -> Path:
    return record.with_name(record.stem + ".backups")


def daily_name(record: Path, now: datetime) -> str:
    return f"{record.stem}-{now:%Y-%m-%d}.json"


def migration_name(record: Path, version: int, now: datetime) -> str:
    return f"{record.stem}-pre-v{version}-{now:%Y%m%dT%H%M%S%f}.json"


def _daily_regex(record: Path) -> str:
    return rf"{re.escape(record.stem)}-\d{{4}}-\d{{2}}-\d{{2}}\.json"


def _migration_regex(record: Path) -> str:
    return rf"{re.escape(record.stem)}-pre-v\d+-\d{{8}}T\d{{12}}\.json"


@lru_cache(maxsize=32)
def _own_names(record: Path) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(daily backups, every backup alnco names) for this record."""
    daily = _daily_regex(record)
    return re.compile(daily), re.compile(f"{daily}|{_migration_regex(record)}")


@lru_cache(maxsize=32)
def backup_temp_pattern(record: Path) -> re.Pattern[str]:
    return temp_pattern(f"{_daily_regex(record)}|{_migration_regex(record)}")


# ------------------------------------------------------------------- the folder


def _refuse(folder: Path, why: str) -> UnsafeBackups:
    messages = {
        "link": _("{folder} is a symbolic link, which alnco will not follow; remove it "
                  "(rm {folder}) and alnco will make a private backups folder there"),
        "owner": _("{folder} belongs to another user; move it aside (mv {folder} "
                   "{folder}.old) and alnco will make a private backups folder there"),
        "kind": _("{folder} is not a folder; move it aside (mv {folder} {folder}.old) and "
                  "alnco will make a private backups folder there"),
    }
    return UnsafeBackups(messages[why].format(folder=folder))


def check_folder_stat(folder: Path, st: os.stat_result) -> None:
    """UnsafeBackups unless `st` (from lstat or fstat) is a private folder of ours."""
    if stat.S_ISLNK(st.st_mode):
        raise _refuse(folder, "link")
    if not stat.S_ISDIR(st.st_mode):
        raise _refuse(folder, "kind")
    if st.st_uid != os.geteuid():
        raise _refuse(folder, "owner")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        raise UnsafeBackups(
            _("{folder} can be opened by other users (mode {mode:o}); run: chmod 700 {folder}")
            .format(folder=folder, mode=mode))


@contextmanager
def _open_folder(record: Path, *, create: bool) -> Iterator[int | None]:
    """The backups folder's descriptor, after every check; None if it does not exist."""
    folder = backups_dir(record)
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        try:
            fd = os.open(folder, flags)
        except FileNotFoundError:
            if not create:
                fd = None
            else:
                try:
                    os.mkdir(folder, 0o700)  # never follows a symlink in its place
                except FileExistsError:
                    pass
                fd = os.open(folder, flags)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            check_folder_stat(folder, os.lstat(folder))
        raise
    if fd is None:
        yield None
        return
    try:
        check_folder_stat(folder, os.fstat(fd))
        yield fd
    finally:
        os.close(fd)


def _own_file(dir_fd: int, name: str) -> bool:
    """A regular file of this user's (a symlink is not looked through)."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()


# ------------------------------------------------------------------- listing


def _listed(dir_fd: int, record: Path) -> list[tuple[int, str]]:
    """(mtime_ns, name) of this user's own backups, newest first."""
    _daily, own = _own_names(record)
    found = []
    for name in os.listdir(dir_fd):
        if not own.fullmatch(name):
            continue
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
            found.append((st.st_mtime_ns, name))
    found.sort(reverse=True)
    return found


def list_backups(record: Path) -> list[Path]:
    """This user's own backups of `record`, newest first ([] if the folder is unsafe)."""
    folder = backups_dir(record)
    try:
        with _open_folder(record, create=False) as fd:
            if fd is None:
                return []
            return [folder / name for _mtime, name in _listed(fd, record)]
    except (OSError, UnsafeBackups):
        return []


def _parses(dir_fd: int, name: str, usable: Callable[[dict[str, Any]], bool] | None) -> bool:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     dir_fd=dir_fd)
    except OSError:
        return False
    with open(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            return False
        try:
            data = parse_json(handle.read())
        except (CorruptRecord, OSError):
            return False
    return data is not None and (usable is None or usable(data))


def latest_backup(record: Path,
                  usable: Callable[[dict[str, Any]], bool] | None = None) -> Path | None:
    """The newest backup that is this user's, a regular file, and a readable record
    (and, if given, one `usable` accepts once parsed)."""
    folder = backups_dir(record)
    try:
        with _open_folder(record, create=False) as fd:
            if fd is None:
                return None
            for _mtime, name in _listed(fd, record):
                if _parses(fd, name, usable):
                    return folder / name
    except (OSError, UnsafeBackups):
        return None
    return None


# ------------------------------------------------------------------- writing


def write_in_folder(dir_fd: int, name: str, data: bytes) -> None:
    """`data` as `name` in the open folder, whole or not at all: an exclusive 0600 temp
    file (`.NAME.XXXXXXXX.tmp`, never through a symlink), fsync, rename, fsync the folder.
    Backups and the app's drafts both write this way."""
    for _attempt in range(100):
        random = random_suffix()
        temp = f".{name}.{random}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 collisions of 8 random characters
        raise FileExistsError(errno.EEXIST, "no free temporary name", name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(temp, dir_fd=dir_fd)
        except OSError:
            pass
        raise
    os.fsync(dir_fd)


def _record_bytes(record: Path) -> bytes | None:
    found = read_file(record, follow_symlinks=False)
    return None if found is None else found[0]


def _prune(dir_fd: int, record: Path) -> None:
    """Keep the newest KEEP_DAILY daily backups (by the date in their names)."""
    daily, _own = _own_names(record)
    names = sorted((n for n in os.listdir(dir_fd) if daily.fullmatch(n) and _own_file(dir_fd, n)),
                   reverse=True)
    for old in names[KEEP_DAILY:]:
        try:
            os.unlink(old, dir_fd=dir_fd)
        except FileNotFoundError:
            pass


def daily_backup(record: Path, now: datetime | None = None,
                 data: bytes | None = None) -> Path | None:
    """Copy the record once a day, before the day's first change; prune old copies.

    `data` is the record's bytes as just read (read here if not given).
    Raises UnsafeBackups or OSError; the caller decides whether that matters.
    """
    if data is None:
        data = _record_bytes(record)
    if not data:
        return None
    now = now or datetime.now(timezone.utc)
    name = daily_name(record, now)
    with _open_folder(record, create=True) as fd:
        assert fd is not None
        remove_stale_temps(fd, backup_temp_pattern(record))
        if _own_file(fd, name):
            return None  # today's copy is made; anything else there is replaced, not followed
        write_in_folder(fd, name, data)
        _prune(fd, record)
    return backups_dir(record) / name


def migration_backup(record: Path, version: int, now: datetime | None = None,
                     data: bytes | None = None) -> Path:
    """Copy the record before migrating it from schema `version`; never pruned."""
    if data is None:
        data = _record_bytes(record) or b""
    now = now or datetime.now(timezone.utc)
    name = migration_name(record, version, now)
    with _open_folder(record, create=True) as fd:
        assert fd is not None
        remove_stale_temps(fd, backup_temp_pattern(record))
        write_in_folder(fd, name, data)
    return backups_dir(record) / name


def remove_stale_backup_temps(record: Path) -> None:
    """Best effort: alnco's abandoned temp files in the backups folder."""
    try:
        with _open_folder(record, create=False) as fd:
            if fd is not None:
                remove_stale_temps(fd, backup_temp_pattern(record))
    except (OSError, UnsafeBackups):
        pass

