"""A TinyDB Storage that never leaves a half-written record behind.

TinyDB's JSONStorage rewrites the file in place: a crash or a second writer
mid-write leaves it unreadable. This storage serialises fully, writes a temp
file in the same folder, flushes and fsyncs it, `os.replace`s it over the
record, then fsyncs the folder so the rename itself survives a power cut.
A failed write (full disk, quota) removes the temp file and leaves the old
record exactly as it was. A write killed outright (SIGKILL, power cut) can
leave its temp file behind: `remove_stale_temps` clears alnco's own (by name,
owner and age) on a later write.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from tinydb.middlewares import Middleware
from tinydb.storages import Storage

from alnco.errors import RecordError
from alnco.i18n import _


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
            raise RecordError(_(
                "the record {path} is a symbolic link (to {target}); alnco does not save "
                "through links, as one could point at someone else's file. Use the file "
                "itself: --record {target}"
            ).format(path=path, target=os.path.realpath(path))) from None
        raise RecordError(
            _("cannot read the record {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    with open(fd, "rb", closefd=True) as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise RecordError(
                _("the record {path} is not a regular file; give the path of a record file "
                  "(--record)").format(path=path))
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
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptRecord(str(error)) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise CorruptRecord(_("it is JSON but not a TinyDB record"))
    return data


def read_json(path: Path) -> dict[str, Any] | None:
    """The parsed record, None if it does not exist or is empty, CorruptRecord if unreadable."""
    return parse_json(read_bytes(path))


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` durably; on failure the old file is untouched."""
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
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
    return orjson.dumps(data)


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, read once per transaction.

    It is opened inside the record's lock, so the file cannot change under it:
    the first `read()` is cached and every `write()` replaces the file
    atomically and refreshes the cache.
    """

    def __init__(self, path: Path, data: dict[str, Any] | None = None, writable: bool = True):
        self.path = Path(path)
        self.writable = writable
        self.writes = 0
        self.saved: bytes | None = None  # exactly what the last write put in the file
        self._data = data

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = read_json(self.path)
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if not self.writable:
            raise RecordError(_("internal error: write in a read-only transaction"))
        payload = serialise(data)
        write_atomically(self.path, payload)
        self.saved = payload
        self._data = data
        self.writes += 1

    def close(self) -> None:
        self._data = None


class Transactional(Middleware):
    """Holds a transaction's writes until `commit()`: saved whole or not at all.

    An exception inside a transaction simply never commits, so a half-applied
    change (say, an import that fails at entry 150 of 200) never reaches disk.
    """

    def __init__(self, storage_cls: type[Storage] = AtomicJSONStorage):
        super().__init__(storage_cls)
        self._pending: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._pending is not None:
            return self._pending
        return self.storage.read()

    def write(self, data: dict[str, Any]) -> None:
        self._pending = data

    @property
    def dirty(self) -> bool:
        return self._pending is not None

    def commit(self) -> bytes | None:
        """Save the pending change; the bytes now in the file, if the storage says."""
        if self._pending is None:
            return None
        self.storage.write(self._pending)
        self._pending = None
        return getattr(self.storage, "saved", None)

    def close(self) -> None:
        self._pending = None
        self.storage.close()
