"""Reading catalogue TOML into Modules: types, defaults, availability."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.loader import load_text
from alnco.catalogue.model import Module

FULL = '''
[[module]]
id = "idp-basics"
title = { en = "IDP basics", cy = "Hanfodion CDU" }
summary = { en = "Writing plans.", cy = "Ysgrifennu cynlluniau." }
provider = "Local authority"
mode = "blended"
level = "accredited"
credits = 20
hours = 1.5
tasks = ["c", "A", "c"]
themes = ["IDPs", "records", "IDPs"]
languages = ["cy", "en"]
url = "https://hwb.gov.wales/"
source = "test"
available_from = 2025-09-01
withdrawn_on = 2027-08-31
'''


def test_every_field_is_read_with_its_type() -> None:
    result = load_text(FULL, "full.toml", "system")
    assert result.problems == []
    [module] = result.modules
    assert module.id == "idp-basics"
    assert module.title == {"en": "IDP basics", "cy": "Hanfodion CDU"}
    assert module.summary["cy"] == "Ysgrifennu cynlluniau."
    assert module.hours == Decimal("1.5") and isinstance(module.hours, Decimal)
    assert module.tasks == ("a", "c")              # sorted, de-duplicated, lower-case
    assert module.themes == ("IDPs", "records")    # order kept, duplicates dropped
    assert module.languages == ("en", "cy")
    assert module.credits == 20 and module.level == "accredited"
    assert module.available_from == date(2025, 9, 1)
    assert module.withdrawn_on == date(2027, 8, 31)
    assert module.layer == "system"


def test_a_plain_string_title_is_english_and_optional_fields_default() -> None:
    text = ('[[module]]\nid = "plain"\ntitle = "Just English"\nmode = "online"\n'
            'level = "awareness"\nhours = 2\n')
    [module] = load_text(text, "f.toml", "user").modules
    assert module.title == {"en": "Just English"}
    assert module.title_in("cy") == "Just English"  # falls back to English
    assert module.tasks == () and module.languages == ("en",) and module.url == ""


def test_withdrawn_and_future_modules_are_hidden_from_browsing_but_resolve(module_toml) -> None:
    text = (module_toml("current", "Current")
            + module_toml("gone", "Gone", withdrawn_on="2026-01-01")
            + module_toml("later", "Later", available_from="2027-01-01"))
    catalogue = Catalogue.from_modules(load_text(text, "f.toml", "shipped").modules)
    today = date(2026, 11, 3)
    assert [m.id for m in catalogue.available(today)] == ["current"]
    assert [m.id for m in catalogue.search("", today=today)] == ["current"]
    assert catalogue.get("gone").title_in("en") == "Gone"
    assert catalogue.get("later") is not None
    # the day a module is released it appears; the day it is withdrawn it goes
    assert "later" in [m.id for m in catalogue.available(date(2027, 1, 1))]
    assert "gone" in [m.id for m in catalogue.available(date(2025, 12, 31))]


def test_available_is_sorted_by_title_in_the_chosen_language() -> None:
    modules = [
        Module(id="one", title={"en": "Zebra", "cy": "Afal"}),
        Module(id="two", title={"en": "Apple", "cy": "Ŵy"}),
        Module(id="three", title={"en": "monkey", "cy": "banana"}),
    ]
    catalogue = Catalogue.from_modules(modules)
    today = date(2026, 1, 1)
    assert [m.id for m in catalogue.available(today)] == ["two", "three", "one"]
    assert [m.id for m in catalogue.available(today, language="cy")] == ["one", "three", "two"]


def test_from_modules_lets_a_later_module_replace_an_earlier_one() -> None:
    catalogue = Catalogue.from_modules([Module(id="x", title={"en": "old"}),
                                        Module(id="x", title={"en": "new"})])
    assert len(catalogue) == 1 and catalogue.get("x").title["en"] == "new"
