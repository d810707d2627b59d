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
from bisect import bisect_left
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


# Escapes in a quoted .po string: \" \\ \n \t are all that cy.po uses.
_PO_ESCAPE = re.compile(r"\\(.)")
_PO_ESCAPED = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
_OTHER_ESCAPE = re.compile(r'\\[^"\\nt]')


def _unquote(quoted: str) -> str:
    """The text of one quoted .po string (`"..."`, as `_QUOTED` finds them), as
    Python would read the literal.

    The usual strings are unescaped here: ast.literal_eval on every string made
    loading Welsh cost 12 ms at each start. Any other escape (`\\u0175`) still goes
    through literal_eval, so nothing reads differently.
    """
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    if _OTHER_ESCAPE.search(body.replace("\\\\", "")) is None:
        return _PO_ESCAPE.sub(lambda escape: _PO_ESCAPED[escape[1]], body)
    import ast  # only for a string the fast path does not cover

    return ast.literal_eval(quoted)


# One .po entry: msgid and msgstr, each one quoted string or more on the lines that
# follow. Matching whole entries in one pass over the file, not line by line,
# makes reading Welsh ~5 ms faster at every start.
_QUOTED_PATTERN = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRINGS = _QUOTED_PATTERN + r"(?:[ \t]*\n[ \t]*" + _QUOTED_PATTERN + ")*"
_PO_ENTRY = re.compile(r"^[ \t]*msgid[ \t]+(" + _STRINGS + r")[ \t]*\n[ \t]*msgstr[ \t]+("
                       + _STRINGS + ")", re.M)
_QUOTED = re.compile(_QUOTED_PATTERN)
_FUZZY_FLAG = re.compile(r"^[ \t]*#,[^\n]*fuzzy", re.M)


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr from a .po file (fuzzy and empty translations skipped)."""
    text = path.read_text(encoding="utf-8")
    # A `#, fuzzy` flag belongs to the entry that follows it (after its other comments).
    flags = [flag.start() for flag in _FUZZY_FLAG.finditer(text)] if "fuzzy" in text else []
    messages: dict[str, str] = {}
    previous_end = 0
    for entry in _PO_ENTRY.finditer(text):
        start = entry.start()
        if flags and bisect_left(flags, previous_end) < bisect_left(flags, start):
            previous_end = entry.end()
            continue
        previous_end = entry.end()
        key, value = _joined(entry[1]), _joined(entry[2])
        if key and value:
            messages[key] = value
    return messages


def _joined(strings: str) -> str:
    """The text of one or more quoted strings on consecutive lines (`_STRINGS`)."""
    if "\n" not in strings:  # one string: nearly every entry
        return _unquote(strings)
    return "".join(map(_unquote, _QUOTED.findall(strings)))


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
