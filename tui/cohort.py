"""`alnco cohort`: the co-ordinator's report as a Textual app.

One row per ALNCO, most at risk first; sort by any column (click its header,
or `s` for the next column and `r` to reverse), filter as you type (`/`), and
Enter opens one person's requirements and entries. Every cell is a rich
`Text`, so names and titles are shown as typed and never parsed as markup.

At national scale (1,500 people, 190 MB of exports) the app keeps only each
person's summary, which forked workers send back while the app starts (see
`alnco.exports.cohort.start_reading`); Enter re-reads that one person's file.
Who owns each file is shown, and an EWC number that came from two owners is
marked `!` on every row that has it.

It looks and answers like the home app (`alnco`): the same stylesheet for
focus and help (shared.tcss), the same themes from the same settings
(config.toml, ALNCO_THEME), ctrl+p for its commands, `?`/f1 for help, and
its words in the interface language.
"""

from __future__ import annotations

import asyncio
import gc
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from alnco import paths, settings
from alnco.collation import sort_key
from alnco.errors import AlncoError
from alnco.exports.cohort import Cohort, Person, Reading
from alnco.exports.labels import (
    basis_label, risk_label, setting_label, status_legend, status_letter,
)
from alnco.i18n import _, current_language
from alnco.model import format_hours
from alnco.output import safe_text
from alnco.progress.words import verdict
from alnco.tui.app_keys import SHARED_APP_KEYS
from alnco.tui.language import N_, classes_out_of_date, retranslate
from alnco.tui.themes import HIGH_CONTRAST, TEXTUAL_NAMES, key_of, theme_label
from alnco.tui.widgets.fitting_footer import FittingFooter as Footer
from alnco.tui.widgets.list_keys import list_keys

RISK_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
STATUS_STYLE = {"overdue": "bold red", "behind": "red", "not_started": "yellow",
                "on_track": "cyan", "met": "green", "not_applicable": "dim"}
SHARED_MARK = "!"  # ASCII: screen readers and LANG=C
SHARED_STYLE = "bold red"

__all__ = ["CohortApp", "CohortTable", "ListTable", "PersonScreen", "WarningsScreen", "run"]


def cell(value: str, style: str = "") -> Text:
    return Text(safe_text(value, single_line=True), style=style)


def columns() -> list[tuple[str, Callable[[Person], Any]]]:
    """(label, sort key) for each column, in order; names in the interface
    language's alphabetical order (Welsh: ch after c, ll after l)."""
    language = current_language()
    return [
        (SHARED_MARK, lambda p: (not p.ewc_shared_with, p.profile.ewc_number)),
        (_("Name"), lambda p: sort_key(p.profile.name, language)),
        (_("Owner"), lambda p: sort_key(p.owner, language)),
        (_("Institution"), lambda p: sort_key(p.profile.institution, language)),
        (_("Setting"), lambda p: sort_key(setting_label(p.profile.setting), language)),
        (_("Risk"), lambda p: p.sort_key()),
        (_("Hours"), lambda p: p.progress.hours_this_year),
        (_("Last activity"), lambda p: p.last_activity.toordinal() if p.last_activity else 0),
        (_("Requirements"), lambda p: p.sort_key()),
    ]


class ListTable(DataTable):
    """A table with the home app's list keys too: j/k down and up, g/G first and
    last; enter does nothing here, so neither the footer nor help offers it."""

    BINDINGS = [*list_keys("cursor_down", "cursor_up", "scroll_top", "scroll_bottom",
                           "list-table"),
                Binding("enter", "select_cursor", "", show=False, id="list-table-enter")]


class CohortTable(ListTable):
    """The cohort's rows: enter opens the person (said in the footer and help)."""

    BINDINGS = [Binding("enter", "select_cursor", N_("Open"), id="cohort-open")]


FIRST_ROWS = 60  # rows added before the first frame; more than any terminal shows
RISK_COLUMN = 5  # the default sort: most at risk first, like `alnco report`


def matches(person: Person, query: str) -> bool:
    if not query:
        return True
    haystack = " ".join([person.profile.name, person.profile.institution,
                         person.profile.ewc_number, person.profile.setting,
                         setting_label(person.profile.setting), person.owner,
                         risk_label(person.risk), person.risk]).casefold()
    return all(word in haystack for word in query.casefold().split())


