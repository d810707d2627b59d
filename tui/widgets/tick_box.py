"""A checkbox whose state shows as a mark, not only as a colour.

Textual's Checkbox draws an `X` both when ticked and when not, changing only
its colour; with NO_COLOR, in the high-contrast theme or for colour-blind
people that says nothing. This one draws `[x]` or `[ ]`.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        mark = "x" if self.value else " "
        return Content.assemble("[", (mark, style), "] ")
