"""The alnco Textual app: screens, keys, themes, the shared record, errors.

What screens can rely on (tui2's catalogue and dashboard use these):

- `app.ctx` -- the Context (today, language, paths); `app.record` -- the Record
  (its warnings become notifications instead of stderr lines);
- `app.snapshot` -- the latest read of the record; `app.reload_record()` re-reads it;
- a screen that defines `record_changed(self, snapshot)` is called with the new
  snapshot whenever the record changes: another session saved it (an mtime
  check on a timer and when the terminal regains focus) or this app did;
- `app.action_log_module(module_id, status="completed")` opens the entry form
  prefilled from the catalogue module (status "completed" or "planned");
- `app.action_new_entry(status="completed")` opens it for a free entry;
- `app.action_declare(key="")` opens the declaration form (the reg 27/28
  line), on `key` if given;
- `app.catalogue` -- the loaded Catalogue (lazy; None if it cannot load);
- modes "dashboard", "catalogue" and "learning" (`d`, `c`, `m`); a screen
  yields `NavBar(mode)` (alnco.tui.widgets.nav) at the top instead of Header,
  so those keys stay visible at 80x24 and the footer has room for its own.

The domain never imports Textual; this package calls the same functions as
the CLI (Entry.validate, record.transaction, module_snapshot).
"""

from __future__ import annotations

import importlib
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.events import AppFocus
from textual.filter import Monochrome
from textual.screen import Screen
from textual.widgets import Footer, Static

from alnco.errors import AlncoError
from alnco.i18n import LANGUAGES, _, current_language, set_language
from alnco.model import Entry
from alnco.output import safe_text
from alnco.tui.language import N_, classes_out_of_date, retranslate, translate_class
from alnco.tui.widgets.nav import NavBar
from alnco.tui.themes import DEFAULT_THEME, HIGH_CONTRAST, HIGH_CONTRAST_THEME, THEMES

if TYPE_CHECKING:
    from alnco.context import Context
    from alnco.store.record import Snapshot

# Where each mode's screen lives; imported on first use so startup stays fast.
SCREENS_BY_MODE = {
    "dashboard": ("alnco.tui.screens.dashboard", "DashboardScreen"),
    "catalogue": ("alnco.tui.screens.catalogue", "CatalogueScreen"),
    "learning": ("alnco.tui.screens.learning", "LearningScreen"),
}
HOME_MODE = "dashboard"
RECORD_POLL_SECONDS = 2.0
EXPORT_FORMATS = ("csv", "json", "xlsx", "html", "ics", "xapi")


