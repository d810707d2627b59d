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

Unsaved work: the forms (entry, declaration, profile) keep a draft beside the
record while they have changes (alnco.drafts, alnco.tui.screens.form_drafts).
Quitting by any route, or going to another screen, over a form with changes
asks "Save, discard, or keep editing?" (`settle_unsaved`); a dropped
connection (SIGHUP) or SIGTERM, where nobody can be asked, writes the drafts
and exits (`hang_up`). At start, drafts left behind are offered back.

A terminal that does not take UTF-8 gets ASCII symbols and an output stream
that turns anything else into ASCII (alnco.tui.widgets.glyphs).

The domain never imports Textual; this package calls the same functions as
the CLI (Entry.validate, record.transaction, module_snapshot).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import sys
import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import AppFocus, DescendantFocus
from textual.filter import Monochrome
from textual.screen import Screen

from alnco import settings
from alnco.drafts import Draft, DraftError, Drafts
from alnco.errors import AlncoError, Conflict, app_text
from alnco.i18n import LANGUAGES, _, current_language, set_language
from alnco.model import Entry
from alnco.output import safe_text
from alnco.parsing import short_date
from alnco.tui.language import N_, classes_out_of_date, retranslate, translate_class
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.screens.quit_question import (DISCARD, RESTORE, SAVE, RestoreQuestion,
                                             UnsavedQuestion)
from alnco.tui.widgets import glyphs
from alnco.tui.themes import (DEFAULT_THEME, HIGH_CONTRAST, HIGH_CONTRAST_THEME, TEXTUAL_NAMES,
                              key_of, theme_label)

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
DRAFT_SECONDS = 2.0  # a form's draft is written at most this often (ALNCO_DRAFT_SECONDS)
HANG_UP_GRACE_SECONDS = 3.0  # after SIGHUP/SIGTERM, exit by force if Textual has not
EXPORT_FORMATS = ("csv", "json", "xlsx", "html", "ics", "xapi")


def _mode_factory(mode: str) -> Callable[[], Screen]:
    module_name, class_name = SCREENS_BY_MODE[mode]

    def make() -> Screen:
        cls = getattr(importlib.import_module(module_name), class_name)
        translate_class(cls)
        return cls()

    return make


def draft_interval(environ: dict[str, str] | Any) -> float:
    """How often a form's draft may be written: ALNCO_DRAFT_SECONDS (0.05 to 600), else 2."""
    try:
        seconds = float(environ.get("ALNCO_DRAFT_SECONDS", ""))
    except ValueError:
        return DRAFT_SECONDS
    return min(max(seconds, 0.05), 600.0) if seconds == seconds else DRAFT_SECONDS


def screenshot_folder(environ: dict[str, str] | Any) -> Path:
    """Where screenshots go: the XDG download folder (XDG_DOWNLOAD_DIR, from the
    environment or ~/.config/user-dirs.dirs), else ~/Downloads, if it exists; else
    the current folder. Raises OSError if even that is gone."""
    home = Path(environ.get("HOME") or Path.home())
    for candidate in (environ.get("XDG_DOWNLOAD_DIR") or _user_dirs_download(environ, home),
                      home / "Downloads"):
        if candidate and Path(candidate).is_absolute() and Path(candidate).is_dir():
            return Path(candidate)
    return Path(os.getcwd())


def _user_dirs_download(environ: dict[str, str] | Any, home: Path) -> str:
    """XDG_DOWNLOAD_DIR as xdg-user-dirs writes it (`XDG_DOWNLOAD_DIR="$HOME/Downloads"`)."""
    config = environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    try:
        with open(Path(config) / "user-dirs.dirs", encoding="utf-8", errors="replace") as handle:
            lines = handle.read(65536).splitlines()
    except OSError:
        return ""
    for line in lines:
        name, _equals, value = line.strip().partition("=")
        if name == "XDG_DOWNLOAD_DIR" and value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
            if value.startswith("$HOME"):
                value = str(home) + value[len("$HOME"):]
            return value
    return ""


