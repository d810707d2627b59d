"""Help: every key of the screen you came from, what statuses mean, where data lives."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from alnco.i18n import _
from alnco.output import safe_text
from alnco.tui.language import N_

ENTRY_STATUSES = (
    ("completed", N_("you have done it; it counts towards your hours")),
    ("planned", N_("you mean to do it; it can be dated in the future")),
)
PROGRESS_STATUSES = (
    ("met", N_("the requirement is satisfied")),
    ("on track", N_("enough done so far for the time that has passed")),
    ("behind", N_("less done than the time passed calls for")),
    ("overdue", N_("the deadline has passed and it is not met")),
    ("not started", N_("nothing counts towards it yet")),
    ("not applicable", N_("it does not apply to your setting")),
)


HELP_WIDTH = 90  # as #help's width in app.tcss

# Keys every list has (summed up in one help line) and the copy keys.
QUIET_KEYS = frozenset({
    "up", "down", "left", "right", "pageup", "pagedown", "home", "end", "ctrl+home",
    "ctrl+end", "ctrl+pageup", "ctrl+pagedown", "ctrl+c", "super+c", "tab", "shift+tab",
})


def _key_label(app, binding) -> str:
    return binding.key_display or app.get_key_display(binding)


class HelpScreen(ModalScreen[None]):
    """Built from the bindings active on `under` when help was asked for."""

    KEEP_ON_LANGUAGE_SWITCH = True
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="help-close"),
        Binding("q", "close", N_("Close"), show=False, id="help-close-q"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__(classes="help-screen")
        self.under = under

    def _key_rows(self) -> list[tuple[str, str]]:
        """The screen's and the app's own keys first, then the focused widget's
        (its cursor keys summed up in one line)."""
        rows: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        keys: set[str] = set()
        own = [b for m in (self.under._bindings, self.app._bindings)
               for bindings in m.key_to_bindings.values() for b in bindings]
        widgets = [active.binding for active in self.under.active_bindings.values()]
        for binding in own + widgets:
            if (not binding.description or binding.system or binding.key in QUIET_KEYS
                    or binding.action.endswith("command_palette")):
                continue
            if binding in widgets and binding not in own and binding.key in keys:
                continue  # the screen's meaning of the key wins (enter edits)
            keys.add(binding.key)
            row = (_key_label(self.app, binding), _(binding.description))
            if row not in seen:
                seen.add(row)
                rows.append(row)
        # What the screen's lines do that no binding of its own says (the
        # dashboard's enter on a requirement, a binding of the focused row).
        for key, does in getattr(self.under, "HELP_KEYS", ()):
            row = (key, _(does))
            if row not in seen:
                seen.add(row)
                rows.append(row)
        rows.append(("ctrl+p", _("All actions, themes, language, export")))
        rows.append(("tab / shift+tab", _("Move between fields and lists")))
        rows.append(("↑ ↓ pgup pgdn home end", _("Move in a list")))
        return rows

    def _room_for_words(self, rows: list[tuple[str, str]]) -> int | None:
        """The width for the descriptions when the longest would not fit the
        screen (None: they all fit, each on one line)."""
        # The help box: at most 90 wide, less its border, padding and scrollbar,
        # then the key column and each column's padding.
        inner = min(HELP_WIDTH, self.app.size.width) - 2 - 2 - 2
        key_width = max((cell_len(key) for key, _does in rows), default=0)
        room = inner - key_width - 4
        longest = max((cell_len(does) for _key, does in rows), default=0)
        return room if longest > room >= 20 else None

    def compose(self) -> ComposeResult:
        ctx = self.app.ctx
        with Vertical(id="help"):
            yield Static(Content(_("Help: {screen}").format(
                screen=self.under.title or self.app.title)), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(Content(_("Keys on this screen")), classes="help-heading")
                keys = DataTable(id="help-keys", show_cursor=False, cursor_type="none")
                keys.can_focus = False  # arrows scroll the whole help, not the table
                rows = self._key_rows()
                room = self._room_for_words(rows)
                keys.add_column(Text(_("Key")))
                keys.add_column(Text(_("Does")), width=room)
                for key, does in rows:
                    # A description too long for the screen wraps (Welsh runs longer).
                    keys.add_row(Text(key, style="bold"), Text(does),
                                 height=None if room else 1)
                yield keys
                yield Static(Content(_("Entry statuses")), classes="help-heading")
                yield Static(Content("\n".join(
                    "{name}: {meaning}".format(name=_(name), meaning=_(meaning))
                    for name, meaning in ENTRY_STATUSES)), classes="help-text")
                yield Static(Content(_("Requirement statuses (dashboard)")), classes="help-heading")
                yield Static(Content("\n".join(
                    "{name}: {meaning}".format(name=_(name), meaning=_(meaning))
                    for name, meaning in PROGRESS_STATUSES)), classes="help-text")
                yield Static(Content(_("Where your data lives")), classes="help-heading")
                catalogue = str(ctx.catalogue_path) if ctx.catalogue_path else _("(none)")
                yield Static(Content("\n".join([
                    _("Record: {path}").format(path=safe_text(str(ctx.record_path))),
                    _("Extra catalogue layer: {path}").format(path=safe_text(catalogue)),
                    _("System layer: {path}").format(path=safe_text(str(ctx.system_dir))),
                    _("Only you can read the record; nothing is shared unless you export it."),
                ])), classes="help-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
