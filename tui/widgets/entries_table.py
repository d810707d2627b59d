"""The My learning table: columns sized to the width it has now, every time.

DataTable's automatic widths only ever grow, so after the terminal narrowed
the widest widths stayed and Hours, Status and Tasks fell off the right. Here
every column has an explicit width, worked out again on each resize by
`column_plan`: the title shrinks first (truncated with an ellipsis), then
Tasks goes, then Status, then Hours; Date stays longest.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from alnco.tui.language import N_
from alnco.tui.widgets.list_keys import list_keys

PADDING = 2  # DataTable puts one cell of padding either side of every column
SCROLLBAR = 1  # the table's vertical scrollbar (learning.tcss sets it to 1)
TITLE_MIN = 12  # below this a title says too little: drop a column instead
DROP_ORDER = ("tasks", "status", "hours")  # first to go when there is no room


def column_plan(available: int, natural: dict[str, int]) -> dict[str, int]:
    """The columns to show, in order, each with its width (padding not counted).

    `natural` maps each column key (date, title, hours, status, tasks) to the
    width its widest cell or heading wants. The title gets what is left (at
    most its natural width); a column is dropped, in `DROP_ORDER`, only when the
    title would otherwise be narrower than `TITLE_MIN`.
    """
    shown = dict(natural)
    for drop in (None, *DROP_ORDER):
        if drop is not None:
            shown.pop(drop, None)
        others = sum(w + PADDING for key, w in shown.items() if key != "title")
        room = available - SCROLLBAR - others - PADDING
        if room >= min(TITLE_MIN, natural["title"]):
            shown["title"] = max(1, min(room, natural["title"]))
            return shown
    shown["title"] = max(1, room)
    return shown


class EntriesTable(DataTable):
    """A row-cursor DataTable with j/k/g/G that reports each change of width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *list_keys("cursor_down", "cursor_up", "scroll_top", "scroll_bottom", "entries"),
        Binding("enter", "select_cursor", N_("Edit"), id="entries-edit"),
    ]

    class Resized(Message):
        """The table's width changed: its columns need working out again."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized(event.size.width))
