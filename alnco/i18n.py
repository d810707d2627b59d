"""The translation seam: every user-facing string goes through `_()`.

It is gettext underneath, so Welsh (cy) follows by adding
`alnco/locale/cy/LC_MESSAGES/alnco.mo` without touching call sites. Until a
translation exists for a string, the English text is shown.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Mapping

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "cy")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang wins, then ALNCO_LANG, then LC_ALL/LANG (`cy_*` means Welsh)."""
    for value in (option, environ.get("ALNCO_LANG")):
        if value:
            return "cy" if value.lower().startswith("cy") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "cy" if value.lower().startswith("cy") else "en"
    return "en"


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ("en" or "cy")."""
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    _translation = gettext.translation(
        "alnco", localedir=LOCALE_DIR, languages=[_language], fallback=True
    )


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate `message` into the current interface language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
