"""Unsaved work in the app's forms: ask before it is lost, keep it when nobody can be asked.

Quitting by any route, or going to another screen, over a form with changes
asks "Save, discard, or keep editing?" (`settle_unsaved`). A dropped connection
(SIGHUP) or SIGTERM, where nobody can be asked, writes every form's draft and
exits (`hang_up`). At start, drafts left behind are offered back one by one
(`_offer_drafts`), then the app goes on with `_after_startup_questions`.

A mixin for AlncoApp (it relies on the app's `drafts`, `snapshot`, `_warn`,
`open_entry_form`, `action_declare` and `_after_startup_questions`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Any, Callable

from alnco.drafts import Draft, DraftError
from alnco.i18n import _
from alnco.model import Entry
from alnco.output import safe_text
from alnco.parsing import short_date
from alnco.tui.screens.form_drafts import DraftForm

DRAFT_SECONDS = 2.0  # a form's draft is written at most this often (ALNCO_DRAFT_SECONDS)
HANG_UP_GRACE_SECONDS = 3.0  # after SIGHUP/SIGTERM, exit by force if Textual has not


def draft_interval(environ: dict[str, str] | Any) -> float:
    """How often a form's draft may be written: ALNCO_DRAFT_SECONDS (0.05 to 600), else 2."""
    try:
        seconds = float(environ.get("ALNCO_DRAFT_SECONDS", ""))
    except ValueError:
        return DRAFT_SECONDS
    return min(max(seconds, 0.05), 600.0) if seconds == seconds else DRAFT_SECONDS


