"""The alnco Textual app: screens, keys, themes, the shared record, errors.

What screens can rely on (the catalogue, dashboard and My learning use these):

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

Unsaved work: the forms (entry, declaration, profile) keep a draft beside the
record while they have changes (alnco.drafts, alnco.tui.screens.form_drafts).
Quitting by any route, or going to another screen, over a form with changes
asks "Save, discard, or keep editing?" (`settle_unsaved`); a dropped
connection (SIGHUP) or SIGTERM, where nobody can be asked, writes the drafts
and exits (`hang_up`). At start, drafts left behind are offered back.

The app is put together from mixins, one concern each: alnco.tui.record_watch
(the shared record, and noticing when another session saved it),
alnco.tui.unsaved (unsaved forms, drafts, hang-up), alnco.tui.file_actions
(export and screenshot); the palette's commands are in alnco.tui.palette.

A terminal that does not take UTF-8 gets ASCII symbols and an output stream
that turns anything else into ASCII (alnco.tui.widgets.glyphs).

The domain never imports Textual; this package calls the same functions as
the CLI (Entry.validate, record.transaction, module_snapshot).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.filter import Monochrome
from textual.screen import Screen

from alnco import settings
from alnco.drafts import Draft, Drafts
from alnco.errors import AlncoError, Conflict, app_text
from alnco.i18n import _, current_language, set_language
from alnco.model import Entry
from alnco.output import safe_text
from alnco.tui.file_actions import FileActions
from alnco.tui.app_keys import SHARED_APP_KEYS
from alnco.tui.language import N_, classes_out_of_date, retranslate, translate_class
from alnco.tui.record_watch import RecordWatch
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.unsaved import UnsavedWork, draft_interval
from alnco.tui.widgets import glyphs
from alnco.tui.themes import (DEFAULT_THEME, HIGH_CONTRAST, HIGH_CONTRAST_THEME, TEXTUAL_NAMES,
                              key_of)

if TYPE_CHECKING:
    from alnco.context import Context

# Where each mode's screen lives; imported on first use so startup stays fast.
SCREENS_BY_MODE = {
    "dashboard": ("alnco.tui.screens.dashboard", "DashboardScreen"),
    "catalogue": ("alnco.tui.screens.catalogue", "CatalogueScreen"),
    "learning": ("alnco.tui.screens.learning", "LearningScreen"),
}
HOME_MODE = "dashboard"
# Read when the first screen other than the home one opens: see load_after_start_css.
AFTER_START_CSS = Path(__file__).with_name("after_start.tcss")


def _mode_factory(mode: str) -> Callable[[], Screen]:
    module_name, class_name = SCREENS_BY_MODE[mode]

    def make() -> Screen:
        cls = getattr(importlib.import_module(module_name), class_name)
        translate_class(cls)
        return cls()

    return make


def animations_wanted(environ: dict[str, str] | Any) -> bool:
    """Full animation unless on SSH (slow links) or TEXTUAL_ANIMATIONS says otherwise."""
    setting = environ.get("TEXTUAL_ANIMATIONS", "").strip().lower()
    if setting:
        return setting not in ("none", "basic", "0", "off", "false", "no")
    return not environ.get("SSH_CONNECTION")


class AlncoApp(RecordWatch, UnsavedWork, FileActions, App):
    """Keyboard-first: every action has a key shown in the footer or help, and a palette entry."""

    CSS_PATH = ["shared.tcss", "app.tcss"]  # shared.tcss: what alnco cohort shares
    TITLE = "alnco"
    # Screens get -narrow below 100 columns: the forms reflow to one column.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    MODES = {mode: _mode_factory(mode) for mode in SCREENS_BY_MODE}
    BINDINGS = [
        Binding("d", "go('dashboard')", N_("Dashboard"), show=False, id="go-dashboard"),
        Binding("c", "go('catalogue')", N_("Catalogue"), show=False, id="go-catalogue"),
        Binding("m", "go('learning')", N_("My learning"), show=False, id="go-learning"),
        *SHARED_APP_KEYS,
    ]

    def __init__(self, ctx: "Context", *, draft_seconds: float | None = None,
                 terminal_encoding: str | None = None,
                 started: Callable[[], None] | None = None) -> None:
        """`draft_seconds`: how often drafts may be written (else ALNCO_DRAFT_SECONDS, 2 s);
        `terminal_encoding`: the encoding of a terminal without UTF-8 (`run` works it
        out; else only ALNCO_ASCII=1 in the Context's environment asks for ASCII);
        `started`: called once, when the app has started (imports done, styles read)
        and is about to show its first screen."""
        super().__init__()
        self.ctx = ctx
        self._started = started
        self.terminal_encoding = (terminal_encoding if terminal_encoding is not None
                                  else glyphs.fallback_encoding(ctx.environ))
        glyphs.set_ascii(self.terminal_encoding is not None)
        self.drafts = Drafts(ctx.record_path)
        self.draft_seconds = (draft_seconds if draft_seconds is not None
                              else draft_interval(ctx.environ))
        self._drafts_warned = False
        self._draft_queue: list[Draft] = []
        self._starting = True
        self._after_start_css = False
        self._hanging_up = False
        self._startup_warnings: list[str] = []
        self.open_record()
        self._catalogue: Any = None
        # (kind, the copy undo puts back, the revision it may go over: None = the entry
        # must still be absent); undo checks that inside its transaction.
        self.undo_stack: list[tuple[str, Entry, int | None]] = []
        self.register_theme(HIGH_CONTRAST)
        # ALNCO_THEME, then the theme kept from last time, then the system default.
        self._settings_warnings: list[str] = []
        self.theme = TEXTUAL_NAMES[settings.resolve_theme(
            ctx.environ, ctx.system_dir, self._settings_warnings.append)]
        # Textual reads NO_COLOR from os.environ itself; the Context's copy is
        # what the person set when they started alnco (and what tests set).
        if "NO_COLOR" in ctx.environ and not self.no_color:
            self.no_color = True
            self._filters.append(Monochrome())
        if not animations_wanted(ctx.environ):
            self.animation_level = "none"
        # Over SSH a blinking cursor redraws twice a second, for nothing, on slow links.
        self.cursor_blink = not ctx.environ.get("SSH_CONNECTION")
        if classes_out_of_date():
            retranslate(self, [])

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
            safe_text(app_text(error), single_line=True), title=_("Error"), severity="error",
            markup=False, timeout=8,
        )

    def _handle_exception(self, error: Exception) -> None:
        """A refused action (AlncoError) becomes a notification; the app carries on."""
        if isinstance(error, AlncoError) and self.is_running:
            self.report(error)
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """A bug: exit with one line, not a traceback (ALNCO_DEBUG=1 shows it).
        Any form's unsaved changes are kept as drafts first."""
        try:
            self.keep_all_drafts()
        except Exception:  # noqa: BLE001 - already failing; the drafts are a bonus
            pass
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
        if self._started is not None:
            self._started()
        self.title = "alnco"
        self._switch_home()
        for message in self._startup_warnings + self._settings_warnings:
            self.notify(safe_text(message, single_line=True), severity="warning",
                        markup=False, timeout=10)
        self.watch_record()
        if not self.is_headless:
            self._catch_hang_up()
        self._offer_drafts()

    def load_after_start_css(self) -> None:
        """Read after_start.tcss (dialogs, forms, My learning) once, as the first
        screen other than the home one opens: the first frame needs none of it. It
        ranks as app.tcss does (app CSS, read after it), so nothing on the home
        screen may rely on it (its widgets are styled as they mount)."""
        if self._after_start_css:
            return
        self._after_start_css = True
        self.stylesheet.add_source(AFTER_START_CSS.read_text(encoding="utf-8"),
                                   read_from=(str(AFTER_START_CSS), ""), is_default_css=False)

    def _switch_home(self) -> None:
        """Show the home screen without re-parsing every stylesheet twice.

        Textual counts a new mode's screen as older than the CSS and re-parses
        all of it (twice: once making the screen, once switching to it), about
        a tenth of the time to the first frame. At start nothing has changed
        since the CSS was parsed: the screen is styled as it mounts, and a theme
        set before the start still refreshes everything (queued by Textual).
        """
        count = getattr(self, "_css_update_count", None)  # private to Textual 8
        if count is None:
            self.switch_mode(HOME_MODE)
            return
        self._css_update_count = -1  # what a new screen starts at
        try:
            self.switch_mode(HOME_MODE)
        finally:
            self._css_update_count = count
            self.screen._css_update_count = count

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Every text field (the palette's too) stops blinking when `cursor_blink` is off."""
        if not self.cursor_blink and getattr(event.widget, "cursor_blink", False):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    def _after_startup_questions(self) -> None:
        """Once any drafts have been offered: onboarding, on a first run."""
        self._starting = False
        if self.snapshot.profile is None and not self._startup_warnings \
                and not any(isinstance(s, DraftForm) for s in self.screen_stack):
            self.action_profile()

    def get_driver_class(self) -> Any:
        """Textual's driver for this terminal, writing each frame with fewer style
        codes (alnco.tui.compact_output): over SSH every byte counts."""
        from alnco.tui.compact_output import compact_driver

        return compact_driver(super().get_driver_class())

    def get_key_display(self, binding: Binding) -> str:
        """Keys as Textual shows them (⏎, ↑); by name on a terminal without UTF-8."""
        display = super().get_key_display(binding)
        if display == "space" and not glyphs.ascii_only():
            return "␣"  # four columns back: My learning's footer fits in 60
        if glyphs.ascii_only() and not display.isascii():
            modifiers, key = binding.parse_key()
            return "+".join([*modifiers, key])
        return display

    def action_command_palette(self) -> None:
        """Textual's palette, with its search prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Screens (and their widgets) imported on first use missed the start-up
        translation of key descriptions: translate them before they show."""
        self.load_after_start_css()
        if current_language() != "en" and isinstance(screen, Screen):
            retranslate(self, [screen])
        return super().push_screen(screen, *args, **kwargs)

    def switch_mode(self, mode: str) -> Any:
        """Any screen but the home one is styled by after_start.tcss too. A mode's
        screen and widgets imported on first use missed the start-up translation of
        key descriptions: translate them before the screen is made."""
        if mode != HOME_MODE:
            self.load_after_start_css()
        if (mode not in self._screen_stacks and mode in SCREENS_BY_MODE
                and current_language() != "en"):
            importlib.import_module(SCREENS_BY_MODE[mode][0])
            retranslate(self, [])
        return super().switch_mode(mode)
    # ------------------------------------------------------------------ actions
    def action_go(self, mode: str) -> None:
        """Go to another screen; over a form with unsaved changes, ask first."""
        if self.current_mode != mode:
            self.settle_unsaved(lambda: self.switch_mode(mode), everywhere=False)

    def action_help_quit(self) -> None:
        """Textual's ctrl+c hint ("press ctrl+q to quit"), in the interface language."""
        from alnco.tui.widgets.nav import quit_hint

        quit_hint(self)

    def action_help(self) -> None:
        from alnco.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_profile(self) -> None:
        from alnco.tui.screens.onboarding import OnboardingScreen

        self.push_screen(OnboardingScreen(self.snapshot.profile))

    def action_declare(self, key: str = "", restore: dict[str, Any] | None = None,
                       after: Callable[[Any], None] | None = None) -> bool:
        """Open the declaration form (what `alnco profile declare` saves), on `key` if
        given (`restore`: a draft's fields; `after`: called when it closes)."""
        from alnco.declarations import declaration_keys
        from alnco.tui.screens.declaration_form import DeclarationForm, saved_message

        if isinstance(self.screen, DeclarationForm):
            return False
        self.check_record()  # fill the form from the record as it is now
        profile = self.snapshot.profile
        try:
            keys = declaration_keys(profile, self.ctx)
        except AlncoError as error:
            self.report(error)
            return False

        def saved(declared: Any) -> None:
            if declared is not None:
                self.notify(saved_message(declared, current_language()), markup=False)
                self.reload_record()
            if after is not None:
                after(declared)

        form = DeclarationForm(keys, profile, key=key or None)
        if restore is not None:
            form.restore_from(restore, "")
        self.push_screen(form, saved)
        return True

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

    def open_entry_form(self, fields: dict[str, Any], original: Entry | None = None, *,
                        restore: dict[str, Any] | None = None, restore_key: str | None = None,
                        after: Callable[[Any], None] | None = None) -> None:
        """`restore`: a draft's fields to fill in (`restore_key`: its key); `after`:
        called when the form closes."""
        from alnco.tui.screens.entry_form import EntryForm

        def saved(entry: Entry | None) -> None:
            if after is not None:
                self.call_next(after, entry)
            if entry is None:
                return
            if form.replaced is not None:  # undo puts back what this save replaced
                self.undo_stack.append(("edited", form.replaced, entry.revision))
            verb = (
                _("Updated") if original is not None
                else _("Logged") if entry.status == "completed" else _("Planned")
            )
            self.notify(
                "{verb}: {title}".format(verb=verb, title=safe_text(entry.title, single_line=True)),
                markup=False,
            )
            self.reload_record()

        form = EntryForm(fields, original=original)
        if restore is not None:
            form.restore_from(restore, restore_key)
        self.push_screen(form, saved)

    def remove_entry(self, entry: Entry) -> None:
        """Remove `entry` (the caller has asked first); ctrl+z brings it back. Only
        the version that was asked about: if another session changed it since, the
        removal is refused (the table shows the entry as it is now)."""
        try:
            with self.record.transaction() as tx:
                removed = tx.remove(entry.id, expected_revision=entry.revision)
        except Conflict as conflict:
            message = (_("Not removed: '{title}' was changed in another session since; "
                         "look at it again.") if conflict.current is not None
                       else _("'{title}' was already removed in another session."))
            self.notify(message.format(title=safe_text(entry.title, single_line=True)),
                        severity="warning", markup=False)
            self.reload_record()
            return
        except AlncoError as error:
            self.report(error)
            return
        self.undo_stack.append(("removed", removed, None))
        self.notify(
            _("Removed: {title} (ctrl+z undoes)").format(
                title=safe_text(entry.title, single_line=True)),
            markup=False,
        )
        self.reload_record()

    def let_go_of_removed_evidence(self) -> None:
        """When the session ends, undo ends: the evidence files of entries it removed
        (kept until now so that ctrl+z brought them back whole) are let go."""
        removed = [entry.id for kind, entry, _expected in self.undo_stack if kind == "removed"]
        if removed:
            from alnco.evidence import let_go

            let_go(self.record, removed)

    def action_undo(self) -> None:
        """Undo the last removal or edit made in this session."""
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), markup=False)
            return
        kind, entry, expected = self.undo_stack.pop()
        self._undo(kind, entry, expected)

    def _undo(self, kind: str, entry: Entry, expected: int | None) -> None:
        """Put `entry` back if the record still holds what this session left there
        (revision `expected`, or nothing when None); else ask (the conflict dialog)."""
        try:
            with self.record.transaction() as tx:
                tx.restore(entry, expected_revision=expected)
        except Conflict as conflict:
            self._undo_conflict(kind, entry, conflict.current)
            return
        except AlncoError as error:
            self.report(error)
            return
        message = _("Restored: {title}") if kind == "removed" else _("Edit undone: {title}")
        self.notify(message.format(title=safe_text(entry.title, single_line=True)), markup=False)
        self.reload_record()

    def _undo_conflict(self, kind: str, entry: Entry, current: Entry | None) -> None:
        """Undo found a later change: show both; undo anyway (over the version shown,
        checked again), keep theirs, or edit the current entry with undo's values."""
        from alnco.tui.screens.conflict import EDIT, MINE, UNDO, ConflictScreen

        self.reload_record()

        def answered(choice: str | None) -> None:
            if choice == MINE:
                self._undo(kind, entry, current.revision if current is not None else None)
            elif choice == EDIT and current is not None:
                self.open_entry_form({}, original=current, restore=_form_fields(entry))
            else:
                self.notify(_("Not undone: kept the version saved in another session."),
                            markup=False)

        self.push_screen(ConflictScreen(entry, current, context=UNDO), answered)

    def action_set_theme(self, name: str) -> None:
        """Switch to theme `name` (a key, "high-contrast", or Textual's name) and keep
        it for next time."""
        name = TEXTUAL_NAMES.get(name, name)
        self.theme = name
        key = key_of(name)
        if key is not None:
            self.keep_setting(theme=key)

    def action_toggle_contrast(self) -> None:
        self.action_set_theme(DEFAULT_THEME if self.theme == HIGH_CONTRAST_THEME
                              else HIGH_CONTRAST_THEME)

    def keep_setting(self, **values: str) -> None:
        """Save a choice made here in config.toml (alnco.settings), so the next start
        has it; if that fails, say why (the choice still holds until you quit)."""
        if settings.config_file(self.ctx.environ) is None:
            return  # neither XDG_CONFIG_HOME nor HOME: there is nowhere to keep them
        try:
            settings.save(self.ctx.environ, **values)
        except AlncoError as error:
            self.notify(safe_text(str(error), single_line=True), title=_("Warning"),
                        severity="warning", markup=False, timeout=10)

    def action_set_language(self, language: str) -> None:
        """Switch the interface language, re-render every screen in it, and keep it."""
        set_language(language)
        self.keep_setting(lang=current_language())
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

    # ------------------------------------------------------------------ palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action, so nothing needs a key remembered (alnco.tui.palette)."""
        from alnco.tui.palette import system_commands

        return system_commands(self)



