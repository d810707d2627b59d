"""The entry form: log, plan or edit one piece of learning.

It builds an `Entry` and saves it exactly as `alnco log add/edit` do
(`Entry(...).validate(today)` inside `record.transaction()`), so the rules
live in one place and nothing invalid is ever saved. It dismisses with the
saved Entry, or None when cancelled. While it has unsaved changes it keeps a
draft (alnco.tui.screens.form_drafts): one per entry being edited, and one per
new-entry form (`new-<random>`), so two new entries never share a draft.
"""

from __future__ import annotations

import os
import secrets
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (Button, Checkbox, Footer, Input, Label, OptionList, Select, Static,
                             TextArea)
from textual.widgets.option_list import Option

from alnco.catalogue.model import MODES, TASKS
from alnco.errors import AlncoError, Conflict, app_text
from alnco.i18n import _
from alnco.model import Entry, format_hours
from alnco.output import safe_text
from alnco.parsing import describe_date, parse_date, parse_hours, short_date
from alnco.tui.language import N_
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.list_keys import list_keys
from alnco.tui.widgets.parsed_field import ParsedField
from alnco.tui.widgets.path_field import PathInput, expand, shown_path
from alnco.tui.widgets.tick_box import TickBox
from alnco.values import replace as with_changes


def _hours_text(value: Any) -> str:
    if value in (None, ""):
        return ""
    return format_hours(Decimal(str(value)))


def attach_problem(path: Path, limit: int | None = None) -> str:
    """Why the file at `path` cannot be attached, in the app's words ("" if it can).
    Checked as the form adds it, so the reason shows at once; saving checks again
    (alnco.evidence.add_files), for a file changed meanwhile. A symbolic link you
    name is followed, as `alnco evidence add` does (your choice, as with `cat`)."""
    from alnco.evidence import megabytes

    shown = safe_text(shown_path(path), single_line=True)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return _("There is no file {path}.").format(path=shown)
    except OSError as error:
        return _("{path} cannot be read: {reason}.").format(
            path=shown, reason=error.strerror or error)
    if stat.S_ISDIR(st.st_mode):
        return _("{path} is a folder: choose a file in it (tab completes the "
                 "names).").format(path=shown)
    if not stat.S_ISREG(st.st_mode):
        return _("{path} is not an ordinary file.").format(path=shown)
    if not os.access(path, os.R_OK):
        return _("You cannot read {path}.").format(path=shown)
    if limit is not None and st.st_size > limit:
        return _("{path} is {size}, over the limit of {limit} a file.").format(
            path=shown, size=megabytes(st.st_size), limit=megabytes(limit))
    return ""


def _size_of(path: str) -> str:
    """A file's size as the lists show it (`12 KB`), "?" when it cannot be seen."""
    from alnco.evidence import show_size

    try:
        return show_size(os.stat(path).st_size)
    except OSError:
        return "?"


class AttachedList(OptionList):
    """The entry's evidence files, kept and to be attached; `delete` takes one off."""

    BINDINGS = [
        *list_keys("cursor_down", "cursor_up", "first", "last", "attached"),
        Binding("delete", "screen.drop_file", N_("Remove file"), id="attached-drop"),
    ]


