"""The catalogue's search box: an Input whose growing text repaints only itself,
and whose results are painted in the same frame as the key's echo.

Textual's Input stores the text width in `virtual_size`, a reactive that asks
for a layout of the whole screen on every keystroke (8-15 ms on the catalogue
screen, a third of the 50 ms budget). The Input scrolls its own text, so the
screen never needs that layout: this subclass makes the change a repaint.

Input tells its screen about a new value with a `Changed` message, handled
after the echo has been painted: the results then wait for the next frame
(16.7 ms at 60 fps). `on_value`, called while the key itself is handled, lets
the screen search at once, so echo and results land in one frame.
"""

from __future__ import annotations

from typing import Callable

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

    def __init__(self, *args, on_value: Callable[[str], None] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on_value = on_value

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        on_value = getattr(self, "on_value", None)  # None while Input.__init__ runs
        if on_value is not None and self.is_mounted:
            on_value(value)
