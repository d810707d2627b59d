"""A yes/no question as a modal, so nothing destructive happens on one key.

The keys are on the buttons and in the dialog's own footer (`y` for the
yes answer, `n` or `esc` for no), in both languages: the footer of the screen
underneath would otherwise still be showing, and there `n` means something else.
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


class ConfirmScreen(ModalScreen[bool]):
    """Ask `question`; dismiss with True for yes (`y`), False for no (`n`, escape)."""

    # The safe answer has the focus from the first frame: enter alone never
    # destroys anything, however quickly it follows the key that asked.
    AUTO_FOCUS = "#no"
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm-yes"),
        Binding("n", "answer(False)", N_("No"), id="confirm-no-key"),
        Binding("escape", "answer(False)", N_("No"), show=False, id="confirm-no"),
    ]

    def __init__(self, question: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")
        # The footer names the answers as the buttons do ("y Remove  n Keep").
        for key, label in (("y", self.yes_label), ("n", self.no_label)):
            self._bindings.key_to_bindings[key] = [
                Binding(key, binding.action, label, id=binding.id)
                for binding in self._bindings.key_to_bindings.get(key, [])]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # The question may quote user text (an entry title): never markup.
            yield Static(Content(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(_("{answer} (y)").format(answer=self.yes_label)),
                             variant="error", id="yes")
                yield Button(Content(_("{answer} (n, esc)").format(answer=self.no_label)),
                             variant="primary", id="no")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
