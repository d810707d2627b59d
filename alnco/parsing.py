"""UK-style date and hours input, exactly as INTERFACE.md specifies.

dateutil alone is the wrong tool here: with `dayfirst=True` it also swaps ISO
dates, it reads `monday` as the *next* Monday, ignores "last", and with
`fuzzy=True` reads "90 mins" as the year 1990. So this is a small grammar:
keywords and weekdays first, ISO, strict day-first forms, then dateutil
(non-fuzzy) as a last resort for spellings the grammar does not know.
Every date alnco shows people (`3 Nov 2026`, `Tue 3 Nov 2026`, and in Welsh
`3 Tach 2026`, `Maw 3 Tach 2026`) reads back as itself, in either language.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from alnco.errors import InputError
from alnco.i18n import _, current_language

WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon", "dydd llun", "llun"),
            ("tuesday", "tue", "tues", "dydd mawrth"),
            ("wednesday", "wed", "dydd mercher", "mercher"),
            ("thursday", "thu", "thur", "thurs", "dydd iau", "iau"),
            ("friday", "fri", "dydd gwener", "gwener"),
            ("saturday", "sat", "dydd sadwrn", "sadwrn"),
            ("sunday", "sun", "dydd sul", "sul"),
        ]
    )
    for name in names
}

# Every spelling of a month the app shows or people write, in both languages: the
# app's Welsh abbreviations (`3 Tach 2026`, alnco.parsing.short_date) and the full
# names, with the soft mutation Welsh gives a month after "o" (`3 o Fedi`).
MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan", "ionawr", "ion"),
            ("february", "feb", "chwefror", "chwef"),
            ("march", "mar", "mawrth", "maw", "fawrth", "faw"),
            ("april", "apr", "ebrill", "ebr"),
            ("may", "mai", "fai"),
            ("june", "jun", "mehefin", "meh", "fehefin", "feh"),
            ("july", "jul", "gorffennaf", "gorff", "orffennaf", "orff"),
            ("august", "aug", "awst"),
            ("september", "sep", "sept", "medi", "fedi"),
            ("october", "oct", "hydref", "hyd"),
            ("november", "nov", "tachwedd", "tach", "dachwedd", "dach"),
            ("december", "dec", "rhagfyr", "rhag", "ragfyr", "rag"),
        ],
        start=1,
    )
    for name in names
}

# A weekday written before a full date (`Tue 3 Nov 2026`, `Maw 3 Tach 2026`, as
# describe_date shows it): the weekdays above plus the abbreviations that alone
# would be ambiguous (`maw` is also March) or too short to mean a day by themselves.
DAY_PREFIXES = WEEKDAYS | {"maw": 1, "mawrth": 1, "mer": 2, "gwe": 4, "sad": 5}

KEYWORDS = {
    "today": 0, "heddiw": 0,
    "yesterday": -1, "ddoe": -1,
    "tomorrow": 1, "yfory": 1,
}

# Patterns, not compiled patterns: re compiles each the first time it is used (and
# keeps it), so `--date yesterday` and `--hours 2` compile none at start-up.
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_NUMERIC = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})"
# `3 Nov 2026`, `3rd November`, Welsh `3ydd o Fedi 2026`; an optional weekday first.
_WORDY = (
    r"(?:(?P<day_name>[a-z]+(?: [a-z]+)?),? )?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)?"
    r",?\s+(?:o\s+)?(?P<month>[a-z]+)\.?(?:,?\s+(?P<year>\d{4}))?")


def date_hint() -> str:
    """Examples of dates to type, in the interface language."""
    return _("2026-11-03, 3/11/2026, 3 Nov 2026, 3 November, today, yesterday, friday, "
             "last friday")


def app_date_hint() -> str:
    """The same for the app, led by dates as its lists show them."""
    return _("3 Nov 2026, 3/11/2026, today, yesterday, friday, last friday")


def _month_name(month: int) -> str:
    """The full name of `month` (1-12) in the interface language."""
    return (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
            _("July"), _("August"), _("September"), _("October"), _("November"),
            _("December"))[month - 1]


def _build(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise InputError(
            _("'{text}' is not a date: there is no month {month}").format(text=text, month=month)
        )
    if not EARLIEST.year <= year <= LATEST.year:  # year 0 and 9999 never reach date()
        raise _out_of_range(text)
    # The month's length without calendar (it loads locale: 1 ms on every typed date).
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last = (first_of_next - timedelta(days=1)).day
    if not 1 <= day <= last:
        raise InputError(
            _("'{text}' is not a real date: {month} {year} has {days} days").format(
                text=text, month=_month_name(month), year=year, days=last
            )
        )
    return date(year, month, day)


def _out_of_range(raw: str) -> InputError:
    """The range alnco accepts, in ISO for the command line and as the app shows dates."""
    message = _("'{text}' is outside the dates alnco accepts ({earliest} to {latest})")
    return InputError(
        message.format(text=raw, earliest=EARLIEST.isoformat(), latest=LATEST.isoformat()),
        app_message=message.format(text=raw, earliest=short_date(EARLIEST),
                                   latest=short_date(LATEST)))


# The dates alnco accepts anywhere (CLI, app, imports, catalogues, records): professional
# learning is not logged from before 1950 nor planned after 2100, and every date sum the
# engine makes from them (windows, due dates, academic years) stays far from date.max.
EARLIEST = date(1950, 1, 1)
LATEST = date(2100, 12, 31)


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def check_in_range(value: date, raw: str) -> date:
    """`value`, or InputError naming `raw` and the range alnco accepts."""
    if not in_range(value):
        raise _out_of_range(raw)
    return value


def _shown(raw: str) -> str:
    """The value as typed, cut short if it is long: an error stays one readable line."""
    return raw if len(raw) <= 40 else raw[:37] + "..."


def parse_date(text: str, today: date) -> date:
    """Read a UK-style date relative to `today`, or raise InputError saying why."""
    return check_in_range(_parse_date(text, today), text)


def _parse_date(text: str, today: date) -> date:
    raw = _shown(text)
    text = " ".join(text.strip().lower().split())
    if not text:
        raise InputError(_("a date is needed; try {hint}").format(hint=date_hint()),
                         app_message=_("a date is needed; try {hint}").format(
                             hint=app_date_hint()))

    if text in KEYWORDS:
        try:
            return today + timedelta(days=KEYWORDS[text])
        except OverflowError:
            raise InputError(_("'{text}' is not a real date").format(text=raw)) from None

    # "last friday", Welsh "dydd Gwener diwethaf": the one before today
    last = text.startswith("last ") or text.endswith(" diwethaf")
    day_name = (text[5:] if text.startswith("last ") else text[:-9]) if last else text
    if day_name in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[day_name]) % 7
        if last and back == 0:
            back = 7
        try:
            return today - timedelta(days=back)
        except OverflowError:
            raise InputError(_("'{text}' is not a real date").format(text=raw)) from None

    if m := re.fullmatch(_ISO, text):
        return _build(raw, int(m[1]), int(m[2]), int(m[3]))

    if m := re.fullmatch(_NUMERIC, text):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 2000
        return _build(raw, year, int(m[2]), int(m[1]))

    if (m := re.fullmatch(_WORDY, text)) and m["month"] in MONTHS and (
            m["day_name"] is None or m["day_name"] in DAY_PREFIXES):
        year = int(m["year"]) if m["year"] else today.year
        value = _build(raw, year, MONTHS[m["month"]], int(m["day"]))
        if m["day_name"] is not None and DAY_PREFIXES[m["day_name"]] != value.weekday():
            raise InputError(_("'{text}': the weekday does not match the date ({date})").format(
                text=raw, date=describe_date(value)))
        return value

    return _fallback(raw, text, today)


def _fallback(raw: str, text: str, today: date) -> date:
    """dateutil, non-fuzzy, for other spellings (`Tuesday 3 November 2026`)."""
    # Bare numbers and things with no digits at all are never dates we should
    # guess at ("90", "soon", "monday week").
    # Nor is anything longer than the longest spelling of a date: dateutil's time
    # is then spent on text that can only be refused.
    # A single number with signs or dashes round it ("-1", "3-") is no date either:
    # dateutil reads "-1" as the 1st of this month.
    if (not re.search(r"\d", text) or re.fullmatch(r"[\d.]+", text)
            or (not re.search(r"[a-z]", text) and len(re.findall(r"\d+", text)) < 2)
            or len(text) > _LONGEST_DATE):
        raise _not_understood(raw)
    from dateutil import parser  # imported only here: most input never needs it

    try:
        parsed = parser.parse(text, dayfirst=True, fuzzy=False, default=_default(today))
    except (ValueError, OverflowError) as error:  # ParserError is a ValueError
        reason = str(error).split(":")[0]
        if "out of range" in reason or "must be in" in reason:
            raise InputError(
                _("'{text}' is not a real date ({reason})").format(text=raw, reason=reason)
            ) from None
        raise _not_understood(raw) from None
    except Exception:  # dateutil on odd text: "12:00999...9" raises decimal.InvalidOperation
        raise _not_understood(raw) from None
    return parsed.date()


def _not_understood(raw: str) -> InputError:
    message = _("'{text}' is not a date I understand; try {hint}")
    return InputError(message.format(text=raw, hint=date_hint()),
                      app_message=message.format(text=raw, hint=app_date_hint()))


_LONGEST_DATE = 64  # "Wednesday, 30th of September 2026 at 12:00" and then some


def _default(today: date):
    from datetime import datetime

    return datetime(today.year, today.month, today.day)


def _date_words(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Month and weekday abbreviations in `language` (`Tach`, `Maw` in Welsh),
    looked up once per catalogue; `%b`/`%a` would follow the C locale instead."""
    from alnco import i18n

    # Keyed on the catalogue in use, not only its language's name: one swapped in
    # under the same name (as a test does) must not leave its words behind.
    return _words_of(language, i18n._translation)