class PersonScreen(Screen):
    """One ALNCO: requirements with status and reason, then their entries.

    `person` is the whole person as their file says now, or (when the file has
    gone or cannot be used) the summary the table was made from, with `note`
    saying so; `entries` is False then, and the entries table is left out.
    """

    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), id="person-back")]

    def __init__(self, person: Person, note: str = "", *, entries: bool = True):
        super().__init__()
        self.person = person
        self.note = note
        self.entries = entries

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
        whose = _("EWC number {ewc} · owner {owner} · {path}").format(
            ewc=profile.ewc_number or "-", owner=person.owner or "?", path=person.source)
        with Vertical():
            yield Static(heading, id="person-heading")
            yield Static(cell(whose), id="person-owner")
            if person.ewc_shared_with:
                yield Static(cell(SHARED_MARK + " " + _(
                    "This EWC number was also handed in by {owners}: check who is who before "
                    "relying on this row").format(owners=", ".join(person.ewc_shared_with)),
                    SHARED_STYLE), id="person-shared")
            if self.note:
                yield Static(cell(self.note, "yellow"), id="person-note")
            requirements = ListTable(id="requirements", cursor_type="row", zebra_stripes=True)
            requirements.add_columns(_("Requirement"), _("Status"), _("Basis"), _("Why"))
            for result in person.progress.requirements:
                requirements.add_row(
                    cell(result.title), cell(verdict(result),
                                             STATUS_STYLE.get(result.status, "")),
                    cell(basis_label(result.basis)), cell(result.reason))
            yield requirements
            if self.entries:
                entries = ListTable(id="entries", cursor_type="row", zebra_stripes=True)
                entries.add_columns(_("Date"), _("Status"), _("Hours"), _("Tasks"), _("Title"))
                for entry in sorted(person.entries, key=lambda e: e.date, reverse=True):
                    entries.add_row(cell(entry.date.isoformat()), cell(_(entry.status)),
                                    cell(format_hours(entry.hours)), cell("".join(entry.tasks)),
                                    cell(entry.title))
                yield entries
        yield Footer()


class WarningsScreen(Screen):
    """Every warning from reading the files: skipped ones, re-submissions, and
    EWC numbers that came from more than one owner."""

    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), id="warnings-back")]

    def __init__(self, problems: list[str]):
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        lines = [safe_text(line, single_line=True) for line in self.problems]
        with VerticalScroll(id="warnings"):
            yield Static(Text("\n".join(lines) if lines else _("No warnings")),
                         id="warnings-text")
        yield Footer()


