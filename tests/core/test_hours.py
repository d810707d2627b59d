"""The hours grammar: decimals, minutes, 1h30; nothing silly gets through."""

from decimal import Decimal

import pytest

from alnco.errors import InputError
from alnco.parsing import parse_hours


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.5", "1.5"),
        ("2", "2"),
        ("0.25", "0.25"),
        ("1000", "1000"),
        ("90m", "1.5"),
        ("90 mins", "1.5"),
        ("1h30", "1.5"),
        ("1h 30m", "1.5"),
        ("1.5h", "1.5"),
        ("2h", "2"),
        ("45m", "0.75"),
        ("20m", "0.33"),
        (" 3 hours ", "3"),
    ],
)
def test_accepted_hours(text: str, expected: str) -> None:
    assert parse_hours(text) == Decimal(expected)
    assert str(parse_hours(text)) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("-1", "more than 0"),
        ("0", "more than 0"),
        ("0m", "more than 0"),
        ("1001", "at most 1000"),
        ("99999999999", "at most 1000"),
        ("nan", "not a number of hours"),
        ("inf", "not a number of hours"),
        ("1e3", "not a number of hours"),
        ("two", "not a number of hours"),
        ("1,5", "decimal point"),
        ("1.555", "two decimal places"),
        ("1h75", "under 60"),
        ("", "hours are needed"),
    ],
)
def test_refused_hours_say_why(text: str, reason: str) -> None:
    with pytest.raises(InputError) as error:
        parse_hours(text)
    assert reason in str(error.value)
