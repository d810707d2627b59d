"""Date periods the frameworks use, all built on `shift_months`.

Moving by months clips to the end of a month instead of overflowing: 31 Jan +
1 month is 28 (or 29) Feb, and 29 Feb + 12 months is 28 Feb (dateutil's
relativedelta rule; tests/progress check the two agree). Plain timedelta
arithmetic gets both wrong, so every period here goes through it. It is written
out rather than taken from dateutil: importing relativedelta costs about 2 ms on
every `alnco status` at login.

`alnco report` asks the same questions for every person in a cohort (the same
windows, the same designation dates, a few thousand distinct entry dates), so
the pure functions below remember their answers.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def shift_months(d: date, months: int) -> date:
    """`d` moved by `months` (either way), clipped to the end of a shorter month."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, min(d.day, (first_of_next - timedelta(days=1)).day))


ACADEMIC_YEAR_START_MONTH = 9  # the Welsh academic year runs 1 Sep .. 31 Aug


def academic_year(d: date) -> tuple[date, date]:
    """The academic year (1 Sep .. 31 Aug, both inclusive) containing `d`."""
    first_year = d.year if d.month >= ACADEMIC_YEAR_START_MONTH else d.year - 1
    return date(first_year, 9, 1), date(first_year + 1, 8, 31)


def academic_year_label(d: date) -> str:
    """`2026-27` for any day from 1 Sep 2026 to 31 Aug 2027."""
    start, _end = academic_year(d)
    return f"{start.year}-{(start.year + 1) % 100:02d}"


@lru_cache(maxsize=4096)
def add_months(start: date, months: int) -> date:
    """`start` plus whole months, clipped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    return shift_months(start, months)


@lru_cache(maxsize=4096)
def window_start(today: date, years: int) -> date:
    """First day of a rolling window of `years` that ends today (inclusive).

    A three-year window on 3 Nov 2026 runs 4 Nov 2023 .. 3 Nov 2026, so a day
    exactly three years old has just left it.
    """
    return shift_months(today, -12 * years) + timedelta(days=1)


def elapsed_share(start: date, end: date, today: date) -> float:
    """How much of the inclusive period start..end has passed by the end of `today`."""
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


@lru_cache(maxsize=4096)
def leaves_window(d: date, years: int) -> date:
    """The first day on which something dated `d` is outside a rolling `years` window.

    Usually `d` + `years`; a 29 Feb date stays in until 1 Mar (the window ending
    28 Feb 2027 still starts on 29 Feb 2024).
    """
    leave = shift_months(d, 12 * years)
    while window_start(leave, years) <= d:
        leave += timedelta(days=1)
    return leave
