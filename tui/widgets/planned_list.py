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


def planned_content(entries: Iterable[Any], today: date, max_lines: int | None = None) -> Content:
    """Overdue, then upcoming, a few of each; with `max_lines`, at most that many
    lines, the last saying how many more My learning has."""
    overdue, upcoming = split_planned(entries, today)
    if not overdue and not upcoming:
        return Content(_("Nothing planned. In the catalogue (c), press p to plan a module."))
    lines: list[list[Any]] = []
    for state, group in (("overdue", overdue), ("upcoming", upcoming)):
        for entry in group[:SHOWN]:
            lines.append(_line(state, entry))
        if len(group) > SHOWN:
            more = _("…and {n} more {state} (see My learning, m)").format(
                n=len(group) - SHOWN, state=status_word(state)
            )
            lines.append([(more, "$text-muted")])
    if max_lines is not None and len(lines) > max_lines:
        listed = [(state, e) for state, group in (("overdue", overdue), ("upcoming", upcoming))
                  for e in group]
        keep = max(max_lines - 1, 0)
        lines = [_line(state, e) for state, e in listed[:keep]]
        lines.append([(_("…and {n} more (see My learning, m)").format(n=len(listed) - keep),
                       "$text-muted")])
    parts: list[Any] = []
    for line in lines:
        if parts:
            parts.append("\n")
        parts += line
    return Content.assemble(*parts, strip_control_codes=False)


def _line(state: str, entry: Any) -> list[Any]:
    label = f"{status_symbol(state)} {status_word(state)}"
    return [
        (f"{label:<11}", status_style(state)),
        f" {short_date(entry.date):>11}  ",
        (_("{hours} h").format(hours=f"{format_hours(entry.hours):>4}") + "  ", "$text-muted"),
        truncate(safe_text(entry.title, single_line=True), 60),
    ]


class PlannedList(Static):
    """Overdue and upcoming planned learning, a few of each."""

    DEFAULT_CSS = "PlannedList { text-wrap: nowrap; text-overflow: ellipsis; }"

    def show(self, entries: Iterable[Any], today: date, max_lines: int | None = None) -> None:
        self.update(planned_content(entries, today, max_lines))
