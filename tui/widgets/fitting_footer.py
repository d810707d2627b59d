"""A footer that fits: when the screen's keys would not fit in one line (60
columns, or longer Welsh words at 80), it drops its padding and the `^p
palette` hint (ctrl+p still works and help lists it), so every key of the
screen stays readable instead of being cut off at the right."""

from __future__ import annotations

from itertools import groupby

from textual import events
from textual.widgets import Footer

from alnco.output import width as cells


class FittingFooter(Footer):
    def __init__(self, width: int = 80) -> None:
        super().__init__()
        self._width = width

    def needed(self) -> int:
        """Columns the footer takes with padding and the palette hint."""
        try:
            active = self.screen.active_bindings
        except Exception:  # not on a screen yet: assume it fits  # noqa: BLE001
            return 0
        shown = [(binding, node) for (node, binding, _enabled, _tip) in active.values()
                 if binding.show]
        total = 0
        for _action, group in groupby(shown, key=lambda pair: pair[0].action):
            binding = next(group)[0]
            total += cells(self.app.get_key_display(binding)) + cells(binding.description) + 4
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            total += cells(self.app.get_key_display(palette[1])) + cells(palette[1].description) + 6
        return total

    def _narrow(self) -> bool:
        return self.needed() > (self.size.width or self._width)

    def compose(self):
        narrow = self._narrow()
        self.set_reactive(Footer.compact, narrow)
        self.set_class(narrow, "-compact")
        self.set_reactive(Footer.show_command_palette, not narrow)
        yield from super().compose()

    def on_resize(self, event: events.Resize) -> None:
        if self._narrow() != self.compact:
            self.refresh(recompose=True)
