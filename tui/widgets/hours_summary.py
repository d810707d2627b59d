"""Hours this academic year against the target, and a 12-month sparkline.

The sparkline alone says little to a screen reader or on a monochrome
terminal, so it comes with month initials and a sentence (total, busiest month).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Sparkline, Static

from alnco.i18n import _
from alnco.model import format_hours
from alnco.parsing import short_date
from alnco.tui.widgets.status_words import progress_bar

MONTHS = 12
CELLS_PER_MONTH = 2


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first day of each of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    starts = []
    for _i in range(count):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def monthly_hours(entries: Iterable[Any], today: date, count: int = MONTHS) -> list[Decimal]:
    """Completed hours in each of the last `count` months (oldest first)."""
    starts = month_starts(today, count)
    index = {(d.year, d.month): i for i, d in enumerate(starts)}
    totals = [Decimal(0)] * count
    for entry in entries:
        if entry.status != "completed" or entry.date > today:
            continue
        i = index.get((entry.date.year, entry.date.month))
        if i is not None:
            totals[i] += entry.hours
    return totals


def year_line(hours: Decimal, target: Decimal | None, start: date, end: date, width: int = 12) -> Content:
    """Hours against the target, on one line (the period is `period_line`)."""
    if target:
        fraction = float(min(hours / target, 1)) if target > 0 else 1.0
        return Content.assemble(
            (_("Hours this academic year: "), "bold"),
            _("{hours} of {target} h").format(hours=format_hours(hours), target=format_hours(target)),
            "  ",
            (progress_bar(fraction, width), "$text-primary"),
            f" {round(fraction * 100)}%",
        )
    return Content.assemble(
        (_("Hours this academic year: "), "bold"),
        _("{hours} h (this framework sets no hours target)").format(hours=format_hours(hours)),
    )


def period_line(start: date, end: date) -> Content:
    return Content.styled(
        _("{start} to {end}").format(start=short_date(start), end=short_date(end)), "$text-muted")


def months_caption(totals: list[Decimal], today: date) -> Content:
    starts = month_starts(today, len(totals))
    total = sum(totals, Decimal(0))
    if not total:
        text = _("No learning logged in the last 12 months.")
    else:
        busiest = max(range(len(totals)), key=lambda i: (totals[i], i))
        text = _("Last 12 months: {total} h; busiest {month} ({hours} h).").format(
            total=format_hours(total),
            month=month_and_year(starts[busiest]),
            hours=format_hours(totals[busiest]),
        )
    return Content(text)


def month_and_year(day: date) -> str:
    """`Nov 2026` (`Tach 2026` in Welsh): the app's own month words, not the C locale's."""
    return short_date(day).split(" ", 1)[1]


def month_initials(today: date, count: int = MONTHS) -> str:
    return "".join(month_and_year(d)[0].ljust(CELLS_PER_MONTH) for d in month_starts(today, count))


class HoursSummary(Vertical):
    """Hours against target, then hours per month over the last year."""

    DEFAULT_CSS = """
    HoursSummary {
        height: auto;
        & > #hours-period { margin-bottom: 1; }
        & > Sparkline { width: 24; height: 2; }
        & > #hours-months-axis { color: $text-muted; width: 24; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Working out your hours…")), id="hours-year")
        yield Static(Content(""), id="hours-period")
        yield Static(Content(""), id="hours-months-caption")
        yield Sparkline([0.0] * MONTHS, summary_function=max, id="hours-sparkline")
        yield Static(Content(""), id="hours-months-axis")

    def show(
        self,
        *,
        hours: Decimal,
        target: Decimal | None,
        year: tuple[date, date],
        entries: Iterable[Any],
        today: date,
    ) -> None:
        totals = monthly_hours(entries, today)
        self.query_one("#hours-year", Static).update(year_line(hours, target, *year))
        self.query_one("#hours-period", Static).update(period_line(*year))
        self.query_one("#hours-months-caption", Static).update(months_caption(totals, today))
        self.query_one(Sparkline).data = [float(t) for t in totals]
        self.query_one("#hours-months-axis", Static).update(Content(month_initials(today)))
