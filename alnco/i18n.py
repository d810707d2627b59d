"""The translation seam: every user-facing string goes through `_()`.

Call sites are gettext-style (`_("text")`, then `.format(...)`), so the usual
tools (xgettext, pybabel extract) find every string. Translations live as
plain `.po` files in `alnco/locale/` and are read directly at start-up: no
compile step, and a translator's file is reviewable in a diff. A string with
no translation shows in English.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "cy")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


class POTranslations(gettext.NullTranslations):
    """gettext translations read from a `.po` file's msgid/msgstr pairs."""

    def __init__(self, messages: dict[str, str]):
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The translation of `singular` (n == 1) or `plural`, with each «noun» it marks
        put in its form after n (alnco.numerals: "{n} «cofnod»" -> "{n} gofnod" for 2)."""
        text = self.gettext(singular if n == 1 else plural)
        if "«" in text:
            from alnco.numerals import mark_nouns

            text = mark_nouns(text, n)
        return text


# A quoted .po string whose only escapes are \" \\ \n \t (all that cy.po uses).
_PLAIN_PO_STRING = re.compile(r'"((?:[^"\\]+|\\["\\nt])*)"')
_PO_ESCAPE = re.compile(r"\\(.)")
_PO_ESCAPED = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def _unquote(text: str) -> str:
    """The text of one quoted .po string, as Python would read the literal.

    The usual strings are unescaped here: ast.literal_eval on every line made
    loading Welsh cost 12 ms at each start. Anything else (another escape, a
    malformed line) still goes through literal_eval, so nothing reads differently.
    """
    plain = _PLAIN_PO_STRING.fullmatch(text)
    if plain is None:
        import ast  # only for a string the fast path does not cover

        return ast.literal_eval(text)
    body = plain[1]
    if "\\" not in body:
        return body
    return _PO_ESCAPE.sub(lambda escape: _PO_ESCAPED[escape[1]], body)


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr from a .po file (fuzzy and empty translations skipped)."""
    messages: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    fuzzy = False
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None and not fuzzy:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                messages[key] = value

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            msgid = msgstr = current = None
            fuzzy = False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
    return messages


@lru_cache(maxsize=None)
def _load(language: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / f"{language}.po"
    if language == "en" or not path.exists():
        return gettext.NullTranslations()
    return POTranslations(read_po(path))


def resolve_language(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang wins, then ALNCO_LANG, then LC_ALL/LC_MESSAGES/LANG (`cy_*` means Welsh)."""
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
    _translation = _load(_language)


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate `message` into the current interface language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """`singular` or `plural` by n, translated. To put a number with its noun, prefer
    alnco.numerals.count(n, noun): Welsh nouns change after numbers."""
    return _translation.ngettext(singular, plural, n)
