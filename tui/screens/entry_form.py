"""The entry form: log, plan or edit one piece of learning.

It builds an `Entry` and saves it exactly as `alnco log add/edit` do
(`Entry(...).validate(today)` inside `record.transaction()`), so the rules
live in one place and nothing invalid is ever saved. It dismisses with the
saved Entry, or None when cancelled. While it has unsaved changes it keeps a
draft (alnco.tui.screens.form_drafts): one per entry being edited, and one per
new-entry form (`new-<random>`), so two new entries never share a draft.
"""

from __future__ import annotations

import secrets
from dataclasses import replace as with_changes
from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static, TextArea

from alnco.catalogue.model import MODES, TASKS
from alnco.errors import AlncoError, Conflict, app_text
from alnco.i18n import _
from alnco.model import Entry, format_hours
from alnco.output import safe_text
from alnco.parsing import describe_date, parse_date, parse_hours, short_date
from alnco.tui.language import N_
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.widgets.parsed_field import ParsedField
from alnco.tui.widgets.tick_box import TickBox


def _hours_text(value: Any) -> str:
    if value in (None, ""):
        return ""
    return format_hours(Decimal(str(value)))


class EntryForm(DraftForm, ModalScreen[Entry | None]):
    """`fields` prefill a new entry (module_id, title, hours, tasks, mode, status);
    `original` is the entry being edited."""

    DRAFT_KIND = "entry"
    KEEP_ON_LANGUAGE_SWITCH = True
    AUTO_FOCUS = ""  # focused in on_screen_resume, without scrolling
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="form-save"),
        Binding("escape", "cancel", N_("Cancel"), id="form-cancel"),
        Binding("f1", "help", N_("Help"), id="form-help"),
    ]

    def __init__(self, fields: dict[str, Any] | None = None, *, original: Entry | None = None):
        super().__init__(classes="form-screen")
        self.original = original
        # The revision this edit started from: saving checks the stored entry still
        # is it (else the conflict dialog). After "edit" in that dialog, the current one.
        self.base_revision: int | None = original.revision if original is not None else None
        self.replaced: Entry | None = None  # the stored version the last save replaced
        self._add_back = False  # "keep mine" over a removal: add the entry back
        fields = dict(fields or {})
        if original is not None:
            fields = original.to_dict() | {"date": original.date, "hours": original.hours}
        self.module_id: str | None = fields.get("module_id") or None
        self.fields = fields
        self._new_key = "new-" + secrets.token_hex(4)

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
        # As the lists show dates (`3 Nov 2026`); a draft's text stays as it was typed.
        date_text = short_date(when) if hasattr(when, "isoformat") else str(when)
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

    def on_mount(self) -> None:
        self._apply_restore()

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

    # ------------------------------------------------------------------ drafts
    def form_title(self) -> str:
        return self._heading()

    def draft_key(self) -> str:
        if self.restored_key:
            return self.restored_key
        return self.original.id if self.original is not None else self._new_key

    def draft_fields(self) -> dict[str, Any]:
        when, hours, title, status, mode, evidence, reflection, tasks = self._state()
        return {
            "date": when, "hours": hours, "title": title, "status": str(status),
            "mode": "" if mode is Select.NULL else str(mode), "evidence": evidence,
            "reflection": reflection, "tasks": list(tasks), "module_id": self.module_id,
            # An edit restored later still saves only over the version it started from.
            "base_revision": str(self.base_revision or ""),  # drafts hold text only
        }

    def apply_draft(self, fields: dict[str, Any]) -> None:
        """Fill the fields from a draft (what was typed, not checked: the form
        checks it as it is saved). Values this form cannot show are left as they are."""
        for field_id in ("date", "hours", "title", "evidence"):
            if isinstance(fields.get(field_id), str):
                self.query_one(f"#{field_id}", Input).value = fields[field_id]
        if isinstance(fields.get("reflection"), str):
            self.query_one("#reflection", TextArea).text = fields["reflection"]
        for field_id in ("status", "mode"):
            value = fields.get(field_id)
            select = self.query_one(f"#{field_id}", Select)
            if field_id == "mode" and value == "":
                select.clear()
            elif isinstance(value, str):
                try:
                    select.value = value
                except Exception:  # noqa: BLE001 - not one of this form's choices
                    pass
        tasks = fields.get("tasks")
        if isinstance(tasks, list):
            for letter in TASKS:
                self.query_one(f"#task-{letter}", Checkbox).value = letter in tasks
        base = fields.get("base_revision")
        if self.original is not None and isinstance(base, str) and base.isdecimal():
            self.base_revision = int(base)  # saving then asks if the entry moved on meanwhile

    # ------------------------------------------------------------------ actions
    def _build(self) -> Entry:
        """The entry as typed; raises AlncoError (from the domain) if it is not valid."""
        when, hours = self._read_parsed("#date-field", "#hours-field")
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

    def _read_parsed(self, *selectors: str) -> list[Any]:
        """Each field's value; every field shows what is wrong with it, and the
        first reason is raised (AlncoError)."""
        values, refused = [], None
        for selector in selectors:
            try:
                values.append(self.query_one(selector, ParsedField).read())
            except AlncoError as error:
                refused = refused or error
        if refused is not None:
            raise refused
        return values

    def save_form(self) -> Entry | None:
        """Save the entry; None (and the reason shown) when it is refused.

        An edit is saved only over the revision it started from: if another
        session changed or removed the entry meanwhile, nothing is written and
        the conflict dialog asks what to keep (`_conflict`)."""
        replaced = None
        try:
            entry = self._build()
            with self.app.record.transaction() as tx:
                if self.original is None:
                    entry = tx.add(entry)
                elif self._add_back:  # chosen in the dialog: it was removed meanwhile
                    entry = tx.restore(with_changes(entry, revision=entry.revision + 1),
                                       expected_revision=None)
                else:
                    replaced = tx.get(entry.id)
                    entry = tx.replace(entry, expected_revision=self.base_revision)
        except Conflict as conflict:
            self._show_error(app_text(conflict))
            self._conflict(conflict)
            return None
        except AlncoError as error:
            self._show_error(app_text(error))
            return None
        self.replaced = replaced
        self._show_error("")
        self.forget_draft()
        return entry

    def _conflict(self, conflict: Conflict) -> None:
        """Show both versions; save mine deliberately, keep theirs, or edit on."""
        from alnco.tui.screens.conflict import EDIT, FORM, MINE, THEIRS, ConflictScreen

        current = conflict.current
        mine = conflict.mine if conflict.mine is not None else self._build()

        def answered(choice: str | None) -> None:
            if choice == THEIRS:
                self.forget_draft()
                self.app.notify(_("Kept the version saved in another session; your changes "
                                  "were discarded."), markup=False)
                self._close_with(None)
                self.app.check_record()
                return
            self._rebase(current)
            if choice == MINE:
                if self.app.screen is self:
                    self.action_save()
                else:
                    self.leave_saving()
            elif choice == EDIT:
                self._show_error(
                    _("Your values are still here; saving now replaces the version saved "
                      "in another session.") if current is not None else
                    _("Your values are still here; saving now adds the entry back."))

        self.app.push_screen(ConflictScreen(mine, current, context=FORM), answered)

    def _rebase(self, current: Entry | None) -> None:
        """From now on, a save goes over `current` (None: adds the entry back)."""
        if current is None:
            self._add_back = True
            return
        self._add_back = False
        self.original = current
        self.base_revision = current.revision

    def discard_question(self) -> str:
        return _("Discard your changes to this entry?")
