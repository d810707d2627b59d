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
