"""Themes: dark, light, and a high-contrast one for low vision and glare.

People see (and config.toml keeps) a stable key and words, never Textual's
names: "dark" is "Dark" / "Tywyll". Colour never carries meaning alone in
alnco (statuses are also words, focus is also a bar), so the high-contrast
theme only has to make text and focus easy to see: every text colour it uses
reaches WCAG AA (4.5:1) on the backgrounds it is drawn on
(tests/tui/test_tui_settings.py measures them).
"""

from __future__ import annotations

from textual.theme import Theme

from alnco.i18n import _
from alnco.settings import DEFAULT_THEME as DEFAULT_KEY

HIGH_CONTRAST_THEME = "alnco-high-contrast"

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF6060",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#A0A0A0",
        # Muted and placeholder text stay light grey: Textual's own (white at 60%
        # and 38%) fall to 3.3:1 on the panels.
        "text-muted": "#D0D0D0",
        "text-disabled": "#C0C0C0",
        "foreground-muted": "#D0D0D0",
        "foreground-disabled": "#C0C0C0",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#FFFF00",
        "input-selection-foreground": "#000000",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "block-cursor-blurred-background": "#404040",
    },
)

# Placeholder text in Textual's dark and light themes is 3.2-4.2:1 and 2.6-3.0:1 on
# a field's backgrounds; shared.tcss draws it in these greys instead (at least
# 4.5:1 on surface, panel and boost), by the theme's mode (dark=True or not).
PLACEHOLDER = {"dark": "#A6A6A6", "light": "#4F4F4F"}

# Key (config.toml, ALNCO_THEME) -> Textual's theme, in the palette's order.
TEXTUAL_NAMES = {
    "dark": "textual-dark",
    "light": "textual-light",
    "high-contrast": HIGH_CONTRAST_THEME,
}
DEFAULT_THEME = TEXTUAL_NAMES[DEFAULT_KEY]
THEMES = tuple(TEXTUAL_NAMES.values())


def theme_label(key: str) -> str:
    """The theme's name in words, in the interface language."""
    return {"dark": _("Dark"), "light": _("Light"), "high-contrast": _("High contrast")}[key]


def key_of(textual_name: str) -> str | None:
    """The stable key of one of alnco's themes (None for any other Textual theme)."""
    return next((key for key, name in TEXTUAL_NAMES.items() if name == textual_name), None)
