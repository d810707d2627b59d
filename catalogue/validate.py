"""The rules a catalogue module must follow, checked all at once.

`check_module` turns one raw module table (from TOML or a CSV row) into clean
values plus a list of every problem found, so `alnco catalogue validate` can
report a whole file in one go instead of stopping at the first mistake.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from alnco.catalogue.model import DECLARATION_KEYS, LANGUAGES, LEVELS, MODES, SETTINGS
from alnco.errors import InputError
from alnco.i18n import _, ngettext
from alnco.model import TASK_LETTERS

FIELDS = (
    "id", "title", "summary", "provider", "mode", "level", "credits", "hours", "tasks",
    "themes", "languages", "settings", "requires", "eligibility", "url", "source",
    "available_from", "withdrawn_on", "standards",
)
FIELD_SET = frozenset(FIELDS)
REQUIRED = ("id", "title", "mode", "level", "hours")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID = 80
MAX_HOURS = Decimal(1000)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue file, located as precisely as we can."""

    file: str
    line: int | None
    module_id: str | None
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.module_id:
            return _("{where}: module '{id}': {message}").format(
                where=where, id=self.module_id, message=self.message)
        return f"{where}: {self.message}"


class FieldError(ValueError):
    """A value that cannot be used; the message says why."""


def check_module(raw: Any) -> tuple[dict[str, Any], list[tuple[str | None, str]]]:
    """Clean values for a Module and every (field, message) problem in `raw`."""
    if not isinstance(raw, dict):
        return {}, [(None, _("a module must be a table of fields"))]
    clean: dict[str, Any] = {}
    problems: list[tuple[str | None, str]] = []
    unknown = [] if raw.keys() <= FIELD_SET else [n for n in raw if n not in FIELD_SET]
    for name in unknown:
        close = difflib.get_close_matches(str(name), FIELDS, n=1)
        hint = _(" (did you mean '{field}'?)").format(field=close[0]) if close else ""
        problems.append((str(name), _("unknown field '{field}'{hint}").format(
            field=name, hint=hint)))
    for name in REQUIRED:
        if raw.get(name) in (None, ""):
            message = (_("missing English title") if name == "title"
                       else _("missing '{field}'").format(field=name))
            problems.append((name, message))
    for name, check in _CHECKS.items():
        value = raw.get(name)
        if value is None or value == "":
            continue
        try:
            clean[name] = check(value)
        except FieldError as error:
            problems.append((name, str(error)))
    problems.extend(_cross_checks(raw, clean))
    return clean, problems


def _cross_checks(raw: dict[str, Any], clean: dict[str, Any]) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    level, credits = clean.get("level"), clean.get("credits")
    if level == "accredited" and credits is None and "credits" not in raw:
        problems.append(("credits", _("an accredited module needs 'credits'")))
    if credits is not None and level and level != "accredited":
        problems.append(("credits", _("'credits' is only for accredited modules")))
    start, end = clean.get("available_from"), clean.get("withdrawn_on")
    if start and end and end <= start:
        problems.append(("withdrawn_on", _("withdrawn_on {end} is not after available_from "
                                           "{start}").format(end=end, start=start)))
    return problems


# ------------------------------------------------------------------ field checks


def _id(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value) or len(value) > MAX_ID:
        raise FieldError(_("id '{value}' must be a slug: lower-case letters, digits and single "
                           "hyphens, e.g. aln-code-essentials").format(value=value))
    return value


def _field_text(name: str):
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError(_("'{field}' must be text").format(field=name))
        return value.strip()
    return check


def _bilingual(name: str, *, english_required: bool):
    def check(value: Any) -> dict[str, str]:
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict):
            raise FieldError(_("'{field}' must be a table like {{ en = \"...\", cy = \"...\" }}")
                             .format(field=name))
        unknown = [k for k in value if k not in LANGUAGES]
        if unknown:
            raise FieldError(_("'{field}' has an unknown language '{lang}' (use en and cy)")
                             .format(field=name, lang=unknown[0]))
        out = {}
        for lang in LANGUAGES:
            text = value.get(lang)
            if text is None:
                continue
            if not isinstance(text, str):
                raise FieldError(_("'{field}.{lang}' must be text").format(field=name, lang=lang))
            if text.strip():
                out[lang] = text.strip()
        if english_required and "en" not in out:
            if name == "title":
                raise FieldError(_("missing English title"))
            raise FieldError(_("'{field}' has no English text: write it as "
                               "{{ en = \"...\", cy = \"...\" }}").format(field=name))
        return out
    return check


def _choice(name: str, choices: tuple[str, ...]):
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise FieldError(_("bad {field} '{value}': use one of {choices}").format(
                field=name, value=value, choices=", ".join(choices)))
        return value.strip().lower()
    return check


