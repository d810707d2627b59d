"""An inter-process lock on a sidecar file, held for a whole read-modify-write.

`fcntl.flock` on `record.json.lock` serialises writers across processes and
SSH sessions. Atomic replacement alone is not enough: two writers that each
read, change and replace would silently drop each other's changes.
"""

from __future__ import annotations

import errno
import fcntl
import math
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

from alnco.errors import RecordBusy, RecordError, UsageError
from alnco.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

DEFAULT_TIMEOUT = 5.0
MAX_TIMEOUT = 600.0  # ten minutes: longer than any save, short enough to notice a stuck one
_POLL = 0.02
ENV = "ALNCO_LOCK_TIMEOUT"


def lock_timeout(environ: object = None) -> float:
    """Seconds to wait for the lock: ALNCO_LOCK_TIMEOUT (0 to 600), else 5.

    A value that is not a finite number of seconds, or is negative, is a usage
    error: `nan` or `-1` used to mean "do not wait" without a word. Larger
    values are capped at MAX_TIMEOUT.
    """
    env = os.environ if environ is None else environ
    raw = env.get(ENV)  # type: ignore[attr-defined]
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT
    return check_timeout(raw, ENV)


def check_timeout(raw: object, name: str = ENV) -> float:
    """`raw` as seconds to wait, or UsageError naming `name`."""
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise UsageError(
            _("{name} must be a number of seconds from 0 to {most:g}, not '{value}'").format(
                name=name, most=MAX_TIMEOUT, value=raw)
        )
    return min(value, MAX_TIMEOUT)


def _open_lock(lock_path: Path) -> int:
    """The lock file's descriptor: never through a symlink, only a regular file of ours."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
                     | os.O_NONBLOCK, 0o600)
    except OSError as error:
        if error.errno == errno.EACCES and _foreign(lock_path):
            raise _not_ours(lock_path) from None
        if error.errno == errno.ELOOP or os.path.islink(lock_path):
            raise RecordError(
                _("the lock file {path} is a symbolic link, which alnco will not follow; "
                  "remove it (rm {path}) and try again").format(path=lock_path)
            ) from None
        raise RecordError(
            _("cannot open the lock file {path}: {reason}").format(
                path=lock_path, reason=error.strerror
            )
        ) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
        os.close(fd)
        raise _not_ours(lock_path)
    return fd


def _foreign(path: Path) -> bool:
    try:
        return os.lstat(path).st_uid != os.geteuid()
    except OSError:
        return False


def _not_ours(lock_path: Path) -> RecordError:
    return RecordError(
        _("the lock file {path} is not a file of yours (another user's, or not a plain "
          "file); remove it (rm {path}) and try again").format(path=lock_path)
    )


@contextmanager
def exclusive(lock_path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path`, or raise RecordBusy after `timeout` s."""
    timeout = lock_timeout() if timeout is None else check_timeout(timeout, "lock timeout")
    fd = _open_lock(lock_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise RecordBusy(
                        _(
                            "record is busy (another alnco session?): {path} has been locked "
                            "for more than {seconds:g} s; close the other session or try again"
                        ).format(path=lock_path.with_suffix(""), seconds=timeout)
                    ) from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock
