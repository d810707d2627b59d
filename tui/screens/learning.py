"""My learning: the log as a table, filtered by academic year and status, with
totals, and a preview of the highlighted entry (master-detail).

Every cell is a `Text` (DataTable parses `str` cells as markup), and stored
text passes through `safe_text`, so a title like `[@click=app.quit]` or one
holding an escape sequence is shown literally. Column widths are worked out
again whenever the table's width changes (`EntriesTable`, `column_plan`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from alnco.errors import AlncoError, Conflict
from alnco.i18n import _, ngettext
from alnco.model import Entry, format_hours
from alnco.output import safe_text, truncate, width
from alnco.parsing import short_date
from alnco.progress.periods import academic_year
from alnco.tui.language import N_
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.entries_table import EntriesTable, column_plan
from alnco.tui.widgets.entry_preview import EntryPreview
from alnco.tui.widgets.fitting_footer import FittingFooter
from alnco.tui.widgets.nav import NavBar

ALL = "all"
COLUMNS = ("date", "title", "hours", "status", "tasks")


def year_label(start: date) -> str:
    return "{first}-{second:02d}".format(first=start.year, second=(start.year + 1) % 100)


def done_version(entry: Entry, today: date) -> Entry:
    """A planned entry marked done: completed, dated today unless its own
    date has already passed (a completed entry cannot be in the future)."""
    return entry.edited(status="completed", date=min(entry.date, today)).validate(today)


class LearningScreen(Screen):
    """The learning log. `enter` edits, `space` marks planned learning done,
    `o` shows the entry's evidence files, `delete` removes (after asking),
    `ctrl+z` undoes."""

    # Read from the .tcss file but given as DEFAULT_CSS (see DashboardScreen).
    DEFAULT_CSS = (Path(__file__).parent.parent / "learning.tcss").read_text(encoding="utf-8")
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    AUTO_FOCUS = "#entries"
    BINDINGS = [
        Binding("n", "new('completed')", N_("Log"), id="learning-new"),
        Binding("p", "new('planned')", N_("Plan"), id="learning-plan"),
        Binding("enter", "edit", N_("Edit"), id="learning-edit"),
        Binding("space", "mark_done", N_("Done"), id="learning-done"),
        Binding("delete", "remove", N_("Remove"), id="learning-remove"),
        # The preview says "o shows them" beside the files: the footer keeps its room.
        Binding("o", "open_evidence", N_("Files"), show=False, id="learning-evidence"),
        Binding("ctrl+z", "app.undo", N_("Undo"), id="learning-undo"),
        Binding("f", "focus_filters", N_("Filter"), show=False, id="learning-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year: str = ALL
        self.status: str = ALL
        self.shown: list[Entry] = []
        self._plan: dict[str, int] = {}  # the columns shown and their widths

    def compose(self) -> ComposeResult:
        # Built whole from the snapshot, so a recompose (language switch) redraws it all.
        self.title = _("My learning")
        entries = list(self.app.snapshot.entries)
        # The breakpoint's class now, not after the first layout: the table's
        # first width is then its real one, and it is filled once, not twice.
        wide = (self.app.size.width or 80) >= 110
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        yield NavBar("learning")
        with Horizontal(id="learning-filters"):
            yield Static(Content(_("Year")), classes="filter-label")
            yield Select(self._year_options(entries), value=self.year, allow_blank=False,
                         id="filter-year", compact=True)
            yield Static(Content(_("Status")), classes="filter-label")
            yield Select(
                [(_("all"), ALL), (_("completed"), "completed"), (_("planned"), "planned")],
                value=self.status, allow_blank=False, id="filter-status", compact=True,
            )
        with Horizontal(id="learning-body"):
            # Filled when it first learns its width (on_entries_table_resized).
            self.shown = self._filtered(entries)
            self._plan = {}
            yield EntriesTable(id="entries", cursor_type="row", zebra_stripes=True)
            yield EntryPreview(id="learning-preview")
        yield Static(Content(self._totals_text()), id="learning-totals")
        yield FittingFooter(self.app.size.width or 80)

    def on_mount(self) -> None:
        self._show_preview()

    # ------------------------------------------------------------------ data
    def _years(self, entries: list[Entry]) -> list[date]:
        starts = {academic_year(e.date)[0] for e in entries}
        starts.add(academic_year(self.app.ctx.today)[0])
        return sorted(starts, reverse=True)

    def _year_options(self, entries: list[Entry]) -> list[tuple[str, str]]:
        options = [(_("all years"), ALL)] + [
            (year_label(y), y.isoformat()) for y in self._years(entries)]
        if self.year not in {value for _label, value in options}:
            self.year = ALL
        return options

    def record_changed(self, snapshot) -> None:
        """Redraw from `snapshot`, keeping the filters and the highlighted entry."""
        entries = list(snapshot.entries)
        select = self.query_one("#filter-year", Select)
        options = self._year_options(entries)
        try:
            with select.prevent(Select.Changed):
                select.set_options(options)
                select.value = self.year
        except NoMatches:  # the screen is still being put together: once it is, again
            self.call_after_refresh(self.record_changed, snapshot)
            return
        self._fill(entries)

    def _matches(self, entry: Entry) -> bool:
        if self.status != ALL and entry.status != self.status:
            return False
        if self.year != ALL:
            start, end = academic_year(date.fromisoformat(self.year))
            return start <= entry.date <= end
        return True

    def _fill(self, entries: list[Entry], select: str | None = None) -> None:
        """Refill the table; the cursor goes to entry `select`, else stays on
        the entry it was on (else the row it was on)."""
        table = self.query_one("#entries", DataTable)
        current = self.highlighted
        row = table.cursor_row
        self._fill_table(table, entries)
        wanted = select or (current.id if current is not None else None)
        ids = [e.id for e in self.shown]
        if wanted in ids:
            row = ids.index(wanted)
        if self.shown:
            table.move_cursor(row=min(max(row, 0), len(self.shown) - 1), animate=False)
        self.query_one("#learning-totals", Static).update(Content(self._totals_text()))
        self._show_preview()

    def _natural_widths(self) -> dict[str, int]:
        """What each column wants: its widest cell or its heading."""
        headings = self._headings()
        statuses = {_("completed"), _("planned")}
        cells: dict[str, list[int]] = {
            "date": [width(short_date(e.date)) for e in self.shown],
            "title": [width(safe_text(e.title, single_line=True)) for e in self.shown],
            "hours": [width(format_hours(e.hours)) for e in self.shown],
            "status": [width(s) for s in statuses],
            "tasks": [len(e.tasks) for e in self.shown],
        }
        return {key: max([width(headings[key]), *cells[key]]) for key in COLUMNS}

    @staticmethod
    def _headings() -> dict[str, str]:
        return {"date": _("Date"), "title": _("Title"), "hours": _("Hours"),
                "status": _("Status"), "tasks": _("Tasks")}

    def _available(self, table: DataTable) -> int:
        """The table's width now; before its first layout, a guess from the screen's."""
        if table.size.width:  # less any border or padding a theme or focus style adds
            return table.size.width - table.styles.gutter.width
        screen = self.app.size.width or 80
        return screen * 3 // 5 if screen >= 110 else screen

    def on_entries_table_resized(self, event: EntriesTable.Resized) -> None:
        """Refill only if the columns change: a long log takes a while to fill."""
        event.stop()
        table = self.query_one("#entries", DataTable)
        if not self._plan or column_plan(self._available(table),
                                         self._natural_widths()) != self._plan:
            self._fill(list(self.app.snapshot.entries))

    def _filtered(self, entries: list[Entry]) -> list[Entry]:
        """The entries the filters let through, newest first."""
        return sorted((e for e in entries if self._matches(e)),
                      key=lambda e: (e.date, e.created_at), reverse=True)

    def _fill_table(self, table: DataTable, entries: list[Entry]) -> None:
        self.shown = self._filtered(entries)
        plan = self._plan = column_plan(self._available(table), self._natural_widths())
        headings = self._headings()
        table.clear(columns=True)
        for key, size in plan.items():
            table.add_column(Text(headings[key], justify="right" if key == "hours" else "left",
                                  no_wrap=True, overflow="ellipsis"), width=size, key=key)
        for entry in self.shown:
            cells = {
                "date": Text(short_date(entry.date)),
                "title": Text(truncate(safe_text(entry.title, single_line=True), plan["title"])),
                "hours": Text(format_hours(entry.hours), justify="right"),
                "status": Text(_(entry.status),
                               style="italic" if entry.status == "planned" else ""),
                "tasks": Text("".join(entry.tasks)),
            }
            table.add_row(*(cells[key] for key in plan), key=entry.id)

    def _totals_text(self) -> str:
        done = sum((e.hours for e in self.shown if e.status == "completed"), Decimal(0))
        planned = sum((e.hours for e in self.shown if e.status == "planned"), Decimal(0))
        if not self.shown:
            return _("No entries here. Press n to log learning, p to plan some.")
        return ngettext("{n} entry: {done} h completed, {planned} h planned",
                        "{n} entries: {done} h completed, {planned} h planned",
                        len(self.shown)).format(
            n=len(self.shown), done=format_hours(done), planned=format_hours(planned))

    @property
    def highlighted(self) -> Entry | None:
        table = self.query_one("#entries", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _show_preview(self) -> None:
        try:
            preview = self.query_one(EntryPreview)
        except NoMatches:
            return
        entry = self.highlighted
        files = self._files(entry)
        preview.show(entry, files, self._standard_titles() if entry and entry.standards else None)
        self.refresh_bindings()

    def _files(self, entry: Entry | None) -> list:
        """The evidence files of `entry` (alnco.evidence), as the snapshot has them."""
        if entry is None:
            return []
        from alnco.evidence import files_for

        return files_for(self.app.snapshot, entry.id)

    def _standard_titles(self) -> dict[str, str]:
        """Standard key -> its title, in the interface language (for the preview)."""
        from alnco.assessment import standards_or_none

        profile = self.app.snapshot.profile
        found = standards_or_none(getattr(profile, "setting", "") or "school", self.app.ctx)
        if found is None:
            return {}
        return {s.key: s.title_in(self.app.ctx.language) for s in found.standards}

    def select_entry(self, entry: Entry | None) -> None:
        """Highlight `entry` (just saved); if the filters hide it, show all first."""
        if entry is None or not self.is_mounted:
            return
        if not self._matches(entry):
            self.year = self.status = ALL
            for select_id in ("#filter-year", "#filter-status"):
                select = self.query_one(select_id, Select)
                with select.prevent(Select.Changed):
                    select.value = ALL
        self._fill(list(self.app.snapshot.entries), select=entry.id)

    # ------------------------------------------------------------------ events
    def on_select_changed(self, event: Select.Changed) -> None:
        # A Select says Changed when first mounted too: refill only on a real change.
        if event.select.id == "filter-year" and str(event.value) != self.year:
            self.year = str(event.value)
        elif event.select.id == "filter-status" and str(event.value) != self.status:
            self.status = str(event.value)
        else:
            return
        self._fill(list(self.app.snapshot.entries))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_preview()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_done":  # shown in the footer only on planned learning
            entry = self.highlighted if self.is_mounted and self.query("#entries") else None
            return entry is not None and entry.status == "planned"
        if action == "open_evidence":  # only on an entry with files
            entry = self.highlighted if self.is_mounted and self.query("#entries") else None
            return bool(self._files(entry))
        return True

    # ------------------------------------------------------------------ actions
    def action_new(self, status: str) -> None:
        self.app.open_entry_form({"status": status}, after=self.select_entry)

    def action_edit(self) -> None:
        entry = self.highlighted
        if entry is None:
            self.app.notify(_("No entry is highlighted."), markup=False)
            return
        self.app.open_entry_form({}, original=entry, after=self.select_entry)

    def action_mark_done(self) -> None:
        """Save the highlighted planned entry as completed, over the version shown
        (another session's change since is never overwritten); ctrl+z undoes it."""
        entry = self.highlighted
        if entry is None or entry.status != "planned":
            return
        try:
            done = done_version(entry, self.app.ctx.today)
            with self.app.record.transaction() as tx:
                saved = tx.replace(done, expected_revision=entry.revision)
        except Conflict as conflict:
            message = (_("Not marked done: '{title}' was changed in another session since; "
                         "look at it again.") if conflict.current is not None
                       else _("'{title}' was already removed in another session."))
            self.app.notify(message.format(title=safe_text(entry.title, single_line=True)),
                            severity="warning", markup=False)
            self.app.reload_record()
            return
        except AlncoError as error:
            self.app.report(error)
            return
        self.app.undo_stack.append(("edited", entry, saved.revision))
        self.app.notify(_("Done: {title} ({date}); ctrl+z undoes it.").format(
            title=safe_text(entry.title, single_line=True), date=short_date(saved.date)),
            markup=False)
        self.app.reload_record()
        self.select_entry(saved)

    def action_remove(self) -> None:
        entry = self.highlighted
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.remove_entry(entry)

        self.app.push_screen(
            ConfirmScreen(
                _("Remove '{title}' ({date}, {hours} h)? ctrl+z undoes it.").format(
                    title=safe_text(entry.title, single_line=True),
                    date=short_date(entry.date), hours=format_hours(entry.hours)),
                yes=_("Remove"), no=_("Keep"),
            ),
            answered,
        )

    def action_open_evidence(self) -> None:
        """`o`: the highlighted entry's evidence files (alnco.tui.screens.evidence_view)."""
        from alnco.tui.screens.evidence_view import EvidenceScreen

        entry = self.highlighted
        files = self._files(entry)
        if entry is None or not files:
            return
        self.app.push_screen(EvidenceScreen(entry.id, entry.title, files,
                                            self.app.ctx.record_path))

    def action_focus_filters(self) -> None:
        self.query_one("#filter-year", Select).focus()
