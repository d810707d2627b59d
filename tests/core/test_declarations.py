"""alnco.declarations.declare: the one saving rule behind `alnco profile declare`
and the app's declaration form."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from alnco.context import Context
from alnco.declarations import Declared, check_date, current, declaration_keys, declare
from alnco.errors import InputError
from alnco.model import Declaration, Profile
from alnco.values import replace

TODAY = date(2026, 11, 3)


def make_ctx(tmp_path: Path, name: str = "record.json", lang: str = "en") -> Context:
    return Context.from_options(record=str(tmp_path / name), today=TODAY.isoformat(), lang=lang,
                                environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco")})


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    ctx = make_ctx(tmp_path)
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ann", setting="school"))
    return ctx


def test_saves_a_declaration_trimmed_with_its_label(ctx) -> None:
    declared = declare(ctx, " School-Teacher ", value="  EWC 12345 ", evidence=" card.pdf ",
                       on=date(2020, 9, 1))
    saved = Declaration("school-teacher", "EWC 12345", "card.pdf", date(2020, 9, 1))
    assert declared == Declared(declaration=saved, label=declared.label, replaced=None)
    assert declared.label_in("en") == ("Registered with the EWC as a school teacher "
                                       "(not provisionally)")
    assert declared.label_in("cy").startswith("Wedi cofrestru gyda Chyngor y Gweithlu Addysg")
    profile = ctx.record.read().profile
    assert profile.declarations == (saved,)
    assert profile.name == "Ann"  # the rest of the profile is kept


def test_the_date_defaults_to_today(ctx) -> None:
    assert declare(ctx, "former-senco").declaration.declared_on == TODAY


def test_declaring_again_replaces_and_says_what_was_replaced(ctx) -> None:
    first = declare(ctx, "school-teacher", value="EWC 1", on=date(2020, 9, 1)).declaration
    declare(ctx, "former-senco", evidence="letter")
    again = declare(ctx, "school-teacher", evidence="new.pdf")
    assert again.replaced == first
    keys = [(d.key, d.value, d.evidence) for d in ctx.record.read().profile.declarations]
    assert keys == [("former-senco", "", "letter"), ("school-teacher", "", "new.pdf")]


@pytest.mark.parametrize("key, on, words", [
    ("school-teacher", date(2026, 11, 4), "cannot be dated in the future (2026-11-04)"),
    ("fe-teacher", None, "'fe-teacher' is not a declaration key for your setting (school)"),
])
def test_refusals_save_nothing(ctx, key, on, words) -> None:
    before = ctx.record.read().profile
    with pytest.raises(InputError) as refused:
        declare(ctx, key, value="x", on=on)
    assert words in str(refused.value)
    assert "--" not in str(refused.value)  # said in words, for the app too
    assert ctx.record.read().profile == before


def test_an_unknown_key_lists_the_keys_of_the_setting(ctx) -> None:
    with pytest.raises(InputError, match="use one of: school-teacher, "
                                         "relevant-services-experience, former-senco"):
        declare(ctx, "nope")


def test_with_no_profile_yet_the_school_framework_applies(tmp_path) -> None:
    ctx = make_ctx(tmp_path, "empty.json")
    declare(ctx, "school-teacher", value="EWC 9")
    profile = ctx.record.read().profile
    assert profile.setting == "school" and current(profile, "school-teacher").value == "EWC 9"


def test_fei_keys_follow_the_setting(ctx) -> None:
    with ctx.record.transaction() as tx:
        tx.set_profile(replace(tx.profile(), setting="fei"))
    assert "fe-teacher" in declaration_keys(ctx.record.read().profile, ctx)
    declare(ctx, "fe-teacher", evidence="card")
    assert current(ctx.record.read().profile, "fe-teacher").evidence == "card"


def test_check_date_and_current() -> None:
    assert check_date(TODAY, TODAY) == TODAY
    with pytest.raises(InputError):
        check_date(date(2027, 1, 1), TODAY)
    profile = Profile(declarations=(Declaration("a", "1"),))
    assert current(profile, "a").value == "1"
    assert current(profile, "b") is None and current(None, "a") is None


def test_the_command_line_writes_exactly_what_the_function_writes(tmp_path, alnco) -> None:
    """`alnco profile declare` on one record, `declare()` on another: the same profile."""
    by_function = make_ctx(tmp_path, "function.json")
    by_function.record.set_profile(Profile(name="Ann"))
    declare(by_function, "school-teacher", value=" EWC 12345 ", evidence="card.pdf",
            on=date(2020, 9, 1))

    def cli(*args: str) -> str:
        done = alnco(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("profile", "set", "--name", "Ann")
    out = cli("profile", "declare", "school-teacher", "--value", " EWC 12345 ",
              "--evidence", "card.pdf", "--on", "1/9/2020")
    assert out.startswith("Declared on 1 Sep 2020: Registered with the EWC")
    shown = json.loads(cli("profile", "show", "--format", "json"))
    assert shown == by_function.record.read().profile.to_dict()
