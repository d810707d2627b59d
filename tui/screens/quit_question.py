"""The questions about unsaved work: before leaving a form, and at start when a
draft was left behind.

Both are keyboard-first modals whose safe answer has the focus and is also
`esc`: leaving a form asks "Save, discard, or keep editing?" (esc keeps
editing); a draft found at start asks "Restore / Discard" (esc: not now, the
draft is kept and offered again next time). Each answer's key is on its
button and in the dialog's own footer (which covers the footer of the screen
underneath, whose keys do not apply here). The question may quote nothing
typed by the person, but is built as Content all the same (never markup).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from alnco.i18n import _
from alnco.tui.language import N_

SAVE, DISCARD, KEEP = "save", "discard", "keep"
RESTORE, LATER = "restore", "later"


class _Question(ModalScreen[str]):
    """A question with three answers; each button's id is its answer."""

    ANSWERS: tuple[str, ...] = ()
    SAFE = ""

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question

    def _labels(self) -> dict[str, str]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        labels = self._labels()
        with Vertical(classes="dialog unsaved-dialog"):
            yield Static(Content(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                for answer in self.ANSWERS:
                    yield Button(Content(labels[answer]), id=answer,
                                 variant="primary" if answer == self.SAFE else "default")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class UnsavedQuestion(_Question):
    """Leaving a form with unsaved changes: dismisses with "save", "discard" or "keep"."""

    ANSWERS = (SAVE, DISCARD, KEEP)
    SAFE = KEEP
    AUTO_FOCUS = "#keep"  # enter alone neither saves nor throws anything away
    BINDINGS = [
        Binding("s", "answer('save')", N_("Save"), id="unsaved-save"),
        Binding("d", "answer('discard')", N_("Discard"), id="unsaved-discard"),
        Binding("escape", "answer('keep')", N_("Keep editing"), id="unsaved-keep"),
        Binding("k", "answer('keep')", N_("Keep editing"), show=False, id="unsaved-keep-k"),
    ]

    def __init__(self, form_title: str) -> None:
        super().__init__(_("{form}: your changes are not saved yet. Save, discard, or keep "
                           "editing?").format(form=form_title))

    def _labels(self) -> dict[str, str]:
        return {SAVE: _("Save (s)"), DISCARD: _("Discard (d)"), KEEP: _("Keep editing (esc)")}


class RestoreQuestion(_Question):
    """A draft found at start: dismisses with "restore", "discard" or "later"."""

    ANSWERS = (RESTORE, DISCARD, LATER)
    SAFE = RESTORE
    AUTO_FOCUS = "#restore"
    BINDINGS = [
        Binding("r", "answer('restore')", N_("Restore"), id="restore-restore"),
        Binding("d", "answer('discard')", N_("Discard"), id="restore-discard"),
        Binding("escape", "answer('later')", N_("Not now"), id="restore-later"),
    ]

    def _labels(self) -> dict[str, str]:
        return {RESTORE: _("Restore (r)"), DISCARD: _("Discard (d)"), LATER: _("Not now (esc)")}