class UnsavedWork:
    """Forms with changes: asked about before leaving, kept as drafts, offered back."""

    def unsaved_forms(self, *, everywhere: bool = True) -> list[DraftForm]:
        """Open forms with changes not saved, the top one of this screen first
        (`everywhere`: in every mode's screens, not only this one's)."""
        stacks = [self.screen_stack]
        if everywhere:
            stacks += [list(stack) for mode, stack in self._screen_stacks.items()
                       if mode != self.current_mode]
        forms: list[DraftForm] = []
        for stack in stacks:
            for screen in reversed(stack):
                if not isinstance(screen, DraftForm) or screen.closed:
                    continue
                try:
                    dirty = screen.dirty
                except Exception:  # noqa: BLE001 - not composed yet: nothing typed
                    continue
                if dirty:
                    forms.append(screen)
        return forms

    def settle_unsaved(self, then: Callable[[], Any], *, everywhere: bool = True) -> None:
        """Ask about each form with unsaved changes ("Save, discard, or keep
        editing?"), then do `then` (quit, or go to another screen). Keeping on
        editing, or a save that is refused, stops there: the form stays open."""
        # The questions are imported when first asked: not needed for the first frame.
        from alnco.tui.screens.quit_question import DISCARD, SAVE, UnsavedQuestion

        if isinstance(self.screen, UnsavedQuestion):
            return
        forms = self.unsaved_forms(everywhere=everywhere)
        if not forms:
            then()
            return
        form = forms[0]
        if form in self.screen_stack and self.screen is not form:
            form.pop_until_active()  # type: ignore[attr-defined]  # show what is asked about

        def answered(answer: str | None) -> None:
            if answer == SAVE:
                if not form.leave_saving():
                    return  # refused: the form says why, and stays open
            elif answer == DISCARD:
                form.leave_discarding()
            else:
                return
            self.settle_unsaved(then, everywhere=everywhere)

        self.push_screen(UnsavedQuestion(form.form_title()), answered)

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q, the palette): first ask about any unsaved form."""
        self.settle_unsaved(self.exit)

    def keep_all_drafts(self) -> None:
        for form in self.unsaved_forms(everywhere=True):
            form.keep_draft()

    def drafts_failed(self, error: BaseException) -> None:
        """A draft could not be written: say so once a session, with the reason."""
        if self._drafts_warned:
            return
        self._drafts_warned = True
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self._warn(_("Unsaved changes cannot be kept as a draft: {reason}").format(
            reason=safe_text(str(reason), single_line=True)))

    def _catch_hang_up(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.hang_up, signum)
            except (ValueError, RuntimeError, NotImplementedError):  # pragma: no cover
                pass

    def hang_up(self, signum: int = signal.SIGHUP) -> None:
        """The connection dropped (SIGHUP) or the system asks alnco to stop (SIGTERM):
        nobody can be asked, so every form's changes become drafts (offered back at
        the next start) and the app exits, by force if the dead terminal holds it up."""
        if self._hanging_up:
            return
        self._hanging_up = True
        try:
            self.keep_all_drafts()
        finally:
            code = 128 + int(signum)
            if not self.is_headless:
                timer = threading.Timer(HANG_UP_GRACE_SECONDS, os._exit, (code,))
                timer.daemon = True
                timer.start()
            self.exit(return_code=code)

    # ------------------------------------------------------------------ drafts at start
    def _offer_drafts(self) -> None:
        try:
            self._draft_queue = self.drafts.load()
        except (DraftError, OSError) as error:
            self.drafts_failed(error)
            self._draft_queue = []
        self._offer_next_draft()

    def _offer_next_draft(self, _result: Any = None) -> None:
        if not self._draft_queue:
            if self._starting:
                self._after_startup_questions()
            return
        from alnco.tui.screens.quit_question import DISCARD, RESTORE, RestoreQuestion

        draft = self._draft_queue.pop(0)

        def answered(answer: str | None) -> None:
            if answer == RESTORE:
                if self._restore_draft(draft):
                    return  # the rest are offered when that form closes
            elif answer == DISCARD:
                self.drafts.remove(draft.kind, draft.key)
            self._offer_next_draft()

        self.push_screen(RestoreQuestion(self.draft_question(draft)), answered)

    def draft_question(self, draft: Draft) -> str:
        saved = draft.saved_at.astimezone()
        when = _("{date} at {time}").format(date=short_date(saved.date()),
                                            time=saved.strftime("%H:%M"))
        if draft.kind == "declaration":
            return _("You have an unsaved declaration from {when}.").format(when=when)
        if draft.kind == "profile":
            return _("You have unsaved changes to your profile from {when}.").format(when=when)
        original = self._entry_by_id(draft.key)
        if original is not None:
            return _("You have unsaved changes from {when} to: {title}").format(
                title=safe_text(original.title, single_line=True), when=when)
        return _("You have unsaved learning from {when}.").format(when=when)

    def _entry_by_id(self, entry_id: str) -> Entry | None:
        if not entry_id or entry_id.startswith("new"):
            return None
        return next((e for e in self.snapshot.entries if e.id == entry_id), None)

    def _restore_draft(self, draft: Draft) -> bool:
        """Open the draft's form with what it held; False if there is none to open."""
        fields = draft.fields
        if draft.kind == "entry":
            original = self._entry_by_id(draft.key)
            key: str | None = draft.key
            if original is None and not draft.key.startswith("new"):
                self.drafts.remove(draft.kind, draft.key)
                key = None  # a new entry's form keeps a draft of its own
                self.notify(_("The entry those changes were to is no longer in your record: "
                              "saving them adds new learning."), markup=False, timeout=10)
            start = {} if original is not None else {
                "status": fields.get("status") if fields.get("status") in ("completed", "planned")
                else "completed",
                "module_id": fields.get("module_id") if isinstance(fields.get("module_id"), str)
                else None}
            self.open_entry_form(start, original=original, restore=fields, restore_key=key,
                                 after=self._offer_next_draft)
            return True
        if draft.kind == "declaration":
            key = fields.get("key")
            return self.action_declare(key if isinstance(key, str) else "", restore=fields,
                                       after=self._offer_next_draft)
        if draft.kind == "profile":
            from alnco.tui.screens.onboarding import OnboardingScreen

            form = OnboardingScreen(self.snapshot.profile).restore_from(fields, draft.key)
            self.push_screen(form, self._offer_next_draft)
            return True
        return False
