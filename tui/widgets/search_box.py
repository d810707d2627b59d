"""The catalogue's search box: an Input whose growing text repaints only itself.

Textual's Input stores the text width in `virtual_size`, a reactive that asks
for a layout of the whole screen on every keystroke (8-15 ms on the catalogue
screen, a third of the 50 ms budget). The Input scrolls its own text, so the
screen never needs that layout: this subclass makes the change a repaint.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """A one-line, fixed-size search Input."""

    DEFAULT_CSS = """
    SearchBox {
        width: 1fr;
        height: 1;
    }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