@lru_cache(maxsize=16)
def _words_of(language: str, _catalogue: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    months = (_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
              _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"))
    days = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
    return months, days


def describe_date(value: date) -> str:
    """A date for people: `Tue 3 Nov 2026`."""
    months, days = _date_words(current_language())
    return f"{days[value.weekday()]} {value.day} {months[value.month - 1]} {value.year}"


def short_date(value: date) -> str:
    """`3 Nov 2026`, as INTERFACE.md shows dates to people."""
    months, _days = _date_words(current_language())
    return f"{value.day} {months[value.month - 1]} {value.year}"


# ---------------------------------------------------------------------- hours

# ASCII digits only, and never more of them than a real number of hours needs:
# Decimal would take "nan", "1e400" or 29 digits and fail later (quantize raises
# InvalidOperation past the context's precision), so nothing but these shapes
# ever reaches Decimal().
_NUMBER = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_UNITS = (  # compiled when first used, as the date patterns
    rf"(?:(?P<h>{_NUMBER})\s*(?:h|hr|hrs|hour|hours|awr|oriau))?"
    r"\s*(?:(?P<m>[0-9]+)\s*(?:m|min|mins|minute|minutes|munud)?)?"
)
HOURS_HINT = "1.5, 2, 90m, 1h30, 1h 30m, 1.5h"
TWO_PLACES = Decimal("0.01")
MAX_HOURS = 1000
# Every sum below has at most 7 significant digits; a fixed context means a
# caller's decimal settings (a lowered precision, extra traps) cannot matter.
_HOURS_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP, traps=[InvalidOperation])


def _hours_number(number: str, shown: str) -> Decimal:
    """`number` (matching _NUMBER) as an exact Decimal of at most 4+2 digits."""
    whole, _point, fraction = number.partition(".")
    whole, fraction = whole.lstrip("0"), fraction.rstrip("0")
    if len(whole) > len(str(MAX_HOURS)):
        raise InputError(_("'{text}': hours must be at most 1000").format(text=shown))
    if len(fraction) > 2:
        raise InputError(_("'{text}': hours take at most two decimal places").format(text=shown))
    return Decimal(f"{whole or '0'}.{fraction or '0'}")


def parse_hours(text: str) -> Decimal:
    """Read hours (`1.5`, `90m`, `1h30`, `1h 30m`, `1.5h`) as a Decimal, or say why not.

    Anything else (nan, inf, 1e3, 29 digits, three decimals, 0, negative, over 1000)
    is an InputError naming the value; nothing else can escape.
    """
    shown = _shown(text)
    text = text.strip().lower()
    if not text:
        raise InputError(_("hours are needed; try {hint}").format(hint=HOURS_HINT))
    if text.startswith("-"):
        raise InputError(_("'{text}': hours must be more than 0").format(text=shown))
    if "," in text:
        raise InputError(
            _("'{text}': write hours with a decimal point, e.g. 1.5").format(text=shown)
        )
    with localcontext(_HOURS_CONTEXT):
        if re.fullmatch(_NUMBER, text):
            value = _hours_number(text, shown)
        else:
            match = re.fullmatch(_UNITS, text)
            if not match or not (match["h"] or match["m"]) or not re.search(r"[a-z]", text):
                raise InputError(_("'{text}' is not a number of hours; try {hint}").format(
                    text=shown, hint=HOURS_HINT))
            hours = _hours_number(match["h"], shown) if match["h"] else Decimal(0)
            minutes = match["m"].lstrip("0") if match["m"] else ""
            if match["h"] and (len(minutes) > 2 or int(minutes or 0) >= 60):
                raise InputError(_("'{text}': minutes must be under 60").format(text=shown))
            if len(minutes) > 6:  # a million minutes is far past 1000 hours
                raise InputError(_("'{text}': hours must be at most 1000").format(text=shown))
            minutes_value = Decimal(minutes or 0)
            value = (hours + minutes_value / 60).quantize(TWO_PLACES)
        if value <= 0:
            raise InputError(_("'{text}': hours must be more than 0").format(text=shown))
        if value > MAX_HOURS:
            raise InputError(_("'{text}': hours must be at most 1000").format(text=shown))
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
