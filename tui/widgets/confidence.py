"""Confidence over time, per task, for the dashboard.

Below 110 columns it is one line, so the hours and suggestions stay on an 80x24
screen: `Confidence  a ▁▃▅  b ▃▄  c ·  ...`, each task's last few ratings as a
sparkline (alnco.tui.widgets.sparkline), as many as the width allows. From
110 columns, one line per task: its ratings over time, the latest as a number,
and the task's words. Ratings come from the record (alnco.assessment); the
words from the framework's task lines (`rating_keys`).
"""

from __future__ import annotations

from typing import Any, Sequence

from textual.content import Content
from textual.widgets import Static

from alnco.i18n import _
from alnco.output import safe_text, width
from alnco.tui.widgets.sparkline import trend_cell

MAX_CELLS = 8  # ratings shown per task at most (two school years of terms)


def task_rows(keys: Sequence[tuple[str, str]], assessments: Sequence[Any]
              ) -> list[tuple[str, str, list[int]]]:
    """(letter, words, ratings oldest first) for each task line."""
    from alnco.assessment import TASK_PREFIX, history

    rows = []
    for key, label in keys:
        if key.startswith(TASK_PREFIX):
            rows.append((key[len(TASK_PREFIX):], label,
                         [rating for _day, rating in history(assessments, key)]))
    return rows


def one_line(rows: Sequence[tuple[str, str, list[int]]], room: int) -> Content:
    """Every task on one line of `room` cells: as many ratings each as fit."""
    title = _("Confidence")
    if not any(ratings for _letter, _label, ratings in rows):
        return Content.assemble((title, "bold $text-primary"), "  ",
                                (_("not rated yet: a rates each task from 1 to 5"),
                                 "$text-muted"))
    fixed = width(title) + 2 + sum(width(letter) + 1 for letter, _l, _r in rows) \
        + 2 * max(len(rows) - 1, 0)
    cells = max(1, min(MAX_CELLS, (room - fixed) // max(len(rows), 1)))
    parts: list[Any] = [(title, "bold $text-primary"), "  "]
    for index, (letter, _label, ratings) in enumerate(rows):
        if index:
            parts.append("  ")
        parts += [(letter + " ", "bold"), (trend_cell(ratings, cells), "$text-accent")]
    return Content.assemble(*parts, strip_control_codes=False)


def per_task(rows: Sequence[tuple[str, str, list[int]]]) -> Content:
    """A line per task: ratings over time, the latest, the task's words."""
    lines: list[Any] = [(_("Confidence by task (1 to 5)"), "bold $text-primary")]
    if not any(ratings for _letter, _label, ratings in rows):
        lines += ["\n", (_("Not rated yet: a rates each task from 1 to 5."), "$text-muted")]
        return Content.assemble(*lines)
    for _letter, label, ratings in rows:
        latest = str(ratings[-1]) if ratings else " "
        lines += ["\n", (trend_cell(ratings, MAX_CELLS), "$text-accent"), f" {latest}  ",
                  safe_text(label, single_line=True)]
    return Content.assemble(*lines, strip_control_codes=False)


class ConfidenceChart(Static):
    """`show(keys, assessments, wide)`: one line, or one line per task when wide."""

    DEFAULT_CSS = """
    ConfidenceChart { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(Content(""), **options)
        self._rows: list[tuple[str, str, list[int]]] = []
        self._wide = False

    def show(self, keys: Sequence[tuple[str, str]], assessments: Sequence[Any],
             wide: bool) -> None:
        self._rows = task_rows(keys, assessments)
        self._wide = wide
        self._draw()

    def _draw(self) -> None:
        if self._wide:
            self.update(per_task(self._rows))
        else:
            self.update(one_line(self._rows, self.size.width or (self.app.size.width - 2)))

    def on_resize(self) -> None:
        if not self._wide:
            self._draw()

