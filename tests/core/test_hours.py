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


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1" * 29, "at most 1000"),  # once accepted here and crashed later (quantize)
        ("9" * 40 + ".5", "at most 1000"),
        ("1" * 29 + "h", "at most 1000"),
        ("1" * 29 + "m", "at most 1000"),
        ("60001m", "at most 1000"),
        ("1000.01", "at most 1000"),
        ("1e400", "not a number of hours"),
        ("1e999999999", "not a number of hours"),
        ("1E-999999999", "not a number of hours"),
        ("Infinity", "not a number of hours"),
        ("-inf", "more than 0"),
        ("sNaN", "not a number of hours"),
        ("1_000", "not a number of hours"),
        ("\u0663", "not a number of hours"),  # Arabic-Indic 3: only ASCII digits
        ("\uff11", "not a number of hours"),  # full-width 1
        ("0.001", "two decimal places"),
        ("." + "0" * 40 + "1", "two decimal places"),
        ("1.555h", "two decimal places"),
        ("1h" + "9" * 30, "under 60"),
        ("0.00", "more than 0"),
        ("0h 0m", "more than 0"),
    ],
)
def test_nothing_non_finite_or_oversized_gets_through(text: str, reason: str) -> None:
    with pytest.raises(InputError) as error:
        parse_hours(text)
    message = str(error.value)
    assert reason in message
    assert text.strip()[:20] in message  # the value is named...
    assert len(message) < 120  # ...but a long one is cut short: one readable line


@pytest.mark.parametrize(
    "text, expected",
    [("1.500", "1.5"), ("1000.00", "1000"), ("0001000h", "1000"), ("60000m", "1000"),
     ("000.25", "0.25"), ("1h 0m", "1"), ("1m", "0.02"), ("1 awr 30 munud", "1.5")],
)
def test_padded_and_boundary_hours(text: str, expected: str) -> None:
    assert str(parse_hours(text)) == expected


def test_the_callers_decimal_context_does_not_matter() -> None:
    from decimal import Context, Inexact, InvalidOperation, Rounded, localcontext

    with localcontext(Context(prec=1, traps=[Inexact, Rounded, InvalidOperation])):
        assert parse_hours("20m") == Decimal("0.33")
        assert parse_hours("999.99") == Decimal("999.99")
        with pytest.raises(InputError):
            parse_hours("1" * 29)