def hours_value(value: Any) -> Decimal:
    """Hours from TOML (a number) or a spreadsheet cell (`1.5`, `90m`, `1h30`)."""
    if isinstance(value, bool):
        raise FieldError(_("bad hours '{value}': give a number such as 1.5").format(value=value))
    if isinstance(value, str):
        from alnco.parsing import parse_hours

        try:
            return parse_hours(value)
        except InputError as error:
            raise FieldError(_("bad hours: {reason}").format(reason=error)) from None
    if not isinstance(value, (int, float)):
        raise FieldError(_("bad hours '{value}': give a number such as 1.5").format(value=value))
    try:
        hours = Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - str(float) is always a decimal
        raise FieldError(_("bad hours '{value}'").format(value=value)) from None
    if not hours.is_finite() or not (Decimal(0) < hours <= MAX_HOURS):
        raise FieldError(_("bad hours {value}: must be more than 0 and at most 1000")
                         .format(value=value))
    if hours != hours.quantize(TWO_PLACES):
        raise FieldError(_("bad hours {value}: at most two decimal places").format(value=value))
    return hours


def _credits(value: Any) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal():
        value = int(value.strip())  # "²".isdigit() is True, but int("²") fails
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 360:
        raise FieldError(_("bad credits '{value}': a whole number from 1 to 360").format(
            value=value))
    return value


def _letters(value: Any) -> tuple[str, ...]:
    items = split_list(value, r"[\s,;]+")
    found: set[str] = set()
    for item in items:
        letter = item.strip().strip("()").lower()
        if len(letter) != 1 or letter not in TASK_LETTERS:
            raise FieldError(_("unknown task letter '{task}': use a to h (WSI 2021/401 reg 29)")
                             .format(task=item))
        found.add(letter)
    return tuple(sorted(found))


def _provider(value: Any) -> dict[str, str]:
    """`"X"` or `{ en = "X", cy = "Y" }`: English always (it is what exports carry)."""
    if isinstance(value, str):
        return {"en": value.strip()}
    return _bilingual_provider(value)


_bilingual_provider = _bilingual("provider", english_required=True)
_bilingual_theme = _bilingual("themes", english_required=True)


def _themes(value: Any) -> tuple[tuple[str, str], ...]:
    """(English, Welsh or "") pairs, in order, duplicates (by English) dropped.

    TOML items are text or `{ en, cy }` tables; a spreadsheet gives the
    `themes` and `themes_cy` cells, which the CSV reader passes as one table.
    """
    if isinstance(value, dict):
        pairs = _spreadsheet_themes(value)
    elif isinstance(value, (list, tuple)):
        pairs = []
        for item in value:
            if isinstance(item, str):
                pairs.append((item.strip(), ""))
            elif isinstance(item, dict):
                names = _bilingual_theme(item)
                pairs.append((names["en"], names.get("cy", "")))
            else:
                raise FieldError(_("each theme must be text or a table like "
                                   "{{ en = \"...\", cy = \"...\" }}, not {value!r}")
                                 .format(value=item))
    else:
        pairs = [(item.strip(), "") for item in split_list(value, r"\s*;\s*")]
    seen: dict[str, str] = {}
    for english, welsh in pairs:
        if english and not seen.get(english):
            seen[english] = welsh
    return tuple(seen.items())


def _spreadsheet_themes(value: dict[str, Any]) -> list[tuple[str, str]]:
    """`x; y` with its Welsh `a; b` in the same order (a blank where there is none)."""
    english, welsh = value.get("en", ""), value.get("cy", "")
    if (not isinstance(english, str) or not isinstance(welsh, str)
            or value.keys() - {"en", "cy"}):
        raise FieldError(_("themes must be text"))
    if not welsh.strip():
        return [(item, "") for item in split_list(english, r"\s*;\s*")]
    english_items = [item.strip() for item in english.strip().split(";")]
    welsh_items = [item.strip() for item in welsh.strip().split(";")]
    if len(english_items) != len(welsh_items):
        raise FieldError(_("{welsh} Welsh themes for {english} English ones: give the Welsh "
                           "of each theme in the same order, separated by semicolons, with "
                           "nothing between two semicolons where a theme has no Welsh")
                         .format(welsh=len(welsh_items), english=len(english_items)))
    for en, cy in zip(english_items, welsh_items):
        if cy and not en:
            raise FieldError(_("the Welsh theme '{theme}' has no English theme beside it")
                             .format(theme=cy))
    return list(zip(english_items, welsh_items))


def _languages(value: Any) -> tuple[str, ...]:
    items = split_list(value, r"[\s,;]+")
    found: set[str] = set()
    for item in items:
        code = str(item).strip().lower()
        if code == "bilingual":
            found.update(LANGUAGES)
        elif code in LANGUAGES:
            found.add(code)
        else:
            raise FieldError(_("bad language '{value}': use en, cy or both").format(value=item))
    if not found:
        raise FieldError(_("languages must list en, cy or both"))
    return tuple(lang for lang in LANGUAGES if lang in found)


