"""The dashboard's suggested modules: an OptionList with j/k/g/G."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import OptionList

from alnco.tui.widgets.list_keys import list_keys


class SuggestionList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = list_keys(
        "cursor_down", "cursor_up", "first", "last", "suggestions")
