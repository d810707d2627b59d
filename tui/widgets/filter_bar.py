"""One compact row of filters for the catalogue: task, theme, provider,
language, mode and level. It fits in a single line at 80 columns.

Option labels come partly from catalogue data (themes, providers), so every
label is a `Content` (never markup).
"""

from __future__ import annotations

from typing import Any, Iterable

from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Select
from textual.widgets.select import InvalidSelectValueError

from alnco.catalogue.model import LEVELS, MODES, TASKS
from alnco.i18n import _
from alnco.output import safe_text

FILTERS = ("task", "theme", "provider", "language", "mode", "level")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def _label(text: str) -> Content:
    return Content(safe_text(text, single_line=True))


def _prompts() -> dict[str, str]:
    return {
        "task": _("Task"),
        "theme": _("Theme"),
        "provider": _("Provider"),
        "language": _("Language"),
        "mode": _("Mode"),
        "level": _("Level"),
    }


class FilterBar(Horizontal):
    """Six compact Selects; posts `FilterBar.Changed` with the chosen values."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        & > Select { width: 1fr; margin-right: 1; }
        & > Select:last-of-type { margin-right: 0; }
        /* The drop-down as wide as its longest choice (not the 12 columns of
           its Select), so task names are not broken mid-word; kept on screen. */
        & > Select > SelectOverlay { width: auto; min-width: 20; max-width: 64; }
    }
    """

    class Changed(Message):
        def __init__(self, filters: dict[str, Any]) -> None:
            super().__init__()
            self.filters = filters

    def compose(self):
        prompts = _prompts()
        fixed: dict[str, list[tuple[Content, str]]] = {
            "task": [(_label(f"{k} {_(v)}"), k) for k, v in TASKS.items()],
            "theme": [],
            "provider": [],
            "language": [(_label(v), k) for k, v in LANGUAGE_NAMES.items()]
            + [(_label(_("Bilingual")), "bilingual")],
            "mode": [(_label(_(m)), m) for m in MODES],
            "level": [(_label(_(lv)), lv) for lv in LEVELS],
        }
        for name in FILTERS:
            select: Select[str] = Select(
                fixed[name], prompt=prompts[name], compact=True, id=f"filter-{name}"
            )
            select.tooltip = _("Filter by {what}").format(what=prompts[name].lower())
            yield select

    def set_choices(self, *, themes: Iterable[str], providers: Iterable[str]) -> None:
        """Fill the theme and provider lists from the catalogue."""
        for name, values in (("theme", themes), ("provider", providers)):
            options = [(_label(v), v) for v in sorted(set(values), key=str.casefold) if v]
            self.query_one(f"#filter-{name}", Select).set_options(options)

    def values(self) -> dict[str, Any]:
        """The chosen filters as keyword arguments for `Catalogue.search` (None = any)."""
        chosen: dict[str, Any] = {}
        for name in FILTERS:
            value = self.query_one(f"#filter-{name}", Select).value
            chosen[name] = None if value is Select.NULL else value
        return chosen

    def set_values(self, values: dict[str, Any]) -> None:
        """Choose the given filters (None or a missing key = any)."""
        for name in FILTERS:
            select = self.query_one(f"#filter-{name}", Select)
            value = values.get(name)
            if value is None:
                select.clear()
                continue
            try:
                select.value = value
            except InvalidSelectValueError:  # no longer offered by the catalogue
                select.clear()

    def clear(self) -> None:
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).clear()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.values()))
