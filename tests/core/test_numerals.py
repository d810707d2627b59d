"""`alnco.numerals`: a number with its noun, English plurals and Welsh mutations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alnco import i18n, numerals
from alnco.numerals import count, form

NS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30, 100)

# n:       0          1           2          3          4          5          6
#          7          8           9          10         11         12         20
#          30         100
WELSH = {
    "year": ["blynedd", "flwyddyn", "flynedd", "blynedd", "blynedd", "mlynedd", "blynedd",
             "mlynedd", "mlynedd", "mlynedd", "mlynedd", "mlynedd", "mlynedd", "mlynedd",
             "mlynedd", "mlynedd"],
    "day": ["diwrnod", "diwrnod", "ddiwrnod", "diwrnod", "diwrnod", "niwrnod", "diwrnod",
            "niwrnod", "niwrnod", "niwrnod", "niwrnod", "diwrnod", "diwrnod", "diwrnod",
            "diwrnod", "diwrnod"],
    "month": ["mis", "mis", "fis"] + ["mis"] * 13,
    "week": ["wythnos"] * 16,
    "hour": ["awr"] * 16,
    "second": ["eiliad"] * 16,
    "module": ["modiwl", "modiwl", "fodiwl"] + ["modiwl"] * 13,
    "entry": ["cofnod", "cofnod", "gofnod", "chofnod", "cofnod", "cofnod", "chofnod"]
    + ["cofnod"] * 9,
    "credit": ["credyd", "credyd", "gredyd", "chredyd", "credyd", "credyd", "chredyd"]
    + ["credyd"] * 9,
    "person": ["person", "person", "berson", "pherson", "person", "person", "pherson"]
    + ["person"] * 9,
    "file": ["ffeil"] * 16,
    "statement": ["datganiad", "datganiad", "ddatganiad"] + ["datganiad"] * 13,
    "requirement": ["gofyniad", "gofyniad", "ofyniad"] + ["gofyniad"] * 13,
    "problem": ["problem", "broblem", "broblem", "problem", "problem", "problem", "phroblem"]
    + ["problem"] * 9,
    "cell": ["cell", "gell", "gell", "cell", "cell", "cell", "chell"] + ["cell"] * 9,
    "column": ["colofn", "golofn", "golofn", "colofn", "colofn", "colofn", "cholofn"]
    + ["colofn"] * 9,
    "character": ["nod"] * 16,
    "process": ["proses", "broses", "broses", "proses", "proses", "proses", "phroses"]
    + ["proses"] * 9,
    "standard": ["safon"] * 16,
    "prompt": ["cwestiwn", "cwestiwn", "gwestiwn", "chwestiwn", "cwestiwn", "cwestiwn",
               "chwestiwn"] + ["cwestiwn"] * 9,
}

ENGLISH_PLURALS = {
    "year": "years", "day": "days", "month": "months", "week": "weeks", "hour": "hours",
    "second": "seconds", "module": "modules", "entry": "entries", "credit": "credits",
    "person": "people", "file": "files", "statement": "statements",
    "requirement": "requirements", "problem": "problems", "cell": "cells",
    "column": "columns", "character": "characters", "process": "processes",
    "standard": "standards", "prompt": "prompts",
}


def test_every_noun_is_in_the_tables() -> None:
    assert set(WELSH) == set(numerals.NOUNS) == set(ENGLISH_PLURALS)
    assert all(len(forms) == len(NS) for forms in WELSH.values())


@pytest.mark.parametrize("noun", sorted(WELSH))
@pytest.mark.parametrize("index, n", list(enumerate(NS)))
def test_welsh_forms(noun: str, index: int, n: int) -> None:
    expected = WELSH[noun][index]
    assert count(n, noun, "cy") == f"{n} {expected}"
    assert form(n, noun, "cy") == expected


@pytest.mark.parametrize("noun", sorted(ENGLISH_PLURALS))
@pytest.mark.parametrize("n", NS)
def test_english_forms(noun: str, n: int) -> None:
    expected = noun if n == 1 else ENGLISH_PLURALS[noun]
    assert count(n, noun, "en") == f"{n} {expected}"


@pytest.mark.parametrize("n, noun, en, cy", [
    (1, "year", "1 year", "1 flwyddyn"),
    (2, "year", "2 years", "2 flynedd"),
    (3, "year", "3 years", "3 blynedd"),
    (5, "year", "5 years", "5 mlynedd"),
    (2, "hour", "2 hours", "2 awr"),
    (1, "entry", "1 entry", "1 cofnod"),
    (2, "entry", "2 entries", "2 gofnod"),
    (0, "entry", "0 entries", "0 cofnod"),
    (2, "person", "2 people", "2 berson"),
    (60, "credit", "60 credits", "60 credyd"),
    (31, "day", "31 days", "31 diwrnod"),
    (12, "month", "12 months", "12 mis"),
])
def test_examples_from_the_docs(n: int, noun: str, en: str, cy: str) -> None:
    assert count(n, noun, "en") == en
    assert count(n, noun, "cy") == cy


def test_decimals_and_fractions() -> None:
    assert count(Decimal("1.5"), "hour", "en") == "1.5 hours"
    assert count(Decimal("1.5"), "hour", "cy") == "1.5 awr"
    assert count(Decimal("1.50"), "year", "cy") == "1.5 blynedd"  # no mutation
    assert count(Decimal("2.0"), "entry", "cy") == "2 gofnod"  # a whole number
    assert count(Decimal("1"), "year", "en") == "1 year"
    assert count(Decimal("60"), "credit", "cy") == "60 credyd"
    assert count(2.0, "module", "cy") == "2.0 fodiwl"
    assert count(1.5, "module", "en") == "1.5 modules"


def test_shown_writes_the_number_another_way() -> None:
    assert count(1234, "entry", "en", shown="1,234") == "1,234 entries"
    assert count(2, "year", "cy", shown="dwy") == "dwy flynedd"


def test_negative_numbers_are_not_mutated() -> None:
    assert count(-2, "entry", "cy") == "-2 cofnod"
    assert count(-1, "entry", "en") == "-1 entries"


def test_unknown_noun_says_which_nouns_exist() -> None:
    with pytest.raises(KeyError, match="knows no noun 'banana'.*year"):
        count(2, "banana")


def test_follows_the_interface_language() -> None:
    try:
        i18n.set_language("cy")
        assert count(2, "year") == "2 flynedd"
        assert form(8, "year") == "mlynedd"
        i18n.set_language("en")
        assert count(2, "year") == "2 years"
    finally:
        i18n.set_language("en")


def test_marked_nouns_in_ngettext_strings() -> None:
    try:
        i18n.set_language("cy")
        assert numerals.mark_nouns("{n} «cofnod», fersiwn sgema {v}", 2) == \
            "{n} gofnod, fersiwn sgema {v}"
        assert numerals.mark_nouns("{n} «blwyddyn»", 1) == "{n} flwyddyn"
        assert numerals.mark_nouns("{n} «entry»", 3) == "{n} chofnod"  # the key works too
        assert numerals.mark_nouns("{n} «anhysbys»", 2) == "{n} anhysbys"  # unknown: unmarked
        assert numerals.mark_nouns("no marks", 2) == "no marks"
    finally:
        i18n.set_language("en")


def test_ngettext_puts_the_welsh_noun_after_the_number() -> None:
    singular, plural = "{n} entry, schema version {v}", "{n} entries, schema version {v}"
    try:
        i18n.set_language("cy")
        got = {n: i18n.ngettext(singular, plural, n).format(n=n, v=1) for n in (1, 2, 3, 5)}
        assert got == {1: "1 cofnod, fersiwn sgema 1", 2: "2 gofnod, fersiwn sgema 1",
                       3: "3 chofnod, fersiwn sgema 1", 5: "5 cofnod, fersiwn sgema 1"}
    finally:
        i18n.set_language("en")
    assert i18n.ngettext(singular, plural, 2).format(n=2, v=1) == "2 entries, schema version 1"