def _form_fields(entry: Entry) -> dict[str, Any]:
    """`entry`'s values as the entry form's fields (what a draft holds), to fill a
    form opened on another version of it."""
    from alnco.model import format_hours
    from alnco.parsing import short_date

    return {"date": short_date(entry.date), "hours": format_hours(entry.hours),
            "title": entry.title, "status": entry.status, "mode": entry.mode,
            "evidence": entry.evidence, "reflection": entry.reflection,
            "tasks": list(entry.tasks), "module_id": entry.module_id,
            "standards": list(entry.standards)}


def create_app(ctx: "Context", **options: Any) -> AlncoApp:
    """The app factory; tests call `create_app(ctx).run_test()` (options: AlncoApp's)."""
    return AlncoApp(ctx, **options)


def run(ctx: "Context", *, started: Callable[[], None] | None = None) -> int:
    """`alnco` with no command: run the app, return an exit code (128 + the signal
    after a hang-up or SIGTERM). On a terminal without UTF-8 the screen is written
    in its encoding, anything it cannot show as ASCII (alnco.tui.widgets.glyphs).
    `started` is called once the app has started, before its first screen."""
    stream = sys.__stderr__  # where Textual's driver writes
    encoding = glyphs.fallback_encoding(ctx.environ, stream)
    app = create_app(ctx, terminal_encoding=encoding, started=started)
    before = glyphs.use_encoding(stream, encoding) if encoding else None
    try:
        app.run()
    finally:
        glyphs.restore(stream, before)
        app.let_go_of_removed_evidence()
    return int(app.return_code or 0)
