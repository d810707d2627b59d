"""A yes/no question as a modal, so nothing destructive happens on one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from alnco.i18n import _


class ConfirmScreen(ModalScreen[bool]):
    """Ask `question`; dismiss with True for yes, False for no or escape."""

    # The safe answer has the focus from the first frame: enter alone never
    # destroys anything, however quickly it follows the key that asked.
    AUTO_FOCUS = "#no"
    BINDINGS = [
        Binding("escape", "answer(False)", "No", id="confirm-no"),
        Binding("y", "answer(True)", "Yes", id="confirm-yes", show=False),
        Binding("n", "answer(False)", "No", id="confirm-no-key", show=False),
    ]

    def __init__(self, question: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # The question may quote user text (an entry title): never markup.
            yield Static(Content(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self.yes_label), variant="error", id="yes")
                yield Button(Content(self.no_label), variant="primary", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
