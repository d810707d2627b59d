"""Dates shown to people follow the interface language, not the C locale."""

from __future__ import annotations

from datetime import date

from alnco import i18n
from alnco.parsing import describe_date, short_date


def test_dates_use_welsh_month_and_day_names_in_welsh() -> None:
    day = date(2026, 11, 3)  # a Tuesday
    try:
        i18n.set_language("cy")
        assert short_date(day) == "3 Tach 2026"
        assert describe_date(day) == "Maw 3 Tach 2026"
        assert short_date(date(2027, 7, 30)) == "30 Gorff 2027"
    finally:
        i18n.set_language("en")
    assert short_date(day) == "3 Nov 2026"
    assert describe_date(day) == "Tue 3 Nov 2026"