class EntryForm(DraftForm, ModalScreen[Entry | None]):
    """`fields` prefill a new entry (module_id, title, hours, tasks, mode, status);
    `original` is the entry being edited."""

    DRAFT_KIND = "entry"
    KEEP_ON_LANGUAGE_SWITCH = True
    DEFAULT_CSS = """
    EntryForm #standards { grid-size: 2; grid-gutter: 0 1; height: auto; }
    EntryForm #standards Checkbox { border: none; padding: 0; height: auto; width: 1fr; }
    EntryForm #standards Checkbox:focus { background: $boost; }
    EntryForm.-narrow #standards { grid-size: 1; }
    EntryForm #evidence-files { height: auto; max-height: 5; background: $boost; }
    EntryForm #attach-feedback { height: auto; padding: 0 1; }
    EntryForm #attach-feedback.-invalid { color: $error; }
    """
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
        self.pending: list[str] = []  # files to attach as it is saved (absolute paths)
        self.detach: list[str] = []  # kept files (sha256) to remove as it is saved
        self.attached: list[Any] = []  # the entry's evidence files (alnco.evidence)
        self.standard_set: Any = None

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
        linked = tuple(f.get("standards") or ())
        self.standard_set = self._standard_set()
        if self.original is not None:
            self.attached = self._files_of(self.original.id)
        # As the lists show dates (`3 Nov 2026`); a draft's text stays as it was typed.
        date_text = short_date(when) if hasattr(when, "isoformat") else str(when)
        # What the fields start with: "unsaved changes" means different from this.
        self._initial = (
            date_text, _hours_text(f.get("hours")), str(f.get("title") or ""), status,
            mode if mode else Select.NULL, str(f.get("evidence") or ""),
            str(f.get("reflection") or ""), tuple(letter for letter in TASKS if letter in tasks),
            self._standards_in_order(linked), (), (),
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
                yield Label(Content(_("Evidence files (kept privately beside your record)")),
                            classes="field-label", id="evidence-files-label")
                yield AttachedList(id="evidence-files", compact=True)
                yield PathInput(id="attach-path", compact=True,
                                placeholder=_("a file to attach, e.g. ~/Documents/certificate.pdf"))
                yield Static(Content(_("tab completes a name, enter adds the file; it is "
                                       "copied when you save")),
                             id="attach-feedback", classes="hint")
                yield Label(Content(_("Reflection: what you took from it")), classes="field-label")
                yield Static(Content(self._prompts_line()), id="reflection-prompts",
                             classes="hint")
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
                if self.standard_set is not None:
                    yield Label(Content(_("Professional standards it supports")),
                                classes="field-label")
                    yield Static(Content(self._standards_source()), classes="hint",
                                 id="standards-source")
                    language = self.app.ctx.language
                    with Grid(id="standards"):
                        for standard in self.standard_set.standards:
                            yield TickBox(
                                Content(safe_text(standard.title_in(language), single_line=True)),
                                standard.key in linked, id=f"standard-{standard.key}",
                                classes="standard",
                            )
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(Content(_("Save (ctrl+s)")), variant="primary", id="save")
                yield Button(Content(_("Cancel (esc)")), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_restore()
        self._show_files()

    # ------------------------------------------------------------------ portfolio parts
    def _standard_set(self) -> Any:
        """The professional standards for the profile's setting (None if unavailable)."""
        from alnco.assessment import standards_or_none

        profile = self.app.snapshot.profile
        return standards_or_none(getattr(profile, "setting", "") or "school", self.app.ctx)

    def _standards_source(self) -> str:
        """Where the standards come from (the set's own citation says what kind of
        document it is), and a stand-in set's note."""
        found = self.standard_set
        line = safe_text(found.citation_in(self.app.ctx.language), single_line=True)
        note = found.stand_in_note()
        return plain(line + ("\n" + note if note else ""))

    def _prompts_line(self) -> str:
        """The reflective prompts, as guidance (the field itself starts as it was)."""
        from alnco.reflection import prompts

        return _("You might answer: {prompts}").format(
            prompts=" · ".join(safe_text(p, single_line=True) for p in prompts(self.app.ctx)))

    def _limit(self) -> int:
        """The size limit a file (alnco.evidence: config.toml, system defaults, 20 MB)."""
        from alnco.evidence import max_file_bytes

        return max_file_bytes(self.app.ctx)

    def _files_of(self, entry_id: str) -> list[Any]:
        from alnco.evidence import files_for

        return list(files_for(self.app.snapshot, entry_id))

    def _standards_in_order(self, keys: Any) -> tuple[str, ...]:
        """Linked keys in the set's order; keys the set does not have stay at the end
        (an entry linked under another set keeps its links)."""
        keys = tuple(keys)
        if self.standard_set is None:
            return keys
        known = self.standard_set.keys()
        return tuple(k for k in known if k in keys) + tuple(k for k in keys if k not in known)

    def _standards(self) -> tuple[str, ...]:
        """The standards ticked now, and any the form does not show, as they were."""
        if self.standard_set is None:
            return tuple(self.fields.get("standards") or ())
        ticked = [s.key for s in self.standard_set.standards
                  if self.query_one(f"#standard-{s.key}", Checkbox).value]
        hidden = [k for k in (self.fields.get("standards") or ())
                  if k not in self.standard_set.keys()]
        return tuple(ticked) + tuple(hidden)

    def _show_files(self) -> None:
        """Refill the list of evidence files: kept ones, and those to attach or remove."""
        from alnco.evidence import show_size

        files = self.query_one("#evidence-files", AttachedList)
        options = []
        for ef in self.attached:
            parts: list[Any] = [safe_text(ef.name, single_line=True)]
            parts.append(("  " + show_size(ef.size), "$text-muted"))
            if ef.sha256 in self.detach:
                parts.append(("  " + _("removed when you save"), "italic $text-warning"))
            options.append(Option(Content.assemble(*parts, strip_control_codes=False),
                                  id="kept:" + ef.sha256))
        for index, path in enumerate(self.pending):
            options.append(Option(Content.assemble(
                safe_text(os.path.basename(path), single_line=True),
                ("  " + _size_of(path), "$text-muted"),
                ("  " + _("attached when you save"), "italic $text-success"),
                strip_control_codes=False), id=f"new:{index}"))
        highlighted = files.highlighted
        files.set_options(options)
        files.display = bool(options)
        if options:
            files.highlighted = min(highlighted or 0, len(options) - 1)

    def _attach_feedback(self, message: str, invalid: bool = False) -> None:
        feedback = self.query_one("#attach-feedback", Static)
        feedback.update(Content(safe_text(message, single_line=True)))
        feedback.set_class(invalid, "-invalid")

    def add_pending(self) -> bool:
        """Add the path typed in the attach field to the files to attach; the reason
        (and the text kept in the field) if it cannot be."""
        field = self.query_one("#attach-path", PathInput)
        text = field.value.strip()
        if not text:
            return False
        path = os.path.abspath(expand(text, os.path.expanduser("~"), os.getcwd()))
        problem = attach_problem(Path(path), self._limit())
        if problem:
            self._attach_feedback(plain("✗ ") + problem, invalid=True)
            return False
        if path not in self.pending:
            self.pending.append(path)
        field.value = ""
        self._attach_feedback(plain("→ ") + _("{name} will be attached when you save.").format(
            name=os.path.basename(path)))
        self._show_files()
        self.draft_changed()
        return True

    def action_drop_file(self) -> None:
        """`delete` in the files list: a file to attach is taken off; a kept file is
        marked to be removed as the entry is saved (again: kept after all)."""
        files = self.query_one("#evidence-files", AttachedList)
        option = files.highlighted_option
        if option is None or option.id is None:
            return
        kind, _colon, value = option.id.partition(":")
        if kind == "new":
            del self.pending[int(value)]
        elif value in self.detach:
            self.detach.remove(value)
        else:
            self.detach.append(value)
        self._show_files()
        self.draft_changed()
        if not files.option_count:
            self.query_one("#attach-path", PathInput).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the attach field adds the file (and stays there for another);
        elsewhere DraftForm's handler (run after this one) moves on."""
        if event.input.id == "attach-path" and event.value.strip():
            event.stop()
            event.prevent_default()  # not DraftForm's "move on"
            self.add_pending()

    def _pending_problem(self) -> str:
        """Why the first file to attach no longer can be ("" if all can): removed,
        grown past the size limit or made unreadable since it was added."""
        for path in self.pending:
            problem = attach_problem(Path(path), self._limit())
            if problem:
                return problem + " " + _("Take it off the list (delete) or attach it again.")
        return ""

    def _save_files(self, entry: Entry) -> bool:
        """Attach and remove evidence files now that `entry` is saved. If that is
        refused, the entry stays saved and the form stays open on it, with the
        files still listed and the reason shown: nothing is lost."""
        if not self.pending and not self.detach:
            return True
        from alnco.evidence import add_files, remove_file

        ctx = self.app.ctx
        try:
            if self.pending:
                add_files(ctx, entry.id, [Path(p) for p in self.pending])
                self.pending = []
            while self.detach:
                remove_file(ctx, entry.id, self.detach[0])
                self.detach.pop(0)
        except AlncoError as error:
            if self.original is None and self._draft_owned:
                # From now on an edit of the saved entry: its draft goes under its id.
                self.app.drafts.remove(self.DRAFT_KIND, self.draft_key())
                self._draft_owned, self._draft_written = False, None
            if self.original is None:
                self.restored_key = None
            self._rebase(entry)
            self.app.reload_record()
            self.attached = self._files_of(entry.id)
            self._show_files()
            self._show_error(_("Your learning is saved, but not all its files: {reason}").format(
                reason=app_text(error)))
            return False
        return True

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
            self._standards(),
            tuple(self.pending),
            tuple(self.detach),
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
        (when, hours, title, status, mode, evidence, reflection, tasks, standards, attach,
         detach) = self._state()
        return {
            "date": when, "hours": hours, "title": title, "status": str(status),
            "mode": "" if mode is Select.NULL else str(mode), "evidence": evidence,
            "reflection": reflection, "tasks": list(tasks), "module_id": self.module_id,
            "standards": list(standards), "attach": list(attach), "detach": list(detach),
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
        standards = fields.get("standards")
        if isinstance(standards, list) and self.standard_set is not None:
            for key in self.standard_set.keys():
                self.query_one(f"#standard-{key}", Checkbox).value = key in standards
        if isinstance(fields.get("attach"), list):
            self.pending = [p for p in fields["attach"] if os.path.isabs(p)]
        if isinstance(fields.get("detach"), list):
            kept = {ef.sha256 for ef in self.attached}
            self.detach = [sha for sha in fields["detach"] if sha in kept]
        self._show_files()
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
            "standards": self._standards(),
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
        problem = self._pending_problem()
        if problem:
            self._show_error(problem)
            return None
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
        if not self._save_files(entry):
            return None
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
