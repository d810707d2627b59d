"""First run (and "Edit profile"): who you are, and why alnco asks.

Every field can be left blank and changed later (here, through the command
palette, or `alnco profile set`). The profile is saved through the same
Profile model and record transaction as the CLI. While it has unsaved changes
it keeps a draft (alnco.tui.screens.form_drafts), and esc asks before throwing
them away.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from alnco.errors import AlncoError, app_text
from alnco.i18n import _
from alnco.model import Profile
from alnco.parsing import describe_date, parse_date, short_date
from alnco.tui.language import N_
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.widgets.parsed_field import ParsedField
from alnco.values import replace


class OnboardingScreen(DraftForm, ModalScreen[Profile | None]):
    """Dismisses with the saved Profile, or None when skipped."""

    DRAFT_KIND = "profile"
    SETTINGS = ("school", "fei")
    KEEP_ON_LANGUAGE_SWITCH = True
    AUTO_FOCUS = ""  # focused in on_screen_resume, without scrolling
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="profile-save"),
        # esc skips the first time (and is remembered); when editing it cancels.
        Binding("escape", "skip", N_("Skip for now"), id="profile-skip"),
        Binding("escape", "cancel", N_("Cancel"), id="profile-cancel"),
        Binding("f1", "help", N_("Help"), id="profile-help"),
    ]

    def __init__(self, profile: Profile | None = None) -> None:
        super().__init__(classes="form-screen")
        self.profile = profile
        self.first_run = profile is None

    def compose(self) -> ComposeResult:
        p = self.profile or Profile()
        designated = short_date(p.designated_on) if p.designated_on else ""  # as lists show it
        self._initial = (p.name, p.setting, p.institution, designated)
        with Vertical(id="form"):
            yield Static(Content(
                _("Welcome to alnco") if self.first_run else _("Your profile")), id="form-title")
            # Outside the scrolling part: focusing a field never scrolls it away.
            yield Static(Content(_(
                "alnco keeps your professional learning as an ALNCO in a file only you "
                "can read. Everything here is optional: press esc to skip, and change "
                "it any time (ctrl+p, Edit profile).") if self.first_run else _(
                "Everything here is optional. esc cancels, asking first if you changed "
                "something.")), classes="intro")
            with VerticalScroll(id="form-body"):
                yield Label(Content(_("Your name")), classes="field-label")
                yield Static(Content(_("Why: it is printed on exports you choose to share.")),
                             classes="hint")
                yield Input(p.name, id="name", compact=True)
                yield Label(Content(_("Setting")), classes="field-label")
                yield Static(Content(_(
                    "Why: schools follow WSI 2021/401 reg 29 and FEIs reg 30, so your "
                    "requirements differ.")), classes="hint")
                yield Select(
                    [(_("school"), "school"), (_("further education institution (FEI)"), "fei")],
                    value=p.setting, allow_blank=False, id="setting", compact=True,
                )
                yield Label(Content(_("Institution")), classes="field-label")
                yield Static(Content(_("Why: shown on exports and reports for your co-ordinator.")),
                             classes="hint")
                yield Input(p.institution, id="institution", compact=True)
                yield Label(Content(_("Date you were designated ALNCO")), classes="field-label")
                yield Static(Content(_(
                    "Why: some expectations count from your designation date.")), classes="hint")
                today = self.app.ctx.today
                yield ParsedField(
                    designated,
                    parse=lambda text: parse_date(text, today),
                    describe=describe_date,
                    input_id="designated",
                    placeholder=_("e.g. 1/9/2024 (optional)"),
                    optional=True,
                    id="designated-field",
                )
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(Content(_("Save (ctrl+s)")), variant="primary", id="save")
                yield Button(Content(_("Skip (esc)") if self.first_run else _("Cancel (esc)")),
                             id="skip")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_restore()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer says what esc does here: skip a first run, cancel an edit."""
        if action == "skip":
            return self.first_run
        if action == "cancel":
            return not self.first_run
        return super().check_action(action, parameters)

    def on_screen_resume(self) -> None:
        # Focus the first field as the screen opens (as auto-focus would, so
        # keys typed at once go there), but without scrolling: before layout
        # that would scroll the form part-way and hide its first label.
        if self.focused is None:
            self.set_focus(self.query_one("#name"), scroll_visible=False)

    # ------------------------------------------------------------------ drafts
    def _state(self) -> tuple:
        return (self.query_one("#name", Input).value, self.query_one("#setting", Select).value,
                self.query_one("#institution", Input).value,
                self.query_one("#designated", Input).value)

    @property
    def dirty(self) -> bool:
        return self._state() != self._initial

    def form_title(self) -> str:
        return _("Your profile")

    def draft_fields(self) -> dict[str, Any]:
        name, setting, institution, designated = self._state()
        return {"name": name, "setting": str(setting), "institution": institution,
                "designated": designated}

    def apply_draft(self, fields: dict[str, Any]) -> None:
        for field_id in ("name", "institution", "designated"):
            if isinstance(fields.get(field_id), str):
                self.query_one(f"#{field_id}", Input).value = fields[field_id]
        if fields.get("setting") in self.SETTINGS:
            self.query_one("#setting", Select).value = fields["setting"]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_skip()

    def save_form(self) -> Profile | None:
        """Save the profile; None (and the reason shown) when it is refused."""
        base = self.profile or Profile()
        try:
            profile = replace(
                base,
                name=self.query_one("#name", Input).value.strip(),
                setting=str(self.query_one("#setting", Select).value),
                institution=self.query_one("#institution", Input).value.strip(),
                designated_on=self.query_one("#designated-field", ParsedField).read(),
            )
            with self.app.record.transaction() as tx:
                tx.set_profile(profile)
        except AlncoError as error:
            self._show_error(app_text(error))
            return None
        self.forget_draft()
        self.app.reload_record()
        self.app.notify(_("Profile saved."), markup=False)
        return profile

    def action_save(self) -> None:
        profile = self.save_form()
        if profile is not None:
            self.dismiss(profile)

    def discard_question(self) -> str:
        return _("Discard your changes to your profile?")

    def action_cancel(self) -> None:
        self.action_skip()

    def action_skip(self) -> None:
        """esc: close; with typed changes, only after "Discard?" is answered yes."""
        if not self.dirty:
            self._skip()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._skip()

        from alnco.tui.widgets.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(self.discard_question(), yes=_("Discard"), no=_("Keep editing")),
            answered)

    def _skip(self) -> None:
        self.forget_draft()
        if self.first_run:
            # Remember that the question was asked (an empty profile), so it
            # does not come back at every start; the details stay blank.
            try:
                with self.app.record.transaction() as tx:
                    if tx.profile() is None:
                        tx.set_profile(Profile())
            except AlncoError as error:
                self.app.report(error)
            self.app.reload_record()
            self.app.notify(
                _("Skipped. Add your details any time: ctrl+p, then Edit profile."),
                markup=False,
            )
        self.dismiss(None)
