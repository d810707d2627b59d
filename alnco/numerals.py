"""A number with its noun, in the interface language: `count(3, "year")`.

English: "1 year", "3 years", "1 entry", "2 entries", "2 people".
Welsh (Cymraeg) after digits: the noun stays singular and takes the mutation the
numeral causes when the number is read aloud ("1 flwyddyn", "2 flynedd",
"3 blynedd", "5 mlynedd", "2 gofnod", "3 chofnod", "1 broblem"). The
convention, with examples, is in docs/translating.md ("Numbers with nouns"):

    n = 1       feminine nouns: soft mutation (not ll-, rh-)     1 flwyddyn, 1 broblem
    n = 2       soft mutation (dau/dwy)                           2 flynedd, 2 gofnod
    n = 3       masculine nouns: aspirate mutation (tri)          3 chofnod; 3 problem (tair)
    n = 6       aspirate mutation (chwe)                          6 chofnod, 6 phroblem
    n = 5, 7-10 nasal mutation of blynedd and diwrnod only        5 mlynedd, 10 niwrnod
    n > 10      no mutation; blwyddyn is "mlynedd"                11 cofnod, 30 diwrnod, 20 mlynedd
    0, 4, and numbers with a fraction: no mutation               0 cofnod, 4 blynedd, 1.5 awr

`blwyddyn` has its numeral form `blynedd` after every number but 1. The
language is alnco.i18n's current one.

Strings that count with `ngettext()` can mark the counted noun in the Welsh
msgstr with guillemets, `"{n} «cofnod», fersiwn sgema {v}"`: `ngettext()`
replaces «cofnod» with the form for that n ("2 gofnod"). See `mark_nouns`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from alnco import i18n
from alnco.values import Value


class Noun(Value):
    FIELDS = ("en", "en_plural", "cy", "feminine", "cy_numeral", "nasal")
    en: str  # singular
    en_plural: str
    cy: str  # radical (unmutated) singular
    feminine: bool
    cy_numeral: str  # the form after numbers other than 1 (blwyddyn: blynedd)
    nasal: bool  # takes nasal mutation after 5, 7, 8, 9, 10 (blynedd, diwrnod)

    def __init__(self, en: str, en_plural: str, cy: str, feminine: bool = False,
                 cy_numeral: str = "", nasal: bool = False) -> None:
        vars(self).update(en=en, en_plural=en_plural, cy=cy, feminine=feminine,
                          cy_numeral=cy_numeral, nasal=nasal)


NOUNS: dict[str, Noun] = {
    "year": Noun("year", "years", "blwyddyn", feminine=True, cy_numeral="blynedd", nasal=True),
    "month": Noun("month", "months", "mis"),
    "week": Noun("week", "weeks", "wythnos", feminine=True),
    "day": Noun("day", "days", "diwrnod", nasal=True),
    "hour": Noun("hour", "hours", "awr", feminine=True),
    "second": Noun("second", "seconds", "eiliad", feminine=True),
    "module": Noun("module", "modules", "modiwl"),
    "entry": Noun("entry", "entries", "cofnod"),
    "credit": Noun("credit", "credits", "credyd"),
    "person": Noun("person", "people", "person"),
    "file": Noun("file", "files", "ffeil", feminine=True),
    "statement": Noun("statement", "statements", "datganiad"),
    "requirement": Noun("requirement", "requirements", "gofyniad"),
    "problem": Noun("problem", "problems", "problem", feminine=True),
    "cell": Noun("cell", "cells", "cell", feminine=True),
    "column": Noun("column", "columns", "colofn", feminine=True),
    "character": Noun("character", "characters", "nod"),
    "process": Noun("process", "processes", "proses", feminine=True),
    "standard": Noun("standard", "standards", "safon", feminine=True),
    "prompt": Noun("prompt", "prompts", "cwestiwn"),
}

# The Welsh radical singular names its noun too (the «...» markers in cy.po).
_BY_WELSH = {noun.cy: key for key, noun in NOUNS.items()}

_SOFT = (("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"),
         ("d", "dd"), ("g", ""), ("m", "f"))
_ASPIRATE = (("p", "ph"), ("t", "th"), ("c", "ch"))
_NASAL = (("p", "mh"), ("t", "nh"), ("c", "ngh"), ("b", "m"), ("d", "n"), ("g", "ng"))


def _mutate(word: str, table: tuple[tuple[str, str], ...]) -> str:
    for start, replacement in table:
        if word.startswith(start):
            if word.startswith(("ch", "ph", "th", "dd")):
                return word  # ch-, ph-, th-, dd- never mutate
            return replacement + word[len(start):]
    return word


def _whole(n: object) -> int | None:
    """n as a whole number, or None for fractions (1.5) and anything not a number."""
    if isinstance(n, bool):
        return None
    if isinstance(n, int):
        return n
    if isinstance(n, (Decimal, float)):
        try:
            return int(n) if n == int(n) else None
        except (ValueError, OverflowError, ArithmeticError):  # NaN, infinity
            return None
    if isinstance(n, str):
        try:
            return _whole(Decimal(n))
        except ArithmeticError:
            return None
    return None


def welsh_form(n: object, noun: str) -> str:
    """The Welsh noun as it follows the number n: welsh_form(2, "year") == "flynedd"."""
    word = _noun(noun)
    whole = _whole(n)
    if whole == 1:
        if word.feminine and not word.cy.startswith(("ll", "rh")):
            return _mutate(word.cy, _SOFT)
        return word.cy
    base = word.cy_numeral or word.cy
    if whole == 2:
        return _mutate(base, _SOFT)
    if whole == 3 and not word.feminine or whole == 6:
        return _mutate(base, _ASPIRATE)
    if word.nasal and whole is not None and (whole in (5, 7, 8, 9, 10)
                                             or whole > 10 and word.cy_numeral):
        return _mutate(base, _NASAL)
    return base


def english_form(n: object, noun: str) -> str:
    word = _noun(noun)
    return word.en if _whole(n) == 1 else word.en_plural


def form(n: object, noun: str, language: str | None = None) -> str:
    """The noun alone, as it follows n in `language` (default: the interface language)."""
    language = language or i18n.current_language()
    return welsh_form(n, noun) if language == "cy" else english_form(n, noun)


def count(n: object, noun: str, language: str | None = None, shown: str | None = None) -> str:
    """The number and its noun: "3 years" / "3 blynedd", "1 entry" / "1 cofnod".

    `noun` is a key of NOUNS (English singular). `shown` is how to write the number
    (default: str(n), with Decimals written plainly: 1.50 -> "1.5").
    """
    if shown is None:
        shown = _show(n)
    return f"{shown} {form(n, noun, language)}"


def _show(n: object) -> str:
    if isinstance(n, Decimal):
        return f"{n.normalize():f}"
    return str(n)


def _noun(noun: str) -> Noun:
    try:
        return NOUNS[noun]
    except KeyError:
        raise KeyError(f"alnco.numerals knows no noun {noun!r}; add it to NOUNS "
                       f"(known: {', '.join(NOUNS)})") from None


_MARKED = re.compile(r"«([^«»]+)»")


def mark_nouns(text: str, n: int) -> str:
    """Replace each «noun» in a translated ngettext() string with its form after n.

    The noun is named by its Welsh radical singular («cofnod», «blwyddyn») or by its
    key («entry»); a name alnco does not know is shown as written, without the marks.
    """
    if "«" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        key = name if name in NOUNS else _BY_WELSH.get(name)
        if key is None:
            return name
        return welsh_form(n, key) if i18n.current_language() == "cy" else english_form(n, key)

    return _MARKED.sub(replace, text)


__all__ = ["NOUNS", "Noun", "count", "form", "welsh_form", "english_form", "mark_nouns"]
