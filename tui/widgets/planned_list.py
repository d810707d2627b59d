"""Planned learning on the dashboard: what is overdue, then what comes next.

Each line carries its state as a word and a symbol, not just a colour.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from textual.content import Content
from textual.widgets import Static

from alnco.i18n import _
from alnco.model import format_hours
from alnco.output import safe_text, truncate
from alnco.parsing import short_date
from alnco.tui.widgets.status_words import status_style, status_symbol, status_word

SHOWN = 3


def split_planned(entries: Iterable[Any], today: date) -> tuple[list[Any], list[Any]]:
    """Planned entries dated before today (overdue, oldest first) and from today on."""
    planned = sorted((e for e in entries if e.status == "planned"), key=lambda e: (e.date, e.title))
    return [e for e in planned if e.date < today], [e for e in planned if e.date >= today]


def planned_content(entries: Iterable[Any], today: date) -> Content:
    overdue, upcoming = split_planned(entries, today)
    if not overdue and not upcoming:
        return Content(_("Nothing planned. In the catalogue (c), press p to plan a module."))
    parts: list[Any] = []
    for state, group in (("overdue", overdue), ("upcoming", upcoming)):
        for entry in group[:SHOWN]:
            if parts:
                parts.append("\n")
            label = f"{status_symbol(state)} {status_word(state)}"
            parts += [
                (f"{label:<11}", status_style(state)),
                f" {short_date(entry.date):>11}  ",
                (_("{hours} h").format(hours=f"{format_hours(entry.hours):>4}") + "  ",
                 "$text-muted"),
                truncate(safe_text(entry.title, single_line=True), 60),
            ]
        if len(group) > SHOWN:
            more = _("…and {n} more {state} (see My learning, m)").format(
                n=len(group) - SHOWN, state=status_word(state)
            )
            parts += ["\n", (more, "$text-muted")]
    return Content.assemble(*parts, strip_control_codes=False)


class PlannedList(Static):
    """Overdue and upcoming planned learning, a few of each."""

    def show(self, entries: Iterable[Any], today: date) -> None:
        self.update(planned_content(entries, today))
