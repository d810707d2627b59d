"""An inter-process lock on a sidecar file, held for a whole read-modify-write.

`fcntl.flock` on `record.json.lock` serialises writers across processes and
SSH sessions. Atomic replacement alone is not enough: two writers that each
read, change and replace would silently drop each other's changes.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alnco.errors import RecordBusy, RecordError
from alnco.i18n import _

DEFAULT_TIMEOUT = 5.0
_POLL = 0.02


def lock_timeout() -> float:
    """Seconds to wait for the lock: ALNCO_LOCK_TIMEOUT, else 5."""
    try:
        return max(0.0, float(os.environ.get("ALNCO_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def exclusive(lock_path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path`, or raise RecordBusy after `timeout` s."""
    timeout = lock_timeout() if timeout is None else timeout
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        raise RecordError(
            _("cannot open the lock file {path}: {reason}").format(
                path=lock_path, reason=error.strerror
            )
        ) from None
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
