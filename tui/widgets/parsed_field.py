"""An Input that shows, as you type, what it will be read as, or why it cannot be.

The reading itself is the domain's (alnco.parsing); this widget only wires an
Input to a parser and a line of feedback, so the date and hours fields of
every form behave the same way.

A field nobody has typed in yet shows no error (a blank form is not wrong
before it is filled in): the reason appears once the text has been changed,
and when the form asks to save.
"""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from alnco.errors import AlncoError, app_text
from alnco.output import safe_text
from alnco.tui.widgets.glyphs import plain


class ParsedField(Vertical):
    """`parse(text)` returns a value or raises AlncoError; `describe(value)` shows it."""

    DEFAULT_CLASSES = "parsed-field"

    def __init__(
        self,
        value: str,
        *,
        parse: Callable[[str], Any],
        describe: Callable[[Any], str],
        input_id: str,
        placeholder: str = "",
        optional: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._parse = parse
        self._describe = describe
        self._initial = value
        self._input_id = input_id
        self._placeholder = placeholder
        self.optional = optional
        self.touched = False  # typed in (or checked by a save): errors are shown

    def compose(self) -> ComposeResult:
        yield Input(self._initial, placeholder=self._placeholder, id=self._input_id, compact=True)
        # The first reading is drawn at compose: a later on_mount redraw could
        # overwrite the reading of what was typed in between.
        message, invalid = self._reading(self._initial)
        yield Static(message, classes="parsed-feedback -invalid" if invalid else "parsed-feedback")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    def read(self) -> Any:
        """The parsed value (None when optional and empty); raises AlncoError,
        and from then on the field shows what is wrong."""
        self.touched = True
        self._show(self.text)
        if self.optional and not self.text.strip():
            return None
        return self._parse(self.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != self._initial:
            self.touched = True
        self._show(event.value)

    def _reading(self, text: str) -> tuple[Content, bool]:
        if self.optional and not text.strip():
            return Content(""), False
        try:
            message = plain("→ ") + self._describe(self._parse(text))
            invalid = False
        except AlncoError as error:
            if not self.touched:
                return Content(""), False
            message = plain("✗ ") + app_text(error)
            invalid = True
        # The message quotes what was typed: shown literally, control codes visible.
        return Content(safe_text(message, single_line=True)), invalid

    def _show(self, text: str) -> None:
        feedback = self.query_one(".parsed-feedback", Static)
        message, invalid = self._reading(text)
        feedback.update(message)
        feedback.set_class(invalid, "-invalid")
