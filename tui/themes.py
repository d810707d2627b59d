"""Themes: Textual's default plus a high-contrast one for low vision and glare.

Colour never carries meaning alone in alnco (statuses are also words), so the
high-contrast theme only has to make text and focus easy to see.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "textual-dark"
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
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 60%",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
    },
)

# Offered in the command palette, in this order.
THEMES = (DEFAULT_THEME, "textual-light", HIGH_CONTRAST_THEME)