def write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write a new file `name` in `folder`, mode 0600, never through a symlink nor over
    an existing file (then `name-2`, `name-3`, ...). Returns its path; raises OSError."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for n in range(1, 100):
            candidate = name if n == 1 else f"{stem}-{n}{dot}{suffix}"
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
            except FileExistsError:
                continue
            try:
                os.fchmod(fd, 0o600)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            except BaseException:
                os.close(fd)
                os.unlink(candidate, dir_fd=dir_fd)
                raise
            os.close(fd)
            return folder / candidate
        raise FileExistsError(17, os.strerror(17), str(folder / name))
    finally:
        os.close(dir_fd)


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

    def __init__(self, ctx: "Context", *, draft_seconds: float | None = None,
                 terminal_encoding: str | None = None) -> None:
        """`draft_seconds`: how often drafts may be written (else ALNCO_DRAFT_SECONDS, 2 s);
        `terminal_encoding`: the encoding of a terminal without UTF-8 (`run` works it
        out; else only ALNCO_ASCII=1 in the Context's environment asks for ASCII)."""
        super().__init__()
        self.ctx = ctx
        self.terminal_encoding = (terminal_encoding if terminal_encoding is not None
                                  else glyphs.fallback_encoding(ctx.environ))
        glyphs.set_ascii(self.terminal_encoding is not None)
        self.drafts = Drafts(ctx.record_path)
        self.draft_seconds = (draft_seconds if draft_seconds is not None
                              else draft_interval(ctx.environ))
        self._drafts_warned = False
        self._draft_queue: list[Draft] = []
        self._starting = True
        self._hanging_up = False
        self._startup_warnings: list[str] = []
        self._setup_record()
        self.snapshot = self._read_or_empty()
        self._seen = self.record.change_token()
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
            self._startup_warnings.append(app_text(error))
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
        self.title = "alnco"
        self._switch_home()
        for message in self._startup_warnings + self._settings_warnings:
            self.notify(safe_text(message, single_line=True), severity="warning",
                        markup=False, timeout=10)
        self.set_interval(RECORD_POLL_SECONDS, self.check_record, name="record-poll")
        if not self.is_headless:
            self._catch_hang_up()
        self._offer_drafts()

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
        if current_language() != "en" and isinstance(screen, Screen):
            retranslate(self, [screen])
        return super().push_screen(screen, *args, **kwargs)

    # ------------------------------------------------------------------ unsaved work
    def unsaved_forms(self, *, everywhere: bool = True) -> list[DraftForm]:
        """Open forms with changes not saved, the top one of this screen first
        (`everywhere`: in every mode's screens, not only this one's)."""
        stacks = [self.screen_stack]
        if everywhere:
            stacks += [list(stack) for mode, stack in self._screen_stacks.items()
                       if mode != self.current_mode]
        forms: list[DraftForm] = []
        for stack in stacks:
            for screen in reversed(stack):
                if not isinstance(screen, DraftForm) or screen.closed:
                    continue
                try:
                    dirty = screen.dirty
                except Exception:  # noqa: BLE001 - not composed yet: nothing typed
                    continue
                if dirty:
                    forms.append(screen)
        return forms

    def settle_unsaved(self, then: Callable[[], Any], *, everywhere: bool = True) -> None:
        """Ask about each form with unsaved changes ("Save, discard, or keep
        editing?"), then do `then` (quit, or go to another screen). Keeping on
        editing, or a save that is refused, stops there: the form stays open."""
        if isinstance(self.screen, UnsavedQuestion):
            return
        forms = self.unsaved_forms(everywhere=everywhere)
        if not forms:
            then()
            return
        form = forms[0]
        if form in self.screen_stack and self.screen is not form:
            form.pop_until_active()  # type: ignore[attr-defined]  # show what is asked about

        def answered(answer: str | None) -> None:
            if answer == SAVE:
                if not form.leave_saving():
                    return  # refused: the form says why, and stays open
            elif answer == DISCARD:
                form.leave_discarding()
            else:
                return
            self.settle_unsaved(then, everywhere=everywhere)

        self.push_screen(UnsavedQuestion(form.form_title()), answered)

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q, the palette): first ask about any unsaved form."""
        self.settle_unsaved(self.exit)

    def keep_all_drafts(self) -> None:
        for form in self.unsaved_forms(everywhere=True):
            form.keep_draft()

    def drafts_failed(self, error: BaseException) -> None:
        """A draft could not be written: say so once a session, with the reason."""
        if self._drafts_warned:
            return
        self._drafts_warned = True
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self._warn(_("Unsaved changes cannot be kept as a draft: {reason}").format(
            reason=safe_text(str(reason), single_line=True)))

    def _catch_hang_up(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.hang_up, signum)
            except (ValueError, RuntimeError, NotImplementedError):  # pragma: no cover
                pass

    def hang_up(self, signum: int = signal.SIGHUP) -> None:
        """The connection dropped (SIGHUP) or the system asks alnco to stop (SIGTERM):
        nobody can be asked, so every form's changes become drafts (offered back at
        the next start) and the app exits, by force if the dead terminal holds it up."""
        if self._hanging_up:
            return
        self._hanging_up = True
        try:
            self.keep_all_drafts()
        finally:
            code = 128 + int(signum)
            if not self.is_headless:
                timer = threading.Timer(HANG_UP_GRACE_SECONDS, os._exit, (code,))
                timer.daemon = True
                timer.start()
            self.exit(return_code=code)

    # ------------------------------------------------------------------ drafts at start
    def _offer_drafts(self) -> None:
        try:
            self._draft_queue = self.drafts.load()
        except (DraftError, OSError) as error:
            self.drafts_failed(error)
            self._draft_queue = []
        self._offer_next_draft()

    def _offer_next_draft(self, _result: Any = None) -> None:
        if not self._draft_queue:
            if self._starting:
                self._after_startup_questions()
            return
        draft = self._draft_queue.pop(0)

        def answered(answer: str | None) -> None:
            if answer == RESTORE:
                if self._restore_draft(draft):
                    return  # the rest are offered when that form closes
            elif answer == DISCARD:
                self.drafts.remove(draft.kind, draft.key)
            self._offer_next_draft()

        self.push_screen(RestoreQuestion(self.draft_question(draft)), answered)

    def draft_question(self, draft: Draft) -> str:
        saved = draft.saved_at.astimezone()
        when = _("{date} at {time}").format(date=short_date(saved.date()),
                                            time=saved.strftime("%H:%M"))
        if draft.kind == "declaration":
            return _("You have an unsaved declaration from {when}.").format(when=when)
        if draft.kind == "profile":
            return _("You have unsaved changes to your profile from {when}.").format(when=when)
        original = self._entry_by_id(draft.key)
        if original is not None:
            return _("You have unsaved changes from {when} to: {title}").format(
                title=safe_text(original.title, single_line=True), when=when)
        return _("You have unsaved learning from {when}.").format(when=when)

    def _entry_by_id(self, entry_id: str) -> Entry | None:
        if not entry_id or entry_id.startswith("new"):
            return None
        return next((e for e in self.snapshot.entries if e.id == entry_id), None)

    def _restore_draft(self, draft: Draft) -> bool:
        """Open the draft's form with what it held; False if there is none to open."""
        fields = draft.fields
        if draft.kind == "entry":
            original = self._entry_by_id(draft.key)
            key: str | None = draft.key
            if original is None and not draft.key.startswith("new"):
                self.drafts.remove(draft.kind, draft.key)
                key = None  # a new entry's form keeps a draft of its own
                self.notify(_("The entry those changes were to is no longer in your record: "
                              "saving them adds new learning."), markup=False, timeout=10)
            start = {} if original is not None else {
                "status": fields.get("status") if fields.get("status") in ("completed", "planned")
                else "completed",
                "module_id": fields.get("module_id") if isinstance(fields.get("module_id"), str)
                else None}
            self.open_entry_form(start, original=original, restore=fields, restore_key=key,
                                 after=self._offer_next_draft)
            return True
        if draft.kind == "declaration":
            key = fields.get("key")
            return self.action_declare(key if isinstance(key, str) else "", restore=fields,
                                       after=self._offer_next_draft)
        if draft.kind == "profile":
            from alnco.tui.screens.onboarding import OnboardingScreen

            form = OnboardingScreen(self.snapshot.profile).restore_from(fields, draft.key)
            self.push_screen(form, self._offer_next_draft)
            return True
        return False

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

    def action_export(self, fmt: str) -> None:
        """Ask for a file, and whether to replace it if it exists; then export."""
        from alnco.tui.screens.replace_file import EXISTS, ask_replace, export_problem
        from alnco.tui.widgets.prompt import PromptScreen

        suggested = str(Path.home() / f"alnco-{self.ctx.today.isoformat()}.{_extension(fmt)}")

        def run(path: str, force: bool) -> None:
            self.run_worker(lambda: self._export(fmt, path, force), thread=True, name="export")

        def chosen(path: str | None) -> None:
            if not path:
                return
            problem = export_problem(path)
            if problem == EXISTS:
                ask_replace(self, path, lambda: run(path, True))
            elif problem:
                self.notify(safe_text(problem, single_line=True), title=_("Error"),
                            severity="error", markup=False, timeout=8)
            else:
                run(path, False)

        self.push_screen(
            PromptScreen(_("Export your record as {fmt} to this file:").format(fmt=fmt.upper()),
                         suggested),
            chosen,
        )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen, readable only by you (0600), in your downloads
        folder if you have one, else the current folder; the notification names it."""
        name = filename or "alnco-{:%Y-%m-%dT%H%M%S}.svg".format(datetime.now())
        target = name
        try:
            folder = Path(path) if path else screenshot_folder(self.ctx.environ)
            target = str(folder / name)
            written = write_private(folder, name, self.export_screenshot().encode("utf-8"))
        except OSError as error:
            self.notify(_("Screenshot not saved: {path}: {reason}").format(
                path=target, reason=error.strerror or str(error)),
                title=_("Error"), severity="error", markup=False, timeout=10)
            return
        self.notify(_("Screenshot saved: {path}").format(path=written), markup=False,
                    timeout=10)

    def _export(self, fmt: str, path: str, force: bool = False) -> None:
        """Run the same `alnco export` the command line runs, in this process
        (`force`: replace the file, as `--force` does, once the person said yes)."""
        import io

        from alnco.cli import build_parser
        from alnco.errors import InputError, app_text
        from alnco.tui.screens.replace_file import EXISTS, ask_replace, export_problem

        try:
            args = build_parser().parse_args(
                ["export", "--format", fmt, "-o", path] + (["--force"] if force else []))
            # Its lines for the terminal (stdout, and stderr's "Exported ...") would land
            # on top of the screen: the app says what happened in its own words.
            self.ctx.stdout, saved_stdout = io.StringIO(), self.ctx.stdout
            self.ctx.stderr, saved_stderr = io.StringIO(), self.ctx.stderr
            try:
                args.handler(self.ctx, args)
            finally:
                self.ctx.stdout, self.ctx.stderr = saved_stdout, saved_stderr
        except AlncoError as error:
            if not force and export_problem(path) == EXISTS:  # it appeared meanwhile: ask
                self.call_from_thread(ask_replace, self, path,
                                      lambda: self.run_worker(lambda: self._export(
                                          fmt, path, True), thread=True, name="export"))
                return
            self.call_from_thread(self.report, InputError(app_text(error)))
            return
        if fmt == "ics" and not any(e.status == "planned" for e in self.snapshot.entries):
            message = _("Exported to {path}: an empty calendar, as no learning is planned yet "
                        "(plan some in My learning with p).").format(path=path)
        else:
            message = _("Exported to {path}").format(path=path)
        self.call_from_thread(self.notify, safe_text(message, single_line=True), markup=False)

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
        for key in TEXTUAL_NAMES:
            yield SystemCommand(_("Theme: {name}").format(name=theme_label(key)),
                                _("Switch the colours"),
                                lambda key=key: self.action_set_theme(key))
        for language, label in zip(LANGUAGES, _language_labels()):
            yield SystemCommand(_("Language: {label}").format(label=label),
                                _("Switch the interface language"),
                                lambda language=language: self.action_set_language(language))
        yield SystemCommand(_("Help"), _("Keys for this screen, statuses, where data lives (? or f1)"),
                            self.action_help)
        yield SystemCommand(_("Screenshot"), _("Save an SVG screenshot of the screen"),
                            lambda: self.action_screenshot())
        yield SystemCommand(_("Quit"), _("Leave alnco (q, or ctrl+q anywhere)"), self.action_quit)


def _language_labels() -> tuple[str, str]:
    """English and Welsh as the palette names them, each with its name in the other
    language too, so `english` or `saesneg`, `welsh` or `cymraeg` finds the switch
    whichever language the app is in."""
    english = _("English")
    english += " (Saesneg)" if english == "English" else " (English)"
    return english, _("Welsh (Cymraeg)")  # "Cymraeg (Welsh)" in Welsh


def _extension(fmt: str) -> str:
    return {"xapi": "json", "json": "json"}.get(fmt, fmt)


def _form_fields(entry: Entry) -> dict[str, Any]:
    """`entry`'s values as the entry form's fields (what a draft holds), to fill a
    form opened on another version of it."""
    from alnco.model import format_hours
    from alnco.parsing import short_date

    return {"date": short_date(entry.date), "hours": format_hours(entry.hours),
            "title": entry.title, "status": entry.status, "mode": entry.mode,
            "evidence": entry.evidence, "reflection": entry.reflection,
            "tasks": list(entry.tasks), "module_id": entry.module_id}


def create_app(ctx: "Context", **options: Any) -> AlncoApp:
    """The app factory; tests call `create_app(ctx).run_test()` (options: AlncoApp's)."""
    return AlncoApp(ctx, **options)


def run(ctx: "Context") -> int:
    """`alnco` with no command: run the app, return an exit code (128 + the signal
    after a hang-up or SIGTERM). On a terminal without UTF-8 the screen is written
    in its encoding, anything it cannot show as ASCII (alnco.tui.widgets.glyphs)."""
    stream = sys.__stderr__  # where Textual's driver writes
    encoding = glyphs.fallback_encoding(ctx.environ, stream)
    app = create_app(ctx, terminal_encoding=encoding)
    before = glyphs.use_encoding(stream, encoding) if encoding else None
    try:
        app.run()
    finally:
        glyphs.restore(stream, before)
    return int(app.return_code or 0)
