"""Who may take a module (settings, requires, eligibility) and Welsh providers and themes:
what a catalogue file may say, what is refused and why, and what a module then answers."""

from __future__ import annotations

import pytest

from alnco.catalogue.csv_rows import load_csv_text
from alnco.catalogue.loader import load_text
from alnco.catalogue.model import DECLARATION_KEYS, Module
from alnco.catalogue.serialise import catalogue_toml

KNOWN_KEYS = ("school-teacher", "fe-teacher", "fe-learning-support-worker",
              "relevant-services-experience", "former-senco", "postgraduate-aln-qualification")


def load_one(module_toml, **fields: str) -> Module:
    result = load_text(module_toml("m", **fields), "cat.toml", "user")
    assert result.problems == [], [str(p) for p in result.problems]
    (module,) = result.modules
    return module


def problems(module_toml, **fields: str) -> dict[str | None, str]:
    """field -> message of every problem in one module with `fields`."""
    result = load_text(module_toml("m", **fields), "cat.toml", "user")
    assert result.modules == []
    return {p.field: p.message for p in result.problems}


# ------------------------------------------------------------------ settings, requires


def test_a_module_is_for_everyone_unless_the_file_says_otherwise(module_toml) -> None:
    module = load_one(module_toml)
    assert module.settings == ("school", "fei") and module.requires == ()
    assert module.eligibility == {}
    assert module.eligible_for("school", ()) and module.eligible_for("fei", ())


def test_settings_requires_and_eligibility_are_read(module_toml) -> None:
    module = load_one(module_toml, settings='["School"]',
                      requires='["former-senco", "school-teacher", "school-teacher"]',
                      eligibility='{ en = "Teachers only.", cy = "Athrawon yn unig." }')
    assert module.settings == ("school",)
    assert module.requires == ("school-teacher", "former-senco")  # known order, once each
    assert module.eligibility == {"en": "Teachers only.", "cy": "Athrawon yn unig."}
    assert module.eligibility_in("cy") == "Athrawon yn unig."


@pytest.mark.parametrize("value, words", [
    ('[]', "settings must list school, fei or both"),
    ('["college"]', "bad setting 'college' in settings: use school, fei or both"),
    ('["school", 3]', "'3' must be text"),
])
def test_bad_settings_are_refused_by_name(module_toml, value: str, words: str) -> None:
    assert problems(module_toml, settings=value)["settings"] == words


def test_an_unknown_declaration_key_is_refused_with_the_known_ones_listed(module_toml) -> None:
    message = problems(module_toml, requires='["school-teacher", "shool-teacher"]')["requires"]
    assert "unknown declaration key 'shool-teacher'" in message
    assert "did you mean 'school-teacher'?" in message
    for key in KNOWN_KEYS:
        assert key in message
    several = problems(module_toml, requires='["qts", "phd"]')["requires"]
    assert "unknown declaration keys 'qts', 'phd'" in several


def test_the_known_keys_are_the_ones_people_can_declare() -> None:
    assert tuple(DECLARATION_KEYS) == KNOWN_KEYS


def test_an_eligibility_note_needs_english(module_toml) -> None:
    assert "'eligibility' has no English text" in problems(
        module_toml, eligibility='{ cy = "Athrawon yn unig." }')["eligibility"]
    assert "'eligibility' has an unknown language 'fr'" in problems(
        module_toml, eligibility='{ en = "x", fr = "y" }')["eligibility"]


def test_a_misspelt_field_name_is_pointed_at_the_right_one(module_toml) -> None:
    assert "did you mean 'settings'?" in problems(module_toml, setting='["fei"]')["setting"]


def test_every_problem_is_reported_at_once(module_toml) -> None:
    found = problems(module_toml, settings='["both"]', requires='["qts"]',
                     eligibility='{ cy = "x" }', provider='{ cy = "Llywodraeth Cymru" }',
                     themes='[{ cy = "pontio" }]')
    assert set(found) == {"settings", "requires", "eligibility", "provider", "themes"}


# ------------------------------------------------------------------ eligible_for


def test_eligible_for_checks_the_setting_and_every_required_declaration() -> None:
    ma = Module(id="ma", title={"en": "MA"}, settings=("school",), requires=("school-teacher",))
    assert ma.eligible_for("school", {"school-teacher", "former-senco"})
    assert not ma.eligible_for("school", set())                  # not declared
    assert not ma.eligible_for("fei", {"school-teacher"})        # wrong setting
    assert ma.eligible_for(None, ["school-teacher"])             # setting not known yet
    both = Module(id="two", title={"en": "Two"}, requires=("school-teacher", "former-senco"))
    assert not both.eligible_for("school", {"school-teacher"})   # every key, not any
    fe = Module(id="fe", title={"en": "FE"}, settings=("fei",))
    assert fe.eligible_for("fei", ()) and not fe.eligible_for("school", ())


