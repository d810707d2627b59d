"""The sample catalogue that ships with alnco: complete, bilingual, honest, valid."""

from __future__ import annotations

from importlib import resources

import pytest

from alnco.catalogue.layers import shipped_result
from alnco.catalogue.model import TASKS

SAFE_HOME_PAGES = {"https://www.gov.wales/", "https://hwb.gov.wales/", "https://www.ewc.wales/"}


@pytest.fixture(scope="module")
def shipped():
    return shipped_result()


def test_it_validates_clean(shipped) -> None:
    assert shipped.problems == []
    assert len(shipped.modules) >= 40


def test_every_task_is_covered_for_schools_and_for_further_education(shipped) -> None:
    school = {t for m in shipped.modules if "further education" not in m.themes for t in m.tasks}
    fei = {t for m in shipped.modules if "further education" in m.themes for t in m.tasks}
    assert school == set(TASKS) and fei == set(TASKS)
    # ... and by the modules each setting may take, with no declarations made yet.
    for setting in ("school", "fei"):
        open_to = [m for m in shipped.modules if m.eligible_for(setting, ()) and not m.withdrawn_on]
        assert {t for m in open_to for t in m.tasks} == set(TASKS), setting


def test_further_education_modules_are_for_further_education_only(shipped) -> None:
    fei = [m for m in shipped.modules if m.id.startswith("fei-")]
    assert len(fei) >= 8
    for module in fei:
        assert module.settings == ("fei",), module.id
        assert "further education" in module.themes, module.id
        assert "alnco's judgement" in module.source, module.id  # it says whose call it is
        assert not module.eligible_for("school", ())
    assert all(m.settings != ("fei",) for m in shipped.modules if not m.id.startswith("fei-"))


def test_the_national_ma_is_for_registered_school_teachers_only(shipped) -> None:
    ma = [m for m in shipped.modules if m.provider == "National MA Education (Wales)"]
    assert len(ma) == 3
    for module in ma:
        assert module.settings == ("school",) and module.requires == ("school-teacher",)
        assert "QTS" in module.eligibility["en"] and "SAC" in module.eligibility["cy"]
        assert "further education" in module.eligibility["en"]
        assert "alnco's judgement" in module.source
        assert module.eligible_for("school", {"school-teacher"})
        assert not module.eligible_for("school", {"former-senco"})
        assert not module.eligible_for("fei", {"school-teacher"})
    restricted = {m.id for m in shipped.modules if m.requires or m.eligibility}
    assert restricted == {m.id for m in ma}  # nothing else is restricted without a source


def test_every_provider_and_theme_has_welsh(shipped) -> None:
    for module in shipped.modules:
        assert module.provider_cy, module.id
        assert len(module.themes_cy) == len(module.themes) and all(module.themes_cy), module.id
    welsh = {m.provider: m.provider_cy for m in shipped.modules}
    assert welsh["Welsh Government"] == "Llywodraeth Cymru"
    assert welsh["Education Workforce Council"] == "Cyngor y Gweithlu Addysg"
    assert welsh["Dysgu"] == "Dysgu"
    themes = {en: cy for m in shipped.modules for en, cy in zip(m.themes, m.themes_cy)}
    assert themes["IDPs"] == "CDUau" and themes["further education"] == "addysg bellach"
    assert "support staff" not in themes  # reg 29(g) is about learning support workers
    assert themes["learning support workers"] == "gweithwyr cymorth dysgu"
    local = next(m for m in shipped.modules if m.provider == "Local authority ALN service")
    assert "awdurdod lleol" in local.provider_cy


def test_every_module_is_bilingual(shipped) -> None:
    for module in shipped.modules:
        assert module.title.get("en") and module.title.get("cy"), module.id
        assert module.summary.get("en") and module.summary.get("cy"), module.id
        assert module.title["en"] != module.title["cy"], module.id
        assert module.provider and module.source, module.id


def test_the_programmes_in_domain_md_are_all_represented(shipped) -> None:
    providers = {m.provider for m in shipped.modules}
    assert {"Welsh Government", "Dysgu", "Local authority ALN service",
            "National MA Education (Wales)"} <= providers
    ma = [m for m in shipped.modules if m.provider == "National MA Education (Wales)"]
    assert all(m.level == "accredited" and m.credits for m in ma)
    assert all(m.hours == 10 * m.credits for m in ma)  # 20 credits ~ 200 study hours
    dysgu = [m for m in shipped.modules if m.provider == "Dysgu"]
    assert all(m.available_from and m.available_from.isoformat() == "2025-09-01" for m in dysgu)


def test_it_uses_the_official_welsh_terms(shipped) -> None:
    welsh = " ".join(m.title["cy"] + " " + m.summary["cy"] for m in shipped.modules)
    for term in ("ADY", "CDU", "CADY", "darpariaeth ddysgu ychwanegol",
                 "cynllun datblygu unigol", "Pasbort Dysgu Proffesiynol",
                 "gwasanaethau perthnasol"):
        assert term in welsh, term


def test_links_are_only_home_pages_we_are_sure_of(shipped) -> None:
    assert {m.url for m in shipped.modules if m.url} <= SAFE_HOME_PAGES


def test_the_header_says_it_is_a_sample(shipped) -> None:
    text = resources.files("alnco.catalogue").joinpath("data/catalogue.toml").read_text("utf-8")
    header = text[: text.index("[[module]]")]
    assert "SAMPLE, NOT AN OFFICIAL PUBLICATION" in header
    assert "replaces this with the region's own" in header
    assert "g supervise and train school learning support workers" in header
    assert "support staff" not in text
