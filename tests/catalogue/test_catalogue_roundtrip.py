"""What `catalogue import` writes reads back as the same modules (property tests),
Welsh provider and themes and who a module is for included; so does a spreadsheet."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from alnco.catalogue.csv_rows import load_csv_text
from alnco.catalogue.loader import load_text
from alnco.catalogue.model import DECLARATION_KEYS, LEVELS, MODES, SETTINGS, Module
from alnco.catalogue.serialise import (CSV_COLUMNS, catalogue_toml, module_csv_row,
                                       spreadsheet_safe)
from alnco.output import write_csv

# Any text a spreadsheet or a person might produce, control characters included,
# but not surrounding whitespace (titles and summaries are stored stripped).
text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).map(
    str.strip).filter(bool)
# What a spreadsheet cell carries through unchanged: no control or separator characters.
cell_text = st.text(st.characters(categories=("L", "M", "N", "P", "S"), include_characters=" "),
                    min_size=1, max_size=30).map(str.strip).filter(bool)
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
hours = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2).map(
    lambda d: d.normalize())


@st.composite
def modules(draw, text=text) -> Module:
    level = draw(st.sampled_from(LEVELS))
    start = draw(st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
    end = draw(st.none() | st.integers(1, 4000).map(lambda n: (start or date(2000, 1, 1))
                                                    + timedelta(days=n)))
    title = {"en": draw(text)}
    if draw(st.booleans()):
        title["cy"] = draw(text)
    summary = draw(st.fixed_dictionaries({}, optional={"en": text, "cy": text}))
    provider = draw(st.just("") | text)
    themes = tuple(dict.fromkeys(t for t in draw(st.lists(text, max_size=3)) if ";" not in t))
    # Welsh for some themes (parallel, "" where none), or none at all: as the loader keeps it.
    themes_cy = tuple(draw(st.just("") | text.filter(lambda t: ";" not in t)) for _ in themes)
    settings = draw(st.sampled_from([SETTINGS, ("school",), ("fei",)]))
    requires = draw(st.sets(st.sampled_from(list(DECLARATION_KEYS))))
    return Module(
        id=draw(slug), title=title, summary=summary, provider=provider,
        provider_cy=draw(st.just("") | text) if provider else "",
        mode=draw(st.sampled_from(MODES)), level=level, hours=draw(hours),
        tasks=tuple(sorted(draw(st.sets(st.sampled_from("abcdefgh"))))),
        themes=themes, themes_cy=themes_cy if any(themes_cy) else (),
        settings=settings, requires=tuple(k for k in DECLARATION_KEYS if k in requires),
        eligibility=draw(st.just({}) | st.fixed_dictionaries({"en": text},
                                                             optional={"cy": text})),
        languages=draw(st.sampled_from([("en",), ("cy",), ("en", "cy")])),
        url=draw(st.just("") | st.just("https://www.ewc.wales/")),
        source=draw(st.just("") | text),
        credits=draw(st.integers(1, 360)) if level == "accredited" else None,
        available_from=start, withdrawn_on=end, layer="user",
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(modules(), min_size=1, max_size=4, unique_by=lambda m: m.id))
def test_written_toml_reads_back_exactly(written: list[Module]) -> None:
    result = load_text(catalogue_toml(written, "header line\nwith two lines"), "x.toml", "user")
    assert result.problems == []
    assert result.modules == written


@settings(max_examples=100, deadline=None)
@given(st.lists(modules(text=cell_text), min_size=1, max_size=4, unique_by=lambda m: m.id))
def test_a_spreadsheet_from_catalogue_list_reads_back_exactly(written: list[Module]) -> None:
    """`catalogue list --format csv` then `catalogue import`, cells guarded as the CLI does."""
    out = io.StringIO()
    write_csv(({k: spreadsheet_safe(v) for k, v in module_csv_row(m).items()} for m in written),
              CSV_COLUMNS, out)
    result = load_csv_text(out.getvalue(), "x.csv", "user")
    assert result.problems == []
    assert result.modules == written


def test_formula_guards_come_off_again_and_only_they() -> None:
    from alnco.catalogue.serialise import from_spreadsheet

    assert spreadsheet_safe("=SUM(A1)") == "'=SUM(A1)"     # a spreadsheet never runs it
    assert spreadsheet_safe("plain") == "plain"
    for text in ("=SUM(A1)", "'=x", "''+1", "'hello", "-", "plain", "@home"):
        assert from_spreadsheet(spreadsheet_safe(text)) == text
    assert from_spreadsheet("'=typed by hand") == "=typed by hand"
