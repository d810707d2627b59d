"""Modules out again: the INTERFACE.md JSON shape, CSV rows and TOML text.

The CSV columns are the ones `alnco catalogue import` reads, so a co-ordinator
can list the catalogue to a spreadsheet, edit it and import it back.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from alnco.catalogue.model import SETTINGS, Module
from alnco.model import hours_number

# Columns added later go at the end, so scripts that count columns keep working.
CSV_COLUMNS = (
    "id", "title_en", "title_cy", "summary_en", "summary_cy", "provider", "mode", "level",
    "credits", "hours", "tasks", "themes", "languages", "url", "source", "available_from",
    "withdrawn_on", "layer", "provider_cy", "themes_cy", "settings", "requires",
    "eligibility_en", "eligibility_cy", "standards",
)
# The order fields are written in a TOML catalogue (the same as validate.FIELDS).
TOML_ORDER = (
    "id", "title", "summary", "provider", "mode", "level", "credits", "hours", "tasks",
    "themes", "languages", "settings", "requires", "eligibility", "url", "source",
    "available_from", "withdrawn_on", "standards",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    # Apostrophes then a formula character: text that is itself `'=...` gets a
    # guard too, or reading it back would take its own apostrophe off.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection):
    a leading `'` is added, and `catalogue import` takes it off again."""
    return "'" + text if _needs_guard(text) else text


def from_spreadsheet(text: str) -> str:
    return text[1:] if text.startswith("'") and _needs_guard(text[1:]) else text


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _themes_cy(module: Module) -> list[str]:
    """The Welsh of each theme, parallel to `themes` ("" where there is none)."""
    welsh = module.themes_cy
    return [welsh[i] if i < len(welsh) else "" for i in range(len(module.themes))]


def module_json(module: Module) -> dict[str, Any]:
    """The `catalogue list/show --format json` shape (hours as a number, plus `layer`).

    `provider` and `themes` stay English (the contract); `provider_cy`,
    `themes_cy`, `settings`, `requires` and `eligibility` were added alongside.
    """
    return {
        "id": module.id,
        "title": {"en": module.title.get("en", ""), "cy": module.title.get("cy", "")},
        "summary": {"en": module.summary.get("en", ""), "cy": module.summary.get("cy", "")},
        "provider": module.provider,
        "mode": module.mode,
        "level": module.level,
        "credits": module.credits,
        "hours": hours_number(module.hours),
        "tasks": list(module.tasks),
        "themes": list(module.themes),
        "languages": list(module.languages),
        "url": module.url,
        "source": module.source,
        "available_from": _iso(module.available_from),
        "withdrawn_on": _iso(module.withdrawn_on),
        "layer": module.layer,
        "provider_cy": module.provider_cy,
        "themes_cy": _themes_cy(module),
        "settings": list(module.settings),
        "requires": list(module.requires),
        "eligibility": {"en": module.eligibility.get("en", ""),
                        "cy": module.eligibility.get("cy", "")},
        "standards": list(module.standards),
    }


def module_csv_row(module: Module) -> dict[str, str]:
    return {
        "id": module.id,
        "title_en": module.title.get("en", ""),
        "title_cy": module.title.get("cy", ""),
        "summary_en": module.summary.get("en", ""),
        "summary_cy": module.summary.get("cy", ""),
        "provider": module.provider,
        "mode": module.mode,
        "level": module.level,
        "credits": "" if module.credits is None else str(module.credits),
        "hours": f"{module.hours.normalize():f}",
        "tasks": " ".join(module.tasks),
        "themes": "; ".join(module.themes),
        "languages": " ".join(module.languages),
        "url": module.url,
        "source": module.source,
        "available_from": _iso(module.available_from) or "",
        "withdrawn_on": _iso(module.withdrawn_on) or "",
        "layer": module.layer,
        "provider_cy": module.provider_cy,
        # Parallel to `themes`; "" when no theme has Welsh, so the cell is empty.
        "themes_cy": "; ".join(_themes_cy(module)) if any(module.themes_cy) else "",
        "settings": " ".join(module.settings),
        "requires": " ".join(module.requires),
        "eligibility_en": module.eligibility.get("en", ""),
        "eligibility_cy": module.eligibility.get("cy", ""),
        "standards": " ".join(module.standards),
    }


# ------------------------------------------------------------------ TOML writing

_MUST_ESCAPE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
          "\f": "\\f"}


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    return '"' + _MUST_ESCAPE.sub(
        lambda m: _SHORT.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):  # pragma: no cover - no boolean fields today
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _bilingual_or_plain(english: str, welsh: str) -> str | dict[str, str]:
    """`"X"`, or `{ en = "X", cy = "Y" }` when there is Welsh."""
    return {"en": english, "cy": welsh} if welsh else english


def module_toml(module: Module) -> str:
    """One `[[module]]` table; empty optional fields (and the default settings) are left out."""
    themes_cy = _themes_cy(module)
    values = {
        "id": module.id, "title": module.title, "summary": module.summary,
        "provider": _bilingual_or_plain(module.provider, module.provider_cy),
        "mode": module.mode, "level": module.level,
        "credits": module.credits, "hours": module.hours, "tasks": module.tasks,
        "themes": tuple(_bilingual_or_plain(en, cy) for en, cy in zip(module.themes, themes_cy)),
        "languages": module.languages,
        "settings": () if module.settings == SETTINGS else module.settings,
        "requires": module.requires, "eligibility": module.eligibility, "url": module.url,
        "source": module.source, "available_from": module.available_from,
        "withdrawn_on": module.withdrawn_on, "standards": module.standards,
    }
    lines = ["[[module]]"]
    for name in TOML_ORDER:
        value = values[name]
        if value is None or value == "" or value == {} or value == ():
            continue
        lines.append(f"{name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def catalogue_toml(modules: list[Module], header: str) -> str:
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + "".join("\n" + module_toml(m) for m in modules)