def _settings(value: Any) -> tuple[str, ...]:
    found: set[str] = set()
    for item in split_list(value, r"[\s,;]+"):
        code = item.strip().lower()
        if code not in SETTINGS:
            raise FieldError(_("bad setting '{value}' in settings: use school, fei or both")
                             .format(value=item))
        found.add(code)
    if not found:
        raise FieldError(_("settings must list school, fei or both"))
    return tuple(code for code in SETTINGS if code in found)


def _requires(value: Any) -> tuple[str, ...]:
    found: set[str] = set()
    unknown: list[str] = []
    for item in split_list(value, r"[\s,;]+"):
        key = item.strip().lower()
        if key in DECLARATION_KEYS:
            found.add(key)
        else:
            unknown.append(item)
    if unknown:
        close = difflib.get_close_matches(unknown[0].lower(), DECLARATION_KEYS, n=1)
        hint = (_(" (did you mean '{field}'?)").format(field=close[0])
                if close and len(unknown) == 1 else "")
        raise FieldError(ngettext(
            "unknown declaration key {given} in requires{hint}; the known keys are {keys}",
            "unknown declaration keys {given} in requires; the known keys are {keys}",
            len(unknown)).format(given=", ".join(f"'{k}'" for k in unknown), hint=hint,
                                 keys=", ".join(DECLARATION_KEYS)))
    return tuple(key for key in DECLARATION_KEYS if key in found)


def _standards(value: Any) -> tuple[str, ...]:
    """Professional standards keys (alnco.standards), in the order given, once each.
    Only their form is checked: which keys exist depends on the person's set."""
    from alnco.model import is_standard_key

    found: list[str] = []
    for item in split_list(value, r"[\s,;]+"):
        key = item.strip().lower()
        if not is_standard_key(key):
            raise FieldError(_("bad standard '{value}' in standards: use keys such as "
                               "pedagogy or professional-learning").format(value=item))
        if key not in found:
            found.append(key)
    return tuple(found)


def split_list(value: Any, separator: str) -> list[Any]:
    """A TOML array as it is, or a spreadsheet cell split on `separator`."""
    if isinstance(value, str):
        return [part for part in re.split(separator, value.strip()) if part]
    if isinstance(value, (list, tuple)):
        for item in value:
            if not isinstance(item, str):
                raise FieldError(_("'{value}' must be text").format(value=item))
        return list(value)
    raise FieldError(_("must be a list, not {value!r}").format(value=value))


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(_("bad URL: must be text"))
    if value in _GOOD_URLS:  # catalogues repeat a few home pages thousands of times
        return value.strip()
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or "." not in parts.hostname or re.search(r"[\s\x00-\x1f\x7f]", text)):
        raise FieldError(_("bad URL '{value}': give a full http(s) address, e.g. "
                           "https://hwb.gov.wales/").format(value=value))
    if len(_GOOD_URLS) < 1024:
        _GOOD_URLS.add(value)
    return text


_GOOD_URLS: set[str] = set()


def _date(name: str):
    def check(value: Any) -> date:
        if isinstance(value, datetime):
            raise FieldError(_("bad date for {field}: give a date without a time").format(
                field=name))
        if isinstance(value, date):
            return _in_range(name, value, value.isoformat())
        if isinstance(value, str):
            try:
                parsed = date.fromisoformat(value.strip())
            except ValueError:
                pass
            else:
                return _in_range(name, parsed, value.strip())
            if not re.search(r"\d{4}", value):  # "today" or "friday" would move daily
                raise FieldError(_("bad date for {field}: use YYYY-MM-DD").format(field=name))
            from alnco.parsing import parse_date

            try:
                return parse_date(value, date.today())
            except InputError as error:
                raise FieldError(_("bad date for {field}: {reason}").format(
                    field=name, reason=error)) from None
        raise FieldError(_("bad date for {field}: use YYYY-MM-DD").format(field=name))
    return check


def _in_range(name: str, value: date, raw: str) -> date:
    """`value` if alnco accepts it (alnco.parsing.EARLIEST to LATEST), else FieldError:
    a year-1 or year-9999 date would overflow the engine's date sums."""
    from alnco.parsing import check_in_range

    try:
        return check_in_range(value, raw)
    except InputError as error:
        raise FieldError(_("bad date for {field}: {reason}").format(
            field=name, reason=error)) from None


_CHECKS = {
    "id": _id,
    "title": _bilingual("title", english_required=True),
    "summary": _bilingual("summary", english_required=False),
    "provider": _provider,
    "mode": _choice("mode", MODES),
    "level": _choice("level", LEVELS),
    "credits": _credits,
    "hours": hours_value,
    "tasks": _letters,
    "themes": _themes,
    "languages": _languages,
    "settings": _settings,
    "requires": _requires,
    "eligibility": _bilingual("eligibility", english_required=True),
    "url": _url,
    "source": _field_text("source"),
    "available_from": _date("available_from"),
    "withdrawn_on": _date("withdrawn_on"),
    "standards": _standards,
}
