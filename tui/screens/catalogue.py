"""The catalogue screen: search as you type, filter, read about a module,
and log or plan it.

Searching is the catalogue's job (`Catalogue.search`); this screen only asks
and shows. The results list is the line-API `ModuleList`, so a keystroke
repaints in one frame even with thousands of modules.

It relies on the app (alnco.tui.app) for `ctx`, `snapshot`, `catalogue`,
`action_log_module(module_id, status)` and calls `record_changed(snapshot)`.
"""

from __future__ import annotations

import gc
import time
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from alnco.catalogue.model import Module
from alnco.i18n import _
from alnco.tui.language import N_
from alnco.tui.widgets.filter_bar import FilterBar
from alnco.tui.widgets.module_detail import ModuleDetail
from alnco.tui.widgets.module_list import ModuleList, ModuleListHeader
from alnco.tui.widgets.nav import NavBar
from alnco.tui.widgets.search_box import SearchBox


# Each key searches at once while searching is fast (usually well under 1 ms).
# Only when a search took longer than SLOW_SEARCH_SECONDS does a burst of keys
# (fast typing, a paste) run one search per window; the first key of a burst
# still searches at once, so a single keystroke is never delayed.
DEBOUNCE_SECONDS = 0.08
SLOW_SEARCH_SECONDS = 0.008
DETAIL_DELAY_SECONDS = 0.05
RESULTS_KEPT = 64


def record_marks(entries: Any) -> dict[str, tuple[str, date]]:
    """Module id -> (status, date) from record entries; completed beats planned."""
    marks: dict[str, tuple[str, date]] = {}
    for entry in entries:
        if not entry.module_id:
            continue
        seen = marks.get(entry.module_id)
        rank = (entry.status == "completed", entry.date)
        if seen is None or rank > (seen[0] == "completed", seen[1]):
            marks[entry.module_id] = (entry.status, entry.date)
    return marks


def _chosen(filters: dict[str, Any]) -> dict[str, Any]:
    """Only the filters that narrow the search (None means any)."""
    return {name: value for name, value in filters.items() if value is not None}