class UnavailableScreen(Screen):
    """Stands in for a screen whose module is not installed (yet)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.screen_title = title

    def compose(self) -> ComposeResult:
        yield NavBar("")
        yield Static(
            Content(_("{title} is not available in this version.").format(title=self.screen_title)),
            classes="unavailable",
        )
        yield Footer()


def _mode_factory(mode: str) -> Callable[[], Screen]:
    module_name, class_name = SCREENS_BY_MODE[mode]

    def make() -> Screen:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            return UnavailableScreen(_(mode.title()))
        translate_class(cls)
        return cls()

    return make


def animations_wanted(environ: dict[str, str] | Any) -> bool:
    """Full animation unless on SSH (slow links) or TEXTUAL_ANIMATIONS says otherwise."""
    setting = environ.get("TEXTUAL_ANIMATIONS", "").strip().lower()
    if setting:
        return setting not in ("none", "basic", "0", "off", "false", "no")
    return not environ.get("SSH_CONNECTION")


class AlncoApp(App):
    """Keyboard-first: every action has a key shown in the footer or help, and a palette entry."""

    CSS_PATH = "app.tcss"
    TITLE = "alnco"
    # Screens get -narrow below 100 columns: the forms reflow to one column.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    MODES = {mode: _mode_factory(mode) for mode in SCREENS_BY_MODE}
    BINDINGS = [
        Binding("d", "go('dashboard')", N_("Dashboard"), show=False, id="go-dashboard"),
        Binding("c", "go('catalogue')", N_("Catalogue"), show=False, id="go-catalogue"),
        Binding("m", "go('learning')", N_("My learning"), show=False, id="go-learning"),
        Binding("question_mark", "help", N_("Help"), key_display="?", id="help"),
        Binding("f1", "help", N_("Help"), show=False, id="help-f1"),
        Binding("q", "quit", N_("Quit"), id="quit"),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True, id="quit-always"),
        # Textual's own palette binding, declared here so its words can be translated.
        Binding("ctrl+p", "command_palette", N_("palette"), show=False, priority=True,
                tooltip=N_("Open the command palette"), id="palette"),
    ]

    def __init__(self, ctx: "Context") -> None:
        super().__init__()
        self.ctx = ctx
        self._startup_warnings: list[str] = []
        self._setup_record()
        self.snapshot = self._read_or_empty()
        self._seen = self.record.change_token()
        self._catalogue: Any = None
        self.undo_stack: list[tuple[str, Entry]] = []
        self.register_theme(HIGH_CONTRAST)
        self.theme = DEFAULT_THEME
        # Textual reads NO_COLOR from os.environ itself; the Context's copy is
        # what the person set when they started alnco (and what tests set).
        if "NO_COLOR" in ctx.environ and not self.no_color:
            self.no_color = True
            self._filters.append(Monochrome())
        if not animations_wanted(ctx.environ):
            self.animation_level = "none"
        if classes_out_of_date():
            retranslate(self, [])

    # ------------------------------------------------------------------ record
    def _setup_record(self) -> None:
        from alnco.store.record import Record

        self.record = Record(
            self.ctx.record_path,
            create_folder=self.ctx.record_is_default,
            warn=self._warn,
        )
        # Anything reaching the record through the Context warns the same way.
        self.ctx.__dict__["record"] = self.record

    def _warn(self, message: str) -> None:
        if self.is_running:
            self.notify(message, title=_("Warning"), severity="warning", markup=False)
        else:
            self._startup_warnings.append(message)

    def _read_or_empty(self) -> "Snapshot":
        from alnco.store.record import Snapshot

        try:
            return self.record.read()
        except AlncoError as error:
            self._startup_warnings.append(str(error))
            return Snapshot()

    def reload_record(self) -> "Snapshot":
        """Re-read the record and tell every screen that cares."""
        try:
            self.snapshot = self.record.read()
        except AlncoError as error:
            self.report(error)
            return self.snapshot
        self._seen = self.record.change_token()
        for screen in self._all_screens():
            handler = getattr(screen, "record_changed", None)
            if handler is not None:
                try:
                    handler(self.snapshot)
                except AlncoError as error:
                    self.report(error)
        return self.snapshot

    def check_record(self) -> None:
        """Reload when another session (or command) has saved the record."""
        if self.record.change_token() != self._seen:
            self.reload_record()

    def on_app_focus(self, event: AppFocus) -> None:
        self.check_record()

    def _all_screens(self) -> Iterable[Screen]:
        seen: set[int] = set()
        for stack in self._screen_stacks.values():
            for screen in stack:
                if id(screen) not in seen:
                    seen.add(id(screen))
                    yield screen

    @property
    def catalogue(self) -> Any:
        """The catalogue, loaded once on first use (None when it cannot load)."""
        if self._catalogue is None:
            try:
                from alnco.catalogue.layers import load_catalogue
            except ImportError:
                return None
            try:
                # warn=False: a warning printed to stderr would land on top of the screen.
                self._catalogue = load_catalogue(self.ctx, warn=False)
            except AlncoError as error:
                self.report(error)
                return None
            for line in self._catalogue.warnings:
                self.notify(safe_text(line, single_line=True), title=_("Catalogue"),
                            severity="warning", markup=False, timeout=10)
        return self._catalogue

    # ------------------------------------------------------------------ errors
    def report(self, error: BaseException) -> None:
        """Show an error the person can act on, as a notification."""
        self.notify(
            safe_text(str(error), single_line=True), title=_("Error"), severity="error",
            markup=False, timeout=8,
        )

    def _handle_exception(self, error: Exception) -> None:
        """A refused action (AlncoError) becomes a notification; the app carries on."""
        if isinstance(error, AlncoError) and self.is_running:
            self.report(error)
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """A bug: exit with one line, not a traceback (ALNCO_DEBUG=1 shows it)."""
        if self.ctx.environ.get("ALNCO_DEBUG"):
            super()._fatal_error()
            return
        from rich.text import Text

        error = self._exception
        self.bell()
        self._exit_renderables.append(Text(
            "alnco: error: " + _("internal error ({kind}: {detail}); this is a bug, please "
                                 "report it (set ALNCO_DEBUG=1 for details)").format(
                kind=type(error).__name__,
                detail=" ".join(safe_text(str(error), single_line=True).split())),
        ))
        self._close_messages_no_wait()

    # ------------------------------------------------------------------ startup
    def on_mount(self) -> None:
        self.title = "alnco"
        self.switch_mode(HOME_MODE)
        for message in self._startup_warnings:
            self.notify(safe_text(message, single_line=True), severity="warning",
                        markup=False, timeout=10)
        self.set_interval(RECORD_POLL_SECONDS, self.check_record, name="record-poll")
        if self.snapshot.profile is None and not self._startup_warnings:
            self.action_profile()

    def action_command_palette(self) -> None:
        """Textual's palette, with its search prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Screens (and their widgets) imported on first use missed the start-up
        translation of key descriptions: translate them before they show."""
        if current_language() != "en" and isinstance(screen, Screen):
            retranslate(self, [screen])
        return super().push_screen(screen, *args, **kwargs)

    # ------------------------------------------------------------------ actions
    def action_go(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        from alnco.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_profile(self) -> None:
        from alnco.tui.screens.onboarding import OnboardingScreen

        self.push_screen(OnboardingScreen(self.snapshot.profile))

    def action_declare(self, key: str = "") -> None:
        """Open the declaration form (what `alnco profile declare` saves), on `key` if given."""
        from alnco.declarations import declaration_keys
        from alnco.tui.screens.declaration_form import DeclarationForm, saved_message

        if isinstance(self.screen, DeclarationForm):
            return
        self.check_record()  # fill the form from the record as it is now
        profile = self.snapshot.profile
        try:
            keys = declaration_keys(profile, self.ctx)
        except AlncoError as error:
            self.report(error)
            return

        def saved(declared: Any) -> None:
            if declared is None:
                return
            self.notify(saved_message(declared, current_language()), markup=False)
            self.reload_record()

        self.push_screen(DeclarationForm(keys, profile, key=key or None), saved)

    def action_new_entry(self, status: str = "completed") -> None:
        self.open_entry_form({"status": status})

    def action_log_module(self, module_id: str, status: str = "completed") -> None:
        """Open the entry form prefilled from catalogue module `module_id`.

        `status` is "completed" (logging it, dated today) or "planned".
        """
        from alnco.catalogue.lookup import module_snapshot

        try:
            fields = module_snapshot(self.ctx, module_id, self.catalogue)
        except AlncoError as error:
            self.report(error)
            return
        self.open_entry_form({**fields, "status": status})

    def edit_entry(self, entry: Entry) -> None:
        self.open_entry_form({}, original=entry)

    def open_entry_form(self, fields: dict[str, Any], original: Entry | None = None) -> None:
        from alnco.tui.screens.entry_form import EntryForm

        def saved(entry: Entry | None) -> None:
            if entry is None:
                return
            if original is not None:
                self.undo_stack.append(("edited", original))
            verb = (
                _("Updated") if original is not None
                else _("Logged") if entry.status == "completed" else _("Planned")
            )
            self.notify(
                "{verb}: {title}".format(verb=verb, title=safe_text(entry.title, single_line=True)),
                markup=False,
            )
            self.reload_record()

        self.push_screen(EntryForm(fields, original=original), saved)

    def remove_entry(self, entry: Entry) -> None:
        """Remove `entry` (the caller has asked first); ctrl+z brings it back."""
        try:
            with self.record.transaction() as tx:
                tx.remove(entry.id)
        except AlncoError as error:
            self.report(error)
            return
        self.undo_stack.append(("removed", entry))
        self.notify(
            _("Removed: {title} (ctrl+z undoes)").format(
                title=safe_text(entry.title, single_line=True)),
            markup=False,
        )
        self.reload_record()

    def action_undo(self) -> None:
        """Undo the last removal or edit made in this session."""
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), markup=False)
            return
        kind, entry = self.undo_stack.pop()
        try:
            with self.record.transaction() as tx:
                if kind == "removed":
                    tx.add(entry)
                else:
                    tx.replace(entry)
        except AlncoError as error:
            self.report(error)
            return
        message = _("Restored: {title}") if kind == "removed" else _("Edit undone: {title}")
        self.notify(message.format(title=safe_text(entry.title, single_line=True)), markup=False)
        self.reload_record()

    def action_set_theme(self, name: str) -> None:
        self.theme = name

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST_THEME else HIGH_CONTRAST_THEME

    def action_set_language(self, language: str) -> None:
        """Switch the interface language and re-render every screen in it."""
        set_language(language)
        self.ctx.language = current_language()
        screens = list(self._all_screens())
        retranslate(self, screens)
        for screen in screens:
            # A form in progress keeps its fields (and its language) until closed.
            if not getattr(screen, "KEEP_ON_LANGUAGE_SWITCH", False):
                screen.refresh(recompose=True)
            screen.refresh_bindings()
        self.notify(_("Language: English") if current_language() == "en" else _("Language: Welsh"),
                    markup=False)

    def action_export(self, fmt: str) -> None:
        from alnco.tui.widgets.prompt import PromptScreen

        suggested = str(Path.home() / f"alnco-{self.ctx.today.isoformat()}.{_extension(fmt)}")

        def chosen(path: str | None) -> None:
            if path:
                self.run_worker(lambda: self._export(fmt, path), thread=True, name="export")

        self.push_screen(
            PromptScreen(_("Export your record as {fmt} to this file:").format(fmt=fmt.upper()),
                         suggested),
            chosen,
        )

    def _export(self, fmt: str, path: str) -> None:
        """Run the same `alnco export` the command line runs, in this process."""
        import io

        from alnco.cli import build_parser

        try:
            args = build_parser().parse_args(["export", "--format", fmt, "-o", path])
            out = io.StringIO()
            self.ctx.stdout, saved_stdout = out, self.ctx.stdout
            try:
                args.handler(self.ctx, args)
            finally:
                self.ctx.stdout = saved_stdout
        except AlncoError as error:
            self.call_from_thread(self.report, error)
            return
        self.call_from_thread(
            self.notify, _("Exported to {path}").format(path=path), markup=False)

    # ------------------------------------------------------------------ palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action, so nothing needs a key remembered."""
        yield SystemCommand(_("Go to dashboard"), _("Your progress at a glance (d)"),
                            lambda: self.action_go("dashboard"))
        yield SystemCommand(_("Go to catalogue"), _("Find professional learning (c)"),
                            lambda: self.action_go("catalogue"))
        yield SystemCommand(_("Go to my learning"), _("Your log of learning (m)"),
                            lambda: self.action_go("learning"))
        yield SystemCommand(_("Log learning"), _("Add learning you have done (n in My learning)"),
                            lambda: self.action_new_entry("completed"))
        yield SystemCommand(_("Plan learning"), _("Add learning you plan to do (p in My learning)"),
                            lambda: self.action_new_entry("planned"))
        yield SystemCommand(_("Undo"), _("Undo the last removal or edit (ctrl+z)"),
                            self.action_undo)
        yield SystemCommand(_("Edit profile"), _("Your name, setting, institution, designation"),
                            self.action_profile)
        yield SystemCommand(_("Declare a qualification or experience"),
                            _("Your EWC registration or experience: the reg 27/28 line "
                              "(enter on it in the dashboard)"),
                            self.action_declare)
        for fmt in EXPORT_FORMATS:
            yield SystemCommand(
                _("Export as {fmt}").format(fmt=fmt.upper()),
                _("Write your record to a file (same as 'alnco export --format {fmt}')").format(fmt=fmt),
                lambda fmt=fmt: self.action_export(fmt),
            )
        for name in THEMES:
            yield SystemCommand(_("Theme: {name}").format(name=name), _("Switch the colours"),
                                lambda name=name: self.action_set_theme(name))
        for language, label in zip(LANGUAGES, (_("English"), _("Welsh (Cymraeg)"))):
            yield SystemCommand(_("Language: {label}").format(label=label),
                                _("Switch the interface language"),
                                lambda language=language: self.action_set_language(language))
        yield SystemCommand(_("Help"), _("Keys for this screen, statuses, where data lives (? or f1)"),
                            self.action_help)
        yield SystemCommand(_("Screenshot"), _("Save an SVG screenshot of the screen"),
                            lambda: self.action_screenshot())
        yield SystemCommand(_("Quit"), _("Leave alnco (q, or ctrl+q anywhere)"), self.action_quit)


def _extension(fmt: str) -> str:
    return {"xapi": "json", "json": "json"}.get(fmt, fmt)


def create_app(ctx: "Context") -> AlncoApp:
    """The app factory; tests call `create_app(ctx).run_test()`."""
    return AlncoApp(ctx)


def run(ctx: "Context") -> int:
    """`alnco` with no command: run the app, return an exit code."""
    app = create_app(ctx)
    app.run()
    return int(app.return_code or 0)
