"""Reading and writing the record file so that a half-written record is never left behind.

TinyDB's JSONStorage rewrites the file in place: a crash or a second writer
mid-write leaves it unreadable. `write_atomically` serialises fully, writes a temp
file in the same folder, flushes and fsyncs it, `os.replace`s it over the
record, then fsyncs the folder so the rename itself survives a power cut.
A failed write (full disk, quota) removes the temp file and leaves the old
record exactly as it was. A write killed outright (SIGKILL, power cut) can
leave its temp file behind: `remove_stale_temps` clears alnco's own (by name,
owner and age) on a later write.

No TinyDB here: reading a record (status, log list, progress) needs only these
functions; the TinyDB storage that writes through them is in `alnco.store.database`,
imported only by a transaction.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path

from alnco import strict_json
from alnco.errors import RecordError
from alnco.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class CorruptRecord(RecordError):
    """The record file exists but is not a JSON object alnco can read."""


# Temp files are `.<name>.<8 random characters>.tmp` (tempfile.mkstemp's own
# alphabet), beside the file they will replace; nothing else is ever cleaned up.
TEMP_SUFFIX = ".tmp"
TEMP_RANDOM = "[a-z0-9_]{8}"
STALE_TEMP_SECONDS = 3600  # a live save takes milliseconds; an hour-old temp is abandoned


def temp_pattern(name_regex: str) -> re.Pattern[str]:
    """The names of alnco's temp files for targets whose names match `name_regex`."""
    return re.compile(rf"\.(?:{name_regex})\.{TEMP_RANDOM}\.tmp")


def record_temp_pattern(record: Path) -> re.Pattern[str]:
    return temp_pattern(re.escape(record.name))


def remove_stale_temps(
    folder: Path | int, pattern: re.Pattern[str], older_than: float = STALE_TEMP_SECONDS
) -> list[str]:
    """Delete alnco's abandoned temp files in `folder` (a path, or an open folder fd).

    Only names `pattern` matches, only regular files (never a symlink, so
    nothing is deleted through one), only files this user owns, and only those
    untouched for `older_than` seconds. Best effort: returns the names removed.
    """
    removed: list[str] = []
    me = os.geteuid()
    cutoff = time.time() - older_than
    dir_fd = None
    try:
        dir_fd = folder if isinstance(folder, int) else os.open(
            folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        for name in os.listdir(dir_fd):
            if not (name.endswith(TEMP_SUFFIX) and pattern.fullmatch(name)):
                continue
            try:
                st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and st.st_uid == me and st.st_mtime < cutoff:
                    os.unlink(name, dir_fd=dir_fd)
                    removed.append(name)
            except OSError:
                continue
    except OSError:
        pass
    finally:
        if dir_fd is not None and not isinstance(folder, int):
            os.close(dir_fd)
    return removed


def read_file(path: Path, *, follow_symlinks: bool = True) -> tuple[bytes, os.stat_result] | None:
    """A file's bytes and the status of the very file read; None if it does not exist.

    Never blocks on a FIFO planted in its place and refuses anything but a
    regular file. With `follow_symlinks=False` a symbolic link is refused
    (RecordError) rather than read through.
    """
    flags = os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks and os.path.islink(path):
            target = os.path.realpath(path)
            raise RecordError(_(
                "the record {path} is a symbolic link (to {target}); alnco does not save "
                "through links, as one could point at someone else's file. Use the file "
                "itself: --record {target}"
            ).format(path=path, target=target), app_message=_(
                "the record {path} is a symbolic link (to {target}); alnco does not save "
                "through links, as one could point at someone else's file. Quit and start "
                "alnco on the file itself: {target}"
            ).format(path=path, target=target)) from None
        raise RecordError(
            _("cannot read the record {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # before open(): a folder there would raise
        os.close(fd)
        raise RecordError(
            _("the record {path} is not a regular file; give the path of a record file "
              "(--record)").format(path=path),
            app_message=_("the record {path} is not a regular file; quit and start alnco "
                          "on a record file").format(path=path))
    with open(fd, "rb", closefd=True) as handle:
        try:
            return handle.read(), st
        except OSError as error:
            raise RecordError(
                _("cannot read the record {path}: {reason}").format(
                    path=path, reason=error.strerror)
            ) from None


def read_bytes(path: Path) -> bytes | None:
    """The record's bytes, None if it does not exist."""
    found = read_file(path)
    return None if found is None else found[0]


def parse_json(raw: bytes | None) -> dict[str, Any] | None:
    """The parsed record, None if empty, CorruptRecord if it is not a TinyDB record."""
    if raw is None or not raw.strip():
        return None
    try:
        data = strict_json.loads(raw)
    except ValueError as error:
        raise CorruptRecord(str(error)) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise CorruptRecord(_("it is JSON but not a TinyDB record"))
    return data


def read_json(path: Path) -> dict[str, Any] | None:
    """The parsed record, None if it does not exist or is empty, CorruptRecord if unreadable."""
    return parse_json(read_bytes(path))


_RANDOM_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def random_suffix() -> str:
    """Eight characters for a temp name (TEMP_RANDOM). os.urandom, not secrets or
    tempfile: they import hashlib, hmac, shutil, bz2, lzma (3-4 ms on every command)."""
    return "".join(_RANDOM_CHARS[byte % len(_RANDOM_CHARS)] for byte in os.urandom(8))


def create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """An exclusive 0600 temp file `.NAME.XXXXXXXX.tmp` in `folder`, opened for writing:
    tempfile.mkstemp's names and guarantees (O_EXCL, so never through a planted
    symlink), without its imports."""
    for _attempt in range(100):
        temp = folder / f".{name}.{random_suffix()}{TEMP_SUFFIX}"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                           | os.O_CLOEXEC, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))  # pragma: no cover


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` durably; on failure the old file is untouched."""
    folder = path.parent
    try:
        fd, temp = create_temp(folder, path.name)
    except OSError as error:
        raise RecordError(
            _("cannot write in {folder}: {reason}; nothing was changed").format(
                folder=folder, reason=error.strerror or error
            )
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as error:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError):
            raise RecordError(
                _("could not save the record {path}: {reason}; nothing was changed").format(
                    path=path, reason=error.strerror or error
                )
            ) from None
        raise
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def serialise(data: dict[str, Any]) -> bytes:
    return strict_json.dumps(data)
