"""My learning: the log as a table, filtered by academic year and status, with totals.

Every cell is a `Text` (DataTable parses `str` cells as markup), and stored
text passes through `safe_text`, so a title like `[@click=app.quit]` or one
holding an escape sequence is shown literally.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Select, Static

from alnco.i18n import _, ngettext
from alnco.model import Entry, format_hours
from alnco.output import safe_text, truncate, width
from alnco.parsing import short_date
from alnco.progress.periods import academic_year
from alnco.tui.language import N_
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.nav import NavBar

ALL = "all"


def year_label(start: date) -> str:
    return "{first}-{second:02d}".format(first=start.year, second=(start.year + 1) % 100)


class LearningScreen(Screen):
    """The learning log. `enter` edits, `delete` removes (after asking), `ctrl+z` undoes."""

    AUTO_FOCUS = "#entries"
    BINDINGS = [
        Binding("n", "new('completed')", N_("Log"), id="learning-new"),
        Binding("p", "new('planned')", N_("Plan"), id="learning-plan"),
        Binding("enter", "edit", N_("Edit"), id="learning-edit"),
        Binding("delete", "remove", N_("Remove"), id="learning-remove"),
        Binding("ctrl+z", "app.undo", N_("Undo"), id="learning-undo"),
        Binding("f", "focus_filters", N_("Filter"), show=False, id="learning-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year: str = ALL
        self.status: str = ALL
        self.shown: list[Entry] = []
        self._limit = 0

    def compose(self) -> ComposeResult:
        # Built whole from the snapshot, so a recompose (language switch) redraws it all.
        self.title = _("My learning")
        entries = list(self.app.snapshot.entries)
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
        table = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        table.add_column(Text(_("Date")), key="date")
        table.add_column(Text(_("Title")), key="title")
        table.add_column(Text(_("Hours"), justify="right"), key="hours")
        table.add_column(Text(_("Status")), key="status")
        table.add_column(Text(_("Tasks")), key="tasks")
        self._fill_table(table, entries)
        yield table
        yield Static(Content(self._totals_text()), id="learning-totals")
        yield Footer()

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

    def _fill(self, entries: list[Entry]) -> None:
        table = self.query_one("#entries", DataTable)
        current = self.highlighted
        self._fill_table(table, entries)
        if current is not None and any(e.id == current.id for e in self.shown):
            table.move_cursor(row=table.get_row_index(current.id), animate=False)
        self.query_one("#learning-totals", Static).update(Content(self._totals_text()))

    def _title_width(self) -> int:
        """Room left for titles, so date, hours, status and tasks stay on screen."""
        status = max(width(_("completed")), width(_("planned")), width(_("Status")))
        others = 11 + max(5, width(_("Hours"))) + status + 8  # date, hours, status, tasks
        padding = 2 * 5 + 2  # cell padding and the scrollbar
        return max(16, (self.app.size.width or 80) - others - padding)

    def on_resize(self) -> None:
        if self.is_mounted and self._title_width() != self._limit:
            self._fill(list(self.app.snapshot.entries))

    def _fill_table(self, table: DataTable, entries: list[Entry]) -> None:
        limit = self._limit = self._title_width()
        self.shown = sorted(
            (e for e in entries if self._matches(e)), key=lambda e: (e.date, e.created_at),
            reverse=True,
        )
        table.clear()
        for entry in self.shown:
            table.add_row(
                Text(short_date(entry.date)),
                Text(truncate(safe_text(entry.title, single_line=True), limit)),
                Text(format_hours(entry.hours), justify="right"),
                Text(_(entry.status), style="italic" if entry.status == "planned" else ""),
                Text("".join(entry.tasks)),
                key=entry.id,
            )

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

    # ------------------------------------------------------------------ events
    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "filter-year":
            self.year = str(event.value)
        elif event.select.id == "filter-status":
            self.status = str(event.value)
        self._fill(list(self.app.snapshot.entries))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # ------------------------------------------------------------------ actions
    def action_new(self, status: str) -> None:
        self.app.action_new_entry(status)

    def action_edit(self) -> None:
        entry = self.highlighted
        if entry is None:
            self.app.notify(_("No entry is highlighted."), markup=False)
            return
        self.app.edit_entry(entry)

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

    def action_focus_filters(self) -> None:
        self.query_one("#filter-year", Select).focus()
