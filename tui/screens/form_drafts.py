"""What every form does so that unsaved work is never lost.

A form (entry, declaration, profile) mixes in `DraftForm` and says how to read
and refill its fields (`draft_fields`, `apply_draft`), how to save
(`save_form`), and whether it has changes (`dirty`). Then:

- while it has changes, a draft is written (alnco.drafts) at most every
  `app.draft_seconds` (2 s; ALNCO_DRAFT_SECONDS), the last change always
  within that time: one timer, started by the first change after a write, so
  nothing runs while nobody types;
- saving or discarding it removes the draft;
- the app asks before quitting or switching screens over it
  (`AlncoApp.settle_unsaved`), and writes its draft at once when it cannot ask
  (a dropped connection, SIGTERM).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.timer import Timer

from alnco.drafts import DraftError


class DraftForm:
    """Mixed into a form's ModalScreen (before it, so its change handlers run)."""

    DRAFT_KIND: ClassVar[str] = ""
    _draft_timer: Timer | None = None
    _draft_written: dict[str, Any] | None = None
    _draft_closed: bool = False
    _draft_restore: dict[str, Any] | None = None
    _draft_owned: bool = False  # this form wrote its draft, or was filled from it
    restored_key: str | None = None  # the key of the draft this form was filled from

    # ------------------------------------------------------------ for each form
    def draft_key(self) -> str:
        return ""

    def draft_fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def apply_draft(self, fields: dict[str, Any]) -> None:
        raise NotImplementedError

    def save_form(self) -> Any:
        """Save; the saved value, or None when refused (the form shows why)."""
        raise NotImplementedError

    def form_title(self) -> str:
        raise NotImplementedError

    def discard_question(self) -> str:
        """What Escape asks before throwing away changes ("Discard ...?")."""
        raise NotImplementedError

    # ------------------------------------------------------------ save / cancel
    def on_button_pressed(self, event: Any) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Any) -> None:
        # enter moves on, like a paper form; ctrl+s saves from anywhere.
        event.stop()
        self.focus_next()  # type: ignore[attr-defined]

    def _show_error(self, message: str) -> None:
        """The reason a save was refused, under the fields ("" hides it)."""
        from textual.content import Content

        from alnco.output import safe_text

        error = self.query_one("#form-error")  # type: ignore[attr-defined]
        error.update(Content(safe_text(message, single_line=True)))
        error.set_class(bool(message), "-visible")

    def action_help(self) -> None:
        """f1: the app's help, over the form (which stays as it is)."""
        self.app.action_help()  # type: ignore[attr-defined]

    def action_save(self) -> None:
        saved = self.save_form()
        if saved is not None:
            self.dismiss(saved)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        """Escape: close, asking first if anything was changed."""
        from alnco.i18n import _
        from alnco.tui.widgets.confirm import ConfirmScreen

        if not self.dirty:
            self.forget_draft()
            self.dismiss(None)  # type: ignore[attr-defined]
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.forget_draft()
                self.dismiss(None)  # type: ignore[attr-defined]

        self.app.push_screen(  # type: ignore[attr-defined]
            ConfirmScreen(self.discard_question(), yes=_("Discard"), no=_("Keep editing")),
            answered,
        )

    @property
    def dirty(self) -> bool:
        raise NotImplementedError

    # ------------------------------------------------------------ restoring
    def restore_from(self, fields: dict[str, Any], key: str | None = None) -> "DraftForm":
        """Fill the form from a draft once it is mounted (call before pushing it);
        `key`: the draft's, so this form goes on keeping (and at the end removes) it."""
        self._draft_restore = dict(fields)
        self.restored_key = key
        self._draft_owned = key is not None
        return self

    def _apply_restore(self) -> None:
        if self._draft_restore is not None:
            fields, self._draft_restore = self._draft_restore, None
            self.apply_draft(fields)

    # ------------------------------------------------------------ changes
    def on_input_changed(self, _event: Any) -> None:
        self.draft_changed()

    def on_text_area_changed(self, _event: Any) -> None:
        self.draft_changed()

    def on_select_changed(self, _event: Any) -> None:
        self.draft_changed()

    def on_checkbox_changed(self, _event: Any) -> None:
        self.draft_changed()

    def on_radio_set_changed(self, _event: Any) -> None:
        self.draft_changed()

    def draft_changed(self) -> None:
        if self._draft_closed or self._draft_timer is not None:
            return
        self._draft_timer = self.set_timer(  # type: ignore[attr-defined]
            self.app.draft_seconds, self._draft_due, name="draft")  # type: ignore[attr-defined]

    def _draft_due(self) -> None:
        self._draft_timer = None
        self.keep_draft()

    # ------------------------------------------------------------ the draft
    def keep_draft(self) -> bool:
        """Write the draft now if there are changes not yet in it (remove it if the
        form is back as it started). False if it could not be written."""
        app: Any = self.app  # type: ignore[attr-defined]
        if self._draft_closed or not self.is_mounted:  # type: ignore[attr-defined]
            return True
        try:
            dirty = self.dirty
            fields = self.draft_fields()
        except Exception:  # noqa: BLE001 - a form half torn down has nothing to keep
            return True
        if not dirty:
            if self._draft_owned:
                app.drafts.remove(self.DRAFT_KIND, self.draft_key())
                self._draft_written = None
                self._draft_owned = False
            return True
        if fields == self._draft_written:
            return True
        try:
            app.drafts.save(self.DRAFT_KIND, self.draft_key(), fields)
        except (DraftError, OSError, ValueError) as error:
            app.drafts_failed(error)
            return False
        self._draft_written = fields
        self._draft_owned = True
        return True

    def forget_draft(self) -> None:
        """Saved or discarded: remove its draft (only its own: a draft left for
        later by someone else's form stays), and write none from now on."""
        self._draft_closed = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._draft_owned:
            self.app.drafts.remove(self.DRAFT_KIND, self.draft_key())  # type: ignore[attr-defined]
            self._draft_owned = False

    @property
    def closed(self) -> bool:
        return self._draft_closed

    def leave_saving(self) -> bool:
        """Save for someone leaving (the quit question's "save"); True when saved,
        and then the form is closed. False: refused, the form shows why."""
        result = self.save_form()
        if result is None:
            return False
        self._close_with(result)
        return True

    def leave_discarding(self) -> None:
        self.forget_draft()
        self._close_with(None)

    def _close_with(self, result: Any) -> None:
        self._draft_closed = True
        app: Any = self.app  # type: ignore[attr-defined]
        if app.screen is self:
            self.dismiss(result)  # type: ignore[attr-defined]
