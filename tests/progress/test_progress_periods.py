"""Period edge cases as tables: month ends, leap days, academic-year boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alnco.errors import InputError

from alnco.progress.periods import (
    academic_year,
    academic_year_label,
    add_months,
    elapsed_share,
    leaves_window,
    window_start,
)


@pytest.mark.parametrize("day, start, end", [
    (date(2026, 8, 31), date(2025, 9, 1), date(2026, 8, 31)),   # last day of a year
    (date(2026, 9, 1), date(2026, 9, 1), date(2027, 8, 31)),    # first day of the next
    (date(2027, 1, 1), date(2026, 9, 1), date(2027, 8, 31)),    # new calendar year, same academic
    (date(2024, 2, 29), date(2023, 9, 1), date(2024, 8, 31)),   # leap day
    (date(2026, 12, 31), date(2026, 9, 1), date(2027, 8, 31)),
])
def test_academic_year_runs_1_september_to_31_august(day, start, end) -> None:
    assert academic_year(day) == (start, end)


@pytest.mark.parametrize("day, label", [
    (date(2026, 8, 31), "2025-26"), (date(2026, 9, 1), "2026-27"), (date(2099, 10, 1), "2099-00"),
])
def test_academic_year_label(day, label) -> None:
    assert academic_year_label(day) == label


@pytest.mark.parametrize("start, months, due", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),    # month end clips, never spills into March
    (date(2024, 1, 31), 1, date(2024, 2, 29)),    # ... to the leap day in a leap year
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),   # leap-day designation + 12 months
    (date(2024, 2, 29), 48, date(2028, 2, 29)),   # + 4 years lands on a leap day again
    (date(2025, 9, 1), 12, date(2026, 9, 1)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
])
def test_add_months_clips_to_month_end(start, months, due) -> None:
    assert add_months(start, months) == due


@pytest.mark.parametrize("today, years, first_day", [
    (date(2026, 11, 3), 3, date(2023, 11, 4)),
    (date(2027, 2, 28), 3, date(2024, 2, 29)),   # the window ending 28 Feb still holds 29 Feb
    (date(2027, 3, 1), 3, date(2024, 3, 2)),
    (date(2028, 2, 29), 1, date(2027, 3, 1)),
])
def test_rolling_window_start(today, years, first_day) -> None:
    assert window_start(today, years) == first_day


@pytest.mark.parametrize("day, years, leaves", [
    (date(2023, 11, 3), 3, date(2026, 11, 3)),
    (date(2024, 2, 28), 3, date(2027, 2, 28)),
    (date(2024, 2, 29), 3, date(2027, 3, 1)),    # a leap-day entry stays one day longer
    (date(2024, 3, 1), 3, date(2027, 3, 1)),
])
def test_when_an_entry_leaves_the_window(day, years, leaves) -> None:
    assert leaves_window(day, years) == leaves
    assert window_start(leaves, years) > day
    assert window_start(date.fromordinal(leaves.toordinal() - 1), years) <= day


@pytest.mark.parametrize("today, share", [
    (date(2026, 8, 31), 0.0),   # before the year: nothing elapsed
    (date(2026, 9, 1), 1 / 365),
    (date(2027, 2, 28), 181 / 365),
    (date(2027, 8, 31), 1.0),
    (date(2027, 9, 1), 1.0),
])
def test_elapsed_share_of_an_academic_year(today, share) -> None:
    assert elapsed_share(date(2026, 9, 1), date(2027, 8, 31), today) == pytest.approx(share)


# shift_months is written out instead of importing dateutil's relativedelta at
# every login; it must give exactly relativedelta's answers (end-of-month clipping
# both ways, 29 Feb), or a window would open or close a day early.
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=-600, max_value=600))
def test_shift_months_agrees_with_relativedelta(day: date, months: int) -> None:
    from dateutil.relativedelta import relativedelta

    from alnco.progress.periods import shift_months

    assert shift_months(day, months) == day + relativedelta(months=months)


@pytest.mark.parametrize("text, expected", [("29/2/2028", date(2028, 2, 29)),
                                            ("31/12/2026", date(2026, 12, 31))])
def test_month_lengths_without_calendar(text: str, expected: date) -> None:
    from alnco.parsing import parse_date

    assert parse_date(text, today=date(2029, 1, 1)) == expected
    with pytest.raises(InputError, match="has 28 days"):
        parse_date("29/2/2027", today=date(2029, 1, 1))
