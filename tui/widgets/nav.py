"""The top line: which screen you are on, and the keys that reach the others.

It replaces Textual's Header so that `d`, `c` and `m` stay visible at 80x24
without crowding the footer, where the current screen's own keys go.

Also the words Textual itself shows about keys (a drop-down's footer, what
ctrl+c says), so that they too are in the interface language.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from alnco.i18n import _
from alnco.tui.language import N_

# (mode, key, label); the labels are translated when drawn.
NAV_ITEMS = (
    ("dashboard", "d", "Dashboard"),
    ("catalogue", "c", "Catalogue"),
    ("learning", "m", "My learning"),
)


class NavBar(Static):
    """`alnco  d Dashboard  c Catalogue  m My learning`, the current one highlighted."""

    DEFAULT_CLASSES = "nav-bar"

    def __init__(self, current: str) -> None:
        self.current = current
        super().__init__(self.build())

    def build(self) -> Content:
        parts: list[Content] = [Content.styled(" alnco ", "bold")]
        for mode, key, label in NAV_ITEMS:
            text = " {key} {label} ".format(key=key, label=_(label))
            style = "reverse bold" if mode == self.current else ""
            parts.append(Content(" "))
            parts.append(Content.styled(text, style) if style else Content(text))
        return Content("").join(parts)


# ------------------------------------------------------------ Textual's own words
# Binding descriptions of Textual's widgets that people see (the footer while a
# drop-down is open): listed here so that they have translations, which
# alnco.tui.language then applies to Textual's classes as to alnco's own.
TEXTUAL_WORDS = (N_("Dismiss menu"), N_("Exit the command palette"))


def quit_hint(app) -> None:
    """What ctrl+c says (it copies in a text field and never quits): which key
    quits, in the interface language. An App's `action_help_quit` calls this
    in place of Textual's English notification."""
    for key, active in app.active_bindings.items():
        if active.binding.action in ("quit", "app.quit"):
            app.notify(_("Press {key} to quit.").format(key=app.get_key_display(active.binding)),
                       title=_("Do you want to quit?"), markup=False)
            return


def screenshot_saved(app, path: str | None) -> None:
    """Textual's "Saved screenshot" notification, in the interface language."""
    message = (_("Screenshot saved: {path}").format(path=path) if path
               else _("Screenshot saved."))
    app.notify(message, title=_("Screenshot"), markup=False, timeout=10)
