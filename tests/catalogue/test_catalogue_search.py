"""Search: case and accents ignored, English and Welsh, title matches first, filters."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.model import Module
from alnco.catalogue.search import fold

TODAY = date(2026, 11, 3)


def module(id_: str, en: str, cy: str = "", summary: str = "", **kw) -> Module:
    title = {"en": en, **({"cy": cy} if cy else {})}
    return Module(id=id_, title=title, summary={"en": summary} if summary else {}, **kw)


CATALOGUE = Catalogue.from_modules([
    module("idp", "Writing an IDP", "Ysgrifennu cynllun datblygu unigol (CDU)",
           tasks=("a", "c"), themes=("IDPs",), languages=("en", "cy"), mode="online",
           provider="Welsh Government", provider_cy="Llywodraeth Cymru"),
    module("review", "Reviews", "Adolygiadau",
           summary="Reviewing each cynllun datblygu unigol every year", tasks=("c", "e"),
           themes=("IDPs", "reviews"), languages=("en",), mode="blended", level="practice",
           provider="Local authority ALN service"),
    module("welsh", "Provision in Welsh", "Darpariaeth drwy gyfrwng y Gymraeg",
           themes=("Welsh-medium", "transition"), themes_cy=("", "pontio"),
           languages=("cy",), provider="Dysgu", provider_cy="Dysgu"),
    module("wyl", "Ŵyl ddysgu", "Gŵyl ddysgu", languages=("cy",), mode="face-to-face"),
    module("ma", "Leadership and Management of ALN", "Arwain a Rheoli ADY",
           tasks=("a", "h"), level="accredited", credits=20, themes=("leadership",)),
    module("old", "Old IDP course", withdrawn_on=date(2025, 9, 1)),
])


def ids(query: str = "", **filters) -> list[str]:
    return [m.id for m in CATALOGUE.search(query, today=TODAY, **filters)]


def test_welsh_words_match_in_any_case() -> None:
    assert ids("cynllun datblygu") == ["idp", "review"]  # title match before summary match
    assert ids("CYNLLUN Datblygu") == ids("cynllun datblygu")
    assert ids("cdu") == ["idp"]


def test_accents_are_ignored_both_ways() -> None:
    assert ids("gwyl") == ["wyl"]
    assert ids("gŵyl") == ["wyl"]
    assert ids("GŴYL") == ["wyl"]
    assert ids("ŵyl") == ["wyl"]


def test_every_word_must_match_somewhere_in_any_order() -> None:
    assert ids("datblygu ysgrifennu") == ["idp"]
    assert ids("datblygu nonsense") == []


def test_title_matches_rank_before_summary_and_theme_matches() -> None:
    assert ids("review") == ["review"]
    assert ids("idp") == ["idp", "review"]            # idp's title holds "IDP", review's theme
    assert ids("idps") == ["review", "idp"]           # a theme match for both: title order
    assert ids("reviews") == ["review"]


def test_welsh_provider_and_theme_words_are_found_too() -> None:
    assert ids("llywodraeth") == ["idp"]
    assert ids("llywodraeth cymru cynllun") == ["idp"]
    assert ids("pontio") == ["welsh"]
    assert ids(provider="Llywodraeth") == ["idp"]     # the filters take Welsh names as well
    assert ids(provider="dysgu") == ["welsh"]         # the same in both languages: once
    assert ids(theme="pontio") == ["welsh"] and ids(theme="transition") == ["welsh"]
    assert ids(theme="medium") == ["welsh"]           # English still, where no Welsh is given


def test_punctuation_in_the_query_does_not_matter() -> None:
    assert ids("(CDU)") == ["idp"]
    assert ids("welsh-medium") == ["welsh"]


def test_withdrawn_modules_never_appear() -> None:
    assert "old" not in ids("idp") and "old" not in ids()


def test_filters() -> None:
    assert ids(task="c") == ["review", "idp"]         # sorted by title: Reviews < Writing
    assert ids(task="C") == ["review", "idp"]
    assert ids(theme="idps") == ["review", "idp"]
    assert ids(theme="medium") == ["welsh"]
    assert ids(provider="welsh gov") == ["idp"]
    assert set(ids(language="cy")) == {"idp", "welsh", "wyl"}
    assert ids(language="bilingual") == ["idp"]
    assert set(ids(language="en")) == {"idp", "review", "ma"}
    assert ids(mode="face-to-face") == ["wyl"]
    assert ids(level="accredited") == ["ma"]
    assert ids("idp", task="e") == ["review"]
    assert ids("idp", task="g") == []


def test_no_query_lists_everything_browsable_in_title_order() -> None:
    assert ids() == ["ma", "welsh", "review", "idp", "wyl"]
    assert [m.id for m in CATALOGUE.search(today=TODAY, sort_language="cy")] == [
        "review", "ma", "welsh", "wyl", "idp"]


def test_fold() -> None:
    assert fold("Gŵyl  Ddysgu's—CDU") == "gwyl ddysgu s cdu"
    assert fold("ÂÊÎÔÛŴŶ äëïöüẅÿ") == "aeiouwy aeiouwy"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefgiwyŵŷâ DUCLy-'", max_size=12))
def test_search_finds_exactly_the_browsable_modules_holding_every_word(query: str) -> None:
    """The index gives the same answer as folding and scanning every module's text."""
    words = fold(query).split()

    def holds_every_word(m: Module) -> bool:
        text = fold(" ".join([*m.title.values(), *m.summary.values(), *m.themes,
                              *m.themes_cy, m.provider, m.provider_cy, m.id]))
        return all(word in text for word in words)

    expected = {m.id for m in CATALOGUE.available(TODAY) if holds_every_word(m)}
    results = [m.id for m in CATALOGUE.search(query, today=TODAY)]
    assert len(results) == len(set(results))
    assert set(results) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_fold_is_idempotent_and_accent_free(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.casefold().strip()


def test_welsh_titles_list_in_welsh_alphabetical_order() -> None:
    """ch after c, dd after d, ll after l, ng after g: the Welsh alphabet, not ASCII."""
    catalogue = Catalogue.from_modules([
        module("chwarae", "Play", "Chwarae a dysgu"),
        module("cymraeg", "Welsh", "Cymraeg yn y dosbarth"),
        module("ddoe", "Yesterday", "Ddoe a heddiw"),
        module("dysgu", "Learning", "Dysgu proffesiynol"),
        module("llais", "Voice", "Llais y dysgwr"),
        module("lles", "Wellbeing", "Lles"),
        module("gofal", "Care", "Gofal"),
        module("ngwaith", "Work", "Ngwaith"),
    ])
    welsh = [m.id for m in catalogue.search(today=TODAY, sort_language="cy")]
    assert welsh == ["cymraeg", "chwarae", "dysgu", "ddoe", "gofal", "ngwaith", "llais", "lles"]
    english = [m.id for m in catalogue.search(today=TODAY, sort_language="en")]
    assert english == ["gofal", "dysgu", "chwarae", "llais", "lles", "cymraeg", "ngwaith", "ddoe"]