def test_who_a_module_is_for_in_words() -> None:
    assert Module(id="a", title={"en": "A"}).for_whom() == (
        "schools and further education institutions")
    assert Module(id="a", title={"en": "A"}, settings=("fei",)).for_whom() == (
        "further education institutions only")
    assert Module(id="a", title={"en": "A"}, settings=("school",)).for_whom() == "schools only"


# ------------------------------------------------------------------ Welsh provider and themes


def test_provider_and_themes_may_be_given_in_english_and_welsh(module_toml) -> None:
    module = load_one(
        module_toml, provider='{ en = "Welsh Government", cy = "Llywodraeth Cymru" }',
        themes='["induction", { en = "IDPs", cy = "CDUau" }, { en = "IDPs", cy = "Arall" }]')
    assert module.provider == "Welsh Government"             # English: what exports carry
    assert module.provider_in("cy") == "Llywodraeth Cymru"
    assert module.provider_in("en") == "Welsh Government"
    assert module.themes == ("induction", "IDPs")             # duplicates dropped, order kept
    assert module.themes_in("cy") == ("induction", "CDUau")   # English where no Welsh
    assert module.themes_in("en") == ("induction", "IDPs")


def test_a_plain_provider_and_plain_themes_read_as_before(module_toml) -> None:
    module = load_one(module_toml, provider='"Dysgu"', themes='["IDPs"]')
    assert module.provider == "Dysgu" and module.provider_cy == ""
    assert module.provider_in("cy") == "Dysgu"
    assert module.themes_cy == () and module.themes_in("cy") == ("IDPs",)


@pytest.mark.parametrize("fields, field, words", [
    ({"provider": '{ cy = "Llywodraeth Cymru" }'}, "provider", "'provider' has no English text"),
    ({"provider": "3"}, "provider", "'provider' must be a table"),
    ({"themes": '[{ cy = "pontio" }]'}, "themes", "'themes' has no English text"),
    ({"themes": '[{ en = "x", de = "y" }]'}, "themes", "unknown language 'de'"),
    ({"themes": "[1]"}, "themes", "each theme must be text or a table"),
])
def test_bad_welsh_names_are_refused_by_field(module_toml, fields, field, words) -> None:
    assert words in problems(module_toml, **fields)[field]


# ------------------------------------------------------------------ spreadsheets

HEADER = "id,title_en,hours,mode,level,provider,provider_cy,themes,themes_cy,settings,requires\n"


def test_a_spreadsheet_gives_welsh_themes_in_the_same_order_with_blanks() -> None:
    text = HEADER + ('m,M,1,online,awareness,Welsh Government,Llywodraeth Cymru,'
                     '"IDPs; induction; transition",CDUau;  ; pontio,school,School-Teacher\n')
    result = load_csv_text(text, "cat.csv", "user")
    assert result.problems == []
    (module,) = result.modules
    assert module.provider_in("cy") == "Llywodraeth Cymru"
    assert module.themes_in("cy") == ("CDUau", "induction", "pontio")
    assert module.settings == ("school",) and module.requires == ("school-teacher",)


@pytest.mark.parametrize("themes, welsh, words", [
    ("IDPs; induction", "CDUau", "1 Welsh themes for 2 English ones"),
    ("IDPs;; induction", "CDUau; pontio; cynefino", "the Welsh theme 'pontio' has no English"),
])
def test_a_spreadsheet_with_misaligned_welsh_themes_is_refused(themes, welsh, words) -> None:
    text = HEADER + f'm,M,1,online,awareness,,,"{themes}","{welsh}",,\n'
    result = load_csv_text(text, "cat.csv", "user")
    assert [(p.line, p.field) for p in result.problems] == [(2, "themes")]
    assert words in result.problems[0].message


def test_a_spreadsheet_with_welsh_provider_only_is_refused() -> None:
    text = HEADER + "m,M,1,online,awareness,,Llywodraeth Cymru,,,,\n"
    result = load_csv_text(text, "cat.csv", "user")
    assert ["'provider' has no English text" in p.message for p in result.problems] == [True]


# ------------------------------------------------------------------ round trips


def test_import_keeps_who_a_module_is_for_and_its_welsh_names(module_toml) -> None:
    original = load_one(
        module_toml, settings='["fei"]', requires='["fe-teacher"]',
        eligibility='{ en = "FE teachers.", cy = "Athrawon addysg bellach." }',
        provider='{ en = "A college", cy = "Coleg" }',
        themes='[{ en = "transition", cy = "pontio" }, "induction"]')
    written = catalogue_toml([original], "header")
    assert 'settings = ["fei"]' in written
    assert 'themes = [{ en = "transition", cy = "pontio" }, "induction"]' in written
    again = load_text(written, "again.toml", "user")
    assert again.problems == [] and again.modules == [original]


def test_the_default_settings_are_not_written_out(module_toml) -> None:
    written = catalogue_toml([load_one(module_toml)], "header")
    assert "settings" not in written and "requires" not in written
    assert "eligibility" not in written