class CohortApp(App):
    """The cohort table with filter, sort and drill-down.

    Given a `Reading` still in progress, the app is drawn at once with a
    progress line, and the rows arrive when every file has been read.
    """

    TITLE = "alnco cohort"
    CSS_PATH = ["shared.tcss", "cohort.tcss"]
    BINDINGS = [
        Binding("slash", "focus_filter", N_("Filter"), id="cohort-filter"),
        Binding("s", "next_sort", N_("Sort"), id="cohort-sort"),
        Binding("r", "reverse_sort", N_("Reverse"), id="cohort-reverse"),
        Binding("w", "warnings", N_("Warnings"), id="cohort-warnings"),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False,
                id="cohort-clear-filter"),
        *SHARED_APP_KEYS,
    ]

    def __init__(self, source: Cohort | Reading, *,
                 environ: Mapping[str, str] | None = None):
        """`environ`: where the theme setting comes from (ALNCO_THEME, config.toml
        through XDG_CONFIG_HOME, the system layer); os.environ if not given."""
        super().__init__()
        self.environ = os.environ if environ is None else environ
        self.register_theme(HIGH_CONTRAST)
        self.settings_warnings: list[str] = []
        self.theme = TEXTUAL_NAMES[settings.resolve_theme(
            self.environ, paths.system_dir(self.environ), self.settings_warnings.append)]
        if classes_out_of_date():
            retranslate(self, [])
        self.reading: Reading | None = source if isinstance(source, Reading) else None
        self.cohort: Cohort | None = None if self.reading is not None else source
        self.error: Exception | None = None  # what stopped the reading (a worker died?)
        self.columns = columns()
        self.sort_column = RISK_COLUMN
        self.reverse = False
        self.query = ""
        self.shown: list[Person] = []
        self.done = 0
        self.generation = 0  # of the table's rows: each refill starts a new one

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Filter by name, institution, EWC number or risk"),
                    id="filter", compact=True)
        table = CohortTable(id="cohort", cursor_type="row", zebra_stripes=True)
        for label, _key in self.columns:
            table.add_column(Text(label), key=label)
        yield table
        yield Static(id="shared-help")
        yield Static(cell(_("Requirements") + ": " + status_legend()), id="legend")
        yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        for message in self.settings_warnings:
            self.notify(safe_text(message, single_line=True), title=_("Warning"),
                        severity="warning", markup=False, timeout=10)
        self.query_one("#cohort", DataTable).focus()
        if self.reading is not None and self.reading.workers is not None:
            self.show_progress()
            self.run_worker(self.read(), exclusive=True, group="reading")
        else:
            if self.reading is not None:  # not in workers: small enough to read now
                self.cohort = self.reading.wait()
                self.reading = None
            self.refill()

    async def read(self) -> None:
        """Collect the workers' summaries as they finish, then show the rows."""
        reading = self.reading
        assert reading is not None and reading.workers is not None
        workers = reading.workers
        results: list[tuple] = []
        try:
            for size, future in zip(workers.sizes, workers.futures):
                try:
                    await asyncio.wrap_future(future)
                except Exception:  # noqa: BLE001 - `chunk` says what it was
                    pass
                results.extend(workers.chunk(future))
                self.done += size
                self.show_progress()
        except Exception as error:  # noqa: BLE001 - the command reports it after the app
            # A worker that died is an AlncoError; anything else is a bug, which
            # the CLI turns into its one-line report (never a traceback here).
            self.error = error
            self.exit()
            return
        reading.close()  # every worker is done: let them go
        self.cohort = reading.finish(results)
        self.reading = None
        gc.freeze()  # thousands of summaries, never to be collected: out of the collector's way
        if not self.cohort.people:
            self.exit()  # the command says why, with the warnings
            return
        self.refill()

    def show_progress(self) -> None:
        assert self.reading is not None
        self.query_one("#summary", Static).update(Text(
            _("Reading exports: {done} of {total}").format(done=self.done,
                                                           total=len(self.reading.files))))

    def refill(self) -> None:
        if self.cohort is None:
            return
        _label, key = self.columns[self.sort_column]
        people = [p for p in self.cohort.people if matches(p, self.query)]
        people.sort(key=key, reverse=self.reverse)
        self.shown = people
        ids = list(self.cohort.requirements)
        table = self.query_one("#cohort", DataTable)
        table.clear()
        rows = []
        for person in people:
            statuses = person.statuses
            progress = person.progress
            hours = format_hours(progress.hours_this_year)
            if progress.hours_target is not None:
                hours += "/" + format_hours(progress.hours_target)
            letters = Text()
            for rid in ids:
                status = statuses.get(rid, "")
                letters.append(status_letter(status), STATUS_STYLE.get(status, ""))
            rows.append((
                Text(SHARED_MARK if person.ewc_shared_with else "", style=SHARED_STYLE),
                cell(person.profile.name or _("(no name)")), cell(person.owner),
                cell(person.profile.institution),
                cell(setting_label(person.profile.setting)),
                cell(risk_label(person.risk), RISK_STYLE.get(person.risk, "")),
                cell(hours),
                cell(person.last_activity.isoformat() if person.last_activity else "-"),
                letters,
            ))
        # The first screenful at once, the rest after that frame is drawn: at
        # 1,500 people measuring every cell takes longer than reading showed.
        self.generation += 1
        self.add_rows(self.generation, rows[:FIRST_ROWS], 0)
        if len(rows) > FIRST_ROWS:
            self.call_after_refresh(self.add_rows, self.generation, rows[FIRST_ROWS:],
                                    FIRST_ROWS)
        shared = sum(1 for p in self.cohort.people if p.ewc_shared_with)
        help_line = self.query_one("#shared-help", Static)
        help_line.display = bool(shared)
        if shared:
            help_line.update(cell(_(
                "{flag}: someone else handed in a file with the same EWC number; check who is "
                "who before relying on the row (Enter shows whose, w lists the warnings)")
                .format(flag=SHARED_MARK), SHARED_STYLE))
        label = self.columns[self.sort_column][0]
        skipped = self.cohort.skipped
        summary = _("{shown} of {total} people · sorted by {column}{reverse} · "
                    "{problems} files skipped").format(
            shown=len(people), total=len(self.cohort.people), column=label,
            reverse=" ↓" if self.reverse else "", problems=skipped)
        self.query_one("#summary", Static).update(Text(summary))

    def add_rows(self, generation: int, rows: list[tuple], first: int) -> None:
        if generation != self.generation:
            return  # refilled meanwhile (sorted or filtered again)
        table = self.query_one("#cohort", DataTable)
        for index, row in enumerate(rows, start=first):
            table.add_row(*row, key=str(index))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Sorting and filtering act on the cohort table: not while a person is open."""
        if action in ("focus_filter", "next_sort", "reverse_sort", "clear_filter", "warnings"):
            return not isinstance(self.screen, (PersonScreen, WarningsScreen))
        return True

    # ------------------------------------------------------------ as the home app
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """A screen's keys in the interface language before it shows (as alnco's)."""
        if current_language() != "en" and isinstance(screen, Screen):
            retranslate(self, [screen])
        return super().push_screen(screen, *args, **kwargs)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): themes, warnings, help, screenshot, quit, in words."""
        for key in TEXTUAL_NAMES:
            yield SystemCommand(_("Theme: {name}").format(name=theme_label(key)),
                                _("Switch the colours"),
                                lambda key=key: self.action_set_theme(key))
        if self.check_action("warnings", ()):
            yield SystemCommand(_("Warnings"), _("Every warning from reading the files (w)"),
                                self.action_warnings)
        yield SystemCommand(_("Help"), _("Keys for this screen and what the letters mean "
                                         "(? or f1)"), self.action_help)
        yield SystemCommand(_("Screenshot"), _("Save an SVG screenshot of the screen"),
                            lambda: self.action_screenshot())
        yield SystemCommand(_("Quit"), _("Leave the cohort report (q, or ctrl+q anywhere)"),
                            self.action_quit)

    def action_command_palette(self) -> None:
        """Textual's palette, with its search prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def action_set_theme(self, key: str) -> None:
        """Switch to theme `key` (dark, light, high-contrast) and keep it for next
        time, in the same config.toml as the home app."""
        self.theme = TEXTUAL_NAMES.get(key, key)
        key = key_of(self.theme) or ""
        if not key or settings.config_file(self.environ) is None:
            return
        try:
            settings.save(self.environ, theme=key)
        except AlncoError as error:
            self.notify(safe_text(str(error), single_line=True), title=_("Warning"),
                        severity="warning", markup=False, timeout=10)

    def action_help(self) -> None:
        from alnco.tui.cohort_help import CohortHelp

        if not isinstance(self.screen, CohortHelp):
            self.push_screen(CohortHelp(self.screen))

    def action_help_quit(self) -> None:
        """Textual's ctrl+c hint ("press ctrl+q to quit"), in the interface language."""
        from alnco.tui.widgets.nav import quit_hint

        quit_hint(self)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """As the home app's: an SVG of the screen, 0600, never through a symlink nor
        over a file, in your downloads folder; the notification names it."""
        from alnco.tui.file_actions import save_screenshot
        from alnco.tui.widgets.nav import screenshot_saved

        written = save_screenshot(self, self.environ, "alnco-cohort", filename, path)
        if written is not None:
            screenshot_saved(self, str(written))

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
        assert self.cohort is not None
        summary = self.shown[int(event.row_key.value)]
        # Only summaries are kept: read this one person's file again, now.
        person, note = self.cohort.load_person(summary)
        if person is None:
            self.push_screen(PersonScreen(summary, note, entries=False))
        else:
            self.push_screen(PersonScreen(person, note))

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

    def action_warnings(self) -> None:
        self.push_screen(WarningsScreen(self.cohort.problems if self.cohort else []))


def run(source: Cohort | Reading) -> tuple[Cohort | None, Exception | None]:
    """Run the app; (the cohort as read, or None if closed before the reading
    ended; the error that stopped the reading, if one did)."""
    app = CohortApp(source)
    app.run()
    return app.cohort, app.error