class CatalogueScreen(Screen):
    """Browse the professional-learning catalogue."""

    # Read from the .tcss file but given as DEFAULT_CSS: a screen's CSS_PATH
    # makes Textual re-parse and re-apply every stylesheet when it first appears.
    DEFAULT_CSS = (Path(__file__).parent.parent / "catalogue.tcss").read_text(encoding="utf-8")
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (100, "-wide"),
    ]

    AUTO_FOCUS = "ModuleList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", N_("Search"), id="catalogue-search"),
        Binding("l", "log", N_("Log as done"), id="catalogue-log"),
        Binding("p", "plan", N_("Plan"), id="catalogue-plan"),
        Binding("x", "clear_filters", N_("Clear filters"), show=False, id="catalogue-clear"),
        Binding("down", "results", N_("Results"), show=False),
        Binding("escape", "results", N_("Results"), id="catalogue-results"),
    ]

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.catalogue: Any = None
        self._marks: dict[str, tuple[str, date]] = {}
        self._query = ""
        self._filters: dict[str, Any] = {}
        self._last_run: tuple | None = None
        self._last_search = 0.0
        self._search_cost = 0.0  # how long the last search and its list update took
        self._pending: Timer | None = None
        self._detail_timer: Timer | None = None
        # Recent answers: backspacing, or toggling a filter back, costs nothing.
        self._results: dict[tuple, list[Module]] = {}
        self._wanted: str | None = None  # a module to show once the catalogue is in

    @property
    def language(self) -> str:
        return self.app.ctx.language

    # layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield NavBar("catalogue")
        with Vertical(id="catalogue-top"):
            yield SearchBox(
                self._query,
                placeholder=_("Search modules, in English or Cymraeg  ( / )"),
                compact=True,
                id="search",
                on_value=self._search_typed,
            )
            yield FilterBar(id="filters")
        with Horizontal(id="catalogue-body"):
            with Vertical(id="results-pane"):
                yield ModuleListHeader(id="results-header")
                yield ModuleList(language=self.language, id="results")
            yield ModuleDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        # The results take the focus, so d/c/m, q, l and p work at once;
        # `/` (shown in the footer) starts a search.
        self.query_one(ModuleList).focus()
        self.record_changed(self.app.snapshot)
        if self.catalogue is None:
            self.query_one(ModuleList).waiting = True
            self._load_in_background()
        else:
            self._populate()

    async def recompose(self) -> None:
        """After a language switch: rebuild the widgets and refill them."""
        keep = self._highlighted_id()
        await super().recompose()
        self._last_run = None
        if self.catalogue is not None:
            self._populate(keep=keep)

    @work(thread=True, exclusive=True, group="catalogue-load")
    def _load_in_background(self) -> None:
        catalogue = self.app.catalogue  # loads once per app, off the event loop
        self.app.call_from_thread(self._set_catalogue, catalogue)

    def _set_catalogue(self, catalogue: Any) -> None:
        self.query_one(ModuleList).waiting = False
        if catalogue is None:
            self.query_one(ModuleDetail).show(None, language=self.language)
            return
        self.catalogue = catalogue
        self._results.clear()
        # The catalogue lives as long as the app: freezing it keeps Python's
        # full garbage collections from walking it mid-keystroke.
        gc.freeze()
        self._populate()
        if self._wanted:
            wanted, self._wanted = self._wanted, None
            self.show_module(wanted)

    def _populate(self, keep: str | None = None) -> None:
        """Fill filters and results from the catalogue (first load or recompose)."""
        available = self.catalogue.available(self.app.ctx.today, language=self.language)
        bar = self.query_one(FilterBar)
        bar.set_choices(
            themes={t for m in available for t in m.themes},
            providers={m.provider for m in available},
        )
        bar.set_values(self._filters)
        self._filters = _chosen(bar.values())
        self.run_search(keep=keep)

    # record ----------------------------------------------------------------
    def record_changed(self, snapshot: Any) -> None:
        """The app read a new snapshot: refresh the done/planned marks."""
        self._marks = record_marks(snapshot.entries if snapshot else ())
        results = self.query_one(ModuleList)
        results.set_marks({k: v[0] for k, v in self._marks.items()})
        if self.catalogue is not None:
            self._show_detail(results.highlighted)

    # searching -------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()  # already searched, by _search_typed

    def _search_typed(self, value: str) -> None:
        """The search box changed: search now, within the key's own frame
        (debounced only while searches are slow)."""
        if value == self._query:
            return
        self._query = value
        if self._pending is not None:
            return  # the trailing search will use the latest query
        wait = DEBOUNCE_SECONDS - (time.monotonic() - self._last_search)
        if wait <= 0 or self._search_cost < SLOW_SEARCH_SECONDS:
            self.run_search()
        else:
            self._pending = self.set_timer(wait, self._trailing_search)

    def _trailing_search(self) -> None:
        self._pending = None
        self.run_search()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        event.stop()
        self._filters = _chosen(event.filters)
        self.run_search()

    def run_search(self, *, keep: str | None = None) -> None:
        """Ask the catalogue for matches and show them (skips repeats)."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        started = self._last_search = time.monotonic()
        if self.catalogue is None:
            return
        key = (self._query, tuple(sorted(self._filters.items())))
        if key == self._last_run and keep is None:
            return
        self._last_run = key
        cache_key = (*key, self.language)
        results = self._results.get(cache_key)
        if results is None:
            results = self.catalogue.search(
                self._query, today=self.app.ctx.today, sort_language=self.language,
                **self._filters,
            )
            self._results[cache_key] = results
            if len(self._results) > RESULTS_KEPT:
                del self._results[next(iter(self._results))]
        self.query_one(ModuleListHeader).set_count(len(results))
        self.query_one(ModuleList).set_modules(results, keep=keep)
        self._search_cost = time.monotonic() - started

    def _highlighted_id(self) -> str | None:
        module = self.query_one(ModuleList).highlighted
        return module.id if module else None

    # details ---------------------------------------------------------------
    def on_module_list_highlighted(self, event: ModuleList.Highlighted) -> None:
        """Describe the module after the list has painted: the detail pane's
        layout must not delay the results (one update per burst of moves)."""
        event.stop()
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY_SECONDS, self._show_highlighted)

    def _show_highlighted(self) -> None:
        self._detail_timer = None
        self._show_detail(self.query_one(ModuleList).highlighted)

    def _show_detail(self, module: Module | None) -> None:
        self.query_one(ModuleDetail).show(
            module,
            language=self.language,
            record_status=self._marks.get(module.id) if module else None,
        )

    def on_module_list_selected(self, event: ModuleList.Selected) -> None:
        event.stop()
        self.query_one(ModuleDetail).focus()

    # actions ---------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        event.stop()
        self.action_results()

    def action_results(self) -> None:
        """From the search box to the results, first result highlighted."""
        self.run_search()
        results = self.query_one(ModuleList)
        results.cursor = 0
        results.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "results":
            # shown (and active) only while typing in the search box
            return self.focused is not None and self.focused.id == "search"
        if action in ("log", "plan") and self.is_mounted:
            return True if self.query_one(ModuleList).highlighted else None
        return True

    def action_clear_filters(self) -> None:
        self.query_one(FilterBar).clear()
        self._filters = {}
        self.run_search()

    def action_log(self) -> None:
        self._open_form("completed")

    def action_plan(self) -> None:
        self._open_form("planned")

    def _open_form(self, status: str) -> None:
        module = self.query_one(ModuleList).highlighted
        if module is None:
            self.notify(_("Highlight a module first."), severity="warning")
            return
        self.app.action_log_module(module.id, status)

    def show_module(self, module_id: str) -> None:
        """Show one module (e.g. a suggestion from the dashboard): clear the
        search and filters, put the cursor on it and focus the results."""
        if self.catalogue is None or not self.is_mounted:
            self._wanted = module_id
            return
        search = self.query_one("#search", Input)
        self._query = ""  # first: emptying the box below then searches nothing
        with search.prevent(Input.Changed):
            search.value = ""
        self.query_one(FilterBar).clear()
        self._filters = {}
        self._last_run = None
        self.run_search(keep=module_id)
        results = self.query_one(ModuleList)
        if not results.move_to(module_id):
            module = self.catalogue.get(module_id)
            title = module.title_in(self.language) if module else module_id
            self.notify(
                _("'{title}' is not available in the catalogue today.").format(title=title),
                severity="warning",
                markup=False,
            )
        results.focus()
