"""Help: every key of the screen you came from, the keys every list has, what
the status symbols mean, where data lives.

Keys are written one way throughout, as the footer writes them (Textual's
notation: `^q` for ctrl+q, `⏎` for enter, `esc`, `del`), with one line saying
what `^` and `⏎` mean; on a terminal without UTF-8 the app names them instead.
"""

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
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.nav import NAV_ITEMS
from alnco.tui.widgets.status_words import status_symbol, status_word

# (status, symbol, meaning): the symbols the catalogue and My learning mark entries with.
ENTRY_STATUSES = (
    ("completed", "✓", N_("you have done it; it counts towards your hours")),
    ("planned", "◷", N_("you mean to do it; it can be dated in the future")),
)
# (status, meaning): the dashboard shows each with its symbol (status_words).
PROGRESS_STATUSES = (
    ("met", N_("the requirement is satisfied")),
    ("on_track", N_("enough done so far for the time that has passed")),
    ("behind", N_("less done than the time passed calls for")),
    ("overdue", N_("the deadline has passed and it is not met")),
    ("not_started", N_("nothing counts towards it yet")),
    ("not_applicable", N_("it does not apply to your setting")),
)


HELP_WIDTH = 90  # as #help's width in app.tcss

# Keys every list has (summed up in the "In lists" lines) and the copy keys.
QUIET_KEYS = frozenset({
    "up", "down", "left", "right", "pageup", "pagedown", "home", "end", "ctrl+home",
    "ctrl+end", "ctrl+pageup", "ctrl+pagedown", "ctrl+c", "super+c", "tab", "shift+tab",
    "j", "k", "g", "G", "shift+g",
})
# (keys, what they do) for every list; keys by name, shown as the footer shows them.
LIST_KEYS = (
    ("up down j k pageup pagedown", N_("Move in a list")),
    ("home end g G", N_("First or last line")),
    ("enter", N_("Open, edit or choose the line you are on")),
    ("space", N_("Mark planned learning as done (My learning)")),
    ("slash", N_("Search (catalogue)")),
    ("tab shift+tab", N_("Move between fields and lists")),
)


def key_display(app, keys: str) -> str:
    """Key names (`enter`, `ctrl+q`, space-separated) as the footer shows them: `⏎`, `^q`.
    The footer's `␣` is named here once, beside it: help is where people learn it."""
    shown = [app.get_key_display(Binding(key, "")) for key in keys.split()]
    return " ".join(f"{s} space" if key == "space" and s != "space" else s
                    for key, s in zip(keys.split(), shown))


def _key_label(app, binding) -> str:
    return binding.key_display or app.get_key_display(binding)


def screen_name(app, screen: Screen) -> str:
    """What the person calls the screen help was asked from: a form's own title,
    the screen's title, or the name it has in the top line (Dashboard)."""
    form_title = getattr(screen, "form_title", None)
    if callable(form_title):
        try:
            return str(form_title())
        except Exception:  # noqa: BLE001 - not composed yet: fall back to the others
            pass
    if screen.title and screen.title != app.title:
        return str(screen.title)
    for mode, _key, label in NAV_ITEMS:
        if app.current_mode == mode and screen in app.screen_stack:
            return _(label)
    return str(app.title)


