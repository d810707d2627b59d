"""Every date the app shows can be typed back in, in both languages.

The lists show `3 Nov 2026` (Welsh `3 Tach 2026`) and the forms' readings
`Tue 3 Nov 2026` (`Maw 3 Tach 2026`); a form's date field starts with the
first, so reading what was shown must give the same day back, whichever
language the form was opened in and whichever is on now.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alnco import i18n
from alnco.errors import InputError, app_text
from alnco.model import Entry
from alnco.parsing import EARLIEST, LATEST, describe_date, parse_date, short_date

TODAY = date(2026, 11, 3)  # a Tuesday
LANGUAGES = ("en", "cy")
# Every month, and every weekday in each (a month's first seven days), in two years.
DAYS = [date(year, month, day) for year in (2025, 2026) for month in range(1, 13)
        for day in range(1, 8)]


@pytest.fixture(params=LANGUAGES)
def language(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


@pytest.mark.parametrize("show", [short_date, describe_date], ids=["short", "described"])
def test_every_shown_date_reads_back_as_itself(language, show) -> None:
    for day in DAYS:
        shown = show(day)
        assert parse_date(shown, TODAY) == day, shown
        # The form keeps its text across a language switch: it still reads the same.
        for other in LANGUAGES:
            i18n.set_language(other)
            assert parse_date(shown, TODAY) == day, (shown, other)
        i18n.set_language(language)


def test_the_range_ends_read_back_too(language) -> None:
    for day in (EARLIEST, LATEST, EARLIEST + timedelta(days=59)):
        assert parse_date(short_date(day), TODAY) == day


@pytest.mark.parametrize("text, expected", [
    ("3 Tach 2026", date(2026, 11, 3)),
    ("Maw 3 Tach 2026", date(2026, 11, 3)),
    ("3 Maw 2026", date(2026, 3, 3)),  # Maw: March after a day, Tuesday before one
    ("Maw 3 Maw 2026", date(2026, 3, 3)),
    ("30 Gorff 2027", date(2027, 7, 30)),
    ("1 Chwef 2026", date(2026, 2, 1)),
    ("1 Chwefror 2026", date(2026, 2, 1)),
    ("12 Rhagfyr", date(2026, 12, 12)),
    ("3ydd o Fedi 2026", date(2026, 9, 3)),  # ordinal, "o" and the soft mutation
    ("1af o Ionawr 2026", date(2026, 1, 1)),
    ("5 o Dachwedd", date(2026, 11, 5)),
    ("dydd Mawrth 3 Tachwedd 2026", date(2026, 11, 3)),
    ("Tue 3 Nov 2026", date(2026, 11, 3)),
    ("Tuesday, 3 November 2026", date(2026, 11, 3)),
    ("dydd Gwener diwethaf", date(2026, 10, 30)),
    ("heddiw", TODAY),
])
def test_welsh_and_english_spellings(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_a_weekday_that_does_not_match_the_date_is_refused_with_the_right_one() -> None:
    with pytest.raises(InputError, match=r"weekday does not match the date \(Tue 3 Nov 2026\)"):
        parse_date("Mon 3 Nov 2026", TODAY)


def test_date_errors_name_the_month_in_the_interface_language(language) -> None:
    with pytest.raises(InputError) as refused:
        parse_date("30 Chwef 2026", TODAY)
    month = {"en": "February", "cy": "Chwefror"}[language]
    assert f"{month} 2026" in str(refused.value)


def test_the_app_wording_has_no_flags_and_shows_dates_as_lists_do() -> None:
    with pytest.raises(InputError) as refused:
        parse_date("1/1/1900", TODAY)
    assert "1950-01-01" in str(refused.value)  # the command line's wording is unchanged
    assert "(1 Jan 1950 to 31 Dec 2100)" in app_text(refused.value)
    with pytest.raises(InputError) as refused:
        parse_date("soon", TODAY)
    assert "2026-11-03" in str(refused.value)
    assert "try 3 Nov 2026, 3/11/2026" in app_text(refused.value)

    from decimal import Decimal

    future = Entry(title="Course", date=date(2026, 12, 1), hours=Decimal(1))
    with pytest.raises(InputError) as refused:
        future.validate(TODAY)
    assert "use --status planned" in str(refused.value)
    assert app_text(refused.value) == ("a completed entry cannot be dated in the future "
                                       "(1 Dec 2026); set its status to planned to plan it")
    with pytest.raises(InputError) as refused:
        Entry(title=" ", date=TODAY, hours=Decimal(1)).validate(TODAY)
    assert "--module" in str(refused.value) and "--" not in app_text(refused.value)


def test_app_text_falls_back_to_the_message() -> None:
    assert app_text(InputError("plain")) == "plain"
    assert app_text(ValueError("other")) == "other"
