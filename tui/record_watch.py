"""The app's record, and noticing when another session saved it.

Screens share one Record and its latest Snapshot (`app.snapshot`). Another
terminal, or `alnco log add`, may save the record while the app is open: a
timer compares the record's change token every RECORD_POLL_SECONDS, and so does
the terminal regaining focus; on a change every screen with a
`record_changed(self, snapshot)` method is given the new snapshot. Saving from
this app calls `reload_record()` the same way.

A mixin for AlncoApp (it relies on the app's `ctx`, `notify`, `report`, its
`_startup_warnings` list and its screen stacks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.events import AppFocus
from textual.screen import Screen

from alnco.errors import AlncoError, app_text
from alnco.i18n import _

if TYPE_CHECKING:
    from alnco.store.record import Snapshot

RECORD_POLL_SECONDS = 2.0


class RecordWatch:
    """The shared record: read at start, re-read when it changes on disk."""

    def open_record(self) -> None:
        """At start (before mounting): the Record, its first snapshot and change token."""
        self._setup_record()
        self.snapshot = self._read_or_empty()
        self._seen = self.record.change_token()

    def watch_record(self) -> None:
        """Start the poll (once mounted): every RECORD_POLL_SECONDS, check the record."""
        self.set_interval(RECORD_POLL_SECONDS, self.check_record, name="record-poll")

    def _setup_record(self) -> None:
        from alnco.store.record import Record

        self.record = Record(
            self.ctx.record_path,
            create_folder=self.ctx.record_is_default,
            warn=self._warn,
        )
        # Anything reaching the record through the Context warns the same way.
        self.ctx.__dict__["record"] = self.record

    def _warn(self, message: str) -> None:
        if self.is_running:
            self.notify(message, title=_("Warning"), severity="warning", markup=False)
        else:
            self._startup_warnings.append(message)

    def _read_or_empty(self) -> "Snapshot":
        from alnco.store.record import Snapshot

        try:
            return self.record.read()
        except AlncoError as error:
            self._startup_warnings.append(app_text(error))
            return Snapshot()

    def reload_record(self) -> "Snapshot":
        """Re-read the record and tell every screen that cares."""
        try:
            self.snapshot = self.record.read()
        except AlncoError as error:
            self.report(error)
            return self.snapshot
        self._seen = self.record.change_token()
        for screen in self._all_screens():
            handler = getattr(screen, "record_changed", None)
            if handler is not None:
                try:
                    handler(self.snapshot)
                except AlncoError as error:
                    self.report(error)
        return self.snapshot

    def check_record(self) -> None:
        """Reload when another session (or command) has saved the record."""
        if self.record.change_token() != self._seen:
            self.reload_record()

    def on_app_focus(self, event: AppFocus) -> None:
        self.check_record()

    def _all_screens(self) -> Iterable[Screen]:
        seen: set[int] = set()
        for stack in self._screen_stacks.values():
            for screen in stack:
                if id(screen) not in seen:
                    seen.add(id(screen))
                    yield screen
