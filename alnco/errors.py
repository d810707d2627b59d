"""Errors a person can act on, each carrying the exit code INTERFACE.md fixes.

0 success; 1 input refused; 2 usage error; 3 the record cannot be used.
Anything else escaping to the top level is a bug.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class AlncoError(Exception):
    """Base class: `str(error)` is the one-line message shown after `alnco: error: `.

    `app_message`, when given, says the same for the app, which has no command
    line: no `--flags`, and dates as people read them (`3 Nov 2026`). The CLI
    never shows it; the app shows it through `app_text`.
    """

    exit_code = 1

    def __init__(self, *args: Any, app_message: str | None = None) -> None:
        super().__init__(*args)
        self.app_message = app_message


class InputError(AlncoError):
    """The user's input was refused (bad date, unknown module, invalid file)."""

    exit_code = 1


class UsageError(AlncoError):
    """The command line itself was wrong."""

    exit_code = 2


class RecordError(AlncoError):
    """The record cannot be used: corrupt, newer schema, locked, unsafe, unwritable."""

    exit_code = 3


class RecordBusy(RecordError):
    """Another process held the record's lock for too long."""


class UnknownEntry(InputError):
    """No entry id starts with the given prefix (or the prefix is ambiguous)."""


class Conflict(AlncoError):
    """A change that started from a copy of an entry found the stored entry changed
    (or removed, or back again) since the copy was taken; nothing was saved.

    `current` is the entry as stored now (None: it was removed); `mine` is the
    version that was to be saved; `expected` the revision the change started from
    (None: it started from the entry being absent, as undoing a removal does).
    """

    exit_code = 1

    def __init__(self, message: str, *, entry_id: str, current: Any = None,
                 mine: Any = None, expected: int | None = None,
                 app_message: str | None = None) -> None:
        super().__init__(message, app_message=app_message)
        self.entry_id = entry_id
        self.current = current
        self.mine = mine
        self.expected = expected


def app_text(error: BaseException) -> str:
    """What the app shows for `error`: its app wording if it has one, else its message."""
    return getattr(error, "app_message", None) or str(error)
