"""The TUI's module detail text says who a module is for, in the interface language."""

from __future__ import annotations

import pytest

from alnco import i18n
from alnco.catalogue.model import Module
from alnco.tui.widgets.module_detail import describe_module

MA = Module(
    id="ma", title={"en": "Leadership of ALN", "cy": "Arwain ADY"},
    provider="National MA Education (Wales)", provider_cy="MA Cenedlaethol mewn Addysg (Cymru)",
    themes=("leadership", "postgraduate"), themes_cy=("arweinyddiaeth", ""),
    settings=("school",), requires=("school-teacher",),
    eligibility={"en": "Teachers with QTS.", "cy": "Athrawon â SAC."}, tasks=("g",),
)


@pytest.fixture
def welsh():
    i18n.set_language("cy")
    yield
    i18n.set_language("en")


def test_detail_in_english_says_who_may_take_it() -> None:
    text = describe_module(MA, language="en").plain
    assert "Provider: National MA Education (Wales)" in text
    assert "Open to: schools only" in text
    assert "Requires: Registered with the EWC as a school teacher" in text
    assert "Eligibility: Teachers with QTS." in text
    assert "Themes: leadership, postgraduate" in text
    assert "Supervise and train school learning support workers" in text


def test_detail_in_welsh_uses_welsh_names_and_words(welsh) -> None:
    text = describe_module(MA, language="cy").plain
    assert "Darparwr: MA Cenedlaethol mewn Addysg (Cymru)" in text
    assert "Themâu: arweinyddiaeth, postgraduate" in text      # English where no Welsh
    assert "ysgolion yn unig" in text
    assert "Athrawon â SAC." in text
    assert "Chyngor y Gweithlu Addysg" in text
    assert "National MA" not in text


def test_a_module_open_to_everyone_says_so_and_nothing_more() -> None:
    text = describe_module(Module(id="x", title={"en": "X"}), language="en").plain
    assert "Open to: schools and further education institutions" in text
    assert "Requires:" not in text and "Eligibility:" not in text
    assert "Provider: not stated" in text
