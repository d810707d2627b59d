"""Where an export goes, safely.

Co-ordinators collect exports on shared servers, where /tmp is shared: a
symlink planted at the destination must never redirect the write into another
file, and an existing file is only replaced when the user says --force. The
content is rendered in full first, so a failed export never leaves half a file.
Each refusal also carries its words for the app (`app_message`), which has no -o
or --force: it asks "Replace file?" instead.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from alnco.errors import InputError
from alnco.i18n import _

STDOUT = "-"
MODE = 0o600


def write_output(data: bytes, target: str | None, *, force: bool, stdout: Any) -> Path | None:
    """Write `data` to `target` ('-' or None: standard output); return the path written."""
    if target is None or target == STDOUT:
        _write_stdout(data, stdout)
        return None
    path = Path(target).expanduser()
    if force:
        _replace(path, data)
    else:
        _create(path, data)
    return path


def _write_stdout(data: bytes, stdout: Any) -> None:
    buffer = getattr(stdout, "buffer", None)
    if buffer is not None:
        stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:  # an in-memory text stream (tests, embedding)
        stdout.write(data.decode("utf-8"))


def _folder_must_exist(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise InputError(
            _("the folder {folder} does not exist; create it or choose another -o").format(
                folder=folder
            ),
            app_message=_("The folder {folder} does not exist; create it or choose another "
                          "file.").format(folder=folder),
        )


def _create(path: Path, data: bytes) -> None:
    """O_EXCL|O_NOFOLLOW: fails on any existing name, a dangling symlink included."""
    _folder_must_exist(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, MODE)
    except FileExistsError:
        if path.is_symlink():
            raise symlink_error(path) from None
        raise exists_error(path) from None
    except OSError as error:
        raise InputError(_cannot_write(path, error)) from None
    try:
        os.fchmod(fd, MODE)
        _write_all(fd, data)
        os.fsync(fd)
    except OSError as error:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise InputError(_cannot_write(path, error)) from None
    os.close(fd)


def _replace(path: Path, data: bytes) -> None:
    """--force: write a temp file beside `path`, then rename over it.

    rename() replaces the directory entry itself, so even a symlink swapped in
    after the check below is replaced, never followed.
    """
    _folder_must_exist(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise symlink_error(path)
        if not stat.S_ISREG(info.st_mode):
            raise not_regular_error(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise InputError(_cannot_write(path, error)) from None
    try:
        os.fchmod(fd, MODE)
        _write_all(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
    except OSError as error:
        if fd >= 0:
            os.close(fd)
        Path(temp).unlink(missing_ok=True)
        raise InputError(_cannot_write(path, error)) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _symlink_message(path: Path) -> str:
    return _("{path} is a symbolic link; alnco never writes through one; "
             "choose another -o").format(path=path)


def symlink_error(path: Path) -> InputError:
    return InputError(
        _symlink_message(path),
        app_message=_("{path} is a symbolic link; alnco never writes through one; choose "
                      "another file.").format(path=path))


def exists_error(path: Path) -> InputError:
    return InputError(
        _("{path} already exists; choose another -o or add --force to replace it").format(
            path=path),
        app_message=_("{path} already exists; choose another file, or export again "
                      "and answer yes to replace it.").format(path=path))


def not_regular_error(path: Path) -> InputError:
    return InputError(
        _("{path} is not a regular file; choose another -o").format(path=path),
        app_message=_("{path} is not a regular file; choose another file.").format(path=path))


def _cannot_write(path: Path, error: OSError) -> str:
    reason = error.strerror or errno.errorcode.get(error.errno or 0, str(error))
    return _("cannot write {path}: {reason}").format(path=path, reason=reason)