class HelpScreen(ModalScreen[None]):
    """Built from the bindings active on `under` when help was asked for."""

    KEEP_ON_LANGUAGE_SWITCH = True
    DEFAULT_CSS = """
    HelpScreen #help-list-keys {
        height: auto;
    }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="help-close"),
        Binding("q", "close", N_("Close"), show=False, id="help-close-q"),
        Binding("a", "rate", N_("Rate my confidence"), id="help-rate"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__(classes="help-screen")
        self.under = under

    def _key_rows(self) -> list[tuple[str, str]]:
        """The screen's and the app's own keys first, then the focused widget's
        (alnco's own widgets only: Textual's text-editing keys are left out); keys
        that do the same thing share a line (`q ^q  Quit`)."""
        rows: dict[str, list[str]] = {}  # what it does -> its keys
        keys: set[str] = set()
        own = [b for m in (self.under._bindings, self.app._bindings)
               for bindings in m.key_to_bindings.values() for b in bindings]
        widgets = [active.binding for active in self.under.active_bindings.values()
                   if not type(active.node).__module__.startswith("textual.")]
        for binding in own + widgets:
            if (not binding.description or binding.system or binding.key in QUIET_KEYS
                    or binding.action.endswith("command_palette")):
                continue
            if binding in widgets and binding not in own and binding.key in keys:
                continue  # the screen's meaning of the key wins (enter edits)
            keys.add(binding.key)
            label = _key_label(self.app, binding)
            shown = rows.setdefault(_(binding.description), [])
            if label not in shown:
                shown.append(label)
                shown.sort(key=len)  # the plain key first: `q ^q`, `? f1`
        # What the screen's lines do that no binding of its own says (the
        # dashboard's enter on a requirement, a binding of the focused row).
        for key, does in getattr(self.under, "HELP_KEYS", ()):
            shown = rows.setdefault(_(does), [])
            label = key_display(self.app, key)
            if label not in shown:
                shown.append(label)
        palette = self.app.COMMAND_PALETTE_BINDING
        rows.setdefault(_("All actions, themes, language, export"), []).append(
            key_display(self.app, palette))
        return [(" ".join(labels), does) for does, labels in rows.items()]

    def _list_rows(self) -> list[tuple[str, str]]:
        return [(key_display(self.app, keys), _(does)) for keys, does in LIST_KEYS]

    def _notation(self) -> str:
        """What `^` and `⏎` mean, in words (only the symbols this terminal shows)."""
        lines = [_("^q means: hold ctrl and press q.")]
        enter = key_display(self.app, "enter")
        if enter != "enter":
            lines.append(_("{enter} is the enter key.").format(enter=enter))
        return " ".join(lines)

    def _room_for_words(self, rows: list[tuple[str, str]]) -> int | None:
        """The width for the descriptions when the longest would not fit the
        screen (None: they all fit, each on one line)."""
        # The help box: at most 90 wide, less its border, padding and scrollbar
        # (and one column the table keeps free), then the key column and each
        # column's padding.
        inner = min(HELP_WIDTH, self.app.size.width) - 2 - 2 - 2 - 1
        key_width = max((cell_len(key) for key, _does in rows), default=0)
        room = inner - key_width - 4
        longest = max((cell_len(does) for _key, does in rows), default=0)
        return room if longest > room >= 20 else None

    def _table(self, table_id: str, rows: list[tuple[str, str]], width_of: list, *,
               header: bool = True) -> DataTable:
        table = DataTable(id=table_id, show_cursor=False, cursor_type="none",
                          show_header=header)
        table.can_focus = False  # arrows scroll the whole help, not the table
        room = self._room_for_words(width_of)
        key_width = max((cell_len(key) for key, _does in width_of), default=0)
        table.add_column(Text(_("Key")), width=key_width)
        table.add_column(Text(_("Does")), width=room)
        for key, does in rows:
            # A description too long for the screen wraps (Welsh runs longer).
            table.add_row(Text(key, style="bold"), Text(does), height=None if room else 1)
        return table

    def compose(self) -> ComposeResult:
        screen_rows, list_rows = self._key_rows(), self._list_rows()
        both = screen_rows + list_rows  # one key column width for both tables
        with Vertical(id="help"):
            yield Static(Content(_("Help: {screen}").format(screen=self._title())),
                         id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(Content(_("Keys on this screen")), classes="help-heading")
                yield self._table("help-keys", screen_rows, both)
                yield Static(Content(_("In lists")), classes="help-heading")
                yield self._table("help-list-keys", list_rows, both, header=False)
                yield Static(Content(self._notation()), classes="help-text",
                             id="help-notation")
                yield from self._sections()
        yield Footer()

    def _title(self) -> str:
        return screen_name(self.app, self.under)

    def _sections(self) -> ComposeResult:
        """What follows the keys: statuses, the portfolio, where data lives."""
        ctx = self.app.ctx
        yield Static(Content(_("Entry statuses")), classes="help-heading")
        yield Static(Content("\n".join(
            "{symbol} {name}: {meaning}".format(
                symbol=plain(symbol), name=_(name), meaning=_(meaning))
            for name, symbol, meaning in ENTRY_STATUSES)), classes="help-text")
        yield Static(Content(_("Requirement statuses (dashboard)")),
                     classes="help-heading")
        yield Static(Content("\n".join(
            "{symbol} {name}: {meaning}".format(
                symbol=status_symbol(status), name=status_word(status),
                meaning=_(meaning))
            for status, meaning in PROGRESS_STATUSES)), classes="help-text")
        yield Static(Content(_("Your portfolio")), classes="help-heading")
        yield Static(Content("\n".join([
            _("a (here or on the dashboard): rate your confidence in each task, 1 to 5. "
              "The dashboard shows it over time and offers a fresh rating once a term."),
            _("o (My learning): the highlighted entry's evidence files. Attach files, "
              "link professional standards and see the reflective prompts in the "
              "entry form."),
        ])), classes="help-text")
        yield Static(Content(_("Where your data lives")), classes="help-heading")
        catalogue = str(ctx.catalogue_path) if ctx.catalogue_path else _("(none)")
        yield Static(Content("\n".join([
            _("Record: {path}").format(path=safe_text(str(ctx.record_path))),
            _("Extra catalogue layer: {path}").format(path=safe_text(catalogue)),
            _("System layer: {path}").format(path=safe_text(str(ctx.system_dir))),
            _("Only you can read the record; nothing is shared unless you export it."),
        ])), classes="help-text")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":  # not over a form: finish that first
            from alnco.tui.screens.form_drafts import DraftForm

            return not isinstance(self.under, DraftForm)
        return True

    def action_rate(self) -> None:
        """`a`: close help and open the self-assessment (alnco.tui.screens.self_assessment)."""
        from alnco.tui.screens.self_assessment import open_self_assessment

        app = self.app
        self.dismiss(None)
        app.call_later(open_self_assessment, app)

    def action_close(self) -> None:
        self.dismiss(None)
