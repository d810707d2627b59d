"""`alnco cohort`: the co-ordinator's report as a Textual app.

One row per ALNCO, most at risk first; sort by any column (click its header,
or `s` for the next column and `r` to reverse), filter as you type (`/`), and
Enter opens one person's requirements and entries. Every cell is a rich
`Text`, so names and titles are shown as typed and never parsed as markup.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from alnco.collation import sort_key
from alnco.exports.cohort import Cohort, Person
from alnco.exports.labels import (
    STATUS_LETTERS, basis_label, risk_label, setting_label, status_label,
)
from alnco.i18n import _, current_language
from alnco.model import format_hours
from alnco.output import safe_text
from alnco.progress.words import verdict

RISK_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
STATUS_STYLE = {"overdue": "bold red", "behind": "red", "not_started": "yellow",
                "on_track": "cyan", "met": "green", "not_applicable": "dim"}


def cell(value: str, style: str = "") -> Text:
    return Text(safe_text(value, single_line=True), style=style)


def columns() -> list[tuple[str, Callable[[Person], Any]]]:
    """(label, sort key) for each column, in order; names in the interface
    language's alphabetical order (Welsh: ch after c, ll after l)."""
    language = current_language()
    return [
        (_("Name"), lambda p: sort_key(p.profile.name, language)),
        (_("Institution"), lambda p: sort_key(p.profile.institution, language)),
        (_("Setting"), lambda p: sort_key(setting_label(p.profile.setting), language)),
        (_("Risk"), lambda p: p.sort_key()),
        (_("Hours"), lambda p: p.progress.hours_this_year),
        (_("Last activity"), lambda p: p.last_activity.toordinal() if p.last_activity else 0),
        (_("Requirements"), lambda p: p.sort_key()),
    ]


def matches(person: Person, query: str) -> bool:
    if not query:
        return True
    haystack = " ".join([person.profile.name, person.profile.institution,
                         person.profile.ewc_number, person.profile.setting,
                         setting_label(person.profile.setting),
                         risk_label(person.risk), person.risk]).casefold()
    return all(word in haystack for word in query.casefold().split())


class PersonScreen(Screen):
    """One ALNCO: requirements with status and reason, then their entries."""

    BINDINGS = [Binding("escape", "app.pop_screen", _("Back"), id="person-back")]

    def __init__(self, person: Person):
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        person = self.person
        profile = person.profile
        yield Header()
        heading = Text.assemble(
            (safe_text(profile.name or _("(no name)"), single_line=True), "bold"),
            "  ", safe_text(profile.institution, single_line=True),
            "  ", setting_label(profile.setting),
            "  ", (risk_label(person.risk), RISK_STYLE.get(person.risk, "")),
            ": " if person.risk_reason else "", person.risk_reason,
        )
        with Vertical():
            yield Static(heading, id="person-heading")
            requirements = DataTable(id="requirements", cursor_type="row", zebra_stripes=True)
            requirements.add_columns(_("Requirement"), _("Status"), _("Basis"), _("Why"))
            for result in person.progress.requirements:
                requirements.add_row(
                    cell(result.title), cell(verdict(result),
                                             STATUS_STYLE.get(result.status, "")),
                    cell(basis_label(result.basis)), cell(result.reason))
            yield requirements
            entries = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
            entries.add_columns(_("Date"), _("Status"), _("Hours"), _("Tasks"), _("Title"))
            for entry in sorted(person.entries, key=lambda e: e.date, reverse=True):
                entries.add_row(cell(entry.date.isoformat()), cell(_(entry.status)),
                                cell(format_hours(entry.hours)), cell("".join(entry.tasks)),
                                cell(entry.title))
            yield entries
        yield Footer()


class CohortApp(App):
    """The cohort table with filter, sort and drill-down."""

    TITLE = "alnco cohort"
    CSS_PATH = "cohort.tcss"
    BINDINGS = [
        Binding("slash", "focus_filter", _("Filter"), id="cohort-filter"),
        Binding("s", "next_sort", _("Sort"), id="cohort-sort"),
        Binding("r", "reverse_sort", _("Reverse"), id="cohort-reverse"),
        Binding("escape", "clear_filter", _("Clear filter"), show=False, id="cohort-clear-filter"),
        Binding("q", "quit", _("Quit"), id="quit"),
        Binding("ctrl+q", "quit", _("Quit"), show=False, priority=True, id="quit-always"),
    ]

    def __init__(self, cohort: Cohort):
        super().__init__()
        self.cohort = cohort
        self.columns = columns()
        self.sort_column = 3  # risk: most at risk first, like `alnco report`
        self.reverse = False
        self.query = ""
        self.shown: list[Person] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Filter by name, institution, EWC number or risk"),
                    id="filter")
        table = DataTable(id="cohort", cursor_type="row", zebra_stripes=True)
        for label, _key in self.columns:
            table.add_column(Text(label), key=label)
        yield table
        yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one("#cohort", DataTable).focus()

    def refill(self) -> None:
        _label, key = self.columns[self.sort_column]
        people = [p for p in self.cohort.people if matches(p, self.query)]
        people.sort(key=key, reverse=self.reverse)
        self.shown = people
        ids = list(self.cohort.requirements)
        table = self.query_one("#cohort", DataTable)
        table.clear()
        for index, person in enumerate(people):
            statuses = person.statuses
            progress = person.progress
            hours = format_hours(progress.hours_this_year)
            if progress.hours_target is not None:
                hours += "/" + format_hours(progress.hours_target)
            letters = Text()
            for rid in ids:
                status = statuses.get(rid, "")
                letters.append(STATUS_LETTERS.get(status, " "), STATUS_STYLE.get(status, ""))
            table.add_row(
                cell(person.profile.name or _("(no name)")), cell(person.profile.institution),
                cell(setting_label(person.profile.setting)),
                cell(risk_label(person.risk), RISK_STYLE.get(person.risk, "")),
                cell(hours),
                cell(person.last_activity.isoformat() if person.last_activity else "-"),
                letters, key=str(index),
            )
        label = self.columns[self.sort_column][0]
        summary = _("{shown} of {total} people · sorted by {column}{reverse} · "
                    "{problems} files skipped").format(
            shown=len(people), total=len(self.cohort.people), column=label,
            reverse=" ↓" if self.reverse else "", problems=len(self.cohort.problems))
        self.query_one("#summary", Static).update(Text(summary))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Sorting and filtering act on the cohort table: not while a person is open."""
        if action in ("focus_filter", "next_sort", "reverse_sort", "clear_filter"):
            return not isinstance(self.screen, PersonScreen)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query = event.value
        self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#cohort", DataTable).focus()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        if event.data_table.id != "cohort":
            return
        if event.column_index == self.sort_column:
            self.reverse = not self.reverse
        else:
            self.sort_column, self.reverse = event.column_index, False
        self.refill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "cohort" or event.row_key.value is None:
            return
        self.push_screen(PersonScreen(self.shown[int(event.row_key.value)]))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        self.query_one("#cohort", DataTable).focus()

    def action_next_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(self.columns)
        self.reverse = False
        self.refill()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self.refill()


def run(cohort: Cohort) -> int:
    CohortApp(cohort).run()
    return 0

