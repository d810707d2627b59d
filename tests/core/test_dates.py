"""The date grammar of INTERFACE.md, including dateutil's traps."""

from datetime import date

import pytest

from alnco.errors import InputError
from alnco.parsing import describe_date, parse_date

TODAY = date(2026, 11, 3)  # Tuesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("2025-01-05", date(2025, 1, 5)),  # ISO is never read day-first (dateutil: 1 May)
        ("3/11/2026", date(2026, 11, 3)),
        ("03/11/26", date(2026, 11, 3)),
        ("5/1/2025", date(2025, 1, 5)),  # day first
        ("3.11.2026", date(2026, 11, 3)),
        ("3 Nov 2026", date(2026, 11, 3)),
        ("3rd November 2026", date(2026, 11, 3)),
        ("21st Sept 2026", date(2026, 9, 21)),
        ("3 November", date(2026, 11, 3)),  # this year
        ("1 March", date(2026, 3, 1)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 2)),
        ("tomorrow", date(2026, 11, 4)),
        ("tuesday", TODAY),  # on or before today
        ("monday", date(2026, 11, 2)),  # the most recent, not the next (dateutil's)
        ("wednesday", date(2026, 10, 28)),
        ("fri", date(2026, 10, 30)),
        ("last tuesday", date(2026, 10, 27)),  # strictly before today
        ("last monday", date(2026, 11, 2)),
        ("  LAST   Friday ", date(2026, 10, 30)),
        ("29/2/2024", date(2024, 2, 29)),
        ("Tuesday 3 November 2026", date(2026, 11, 3)),  # dateutil fallback
        ("3 Tachwedd 2026", date(2026, 11, 3)),  # Welsh month names
        ("ddoe", date(2026, 11, 2)),
    ],
)
def test_accepted_dates(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("31/02/2026", "February 2026 has 28 days"),
        ("29/2/2026", "February 2026 has 28 days"),
        ("2026-02-30", "February 2026 has 28 days"),
        ("2026-13-01", "no month 13"),
        ("31/04/2026", "April 2026 has 30 days"),
        ("90 mins", "not a date"),  # dateutil fuzzy reads this as 1990
        ("soon", "not a date"),
        ("next week", "not a date"),
        ("", "a date is needed"),
        ("12", "not a date"),
        ("-1", "not a date"),  # dateutil reads this as the 1st of this month
        ("-12", "not a date"),
        ("3-", "not a date"),
        ("32 Nov 2026", "November 2026 has 30 days"),
    ],
)
def test_refused_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(InputError) as error:
        parse_date(text, TODAY)
    assert reason in str(error.value)


def test_describe_shows_weekday_day_month_year() -> None:
    assert describe_date(date(2026, 11, 3)) == "Tue 3 Nov 2026"


@pytest.mark.parametrize(
    "text",
    [
        "12:00" + "9" * 40,  # dateutil raised decimal.InvalidOperation on this
        "3 Nov 2026 " + "1" * 80,
        "1/1/" + "9" * 30,
        "9" * 30 + "-01-01",
        "3 November " + "9" * 30,
        "x" * 5000 + " 1",
    ],
)
def test_odd_and_oversized_dates_are_refused_in_one_short_line(text: str) -> None:
    with pytest.raises(InputError) as error:
        parse_date(text, TODAY)
    assert len(str(error.value)) < 200


@pytest.mark.parametrize("text, today", [("yesterday", date(1950, 1, 1)),
                                         ("tomorrow", date(2100, 12, 31)),
                                         ("last friday", date(1950, 1, 1))])
def test_relative_dates_cannot_step_outside_the_range(text: str, today: date) -> None:
    with pytest.raises(InputError, match="outside the dates alnco accepts"):
        parse_date(text, today)
