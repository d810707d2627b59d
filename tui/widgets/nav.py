"""The top line: which screen you are on, and the keys that reach the others.

It replaces Textual's Header so that `d`, `c` and `m` stay visible at 80x24
without crowding the footer, where the current screen's own keys go.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from alnco.i18n import _

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
