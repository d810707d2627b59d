"""The declaration form: declare (or update) a qualification or experience fact,
the statutory line of WSI 2021/401 reg 27 (school) / reg 28 (FEI).

It saves through `alnco.declarations.declare`, the function `alnco profile
declare` calls, so both write exactly the same thing in one record
transaction. The keys are shown in words, in the interface language; a key
already declared fills the fields with what was declared, to be updated. It
dismisses with the `Declared` result, or None when cancelled. While it has
unsaved changes it keeps a draft (alnco.tui.screens.form_drafts).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from alnco.declarations import Declared, check_date, current, declare, label_in
from alnco.errors import AlncoError, InputError, app_text
from alnco.i18n import _, current_language
from alnco.model import Declaration, Profile
from alnco.output import safe_text
from alnco.parsing import describe_date, parse_date, short_date
from alnco.tui.language import N_
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.widgets.glyphs import pick
from alnco.tui.widgets.parsed_field import ParsedField

# Widget ids cannot be any key: the button for key K is "key-<n>", n its place.
KEY_ID = "key-{n}"


class KeyChoice(RadioButton):
    """One declaration key: its state a mark, `(•)` or `( )`, not only a colour,
    and its label (a sentence, longer in Welsh) wrapped under itself."""

    INDENT = 4  # "(•) "

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("(", (pick("•", "*") if self.value else " ", style), ") ")

    def _lines(self, width: int) -> list[Content]:
        return self.label.wrap(max(width - self.INDENT, 10)) or [Content("")]

    def render(self) -> Content:
        label_style = self.get_visual_style("toggle--label")
        lines = self._lines(self.content_region.width or self.size.width)
        return Content("\n").join(
            Content.assemble(self._button if n == 0 else " " * self.INDENT,
                             line.stylize_before(label_style))
            for n, line in enumerate(lines)
        )

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return container.width

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self._lines(width))


class KeyChoices(RadioSet):
    """Arrow keys choose (as radio groups do), not only move a cursor."""

    BINDINGS = [
        Binding("down,right", "step(1)", N_("Next choice"), show=False, id="declare-key-next"),
        Binding("up,left", "step(-1)", N_("Previous choice"), show=False, id="declare-key-prev"),
        Binding("enter,space", "toggle_button", N_("Choose"), show=False, id="declare-key-choose"),
    ]

    def action_step(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        if self._selected is not None and not self._nodes[self._selected].value:
            self.action_toggle_button()


class DeclarationForm(DraftForm, ModalScreen[Declared | None]):
    """`keys` are the framework's declaration keys (key -> {"en", "cy"});
    `key` is the one chosen at first (else the first declared, else the first)."""

    DRAFT_KIND = "declaration"
    KEEP_ON_LANGUAGE_SWITCH = True
    AUTO_FOCUS = ""  # focused in on_screen_resume, without scrolling
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="declare-save"),
        Binding("escape", "cancel", N_("Cancel"), id="declare-cancel"),
        Binding("f1", "help", N_("Help"), id="declare-help"),
    ]

    def __init__(self, keys: Mapping[str, Mapping[str, str]], profile: Profile | None,
                 key: str | None = None) -> None:
        super().__init__(classes="form-screen declaration-screen")
        self.keys = dict(keys)
        self.profile = profile
        self.order = list(self.keys)
        declared = [k for k in self.order if current(profile, k) is not None]
        if key not in self.keys:
            key = declared[0] if declared else (self.order[0] if self.order else None)
        self.key = key
        self._filled: tuple[str, str, str] = ("", "", "")

    # ------------------------------------------------------------------ layout
    def _fields_for(self, key: str | None) -> tuple[str, str, str]:
        """(value, evidence, date text) to start from for `key`."""
        today = self.app.ctx.today
        made = current(self.profile, key) if key else None
        if made is None:
            return "", "", short_date(today)
        on = made.declared_on or today
        return made.value, made.evidence, short_date(on)  # as the lists show dates

    def _needed(self) -> frozenset[str]:
        """Keys in the statutory line's rule (experience and the like are supplementary)."""
        from alnco.progress.frameworks import framework_for

        try:
            return framework_for(self.profile, self.app.ctx).required_keys()
        except Exception:  # a broken local framework file must not stop a declaration
            return frozenset()

    def _status(self, key: str | None) -> str:
        made = current(self.profile, key) if key else None
        if made is None:
            return _("Not declared yet.")
        if made.declared_on is None:
            return _("Already declared (undated): saving replaces it.")
        return _("Already declared on {date}: saving replaces it.").format(
            date=short_date(made.declared_on))

    def compose(self) -> ComposeResult:
        language = current_language()
        today = self.app.ctx.today
        value, evidence, when = self._filled = self._fields_for(self.key)
        self._initial = (self.key, value, evidence, when)
        with Vertical(id="form"):
            yield Static(Content(_("Declare a qualification or experience")), id="form-title")
            with VerticalScroll(id="form-body"):
                yield Label(Content(_("What you declare")), classes="field-label")
                needed = self._needed()
                with KeyChoices(id="declaration-key", compact=True):
                    for n, key in enumerate(self.order):
                        label = label_in(self.keys[key], language)
                        if key in needed:  # the rule's keys; the others support, never suffice
                            label += " · " + _("needed for the statutory line")
                        yield KeyChoice(Content(label), value=key == self.key,
                                        id=KEY_ID.format(n=n))
                yield Static(Content(self._status(self.key)), id="declared-now", classes="hint")
                with Grid(classes="form-pair"):
                    with Vertical():
                        yield Label(Content(_("Detail")), classes="field-label")
                        yield Input(value, id="value", compact=True,
                                    placeholder=_("e.g. EWC 1234567"))
                    with Vertical():
                        yield Label(Content(_("Date it became true")), classes="field-label")
                        yield ParsedField(
                            when,
                            parse=lambda text: _not_after(parse_date(text, today), today),
                            describe=describe_date,
                            input_id="declared-on",
                            placeholder=_("today, 1/9/2020"),
                            id="declared-on-field",
                        )
                yield Label(Content(_("Evidence: where it is (a link, a file, a note)")),
                            classes="field-label")
                yield Input(evidence, id="evidence", compact=True,
                            placeholder=_("e.g. EWC card in the HR file"))
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(Content(_("Save (ctrl+s)")), variant="primary", id="save")
                yield Button(Content(_("Cancel (esc)")), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_restore()

    def on_screen_resume(self) -> None:
        if self.focused is None:
            self.set_focus(self.query_one("#declaration-key"), scroll_visible=False)

    # ------------------------------------------------------------------ state
    def chosen_key(self) -> str | None:
        pressed = self.query_one(KeyChoices).pressed_index
        return self.order[pressed] if 0 <= pressed < len(self.order) else None

    def _typed(self) -> tuple[str, str, str]:
        return (self.query_one("#value", Input).value,
                self.query_one("#evidence", Input).value,
                self.query_one("#declared-on", Input).value)

    def _state(self) -> tuple:
        return (self.chosen_key(), *self._typed())

    @property
    def dirty(self) -> bool:
        return self._state() != self._initial

    # ------------------------------------------------------------------ drafts
    def form_title(self) -> str:
        return _("Declare a qualification or experience")

    def draft_fields(self) -> dict[str, Any]:
        key, value, evidence, when = self._state()
        return {"key": key, "value": value, "evidence": evidence, "declared_on": when}

    def apply_draft(self, fields: dict[str, Any]) -> None:
        key = fields.get("key")
        if isinstance(key, str) and key in self.keys:
            self.query_one("#" + KEY_ID.format(n=self.order.index(key)), KeyChoice).value = True
            self.query_one("#declared-now", Static).update(Content(self._status(key)))
        for field_id, name in (("#value", "value"), ("#evidence", "evidence"),
                               ("#declared-on", "declared_on")):
            if isinstance(fields.get(name), str):
                self.query_one(field_id, Input).value = fields[name]

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Another key: show what it has; fill its fields unless some were typed."""
        event.stop()
        key = self.chosen_key()
        self.query_one("#declared-now", Static).update(Content(self._status(key)))
        if self._typed() == self._filled:
            self._filled = self._fields_for(key)
            for field_id, text in zip(("#value", "#evidence", "#declared-on"), self._filled):
                self.query_one(field_id, Input).value = text

    # ------------------------------------------------------------------ actions
    def save_form(self) -> Declared | None:
        """Declare what the form holds; None (and the reason shown) when refused."""
        key = self.chosen_key()
        if key is None:
            self._show_error(_("Choose what you declare first."))
            return None
        try:
            on: date = self.query_one("#declared-on-field", ParsedField).read()
            declared = declare(self.app.ctx, key,
                               value=self.query_one("#value", Input).value,
                               evidence=self.query_one("#evidence", Input).value, on=on)
        except AlncoError as error:
            self._show_error(_("Not saved: {reason}").format(reason=app_text(error)))
            return None
        self._show_error("")
        self.forget_draft()
        return declared

    def discard_question(self) -> str:
        return _("Discard this declaration?")


def _not_after(on: date, today: date) -> date:
    """`check_date`, its refusal worded as the app shows dates (`3 Nov 2026`)."""
    try:
        return check_date(on, today)
    except InputError as error:
        if error.app_message:
            raise
        raise InputError(str(error), app_message=_(
            "a declaration cannot be dated in the future ({date})").format(
                date=short_date(on))) from None


def saved_message(declared: Declared, language: str) -> str:
    """The notification after saving, in words (user text made safe)."""
    declaration: Declaration = declared.declaration
    message = _("Declared on {date}: {label}").format(
        date=short_date(declaration.declared_on), label=declared.label_in(language))
    if not declaration.evidence:
        message += " " + _("No evidence given yet: add where it is (a link, a file, a note) "
                           "when you can.")
    return safe_text(message, single_line=True)
