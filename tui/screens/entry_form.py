"""The entry form: log, plan or edit one piece of learning.

It builds an `Entry` and saves it exactly as `alnco log add/edit` do
(`Entry(...).validate(today)` inside `record.transaction()`), so the rules
live in one place and nothing invalid is ever saved. It dismisses with the
saved Entry, or None when cancelled.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static, TextArea

from alnco.catalogue.model import MODES, TASKS
from alnco.errors import AlncoError
from alnco.i18n import _
from alnco.model import Entry, format_hours
from alnco.output import safe_text
from alnco.parsing import describe_date, parse_date, parse_hours
from alnco.tui.language import N_
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.parsed_field import ParsedField
from alnco.tui.widgets.tick_box import TickBox


def _hours_text(value: Any) -> str:
    if value in (None, ""):
        return ""
    return format_hours(Decimal(str(value)))


class EntryForm(ModalScreen[Entry | None]):
    """`fields` prefill a new entry (module_id, title, hours, tasks, mode, status);
    `original` is the entry being edited."""

    KEEP_ON_LANGUAGE_SWITCH = True
    AUTO_FOCUS = ""  # focused in on_screen_resume, without scrolling
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="form-save"),
        Binding("escape", "cancel", N_("Cancel"), id="form-cancel"),
    ]

    def __init__(self, fields: dict[str, Any] | None = None, *, original: Entry | None = None):
        super().__init__(classes="form-screen")
        self.original = original
        fields = dict(fields or {})
        if original is not None:
            fields = original.to_dict() | {"date": original.date, "hours": original.hours}
        self.module_id: str | None = fields.get("module_id") or None
        self.fields = fields

    # ------------------------------------------------------------------ layout
    def _heading(self) -> str:
        if self.original is not None:
            return _("Edit learning")
        if self.fields.get("status") == "planned":
            return _("Plan learning")
        return _("Log learning")

    def compose(self) -> ComposeResult:
        today = self.app.ctx.today
        f = self.fields
        when = f.get("date") or today
        status = f.get("status") or "completed"
        mode = f.get("mode") or ""
        modes = list(MODES) + ([mode] if mode and mode not in MODES else [])
        tasks = set(f.get("tasks") or ())
        date_text = when.isoformat() if hasattr(when, "isoformat") else str(when)
        # What the fields start with: "unsaved changes" means different from this.
        self._initial = (
            date_text, _hours_text(f.get("hours")), str(f.get("title") or ""), status,
            mode if mode else Select.NULL, str(f.get("evidence") or ""),
            str(f.get("reflection") or ""), tuple(letter for letter in TASKS if letter in tasks),
        )
        with Vertical(id="form"):
            yield Static(Content(self._heading()), id="form-title")
            with VerticalScroll(id="form-body"):
                with Grid(classes="form-pair"):
                    with Vertical():
                        yield Label(Content(_("Date")), classes="field-label")
                        yield ParsedField(
                            date_text,
                            parse=lambda text: parse_date(text, today),
                            describe=describe_date,
                            input_id="date",
                            placeholder=_("today, 3/11/2026, last friday"),
                            id="date-field",
                        )
                    with Vertical():
                        yield Label(Content(_("Hours")), classes="field-label")
                        yield ParsedField(
                            _hours_text(f.get("hours")),
                            parse=parse_hours,
                            describe=lambda h: _("{hours} h").format(hours=format_hours(h)),
                            input_id="hours",
                            placeholder=_("1.5, 90m, 1h30"),
                            id="hours-field",
                        )
                yield Label(Content(_("Title")), classes="field-label")
                yield Input(str(f.get("title") or ""), id="title", compact=True,
                            placeholder=_("what the learning was"))
                if self.module_id:
                    yield Static(Content(_("Catalogue module: {id}").format(
                        id=safe_text(self.module_id, single_line=True))), classes="hint")
                with Grid(classes="form-pair"):
                    with Vertical():
                        yield Label(Content(_("Status")), classes="field-label")
                        yield Select(
                            [(_("completed"), "completed"), (_("planned"), "planned")],
                            value=status, allow_blank=False, id="status", compact=True,
                        )
                    with Vertical():
                        yield Label(Content(_("Mode")), classes="field-label")
                        yield Select(
                            [(Content(_(m)), m) for m in modes],
                            value=mode if mode else Select.NULL, prompt=_("(not set)"),
                            id="mode", compact=True,
                        )
                yield Label(Content(_("Evidence (a link, a file, a note)")), classes="field-label")
                yield Input(str(f.get("evidence") or ""), id="evidence", compact=True)
                yield Label(Content(_("Reflection: what you took from it")), classes="field-label")
                yield TextArea(str(f.get("reflection") or ""), id="reflection",
                               soft_wrap=True, show_line_numbers=False, compact=True)
                yield Label(
                    Content(_("ALNCO tasks it supports (WSI 2021/401 reg 29/30)")),
                    classes="field-label",
                )
                with Grid(id="tasks"):
                    for letter, label in TASKS.items():
                        yield TickBox(
                            Content("{letter}  {label}".format(letter=letter, label=_(label))),
                            letter in tasks, id=f"task-{letter}", classes="task",
                        )
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(Content(_("Save (ctrl+s)")), variant="primary", id="save")
                yield Button(Content(_("Cancel (esc)")), id="cancel")
        yield Footer()

    def on_screen_resume(self) -> None:
        # Focus the first field as the screen opens (as auto-focus would, so
        # keys typed at once go there), but without scrolling: before layout
        # that would scroll the form part-way and hide its first label.
        if self.focused is None:
            self.set_focus(self.query_one("#date"), scroll_visible=False)

    # ------------------------------------------------------------------ state
    def _state(self) -> tuple:
        return (
            self.query_one("#date", Input).value,
            self.query_one("#hours", Input).value,
            self.query_one("#title", Input).value,
            self.query_one("#status", Select).value,
            self.query_one("#mode", Select).value,
            self.query_one("#evidence", Input).value,
            self.query_one("#reflection", TextArea).text,
            self._tasks(),
        )

    def _tasks(self) -> tuple[str, ...]:
        return tuple(
            letter for letter in TASKS if self.query_one(f"#task-{letter}", Checkbox).value
        )

    @property
    def dirty(self) -> bool:
        return self._state() != self._initial

    # ------------------------------------------------------------------ actions
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # enter moves on, like a paper form; ctrl+s saves from anywhere.
        event.stop()
        self.focus_next()

    def _show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Content(safe_text(message, single_line=True)))
        error.set_class(bool(message), "-visible")

    def _build(self) -> Entry:
        """The entry as typed; raises AlncoError (from the domain) if it is not valid."""
        when = self.query_one("#date-field", ParsedField).read()
        hours = self.query_one("#hours-field", ParsedField).read()
        mode = self.query_one("#mode", Select).value
        changes = {
            "title": self.query_one("#title", Input).value.strip(),
            "date": when,
            "hours": hours,
            "status": self.query_one("#status", Select).value,
            "mode": "" if mode is Select.NULL else str(mode),
            "evidence": self.query_one("#evidence", Input).value,
            "reflection": self.query_one("#reflection", TextArea).text,
            "tasks": self._tasks(),
        }
        if self.original is not None:
            entry = self.original.edited(**changes)
        else:
            entry = Entry(module_id=self.module_id, **changes)
        return entry.validate(self.app.ctx.today)

    def action_save(self) -> None:
        try:
            entry = self._build()
            with self.app.record.transaction() as tx:
                if self.original is not None:
                    tx.replace(entry)
                else:
                    tx.add(entry)
        except AlncoError as error:
            self._show_error(str(error))
            return
        self._show_error("")
        self.dismiss(entry)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(_("Discard your changes to this entry?"),
                          yes=_("Discard"), no=_("Keep editing")),
            answered,
        )
